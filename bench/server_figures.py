"""The figures of the push benchmark (``bench/bench_server.py``): its rates, ratios and goals,
from what a run measured."""

from __future__ import annotations

from bench.harness import Figure, at_least, reported


def figures(
    rates: dict[str, float],
    pulled: tuple[float, int],
    total: int,
    rss_start: float,
    rss_end: float,
    cpu: dict[str, float],
    *,
    batch: int,
    clients: int,
    workers: int,
    mix_every: int,
) -> list[Figure]:
    """The run's figures: ``rates`` (changes/s by stream), ``cpu`` (µs a change by part),
    ``pulled`` (items pulled a second, alert items among them)."""
    rate, direct, plain, bare = rates["push"], rates["direct"], rates["plain"], rates["bare"]
    both = 1 / (1 / rate + 1 / rates["widen"])  # the push's seconds and its widening's, a change
    processes = f"{workers} server process{'es' if workers > 1 else ''}"
    figures = [
        at_least(
            f"push over loopback, batches of {batch}, {clients} stations, {processes}"
            " (every case a missing child: records, journal and alert rows per change)",
            rate,
            "changes/s",
            10_000,
        ),
        reported("direct INSERT of the records + journal rows the push stores", direct, "changes/s"),
        reported(
            "push rate / direct insert of the records + journal rows (every case read by the station's rules)",
            rate / direct,
            "ratio",
        ),
        reported(
            "direct INSERT of every row the push stores (records, journal, alert)",
            rates["alerted"],
            "changes/s",
        ),
        at_least(
            "push rate / direct insert of every row it stores (every case read by the station's rules)",
            rate / rates["alerted"],
            "ratio",
            0.5,
        ),
        reported(
            "first widening of the pushed children's alerts (3 deliveries + 3 items each), in one pull after each round",
            rates["widen"],
            "alerts/s",
        ),
        reported(
            "push + first widening, every case a missing child (9 rows per change; the widening's pull one at a time)",
            both,
            "changes/s",
        ),
        reported(
            "direct INSERT of every row the push and the first widening store (records, journal, alert,"
            " 3 deliveries, 3 items)",
            rates["every"],
            "changes/s",
        ),
        at_least(
            "push + first widening / direct insert of every row they store",
            both / rates["every"],
            "ratio",
            0.5,
        ),
        at_least(
            f"push, missing adults only (records + journal rows per change, every case read by the"
            f" station's rules), {processes}",
            rates["adults"],
            "changes/s",
            10_000,
        ),
        at_least(
            "missing adults only / direct insert of the records + journal rows (issue 14's comparison)",
            rates["adults"] / direct,
            "ratio",
            0.5,
        ),
        reported(
            f"push, realistic mix (1 case in {mix_every} a missing child, the rest adults), {processes}",
            rates["mix"],
            "changes/s",
        ),
        reported(
            "realistic mix / direct insert of the records + journal rows", rates["mix"] / direct, "ratio"
        ),
        # CPU time is what the push costs whatever else runs on the machine (the rates are not)
        reported(f"push CPU per change: the {processes} (user + system)", cpu["server"], "us"),
        reported("push CPU per change: PostgreSQL (the bench database's backends)", cpu["postgres"], "us"),
        reported(
            "push CPU per change: the pushing stations (this process, bodies encoded before)",
            cpu["client"],
            "us",
        ),
        reported(f"first widening CPU per alert: the {processes}", cpu["widen_server"], "us"),
        reported("first widening CPU per alert: PostgreSQL", cpu["widen_postgres"], "us"),
        reported(f"push CPU per change, missing adults only: the {processes}", cpu["adults_server"], "us"),
        reported("push CPU per change, missing adults only: PostgreSQL", cpu["adults_postgres"], "us"),
        reported("direct INSERT into one plain table (one row per change)", plain, "changes/s"),
        reported("push rate / plain one-table insert", rate / plain, "ratio"),
    ]
    if "single" in rates:
        figures.append(
            reported("push through 1 server process (serve without --workers)", rates["single"], "changes/s")
        )
    return [
        *figures,
        reported(
            f"bare endpoint: same bodies, validated, answered, nothing stored, {processes}", bare, "changes/s"
        ),
        reported("push rate / bare endpoint", rate / bare, "ratio"),
        # the alerts' items (about 1 kB each) outweigh the small match items as the run grows
        reported(
            f"pull of 100,000 match items and the {pulled[1]:,} alert items waiting, pages of 1,000",
            pulled[0],
            "items/s",
        ),
        reported(f"server RSS after warm-up ({total:,} changes to go)", rss_start, "MB"),
        reported(f"server RSS after {total:,} changes", rss_end, "MB"),
        reported("server RSS growth", rss_end - rss_start, "MB"),
    ]
