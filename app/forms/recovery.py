"""The recovery sheet: the station's recovery key on paper, to be sealed and kept in a safe."""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, Table

from app.core.model import StationInfo
from app.forms import blocks, page
from app.forms.common import today_cst
from app.forms.fmt import when
from app.forms.labels import t


def render_recovery_sheet(
    station: StationInfo, recovery_key: str, *, created_at: dt.datetime, lang: str = "zh_CN"
) -> bytes:
    """The recovery key sheet (数据恢复密钥单), as PDF bytes.

    The key is printed exactly as given, large and boxed; the service decides its format. The
    bytes hold the key in clear: the caller writes them only where the officer asked.
    """
    title = t("title.recovery", lang)
    story: list[Flowable] = [*blocks.title(title)]
    story += blocks.fields(
        [
            (t("station", lang), station.name),
            (t("station_code", lang), station.code),
            (t("recovery.created", lang), when(created_at, lang)),
            (t("station_phone", lang), station.phone),
        ]
    )
    story.append(blocks.section(t("sec.key", lang)))
    box = Table([[blocks.para(recovery_key, 18, align=TA_CENTER)]], colWidths=[page.CONTENT_W])
    box.setStyle(
        blocks.table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 14),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 14),
            ]
        )
    )
    story.append(box)
    story.append(blocks.section(t("sec.instructions", lang)))
    story.append(blocks.para(t("recovery.what", lang)))
    story.append(blocks.para(t("recovery.keep", lang)))
    story.append(blocks.section(t("sec.signatures", lang)))
    story.append(
        blocks.signatures([t("sig.keeper", lang), t("sig.witness", lang)], t("sig.date", lang), lang)
    )
    running = page.Running(title=title, station=station, lang=lang, printed=today_cst())
    return page.build(story, running)
