"""Counted words read as English counts them ("1 new lead", "3 new leads"), never "lead(s)", through
Qt's plural forms; the Chinese says what it said before. The sync corner's offline-index sentence
(both kinds of update), the tips waiting for follow-up and what a restore drops."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication

from app.services.screening_leads import IndexState
from app.services.sync import SyncStatus
from app.ui.i18n import install_language
from app.ui.sync_words import describe


def _said(kind: str, persons: int, found: int, added: int, dropped: int) -> str:
    rescreen: dict[str, int | str] = {"kind": kind, "persons": persons, "found": found, "added": added,
                                      "dropped": dropped}  # fmt: skip
    status = SyncStatus(0, 0, [], None, None, False, True, False, screening=IndexState(7, rescreen, None))
    return describe(status).long


@pytest.fixture
def language(qapp: Any) -> Iterator[Any]:
    yield install_language
    install_language("zh_CN")


SENTENCES = [
    ("en", ("delta", 1, 1, 1, 0), "Its last update brought 1 changed missing person; the station screened its 1 "
     "active found child again against them: 1 new lead, 0 dropped."),
    ("en", ("delta", 3, 2, 4, 1), "Its last update brought 3 changed missing persons; the station screened its 2 "
     "active found children again against them: 4 new leads, 1 dropped."),
    ("en", ("base", 1, 1, 0, 0), "The whole index arrived; the station screened its 1 active found child against "
     "the index's 1 missing person: 0 new leads, 0 dropped."),
    ("en", ("base", 900, 5, 1, 2), "The whole index arrived; the station screened its 5 active found children "
     "against the index's 900 missing persons: 1 new lead, 2 dropped."),
    ("zh_CN", ("delta", 3, 2, 4, 1), "最近一次更新带来 3 名有变动的走失人员；本站 2 个在办的发现儿童已据此重新筛查："
     "新增线索 4 条，撤下 1 条。"),
    ("zh_CN", ("base", 900, 5, 1, 2), "已收到完整索引；本站 5 个在办的发现儿童已与其中 900 名走失人员筛查："
     "新增线索 1 条，撤下 2 条。"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "counts", "sentence"), SENTENCES)
def test_the_offline_index_sentence_counts_in_english_and_reads_as_before_in_chinese(
    language: Any, lang: str, counts: tuple[str, int, int, int, int], sentence: str
) -> None:
    language(lang)
    said = _said(*counts)
    assert sentence in said, said
    assert "(s)" not in said and "(ren)" not in said


def _tr(context: str, source: str, n: int) -> str:
    return QCoreApplication.translate(context, source, "", n)


def test_tips_and_restore_words_count_in_english(language: Any) -> None:
    tips = "%n tip(s) to follow up. Call the person back, then record what came of it."
    cases = "It drops %n case(s) registered after the backup: %1."
    changes = "It drops %n change(s) the national server has not acknowledged yet."
    language("en")
    assert _tr("TipsDialog", tips, 1).startswith("1 tip to follow up.")
    assert _tr("TipsDialog", tips, 3).startswith("3 tips to follow up.")
    assert _tr("RestoreDialog", cases, 1) == "It drops 1 case registered after the backup: %1."
    assert _tr("RestoreDialog", cases, 2) == "It drops 2 cases registered after the backup: %1."
    assert (
        _tr("RestoreDialog", changes, 1) == "It drops 1 change the national server has not acknowledged yet."
    )
    assert (
        _tr("RestoreDialog", changes, 5) == "It drops 5 changes the national server has not acknowledged yet."
    )
    language("zh_CN")
    assert _tr("TipsDialog", tips, 3) == "有 3 条线索待跟进。请回电联系提供人，再记录跟进结果。"
    assert _tr("RestoreDialog", cases, 2) == "将丢弃备份之后登记的 2 个案件：%1。"
    assert _tr("RestoreDialog", changes, 5) == "将丢弃 5 项尚未被全国服务器确认的变更。"
