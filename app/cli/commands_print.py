"""`xunren print intake|receipt|dna|poster|transfer CASE_NO -o FILE.pdf` and `print caseload -o FILE.pdf`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import open_session

CASE_FORMS = ("intake", "receipt", "dna", "poster", "transfer")


def print_form(args: argparse.Namespace, lang: str) -> int:
    from app.cli import UsageError
    from app.services import printing

    out = Path(args.output)
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


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: object) -> None:
    from app.cli.helptext import T

    p = sub.add_parser("print", help=T("print a form as PDF"), description=T("print a form as PDF"))
    common(p)  # type: ignore[operator]
    p.add_argument("form", choices=[*CASE_FORMS, "caseload"], metavar="FORM",
                   help="intake | receipt | dna | poster | transfer | caseload")  # fmt: skip
    p.add_argument("case_no", nargs="?", metavar="CASE_NO")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=T("the PDF file to write"))
    p.add_argument("--to", metavar="STATION", help=T("receiving station (transfer form)"))
    p.set_defaults(handler=print_form)
