"""`xunren print …` from the command line: PDFs written whole, refusals in one line, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Station


@pytest.mark.parametrize("form", ["intake", "receipt", "dna", "poster", "transfer"])
def test_each_form_of_the_missing_child(ready_station: Station, tmp_path: Path, form: str) -> None:
    numbers = ready_station.add_examples()
    out = tmp_path / "prints" / f"{form}.pdf"
    out.parent.mkdir()
    r = ready_station.run("print", form, numbers[0], "-o", str(out))
    assert r.code == 0, r.err
    assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes().rstrip().endswith(b"%%EOF")
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left beside it


def test_refusals_leave_no_file(ready_station: Station, tmp_path: Path) -> None:
    numbers = ready_station.add_examples()
    cases = [
        (("print", "poster", numbers[2]), "寻人启事"),  # a poster for a trafficking incident
        (("print", "intake", "370783001-1999-000001"), "370783001-1999-000001"),
    ]
    for args, words in cases:
        out = tmp_path / "x.pdf"
        r = ready_station.run(*args, "-o", str(out))
        assert r.code == 1, args
        assert len(r.err.strip().splitlines()) == 1 and words in r.err
        assert not out.exists()
    r = ready_station.run("print", "intake", numbers[0], "-o", str(tmp_path / "missing-dir" / "x.pdf"))
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert ready_station.run("print", "intake", "-o", str(tmp_path / "x.pdf")).code == 2


def test_caseload_and_english(ready_station: Station, tmp_path: Path) -> None:
    ready_station.add_examples()
    out = tmp_path / "caseload.pdf"
    assert ready_station.run("print", "caseload", "-o", str(out), XUNREN_LANG="en").code == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_every_print_is_audited(ready_station: Station, tmp_path: Path) -> None:
    numbers = ready_station.add_examples()
    ready_station.run("print", "receipt", numbers[0], "-o", str(tmp_path / "r.pdf"))
    ready_station.run("print", "poster", numbers[2], "-o", str(tmp_path / "p.pdf"))
    from app.services.audit import case_history
    from app.services.session import logon

    session = logon(ready_station.data_dir, "admin", ready_station.env["XUNREN_PASSWORD"])
    try:
        prints = [(e.outcome, e.detail) for e in case_history(session, numbers[0]) if e.action == "print"]
        refused = [(e.outcome, e.detail) for e in case_history(session, numbers[2]) if e.action == "print"]
    finally:
        session.close()
    assert prints == [("ok", "form=receipt")]
    assert refused and refused[0][0] == "refused"
