"""`xunren print intake|receipt|dna|poster|transfer CASE_NO -o FILE.pdf`, `print caseload -o FILE.pdf`
and `print weekly [--week YYYY-Www] -o FILE.pdf`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import open_session

CASE_FORMS = ("intake", "receipt", "dna", "poster", "transfer")


def print_form(args: argparse.Namespace, lang: str) -> int:
    from app.cli import UsageError
    from app.services import printing

    out = Path(args.output)
    if args.week and args.form != "weekly":
        raise UsageError("--week belongs to print weekly" if lang == "en" else "--week 只用于 print weekly")
    if args.form == "weekly":
        return _weekly(args, lang, out)
    if args.form == "caseload":
        if args.case_no:
            raise UsageError(
                "print caseload takes no CASE_NO" if lang == "en" else "print caseload 不带案件编号"
            )
        with open_session(args, lang) as session:
            pdf = printing.render_caseload_report(session, lang)
            printing.save_pdf(out, pdf, data_dir=session.data_dir)
    else:
        if not args.case_no:
            raise UsageError(
                f"print {args.form} needs a CASE_NO" if lang == "en" else f"print {args.form} 需要案件编号"
            )
        with open_session(args, lang) as session:
            printing.save_form(session, args.form, args.case_no, out, lang, to_station=args.to or "")
    print(out)
    return 0


def _weekly(args: argparse.Namespace, lang: str, out: Path) -> int:
    from app.cli import UsageError
    from app.core.dashboard import IsoWeek
    from app.services import printing
    from app.services.weekly import render_weekly_report

    if args.case_no:
        raise UsageError("print weekly takes no CASE_NO" if lang == "en" else "print weekly 不带案件编号")
    week = None
    if args.week:
        try:
            week = IsoWeek.parse(args.week)
        except ValueError:
            raise UsageError(
                f"--week: “{args.week[:20]}” is not an ISO week such as 2026-W48"
                if lang == "en"
                else f"--week：“{args.week[:20]}”不是 ISO 周（应写作 2026-W48）"
            ) from None
    with open_session(args, lang) as session:
        pdf = render_weekly_report(session, week, lang)
        printing.save_pdf(out, pdf, data_dir=session.data_dir)
    print(out)
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: object) -> None:
    from app.cli.helptext import T

    p = sub.add_parser("print", help=T("print a form as PDF"), description=T("print a form as PDF"))
    common(p)  # type: ignore[operator]
    p.add_argument("form", choices=[*CASE_FORMS, "caseload", "weekly"], metavar="FORM",
                   help="intake | receipt | dna | poster | transfer | caseload | weekly")  # fmt: skip
    p.add_argument("case_no", nargs="?", metavar="CASE_NO")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=T("the PDF file to write"))
    p.add_argument("--to", metavar="STATION", help=T("receiving station (transfer form)"))
    p.add_argument(
        "--week", metavar="YYYY-Www", help=T("the ISO week of the weekly report (default: the last)")
    )
    p.set_defaults(handler=print_form)
