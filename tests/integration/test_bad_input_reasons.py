"""Input that used to end in "internal error (X)" gets one line naming the problem, exit 1, and
nothing written (issue 12, item 10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, Station


def one_reason(r: object, *words: str) -> None:
    code, err = r.code, r.err  # type: ignore[attr-defined]
    assert code == 1, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "内部错误" not in err and "internal error" not in err, err
    for word in words:
        assert word in err, (word, err)


def case_count(station: Station) -> int:
    return len(json.loads(station.run("case", "list", "--json").out))


def example() -> dict[str, object]:
    data: dict[str, object] = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    return data


def write(station: Station, name: str, text: str) -> Path:
    path = station.root / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("label", "make", "words"),
    [
        ("lone surrogate", lambda t: t.replace('"王小明"', '"王\\ud800明"', 1), ("无效字符",)),
        ("NaN allele", lambda t: t.replace("[15, 16]", "[NaN, 16]", 1), ("NaN",)),
        ("Infinity", lambda t: t.replace("[15, 16]", "[Infinity, 16]", 1), ("NaN",)),
        ("5,000 digits", lambda t: t.replace("[15, 16]", "[" + "9" * 5000 + ", 16]", 1), ("位",)),
        ("100,000 deep", lambda t: "[" * 100_000 + "]" * 100_000, ("嵌套",)),
        ("deep inside a case", lambda t: t[:-2] + ', "note": ' + "[" * 5000 + "]" * 5000 + "}\n", ("嵌套",)),
    ],
)
def test_hostile_case_files_are_refused_with_a_reason(
    ready_station: Station, label: str, make: object, words: tuple[str, ...]
) -> None:
    text = (EXAMPLES / "missing_child.json").read_text("utf-8")
    changed = make(text)  # type: ignore[operator]
    assert changed != text, label
    path = write(ready_station, "hostile.json", changed)
    one_reason(ready_station.run("case", "add", "--file", str(path)), *words)
    assert case_count(ready_station) == 0


def test_the_problem_names_the_field(ready_station: Station) -> None:
    text = (EXAMPLES / "missing_child.json").read_text("utf-8").replace("[15, 16]", "[NaN, 16]", 1)
    r = ready_station.run(
        "case", "add", "--file", str(write(ready_station, "nan.json", text)), XUNREN_LANG="en"
    )
    one_reason(r, "loci", "NaN")


def test_a_sample_profile_with_nan_is_refused(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    shown = json.loads(ready_station.run("case", "show", numbers[0], "--json").out)
    sample_no = next(
        s["sample_no"] for p in [shown["reporter"], *shown["persons"]] for s in p.get("samples", [])
    )
    path = write(ready_station, "profile.json", '{"kit": "X", "loci": {"TH01": [NaN, 9]}}')
    one_reason(ready_station.run("sample", "profile", sample_no, "--file", str(path)), "NaN")


def test_invalid_utf8_in_a_search_argument(ready_station: Station) -> None:
    ready_station.add_examples()
    r = ready_station.run("search", "王\udcff")  # how Python hands over the byte 0xFF of argv
    one_reason(r, "UTF-8", "TEXT")
    done = subprocess.run(
        [sys.executable, "-m", "app", "search", b"\xff\xfe\xe7\x8e"],
        capture_output=True, env={**ready_station.env, "PATH": "/usr/bin:/bin"}, cwd=ROOT, timeout=120,
    )  # fmt: skip
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and len(err.strip().splitlines()) == 1 and "UTF-8" in err, err


def test_an_altered_user_list_in_keyslots_json(ready_station: Station) -> None:
    ready_station.add_examples()
    path = ready_station.data_dir / "keyslots.json"
    slots = json.loads(path.read_text("utf-8"))
    intruder = dict(slots["slots"][0], user="intruder")  # a copy of the admin's slot, renamed
    slots["slots"].insert(1, intruder)
    path.write_text(json.dumps(slots), "utf-8")
    before = {p.name: p.read_bytes() for p in ready_station.data_dir.iterdir() if p.is_file()}
    r = ready_station.run("case", "list")
    one_reason(r, "密钥槽")
    after = {p.name: p.read_bytes() for p in ready_station.data_dir.iterdir() if p.is_file()}
    assert after.keys() == before.keys() and after["keyslots.json"] == before["keyslots.json"]
    assert "logon_state.json" not in after  # the right password was not counted as a failure


def test_a_damaged_database_page(ready_station: Station) -> None:
    ready_station.run("demo", "--cases", "300")
    db = ready_station.data_dir / "station.db"
    assert not (ready_station.data_dir / "station.db-wal").exists()  # all of it is in the file
    raw = bytearray(db.read_bytes())
    page = 4096
    pages = len(raw) // page
    assert pages > 20
    for n in range(40, pages, 7):  # every seventh page past the first tables: some of every table
        raw[n * page + 100] ^= 0x5A
    db.write_bytes(bytes(raw))
    failures = 0
    for args in (("case", "list", "--json"), ("search", "王"), ("audit", "verify"), ("print", "caseload",
                 "-o", str(ready_station.root / "c.pdf"))):  # fmt: skip
        r = ready_station.run(*args)
        if r.code != 0:
            one_reason(r, "损坏")
            failures += 1
    assert failures >= 1
    r = ready_station.run("case", "list", XUNREN_LANG="en")
    if r.code:
        assert "damaged" in r.err


def test_a_number_option_that_is_not_a_number_is_refused_in_words(ready_station: Station) -> None:
    """argparse names the Python type ("无效的 int 值"): a Chinese session says it in Chinese."""
    r = ready_station.run("demo", "--cases", "十个")
    assert r.code == 2 and "--cases" in r.err and "无效的数值" in r.err, r.err
    assert "int" not in r.err.replace("--cases", ""), r.err
    server = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from server.cli import main; sys.exit(main())",
            "worker",
            "--poll",
            "x",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert server.returncode == 2 and "无效的数值" in server.stderr and "float" not in server.stderr
