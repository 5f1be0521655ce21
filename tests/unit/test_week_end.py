"""The register as it stood at a past moment (app.core.week_end): which case was open, who had
it, when it was last acted on, and how far a sample had got."""

from __future__ import annotations

from app.core.week_end import PastCase, active_at, last_action, owner_at, stage_at

END = "2026-11-29T16:00:00Z"  # W48 ends: Monday 30 November 00:00 in Beijing


def _case(status: str = "open", ended: str | None = None, updated: str = "2026-11-20T00:00:00Z") -> PastCase:
    return PastCase(
        "370783001-2026-000001", "missing", "chen.jie", "2026-11-02T00:00:00Z", status, ended, updated
    )


def test_open_at_the_end_follows_the_last_closing_or_reopening_before_it() -> None:
    assert active_at(_case("closed", "2026-12-01T00:00:00Z"), None, END)  # closed after the week
    assert not active_at(_case("closed", "2026-11-25T00:00:00Z"), None, END)  # closed before, no thread
    assert not active_at(_case("open"), "closed", END)  # closed in the week, reopened after it
    assert active_at(_case("closed", "2026-11-25T00:00:00Z"), "reopened", END)
    assert not active_at(_case("voided", "2026-11-21T00:00:00Z"), "voided", END)


def test_owner_and_last_action_at_the_end() -> None:
    assert owner_at(_case(), {}) == "chen.jie"
    assert owner_at(_case(), {"370783001-2026-000001": "li.ming"}) == "li.ming"
    assert last_action(_case(), END, {}) == "2026-11-20T00:00:00Z"
    later = _case(updated="2026-12-03T00:00:00Z")
    assert last_action(later, END, {}) == "2026-11-02T00:00:00Z"  # nothing before: its registration
    assert (
        last_action(later, END, {"370783001-2026-000001": "2026-11-24T00:00:00Z"}) == "2026-11-24T00:00:00Z"
    )


def test_a_sample_stage_at_the_end() -> None:
    moves = [("2026-11-10T00:00:00Z", "sent_to_lab"), ("2026-12-02T00:00:00Z", "profiled")]
    assert stage_at("profiled", moves, END) == "sent_to_lab"  # profiled after the week
    assert stage_at("profiled", moves[:1], END) == "profiled"  # nothing moved it since
    assert stage_at("compared", [("2026-12-02T00:00:00Z", "compared")], END) == "collected"


def test_age_bands_at_the_end_match_the_dashboards() -> None:
    import datetime as dt

    from app.core.dashboard import age_band
    from app.core.week_end import age_bands, utc_text

    end = dt.datetime(2026, 11, 29, 16, tzinfo=dt.UTC)
    band_of = age_bands(end)
    for days in (0, 3, 6.99, 7, 7.01, 29, 30, 31, 89, 90, 364, 365, 366, 900, -1):
        registered = end - dt.timedelta(days=days)
        assert band_of(utc_text(registered)) == age_band(registered, end), days
