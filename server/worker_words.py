"""What the matching worker and ``worker status`` say, in Chinese (default) or English
(``XUNREN_LANG=en``): a ``(zh, en)`` pair per key, as the server's other messages."""

from __future__ import annotations

import os
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    "loading": ("正在载入全国索引……", "loading the national index…"),
    "loading_progress": (
        "正在载入全国索引：已读 {cases} 个案件",
        "loading the national index: {cases} cases read",
    ),
    "loaded": (
        "全国索引已载入：失踪人员 {missing} 名、被找到人员 {found} 名，来自 {cases} 个案件，用时 {seconds} 秒"
        "（{refused} 个案件因案卷无法读取而被拒绝），日志序号 {seq}",
        "national index loaded: {missing} missing and {found} found persons from {cases} cases in "
        "{seconds} s ({refused} cases refused: unreadable case file), journal at {seq}",
    ),
    "batch_started": ("正在比对 {jobs} 个任务（{cases} 个案件）……", "matching {jobs} jobs ({cases} cases)…"),
    "batch_done": (
        "已比对 {jobs} 个任务（涉及 {touched} 个案件，候选 {candidates} 对，拒绝 {refused} 个{failed}），"
        "用时 {ms} 毫秒（其中内存筛查 {screen} 毫秒）；排队 {queued} 个；日志序号 {seq}",
        "matched {jobs} jobs ({touched} cases touched, {candidates} candidates, {refused} refused{failed}) "
        "in {ms} ms ({screen} ms of it the in-memory screen); {queued} queued; journal at {seq}",
    ),
    "batch_failed": ("，{n} 个失败、稍后重试", ", {n} failed and retried later"),
    "refused_cases": (
        "案卷无法读取、未参加比对的案件（已记入任务记录）：{cases}",
        "cases refused from matching, their stored case file unreadable (kept in the job record): {cases}",
    ),
    "rebuilt": ("全国索引已重建：{persons} 名人员", "national index rebuilt: {persons} persons"),
    "stopped": ("比对进程已停止", "worker stopped"),
    "stopped_mid_job": (
        "比对进程已停止（正在处理的任务仍在队列中）",
        "worker stopped (the job it was running stays queued)",
    ),
    "matching_stopped": ("全国比对已停止（{kind}）", "matching stopped ({kind})"),
    "status_queue": (
        "排队任务：{queued}{oldest}；失败：{failed}；日志序号 {seq}",
        "queued jobs: {queued}{oldest}; failed: {failed}; journal at {seq}",
    ),
    "status_oldest": ("，最早应于 {at} 执行（{lag} 秒前）", ", oldest due {at} ({lag} s ago)"),
    "status_worker": (
        "比对进程 {worker}：{state}，日志序号 {seq}（落后 {behind}），{persons} 名人员，载入于 {loaded}，"
        "最近一次报告 {seen}",
        "worker {worker}: {state}, journal at {seq} ({behind} behind), {persons} persons, loaded {loaded}, "
        "last seen {seen}",
    ),
    "running": ("运行中", "running"),
    "not_running": ("已停止", "stopped"),
    "status_job": (
        "任务 {id}：涉及 {touched} 个案件，候选 {candidates} 对，拒绝 {refused} 个，{ms} 毫秒"
        "（其中内存筛查 {screen} 毫秒），读取 {rows} 行，{worker}，{at}",
        "job {id}: {touched} touched, {candidates} candidates, {refused} refused, {ms} ms ({screen} ms of it "
        "the in-memory screen), {rows} rows read, {worker}, {at}",
    ),
}


def lang() -> str:
    """``en`` when XUNREN_LANG asks for English, else ``zh``."""
    return "en" if os.environ.get("XUNREN_LANG", "").lower().startswith("en") else "zh"


def words(key: str, **values: Any) -> str:
    zh, en = MESSAGES[key]
    return (en if lang() == "en" else zh).format(**values)
