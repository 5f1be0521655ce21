"""A refused change's reason in the officer's language.

The national server refuses a change with a code from :data:`app.sync.protocol.REFUSAL_REASONS`
and a detail in English; the station stores them as ``code: detail`` (see
:func:`app.sync.planner.outcome`). Neither belongs inside a Chinese sentence: the code becomes a
word, the detail a phrase, keeping only what is data (the revision the server holds, the name of
the field the server could not read). Details this module does not know are kept whole in English
and left out in Chinese (the English words are still in ``sync status --json`` and the audit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.sync import protocol

# (zh, en) per refusal code: what happened, in a few words.
REASON_WORDS: dict[str, tuple[str, str]] = {
    protocol.NOT_OWNER: ("属于其他工作站", "owned by another station"),
    protocol.STALE_REVISION: ("服务器上的版本更新", "the server holds a newer version"),
    protocol.INVALID: ("内容不符合同步协议", "not valid for the server"),
    protocol.MISSING_CASE: ("服务器上没有所属案件", "the server lacks the case"),
}
UNKNOWN_REASON = ("服务器拒绝了此更改", "refused by the server")

# (zh, en) for the fixed details the server writes (server/services/push.py).
KNOWN_DETAILS: dict[str, tuple[str, str]] = {
    "the record's case number belongs to another station": (
        "该记录的案件编号属于其他工作站",
        "the record's case number belongs to another station",
    ),
    "the record belongs to another station": ("该记录属于其他工作站", "the record belongs to another station"),
    # issue 14: a station's own case number after the case was transferred away
    "the record's case was transferred to another station, which changes it now": (
        "该记录所属案件已移交其他工作站，现由该站修改",
        "the record's case was transferred to another station, which changes it now",
    ),
    "the record was transferred to another station, which changes it now": (
        "该记录已随案件移交其他工作站，现由该站修改",
        "the record was transferred to another station, which changes it now",
    ),
    "the case belongs to another station": ("该案件属于其他工作站", "the case belongs to another station"),
    "the case was transferred to another station, which changes it now": (
        "该案件已移交其他工作站，现由该站修改",
        "the case was transferred to another station, which changes it now",
    ),
    "the server does not hold this record's case": (
        "服务器没有此记录所属的案件",
        "the server does not hold this record's case",
    ),
    "payload is not storable": ("内容无法保存", "payload is not storable"),
    "no alert of this case reached the station": (
        "本站没有收到此案件的预警",
        "no alert of this case reached the station",
    ),
    # issue 14: referrals (server/services/referrals.py)
    "a referral or an answer is sent once; send a new one": ("协查请求和答复只发送一次，请重新发起", "a referral or an answer is sent once; send a new one"),
    "referral.to: the station is not enrolled with the national server": ("被请求单位未在全国服务器登记", "the station asked is not enrolled with the national server"),
    "referral.to: another station than the case's own": ("不能向本单位发协查请求", "a referral goes to another station than the case's own"),
    "referral_answer.referral: the server holds no such referral": ("服务器上没有此协查请求", "the server holds no such referral"),
    "the referral is addressed to another station": ("该协查请求不是发给本单位的", "the referral is addressed to another station"),
    "referral_answer.state: the referral's state does not allow this step": ("协查请求当前的状态不允许此项处理", "the referral's state does not allow this step"),
    "alert_ack id is {case}/k/{uuid5 of the pushing station, the case and the officer}": ("该预警确认记录的编号不属于本单位", "the acknowledgement's id is not this station's"),
    # issue 14: a transfer's acceptance, decline or withdrawal (server/services/transfers.py)
    "no transfer of this case awaits this station": ("没有等待本单位接收的此案移交", "no transfer of this case awaits this station"),
    "the transfer no longer awaits the receiving station: it was accepted, declined or withdrawn": ("该移交已被接收、拒绝或撤回，不再等待接收单位处理", "the transfer was already accepted, declined or withdrawn"),
    "only the receiving station declines a transfer, only the sending station withdraws it": ("只有接收单位可以拒绝移交，只有移出单位可以撤回移交", "only the receiving station declines a transfer, only the sending station withdraws it"),
}  # fmt: skip

_FIELD = re.compile(r"^([a-z_]+(?:\.[a-z_0-9]+)+):\s*(.*)$")
_CODE = re.compile(r"^[a-z_]{1,40}$")


@dataclass(frozen=True, slots=True)
class RefusalWords:
    """A refusal in one language: the reason's word and the detail (empty when none to show)."""

    reason: str
    detail: str

    def line(self, lang: str) -> str:
        """Both in one line: ``word：detail`` (Chinese) or ``word: detail``."""
        if not self.detail:
            return self.reason
        return f"{self.reason}{'：' if lang != 'en' else ': '}{self.detail}"


def refusal_words(stored: str, lang: str) -> RefusalWords:
    """The stored refusal ``code: detail`` (or a bare code) in *lang* (``zh_CN`` or ``en``)."""
    en = lang == "en"
    code, sep, rest = stored.partition(":")
    code = code.strip()
    if code not in REASON_WORDS:
        zh_word, en_word = UNKNOWN_REASON
        if en:  # the server's own words, whole
            return RefusalWords(en_word, stored.strip())
        return RefusalWords(f"{zh_word}（{code}）" if _CODE.fullmatch(code) else zh_word, "")
    word = REASON_WORDS[code][1 if en else 0]
    return RefusalWords(word, _detail(code, rest.strip() if sep else "", en))


def _detail(code: str, detail: str, en: bool) -> str:
    if not detail:
        return ""
    if en:
        return detail
    if code == protocol.STALE_REVISION:
        held = protocol.held_revision(detail)
        return f"服务器持有第 {held} 版" if held is not None else ""
    known = KNOWN_DETAILS.get(detail)
    if known is not None:
        return known[0]
    m = _FIELD.match(detail)
    if m:  # a payload reader's problem: the field name is data, the English explanation is not
        return f"字段 {m.group(1)} 有误"
    return ""
