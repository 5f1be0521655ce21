"""What `xunren restore` tells the administrator before anything is replaced."""

from __future__ import annotations

from app.core.words import counted
from app.services.restore import RestorePlan

_SHOWN = 10  # case numbers listed by name; the rest are counted


def describe_plan(plan: RestorePlan, lang: str) -> list[str]:
    """The lines printed before the confirmation, in the user's language."""
    en = lang.startswith("en")
    lines = [
        f"backup of station {plan.station_code}, made {plan.backup_made}"
        if en
        else f"工作站 {plan.station_code} 的备份，制作于 {plan.backup_made}"
    ]
    if not plan.over_station:
        lines.append(
            "numbers given after the backup are not known here: sync with the server before registering new cases"
            if en
            else "此处不知道备份之后给出的编号：请先与服务器同步，再登记新案件"
        )
        return lines
    if plan.dropped_cases:
        listed = ", ".join(plan.dropped_cases[:_SHOWN]) + (" …" if len(plan.dropped_cases) > _SHOWN else "")
        lines.append(
            f"drops {counted(len(plan.dropped_cases), 'case')} registered after the backup: {listed}"
            if en
            else f"将丢弃备份之后登记的 {len(plan.dropped_cases)} 个案件：{listed}"
        )
    if plan.dropped_changes:
        lines.append(
            f"drops {counted(plan.dropped_changes, 'change')} not yet acknowledged by the server"
            if en
            else f"将丢弃 {plan.dropped_changes} 项尚未被服务器确认的变更"
        )
    if not plan.drops_anything:
        lines.append(
            "drops nothing registered since the backup" if en else "备份之后没有登记任何内容，不会丢弃数据"
        )
    for series, year, backup, live in plan.numbers_kept:
        what = ("case" if series == "case" else "sample") if en else ("案件" if series == "case" else "样本")
        lines.append(
            f"{what} numbers of {year}: the backup ends at {backup}, {live} were given; numbering goes on after {live}"
            if en
            else f"{year} 年{what}编号：备份止于 {backup}，已给出到 {live}；编号从 {live} 之后继续，不会重复"
        )
    lines.append(
        "the replaced station is kept in a replaced-… folder; accounts, passwords and lockouts stay as they are now"
        if en
        else "被替换的工作站保存在 replaced-… 文件夹中；账户、密码和锁定状态保持现状"
    )
    return lines
