"""DNA sample commands: `sample add CASE_NO --file SAMPLE.json`, `sample profile SAMPLE_NO --file PROFILE.json`,
`sample custody SAMPLE_NO --to NAME [--note TEXT]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import open_session, read_json, say
from app.core.problems import InvalidInput, Problem


def sample_add(args: argparse.Namespace, lang: str) -> int:
    from app.core.validation import parse_sample
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
    from app.core.validation import parse_profile
    from app.services.samples import set_profile

    profile = parse_profile(read_json(Path(args.file)))
    with open_session(args, lang) as session:
        set_profile(session, args.sample_no, profile)
    print("已录入 STR 分型" if lang != "en" else "STR profile recorded")
    return 0


def sample_custody(args: argparse.Namespace, lang: str) -> int:
    from app.services.samples import hand_over

    with open_session(args, lang) as session:
        holder = hand_over(session, args.sample_no, args.to, args.note)
    say(lang, f"样本 {args.sample_no} 已由 {holder} 交给 {args.to.strip()}",
        f"sample {args.sample_no} handed over from {holder} to {args.to.strip()}")  # fmt: skip
    return 0
