"""What ``xunren-server`` says, in Chinese (default) or English (``XUNREN_LANG=en``).

``say(key, **values)``: one message in the operator's language, from :data:`MESSAGES`
(a ``(zh, en)`` pair per key). Help texts are written in English inside :func:`T` and found in
:data:`HELP_ZH` in a Chinese session; argparse's own words go through :func:`install`. A test
runs every subcommand's ``--help`` in both languages and forbids English words in the Chinese.
"""

from __future__ import annotations

import os
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    "station_added": ("工作站 {code} 已登记。一次性登记令牌（{days} 天内有效）：",
                      "Station {code} registered. One-time enrolment token (valid {days} days):"),
    "package_written": ("登记包已写入 {file}：请将其拷入 U 盘送到工作站。",
                        "Enrolment package written to {file}: take it to the station on a USB stick."),
    "package_passphrase": ("登记包口令（只显示这一次，请通过电话告知工作站，不要与 U 盘放在一起）：{passphrase}",
                           "Package passphrase (shown this once; read it to the station by phone, never "
                           "keep it with the stick): {passphrase}"),
}  # fmt: skip


# Refusals (server.services.errors.Refused) by reason code, filled from the command's arguments.
REFUSALS: dict[str, tuple[str, str]] = {
    "bad_station_code": ("工作站代码应为 9 位数字", "a station code is 9 digits"),
    "bad_station_name": ("工作站名称应为 1 至 200 个字符", "a station name is 1 to 200 characters"),
    "revoked": ("工作站 {code} 已被吊销：请用 station readmit {code} 重新接纳",
                "station {code} was revoked: re-admit it with `station readmit {code}`"),
    "not_revoked": ("工作站 {code} 未被吊销：请用 station rotate {code}",
                    "station {code} is not revoked: use `station rotate {code}`"),
    "unknown_station": ("没有工作站 {code}", "there is no station {code}"),
    "station_unknown": ("没有工作站 {station}", "there is no station {station}"),
    "bad_operator_name": ("操作员名称应为 1 至 100 个字符", "an operator name is 1 to 100 characters"),
    "operator_exists": ("操作员 {name} 已存在", "operator {name} already exists"),
    "unknown_operator": ("没有操作员 {name}", "there is no operator {name}"),
    "no_bundle_yet": ("尚未导入过工作站 {station} 的同步包：先导入，才能写出答复",
                      "no bundle from station {station} has been imported yet"),
}  # fmt: skip

# Why a station's bundle was refused, by the English detail the service gives.
BUNDLE_REFUSALS: dict[str, str] = {
    "not a Xunren sync bundle": "这不是寻人同步包",
    "not a Xunren sync bundle (damaged or another file)": "文件已损坏或不是同步包",
    "the signature does not match: the bundle was changed or forged": "签名不符：同步包被改动过或不是该工作站制作的",
    "the bundle cannot be decrypted: it is not addressed to us or was changed": "无法解密：同步包不是发给本服务器的，或已被改动",
    "the inner station differs from the header": "同步包内外注明的工作站不一致",
    "the station's credential is not valid": "工作站的凭据无效：请为该工作站重新登记",
    "the credential belongs to another station": "凭据属于另一个工作站",
    "the enrolment token belongs to another station": "登记令牌属于另一个工作站",
    "the enrolment token is unknown, used or expired: ask the operator for a new package":
        "登记令牌无效、已用过或已过期：请国家平台操作员重新制作登记包",
}  # fmt: skip


def refusal(reason: str, detail: str, values: dict[str, Any]) -> str:
    """A refusal in the operator's language; an unknown one names its code (never English words
    inside the Chinese line)."""
    en = lang() == "en"
    if reason == "bundle_refused":
        why = detail.removeprefix("bundle refused: ")
        zh = BUNDLE_REFUSALS.get(why) or (
            "同步包方向不对：此处需要工作站写出的同步包" if why.startswith("this is a") else None
        )
        return f"bundle refused: {why}" if en else f"同步包被拒绝：{zh or '无法核验（' + reason + '）'}"
    words = REFUSALS.get(reason)
    if words is None:
        return detail if en else f"服务器拒绝了此操作（{reason}）"
    try:
        return (words[1] if en else words[0]).format(**values)
    except (KeyError, IndexError):
        return detail if en else f"服务器拒绝了此操作（{reason}）"


def lang() -> str:
    """``en`` when XUNREN_LANG asks for English, else ``zh``."""
    return "en" if os.environ.get("XUNREN_LANG", "").lower().startswith("en") else "zh"


def say(key: str, **values: Any) -> str:
    zh, en = MESSAGES[key]
    return (en if lang() == "en" else zh).format(**values)
