"""argparse's own words ("usage:", "the following arguments are required: …") in Chinese, for
both command lines (``xunren`` and ``xunren-server``, which may not import the station's CLI).

:func:`install` points argparse's ``gettext`` hook at :data:`ARGPARSE_ZH` (or leaves the English)
for the life of the process.
"""

from __future__ import annotations

import argparse

# Python 3.11's argparse.py, as its gettext hook asks for them.
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "invalid %(type)s value: %(value)r": "无效的数值：%(value)r",  # type is int or float: no English
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可能指 %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def install(*, english: bool) -> None:
    """Use English (argparse's own) or Chinese words for argparse's messages from now on."""

    def gettext(message: str) -> str:
        return message if english else ARGPARSE_ZH.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
