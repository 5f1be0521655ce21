"""Sync commands: enroll, sync, sync status, sync export / import (the USB bundle).

Thin: parses what argparse gave, calls app.services.sync / enrolment, prints. Never prints the
token or the device credential.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.cli import UsageError
from app.cli.common import emit_json, open_session, prompt_secret, read_file
from app.core.lifecycle import MatchState
from app.core.words import counted, word


def _say(lang: str, zh: str, en: str) -> None:
    print(en if lang == "en" else zh)


def enroll(args: argparse.Namespace, lang: str) -> int:
    from app.services.enrolment import enroll as enroll_station

    if args.file is not None:
        if args.server or args.token or args.bundle_key:
            raise UsageError(_usage_words(lang, "with_file"))
        if args.rebuild:
            return _rebuild(args, lang)
        return _enroll_from_package(args, lang)
    if not args.server or not args.token:
        raise UsageError(_usage_words(lang, "needs_server"))
    if args.rebuild:
        return _rebuild(args, lang)
    with open_session(args, lang) as session:
        done = enroll_station(
            session,
            args.server,
            args.token,
            allow_insecure=getattr(args, "allow_insecure_http", False),
            bundle_key=getattr(args, "bundle_key", None),
        )
    _say(
        lang,
        f"工作站 {done.station_code} 已在 {done.server_url} 登记，凭据已加密保存",
        f"station {done.station_code} enrolled with {done.server_url}; its credential is stored encrypted",
    )
    return 0


def _usage_words(lang: str, key: str) -> str:
    words = {
        "with_file": ("--file 不能与 --server、--token 或 --bundle-key 同时使用",
                      "--file cannot be combined with --server, --token or --bundle-key"),
        "needs_server": ("需要 --server 与 --token，或用 --file 指定登记包",
                         "give --server and --token, or --file with an enrolment package"),
    }  # fmt: skip
    zh, en = words[key]
    return en if lang == "en" else zh


def _rebuild(args: argparse.Namespace, lang: str) -> int:
    """``enroll --rebuild``: enrol, then rebuild this fresh station's register from the server
    (over the network, or from a rebuild package with ``--file``)."""
    from app.cli.progress import Progress
    from app.services.rebuild import PAGE_LIMIT, rebuild_from_server
    from app.services.rebuild_usb import rebuild_from_package

    en = lang == "en"
    shown = Progress("从服务器重建", "rebuild from the server", lang, quiet=args.json)

    def say(step: Any) -> None:
        if step.stage == "sync":
            shown.say(step_words(step.detail, lang))
        elif step.stage == "photo":
            shown.say(
                f"photo {step.done:,} / {step.total:,}" if en else f"照片 {step.done:,} / {step.total:,}"
            )
        else:
            shown.step(step.done, step.total)

    with open_session(args, lang) as session:
        try:
            if args.file is not None:
                passphrase = prompt_secret(
                    "XUNREN_ENROL_PASSPHRASE", "重建包口令 / package passphrase: ", missing="no_passphrase"
                )
                report = rebuild_from_package(session, args.file, passphrase, progress=say)
            else:
                report = rebuild_from_server(
                    session,
                    args.server,
                    args.token,
                    allow_insecure=getattr(args, "allow_insecure_http", False),
                    bundle_key=getattr(args, "bundle_key", None),
                    progress=say,
                    # Loudly named test hook: small pages, so a test's SIGKILL lands inside the rebuild.
                    page_limit=int(os.environ.get("XUNREN_TEST_REBUILD_PAGE_LIMIT") or PAGE_LIMIT),
                )
        finally:
            shown.end()
        code = session.station.code
    if args.json:
        emit_json(
            {"station": code, "restored": report.counts, "total": report.total, "resumed": report.resumed}
        )
        return 0
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items())) or "0"
    if args.file is not None:
        _say(
            lang,
            f"工作站 {code} 已用重建包离线登记并重建：恢复记录 {report.restored} 项（{counts}），审计链已接续服务器见证的记录；"
            "请用 sync export 写出同步包送交国家平台",
            f"station {code} enrolled and rebuilt from the rebuild package: {report.restored} records came back "
            f"({counts}); the audit chain goes on from the head the server witnessed; write a sync bundle with "
            "sync export for the national server",
        )
        return 0
    _say(
        lang,
        f"工作站 {code} 已从服务器重建：恢复记录 {report.restored} 项（{counts}），审计链已接续服务器见证的记录",
        f"station {code} rebuilt from the server: {report.restored} records came back ({counts}); "
        "the audit chain goes on from the head the server witnessed",
    )
    return 0


def _enroll_from_package(args: argparse.Namespace, lang: str) -> int:
    from app.services.enrolment import enroll_from_package

    data = read_file(Path(args.file))
    with open_session(args, lang) as session:
        passphrase = prompt_secret(
            "XUNREN_ENROL_PASSPHRASE", "登记包口令 / package passphrase: ", missing="no_passphrase"
        )
        done = enroll_from_package(session, data, passphrase)
    _say(
        lang,
        f"工作站 {done.station_code} 已用登记包离线登记，凭据已加密保存；请用 sync export 写出同步包送交国家平台",
        f"station {done.station_code} enrolled offline from the package; its credential is stored "
        "encrypted; write a sync bundle with sync export for the national server",
    )
    return 0


def sync(args: argparse.Namespace, lang: str) -> int:
    from app.cli.progress import Progress
    from app.services.sync import sync_now

    shown = Progress("同步", "sync", lang)
    with open_session(args, lang) as session:
        try:
            report = sync_now(session, progress=lambda step: shown.say(step_words(step, lang)))
        finally:
            shown.end()
    _say(
        lang,
        f"已发送 {report.pushed}，被拒 {report.refused}，已接收 {report.pulled}",
        f"sent {report.pushed}, refused {report.refused}, received {report.pulled}",
    )
    if not report.equal:  # exit 1 with the reason on stderr (the CLI contract)
        zh, en = (
            "与服务器核对记录数不一致：待发送的数据都已保留，请稍后再同步",
            "counts differ from the server's",
        )
        print(f"xunren: {en if lang == 'en' else zh} ({report.detail})", file=sys.stderr)
    if report.audit_refused:  # an alert for the national operator: say it, exit 1
        print(f"xunren: {_audit_refused_text(report.audit_refused, lang)}", file=sys.stderr)
    if report.clock_skew is not None and abs(report.clock_skew) > 300:
        _say(
            lang,
            f"警告：本机时钟与服务器相差 {report.clock_skew:+.0f} 秒",
            f"warning: this computer's clock is {report.clock_skew:+.0f} s off the server's",
        )
    return 0 if report.equal and not report.audit_refused else 1


def _audit_refused_text(reason: str, lang: str) -> str:
    zh = {"shortened": "被截短", "rewritten": "被改写", "unknown_restore_point": "声明的恢复点未经确认"}
    if lang == "en":
        return (
            f"the national server refused this station's audit chain ({reason}); "
            "it raised an alert: contact the national operator"
        )
    return f"国家服务器拒绝了本站的审计链（{zh.get(reason, reason)}），已向国家平台报警：请联系国家平台"


def step_words(step: Any, lang: str) -> str:
    """A running sync's step in words (a terminal's progress line)."""
    from app.services.enrolment import failure_words

    en = lang == "en"
    why = failure_words(step.detail)[1 if en else 0]
    if step.stage == "push":
        return f"sending… {step.count} sent" if en else f"正在发送……已发送 {step.count} 项"
    if step.stage == "pull":
        return f"receiving… {step.count} received" if en else f"正在接收……已接收 {step.count} 项"
    if step.stage == "check":
        return "comparing counts with the server…" if en else "正在与服务器核对记录数……"
    if en:
        return f"{why}; trying again in {step.wait:.0f} s (attempt {step.attempt} of {step.of})"
    return f"{why}；{step.wait:.0f} 秒后重试（第 {step.attempt}/{step.of} 次）"


def status(args: argparse.Namespace, lang: str) -> int:
    from app.services.backup_schedule import status as backup_status
    from app.services.refusal_words import refusal_words
    from app.services.sync import sync_status

    with open_session(args, lang) as session:
        s = sync_status(session)
        backups = backup_status(session)
    warning = _backup_warning(backups, lang) if backups.overdue else None
    if args.json:
        emit_json(s.as_json())
        if warning:
            print(warning, file=sys.stderr)  # standard output stays the contract's JSON
        return 0
    _say(lang, f"待发送 {s.waiting}，已发送 {s.sent}，被拒 {len(s.failed)}",
         f"waiting {s.waiting}, sent {s.sent}, refused {len(s.failed)}")  # fmt: skip
    _say(
        lang,
        f"上次成功同步：{s.last_success or '从未'}",
        f"last successful sync: {s.last_success or 'never'}",
    )
    for f in s.failed:  # the reason in words of the user's language (--json keeps the server's)
        print(f"  {f['record']}  {refusal_words(str(f['reason'] or ''), lang).line(lang)}")
    if s.usb_only:
        _say(
            lang,
            "本站用登记包登记，仅用 U 盘同步：sync export 写出同步包，sync import 导入服务器的答复",
            "this station was enrolled from a package and syncs by USB stick only: sync export, then "
            "sync import of the server's answer",
        )
    for c in s.conflicts:
        said = "；".join(f"{d['station']} {word(MatchState, d['state'], lang)}" for d in c["decisions"])
        _say(
            lang,
            f"全国比对决定冲突 {c['pair']}：{said}",
            f"conflicting national decisions on {c['pair']}: {said}",
        )
    _index_lines(s, lang)
    if s.needs_enrolment:
        _say(
            lang,
            "服务器不再接受本站凭据：请重新登记",
            "the server refused this station's credential: enrol again",
        )
    if s.clock_warning:
        _say(
            lang,
            "警告：本机时钟与服务器相差超过 5 分钟",
            "warning: this computer's clock is more than 5 minutes off",
        )
    if s.audit_refused:
        print(_audit_refused_text(s.audit_refused, lang))
    if warning:
        print(warning)
    return 0


def _index_lines(s: Any, lang: str) -> None:
    """The offline national index (issue 15): version, the last update's re-screen, a key rotation."""
    state = s.screening
    if state is None:
        return
    _say(lang, f"全国离线索引：第 {state.version} 版", f"national offline index: version {state.version}")
    done = state.rescreen
    if done is not None:
        p, f, a, d = (done.get(k, 0) for k in ("persons", "found", "added", "dropped"))
        if done.get("kind") == "delta":
            _say(lang, f"  最近一次更新：{p} 名有变动的走失人员，本站 {f} 个在办的发现儿童已重新筛查：新增线索 {a} 条，撤下 {d} 条",
                 f"  last update: {counted(p, 'changed missing person', 'changed missing persons')}; "
                 f"{counted(f, 'active found child', 'active found children')} screened again: "
                 f"{counted(a, 'new lead')}, {d} dropped")  # fmt: skip
        else:
            _say(lang, f"  已收到完整索引（{p} 名走失人员），本站 {f} 个在办的发现儿童已筛查：新增线索 {a} 条，撤下 {d} 条",
                 f"  the whole index arrived ({counted(p, 'missing person')}); "
                 f"{counted(f, 'active found child', 'active found children')} screened: "
                 f"{counted(a, 'new lead')}, {d} dropped")  # fmt: skip
    rotated = state.rotated
    if rotated is not None:
        at, new = str(rotated.get("at", ""))[:16].replace("T", " "), str(rotated.get("new", ""))[:16]
        _say(lang, f"  国家平台已于 {at} 更换签名密钥（经认证通道宣布，本站已接受；新密钥 {new}…）",
             f"  the national server replaced its signing key on {at} (announced over the authenticated "
             f"channel, accepted here; new key {new}…)")  # fmt: skip


def _backup_warning(backups: object, lang: str) -> str:
    days = backups.days_since()  # type: ignore[attr-defined]
    if days is None:
        return (
            "警告：本站从未备份：请管理员运行 backup 或设置定时备份"
            if lang != "en"
            else (
                "warning: this station has never been backed up: an admin should run backup or schedule backups"
            )
        )
    return (
        f"警告：上次备份已是 {days} 天前（超过 7 天）"
        if lang != "en"
        else (f"warning: the last backup is {days} days old (more than 7)")
    )


def export_bundle(args: argparse.Namespace, lang: str) -> int:
    from app.cli.progress import Progress
    from app.services.bundle import export_bundle as export

    shown = Progress("同步包", "sync bundle", lang)
    with open_session(args, lang) as session:
        shown.say("正在加密并签名待发送的变更……" if lang != "en" else "sealing the waiting changes…")
        try:
            count = export(session, Path(args.file))
        finally:
            shown.end()
    _say(lang, f"已写入同步包 {args.file}（{count} 项变更，已加密签名）",
         f"wrote sync bundle {args.file} ({count} changes, encrypted and signed)")  # fmt: skip
    return 0


def import_bundle(args: argparse.Namespace, lang: str) -> int:
    from app.cli.progress import Progress
    from app.services.bundle import import_bundle as apply

    shown = Progress("同步包", "sync bundle", lang)
    with open_session(args, lang) as session:
        shown.say(
            "正在核验并应用服务器的答复……" if lang != "en" else "checking and applying the server's answer…"
        )
        try:
            result = apply(session, Path(args.file))
        finally:
            shown.end()
    _say(lang, f"已导入同步包：确认 {result.acknowledged}，被拒 {result.refused}，接收 {result.pulled}",
         f"bundle imported: acknowledged {result.acknowledged}, refused {result.refused}, received {result.pulled}")  # fmt: skip
    if result.audit_refused:  # as after a network sync: an alert for the national operator
        print(f"xunren: {_audit_refused_text(result.audit_refused, lang)}", file=sys.stderr)
        return 1
    return 0
