"""Account commands: `user list [--json]`, `user passwd [USER]`, `user role USER --role R`."""

from __future__ import annotations

import argparse

from app.cli.common import emit_json, open_session, prompt_secret, say
from app.core import words
from app.core.model import AccountRole


def user_list(args: argparse.Namespace, lang: str) -> int:
    from app.services.accounts import list_users
    from app.services.session import lockout_status

    with open_session(args, lang) as session:
        accounts = list_users(session)
        locked = {a.name for a in accounts if lockout_status(session, a.name)}
    if args.json:
        emit_json([
            {"user": a.name, "role": a.role.value, "name": a.full_name, "badge": a.badge,
             "created_at": a.created_at, "removed_at": a.removed_at, "locked": a.name in locked}
            for a in accounts
        ])  # fmt: skip
        return 0
    for a in accounts:
        state = ""
        if a.removed_at:
            state = "（已删除）" if lang != "en" else " (removed)"
        elif a.name in locked:
            state = "（已锁定）" if lang != "en" else " (locked)"
        print(f"{a.name:<16} {words.of(a.role, lang):<8} {a.full_name} {a.badge}{state}")
    return 0


def user_passwd(args: argparse.Namespace, lang: str) -> int:
    from app.services.accounts import change_password, reset_password

    with open_session(args, lang) as session:
        target = args.name or session.user
        new = prompt_secret("XUNREN_NEW_PASSWORD", f"{target} 的新密码 / new password: ", confirm=True)
        if target == session.user:
            current = prompt_secret("XUNREN_PASSWORD", f"{target} 的原密码 / current password: ")
            change_password(session, current, new)
        else:
            reset_password(session, target, new)
    say(lang, f"用户 {target} 的密码已更改", f"the password of {target} was changed")
    return 0


def user_role(args: argparse.Namespace, lang: str) -> int:
    from app.services.accounts import set_role

    role = AccountRole(args.role)
    with open_session(args, lang) as session:
        set_role(session, args.name, role)
    say(
        lang,
        f"用户 {args.name} 的角色已改为{words.of(role, lang)}",
        f"{args.name} is now {words.of(role, lang)}",
    )
    return 0
