"""Station and administration commands: init, user, audit verify, backup, restore, demo."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import data_dir, open_session, prompt_secret, user_name
from app.core import words


def _say(lang: str, zh: str, en: str) -> None:
    print(en if lang == "en" else zh)


def init(args: argparse.Namespace, lang: str) -> int:
    from app.services.session import init_station

    password = prompt_secret("XUNREN_PASSWORD", f"{args.admin} 的新密码 / new password: ", confirm=True)
    session = init_station(
        data_dir(args), args.station_code, args.station_name, args.admin, password, lang=lang,
        phone=args.phone, address=args.address,
    )  # fmt: skip
    try:
        _say(
            lang,
            f"工作站 {args.station_code} {args.station_name} 已创建；管理员：{args.admin}",
            f"station {args.station_code} {args.station_name} created; admin: {args.admin}",
        )
        _say(
            lang,
            "恢复密钥（只显示这一次，请打印恢复单并妥善保管）：",
            "recovery key (shown this once only: print the recovery sheet and keep it safe):",
        )
        print(session.recovery_key)
    finally:
        session.close()
    return 0


def recover(args: argparse.Namespace, lang: str) -> int:
    """`xunren recover --admin USER`: the recovery key (XUNREN_RECOVERY_KEY or a prompt) opens the
    station; the new password (XUNREN_NEW_PASSWORD or a prompt, twice) is set; the new recovery
    key is printed once, alone on the last line."""
    from app.services.errors import ServiceError
    from app.services.recovery import recover_admin

    try:
        key = prompt_secret("XUNREN_RECOVERY_KEY", "恢复密钥 / recovery key: ")
    except ServiceError:
        raise ServiceError("no_recovery_key") from None
    password = prompt_secret("XUNREN_NEW_PASSWORD", f"{args.admin} 的新密码 / new password: ", confirm=True)
    session = recover_admin(data_dir(args), args.admin, key, password, lang=lang)
    try:
        _say(
            lang,
            f"管理员 {args.admin} 的密码已重设，锁定已解除；旧的恢复密钥已作废",
            f"admin {args.admin}: new password set, lockout lifted; the old recovery key no longer works",
        )
        _say(
            lang,
            "新的恢复密钥（只显示这一次，请重新打印恢复单并妥善保管）：",
            "new recovery key (shown this once only: print a new recovery sheet and keep it safe):",
        )
        print(session.recovery_key)
    finally:
        session.close()
    return 0


def user_add(args: argparse.Namespace, lang: str) -> int:
    from app.core.model import AccountRole
    from app.services.accounts import add_user

    with open_session(args, lang) as session:
        password = prompt_secret(
            "XUNREN_NEW_PASSWORD", f"{args.name} 的新密码 / new password: ", confirm=True
        )
        role = AccountRole(args.role)
        add_user(session, args.name, role, password, full_name=args.full_name, badge=args.badge)
    _say(
        lang,
        f"已添加用户 {args.name}（{words.of(role, lang)}）",
        f"user {args.name} added ({words.of(role, lang)})",
    )
    return 0


def user_unlock(args: argparse.Namespace, lang: str) -> int:
    from app.services.accounts import unlock_user

    with open_session(args, lang) as session:
        unlock_user(session, args.name)
    _say(lang, f"已解锁用户 {args.name}", f"user {args.name} unlocked")
    return 0


def user_remove(args: argparse.Namespace, lang: str) -> int:
    from app.services.accounts import remove_user

    with open_session(args, lang) as session:
        remove_user(session, args.name)
    _say(
        lang, f"已删除用户 {args.name}，数据密钥已轮换", f"user {args.name} removed; the data key was rotated"
    )
    return 0


def audit_verify(args: argparse.Namespace, lang: str) -> int:
    from app.services.audit import verify_audit

    with open_session(args, lang) as session:
        report = verify_audit(session)
    _say(
        lang,
        f"审计链完整：{report.entries} 条，链头 {report.head_hash[:16]}…",
        f"audit chain intact: {report.entries} entries, head {report.head_hash[:16]}…",
    )
    return 0


def backup(args: argparse.Namespace, lang: str) -> int:
    from app.cli.progress import Progress
    from app.services.backup import backup as write_backup

    out = Path(args.file)
    shown = Progress("备份", "backup", lang)
    with open_session(args, lang) as session:
        shown.say("正在导出并加密数据库……" if lang != "en" else "exporting and encrypting the database…")
        try:
            if out.is_dir():  # a folder: a file named after the station and the time (scheduled runs)
                from app.services.backup_schedule import back_up_into

                out = back_up_into(session, out)
                size = out.stat().st_size
            else:
                size = write_backup(session, out)
        finally:
            shown.end()
    _say(
        lang,
        f"备份已写入 {out}（{size:,} 字节，已加密）",
        f"backup written to {out} ({size:,} bytes, encrypted)",
    )
    return 0


def restore(args: argparse.Namespace, lang: str) -> int:
    """`xunren restore FILE [--data-dir DIR] [--yes]`: as an administrator (--user and the
    password) or with the recovery key (XUNREN_RECOVERY_KEY). What it drops is printed first;
    over a station it asks at a terminal and, without one, refuses unless --yes."""
    import os
    import sys

    from app.cli.progress import Progress
    from app.cli.restore_words import describe_plan
    from app.services.errors import ServiceError
    from app.services.restore import Credential, RestorePlan
    from app.services.restore import restore as restore_backup

    recovery_key = os.environ.get("XUNREN_RECOVERY_KEY")
    if recovery_key:
        who = Credential(None, recovery_key)
    else:
        user = user_name(args)
        who = Credential(user, prompt_secret("XUNREN_PASSWORD", f"{user} 的密码 / password: "))
    target = data_dir(args)

    def confirm(plan: RestorePlan) -> bool:
        shown.end()  # the plan and the question replace the progress line
        for line in describe_plan(plan, lang):
            print(line)
        if not plan.over_station or args.yes:
            return True
        if not sys.stdin or not sys.stdin.isatty():
            raise ServiceError(
                "restore_needs_yes",
                cases=(len(plan.dropped_cases), words.counted(len(plan.dropped_cases), "case")),
                changes=(plan.dropped_changes, words.counted(plan.dropped_changes, "unacknowledged change")),
            )
        answer = input("继续恢复吗？[y/N] " if lang != "en" else "Go on with the restore? [y/N] ")
        return answer.strip().lower() in ("y", "yes", "是")

    shown = Progress("恢复", "restore", lang)
    shown.say(
        "正在核验备份（哈希、签名、每一页、审计链）……"
        if lang != "en"
        else "checking the backup (hash, MAC, every page, audit chain)…"
    )
    try:
        done = restore_backup(Path(args.file), target, who, confirm=confirm)
    finally:
        shown.end()
    _say(
        lang,
        f"已恢复工作站 {done.station_code} 到 {target}（审计链 {done.entries} 条已核验）",
        f"station {done.station_code} restored into {target} (audit chain of {done.entries} entries verified)",
    )
    return 0


def demo(args: argparse.Namespace, lang: str) -> int:
    from app.cli.progress import Progress
    from app.services.demo import fill_demo

    shown = Progress("生成演示案件", "demo cases", lang)
    with open_session(args, lang) as session:
        try:
            count = fill_demo(session, args.cases, progress=shown.step)
        finally:
            shown.end()
    _say(lang, f"已生成 {count} 个演示案件", f"{count} demo cases registered")
    return 0
