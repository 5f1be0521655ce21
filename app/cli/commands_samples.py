"""DNA sample commands: `sample add CASE_NO --file SAMPLE.json`, `sample profile SAMPLE_NO --file
PROFILE.json`, `sample custody SAMPLE_NO --to NAME [--note TEXT]`, `sample import FILE.csv` (a lab's
STR results in bulk, all or nothing)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import open_session, read_json, say
from app.core.problems import InvalidInput, Problem
from app.services.errors import ServiceError


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ServiceError(
            "file_unreadable", path=str(path), why=exc.strerror or type(exc).__name__
        ) from None


def sample_add(args: argparse.Namespace, lang: str) -> int:
    from app.core.sample_checks import parse_sample
    from app.services.samples import add_sample

    raw = read_json(Path(args.file))
    if not isinstance(raw, dict):
        raise InvalidInput([Problem("", "wrong_type", {"expected": "object"})])
    body = dict(raw)
    if "person" not in body:
        raise InvalidInput([Problem("person", "required")])
    person = body.pop("person")
    if not (person == "reporter" or (isinstance(person, int) and not isinstance(person, bool))):
        raise InvalidInput([Problem("person", "wrong_type", {"expected": 'index or "reporter"'})])
    sample = parse_sample(body)
    with open_session(args, lang) as session:
        sample_no = add_sample(session, args.case_no, person, sample)
    print(sample_no)
    return 0


def sample_profile(args: argparse.Namespace, lang: str) -> int:
    from app.core.sample_checks import parse_profile
    from app.services.samples import set_profile

    profile = parse_profile(read_json(Path(args.file)))
    with open_session(args, lang) as session:
        set_profile(session, args.sample_no, profile)
    print("已录入 STR 分型" if lang != "en" else "STR profile recorded")
    return 0


def sample_import(args: argparse.Namespace, lang: str) -> int:
    from app.cli.progress import Progress
    from app.core.labimport import read_lab_file, shown
    from app.services.samples import import_profiles

    path = Path(args.file)
    name = shown(path.name)
    results = read_lab_file(_read_bytes(path), name)  # the whole file is checked before logon
    shown_progress = Progress("导入 STR 分型", "importing STR profiles", lang)
    with open_session(args, lang) as session:
        try:
            stored = import_profiles(session, results, name, progress=shown_progress.step)
        finally:
            shown_progress.end()
    for r in results:
        for notice in r.notices:
            print(notice.text(lang))
    print(f"已导入 {stored} 份 STR 分型" if lang != "en" else f"{stored} STR profiles imported")
    return 0


def sample_custody(args: argparse.Namespace, lang: str) -> int:
    from app.services.samples import hand_over

    with open_session(args, lang) as session:
        holder = hand_over(session, args.sample_no, args.to, args.note)
    say(lang, f"样本 {args.sample_no} 已由 {holder} 交给 {args.to.strip()}",
        f"sample {args.sample_no} handed over from {holder} to {args.to.strip()}")  # fmt: skip
    return 0
