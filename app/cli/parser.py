"""The argument parser: every command and option of the contract, bound to its handler."""

from __future__ import annotations

import argparse

from app.cli import (
    commands_admin,
    commands_alerts,
    commands_cases,
    commands_life,
    commands_match,
    commands_overdue,
    commands_print,
    commands_referrals,
    commands_samples,
    commands_settings,
    commands_sync,
    commands_transfers,
    commands_users,
)
from app.cli.helptext import T
from app.core.lifecycle import CaseStatus, ClosureOutcome
from app.core.model import AccountRole, CaseType
from app.core.overdue import OverdueRule

ROLES = [r.value for r in AccountRole]


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=T("station data folder (default: XUNREN_DATA_DIR or the user data folder)"),
    )
    p.add_argument(
        "--user", metavar="NAME", default=argparse.SUPPRESS, help=T("logon name (default: XUNREN_USER)")
    )


def build_parser(parser_class: type[argparse.ArgumentParser], version: str) -> argparse.ArgumentParser:
    top = parser_class(
        prog="xunren", description=T("寻人 Xunren — missing, found and trafficked persons register")
    )
    top.add_argument("--version", action="version", version=f"xunren {version}")
    _common(top)
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)

    def cmd(
        parent: argparse._SubParsersAction[argparse.ArgumentParser],
        name: str,
        handler: object,
        help_text: str,
    ) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=T(help_text), description=T(help_text))
        _common(p)
        p.set_defaults(handler=handler)
        return p

    p = cmd(sub, "init", commands_admin.init, "set up a new station")
    p.add_argument("--station-code", required=True, metavar="CODE", help=T("the station's 9-digit code"))
    p.add_argument("--station-name", required=True, metavar="NAME", help=T("the station's name"))
    p.add_argument("--admin", required=True, metavar="USER", help=T("the first admin's logon name"))
    p.add_argument("--phone", default="", metavar="P", help=T("the station's phone, printed on every form"))
    p.add_argument(
        "--address", default="", metavar="A", help=T("the station's address, printed on every form")
    )

    p = cmd(
        sub,
        "recover",
        commands_admin.recover,
        T("forgotten admin password: open the station with the recovery key"),
    )
    p.add_argument(
        "--admin", required=True, metavar="USER", help=T("the administrator whose password is set anew")
    )

    user = sub.add_parser("user", help=T("accounts (admin)"), description=T("accounts (admin)"))
    users = user.add_subparsers(
        dest="user_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    p = cmd(users, "add", commands_admin.user_add, "add an account")
    p.add_argument("name", metavar="USER")
    p.add_argument("--role", required=True, choices=ROLES, help=T("the role: officer, supervisor or admin"))
    p.add_argument("--name", dest="full_name", default="", metavar="FULL_NAME",
                   help=T("the officer's full name, printed on forms"))  # fmt: skip
    p.add_argument(
        "--badge", default="", metavar="NO", help=T("the officer's badge number, printed on forms")
    )
    p = cmd(users, "list", commands_users.user_list, "list the accounts")
    p.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))
    p = cmd(
        users, "passwd", commands_users.user_passwd, "change your own password, or (admin) set another user's"
    )
    p.add_argument("name", nargs="?", metavar="USER")
    p = cmd(users, "role", commands_users.user_role, "change a user's role (admin)")
    p.add_argument("name", metavar="USER")
    p.add_argument("--role", required=True, choices=ROLES, help=T("the role: officer, supervisor or admin"))
    p = cmd(users, "unlock", commands_admin.user_unlock, "lift a lockout")
    p.add_argument("name", metavar="USER")
    p = cmd(users, "remove", commands_admin.user_remove, "remove an account (rotates the data key)")
    p.add_argument("name", metavar="USER")

    case = sub.add_parser("case", help=T("the case register"), description=T("the case register"))
    cases = case.add_subparsers(
        dest="case_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    reason_help = T("why: the duplicate that is not one, or the edit, closure, reopening or void")
    json_help = T("print machine-readable JSON")
    p = cmd(cases, "add", commands_cases.case_add, "register cases from a JSON file")
    p.add_argument("--file", required=True, metavar="CASE.json")
    p.add_argument("--allow-duplicate", action="store_true",
                   help=T("register even though a case on file looks the same (give --reason)"))  # fmt: skip
    p.add_argument("--reason", metavar="TEXT", help=reason_help)
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(cases, "show", commands_cases.case_show, "show one case")
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(cases, "list", commands_cases.case_list, "list cases")
    p.add_argument("--status", choices=[s.value for s in CaseStatus], help=T("only cases in this status"))
    p.add_argument("--type", choices=[t.value for t in CaseType], help=T("only cases of this type"))
    p.add_argument("--overdue", action="store_true", help=T("only cases that break an overdue rule"))
    p.add_argument("--officer", metavar="USER", help=T("only cases this officer answers for"))
    p.add_argument("--mine", action="store_true", help=T("only the cases you answer for"))
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(cases, "edit", commands_life.case_edit, "edit a case (PATCH in the case file's shape)")
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument("--file", required=True, metavar="PATCH.json")
    p.add_argument("--reason", required=True, metavar="TEXT", help=reason_help)
    p = cmd(cases, "close", commands_life.case_close, "ask for a case to be closed (a supervisor approves)")
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument("--outcome", required=True, choices=[o.value for o in ClosureOutcome],
                   help=T("how the case ended"))  # fmt: skip
    p.add_argument("--reason", required=True, metavar="TEXT", help=reason_help)
    p = cmd(cases, "reopen", commands_life.case_reopen, "reopen a closed case")
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument("--reason", required=True, metavar="TEXT", help=reason_help)
    p = cmd(cases, "void", commands_cases.case_void, "ask for a case to be voided")
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument("--reason", required=True, metavar="TEXT", help=reason_help)
    p = cmd(cases, "assign", commands_cases.case_assign, "assign a case (supervisor)")
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument("--to", required=True, metavar="USER")
    p.add_argument("--reason", metavar="TEXT", help=reason_help)
    p = cmd(cases, "reassign", commands_cases.case_reassign,
            "hand every active case of one officer to another (supervisor)")  # fmt: skip
    p.add_argument("--from", dest="from_user", required=True, metavar="USER")
    p.add_argument("--to", required=True, metavar="USER")
    p.add_argument("--reason", required=True, metavar="TEXT", help=reason_help)

    review = sub.add_parser("review", help=T("supervisor review"), description=T("supervisor review"))
    reviews = review.add_subparsers(
        dest="review_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    p = cmd(reviews, "list", commands_life.review_list, "what waits for review")
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(
        reviews,
        "approve",
        commands_life.review_approve,
        "approve review items (an item id, or a case number)",
    )
    p.add_argument("items", nargs="+", metavar="ITEM")
    p = cmd(reviews, "return", commands_life.review_return, "return with a comment")
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--comment", required=True, metavar="TEXT", help=T("the comment the officer reads"))

    overdue = sub.add_parser("overdue", help=T("the station's overdue rules"),
                             description=T("the station's overdue rules"))  # fmt: skip
    overdues = overdue.add_subparsers(
        dest="overdue_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    p = cmd(overdues, "rules", commands_overdue.overdue_rules, "each rule, its threshold and its count")
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(overdues, "set", commands_overdue.overdue_set, "set a rule's threshold (supervisor)")
    p.add_argument("rule", choices=[r.value for r in OverdueRule], metavar="RULE")
    p.add_argument("hours", metavar="HOURS|off")

    sample = sub.add_parser("sample", help=T("DNA samples"), description=T("DNA samples"))
    samples = sample.add_subparsers(
        dest="sample_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    p = cmd(samples, "add", commands_samples.sample_add, "record a DNA sample (prints its number)")
    p.add_argument("case_no", metavar="CASE_NO")
    p.add_argument("--file", required=True, metavar="SAMPLE.json")
    p = cmd(samples, "profile", commands_samples.sample_profile, "enter the lab's STR profile")
    p.add_argument("sample_no", metavar="SAMPLE_NO")
    p.add_argument("--file", required=True, metavar="PROFILE.json")
    p = cmd(samples, "custody", commands_samples.sample_custody, "record a hand-over of a sample")
    p.add_argument("sample_no", metavar="SAMPLE_NO")
    p.add_argument("--to", required=True, metavar="NAME", help=T("who receives the sample"))
    p.add_argument(
        "--note", default="", metavar="TEXT", help=T('a note on the hand-over ("lab" sends it to the lab)')
    )
    p = cmd(
        samples, "import", commands_samples.sample_import, T("a lab's STR results in bulk (all or nothing)")
    )
    p.add_argument("file", metavar="FILE.csv")

    p = cmd(
        sub, "search", commands_cases.search, "search by number, name, pinyin, initials, ID number, phone"
    )
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--json", action="store_true", help=json_help)

    commands_print.add_parser(sub, _common)
    commands_match.add_parser(sub, _common)  # match [CASE_NO] [--json]; match confirm|reject|reunite A B
    commands_alerts.add_parser(sub, _common)  # issue 14: alert list [--json] / alert ack ID
    commands_referrals.add_parser(sub, _common)  # issue 14: referral list|send|answer
    commands_transfers.add_parser(sub, _common)  # issue 14: transfer request|approve|list

    audit = sub.add_parser("audit", help=T("the audit chain"), description=T("the audit chain"))
    audits = audit.add_subparsers(
        dest="audit_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    cmd(audits, "verify", commands_admin.audit_verify, "check the whole audit chain")

    p = cmd(sub, "enroll", commands_sync.enroll, "enrol this station with the national server (admin)")
    p.add_argument("--server", metavar="URL", help=T("the national server's address (https://…)"))
    p.add_argument(
        "--token", metavar="TOKEN", help=T("the one-time enrolment token from the national operator")
    )
    p.add_argument(
        "--file",
        metavar="ENROLMENT_PACKAGE",
        help=T("enrol offline from a package on a USB stick (passphrase: XUNREN_ENROL_PASSPHRASE or prompt)"),
    )
    p.add_argument(
        "--bundle-key", metavar="KEY", help=T("the server's USB bundle key (xunren-server bundle key)")
    )
    p.add_argument(
        "--allow-insecure-http", action="store_true", help=T("allow plain http to another machine")
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help=T(
            "a station that lost its disk: rebuild the register of this fresh station from the server"
            " (with --file: from a rebuild package)"
        ),
    )
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(sub, "sync", commands_sync.sync, "push then pull; prints counts")
    syncs = p.add_subparsers(dest="sync_command", metavar="ACTION", parser_class=parser_class)
    p = cmd(syncs, "status", commands_sync.status, "waiting / sent / failed, with reasons")
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(syncs, "export", commands_sync.export_bundle, "write the USB bundle (encrypted, signed)")
    p.add_argument("file", metavar="FILE")
    p = cmd(syncs, "import", commands_sync.import_bundle, "apply the server's USB bundle")
    p.add_argument("file", metavar="FILE")

    settings = sub.add_parser(
        "settings", help=T("the station's settings"), description=T("the station's settings")
    )
    setting_actions = settings.add_subparsers(
        dest="settings_command", metavar="ACTION", parser_class=parser_class, required=True
    )
    p = cmd(setting_actions, "show", commands_settings.settings_show, "show the station's settings")
    p.add_argument("--json", action="store_true", help=json_help)
    p = cmd(setting_actions, "set", commands_settings.settings_set, "change a station setting (admin)")
    p.add_argument(
        "--theta",
        required=True,
        metavar="VALUE",
        help=T("the subpopulation correction θ of DNA kinship, 0 to 0.05 (default 0.01)"),
    )

    p = cmd(sub, "backup", commands_admin.backup, "write an encrypted backup")
    p.add_argument("file", metavar="FILE")
    p = cmd(sub, "restore", commands_admin.restore, "restore a backup (checked before anything is replaced)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--yes", action="store_true", help=T("replace the station without asking (no terminal)"))
    p = cmd(sub, "demo", commands_admin.demo, "fill a fresh station with realistic demo cases")
    p.add_argument("--cases", type=int, required=True, metavar="N")
    return top
