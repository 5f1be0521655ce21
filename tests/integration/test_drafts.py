"""Drafts: kept per officer, replaced, read back, discarded (audited only when thrown away)."""

from __future__ import annotations

from typing import Any

from app.services import drafts


def test_draft_round_trip_and_replace(session: Any) -> None:
    assert drafts.load_draft(session, "intake:missing") is None
    drafts.save_draft(session, "intake:missing", {"summary": "孩子走失 𠮷", "persons": [{"name": "王小明"}]})
    drafts.save_draft(session, "intake:missing", {"summary": "改过的", "persons": []})
    kept = drafts.load_draft(session, "intake:missing")
    assert kept is not None and kept.content == {"summary": "改过的", "persons": []}
    assert [d.name for d in drafts.list_drafts(session)] == ["intake:missing"]


def test_drafts_belong_to_their_officer(session: Any) -> None:
    drafts.save_draft(session, "intake:found", {"a": 1})
    session.user = "someone_else"
    assert drafts.load_draft(session, "intake:found") is None
    assert drafts.list_drafts(session) == []


def test_discard_is_audited_but_filing_is_not(session: Any) -> None:
    from app.services.audit import case_history

    drafts.save_draft(session, "intake:found", {"a": 1})
    assert drafts.discard_draft(session, "intake:found")
    assert not drafts.discard_draft(session, "intake:found")
    drafts.save_draft(session, "intake:trafficking", {"b": 2})
    assert drafts.discard_draft(session, "intake:trafficking", filed_as="370783001-2026-000001")
    assert [e.action for e in case_history(session, "intake:found")] == ["draft.discard"]
    assert case_history(session, "intake:trafficking") == []


def test_draft_survives_closing_and_reopening_the_store(session: Any) -> None:
    from app.services.session import logon
    from tests.conftest import PASSWORD

    drafts.save_draft(session, "intake:missing", {"summary": "断电前输入的内容"})
    session.close()
    again = logon(session.data_dir, "admin", PASSWORD)
    try:
        kept = drafts.load_draft(again, "intake:missing")
        assert kept is not None and kept.content["summary"] == "断电前输入的内容"
    finally:
        again.close()
