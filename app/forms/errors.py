"""The one error a caller can cause by asking for a form: the form does not fit the case."""

from __future__ import annotations

from app.core.model import CaseType
from app.forms.labels import enum, is_english

# Why a form does not apply, in both languages; {kind} is the case type in that language.
REASONS: dict[str, tuple[str, str]] = {
    "poster_not_missing": (
        "寻人启事只适用于失踪人员案件（被发现人员案件打印寻亲启事），本案为{kind}案件",
        "a missing-person poster applies only to missing-person cases (a found-person case prints a "
        "found-person notice); this is a {kind} case",
    ),
    "poster_no_subject": (
        "本案没有登记失踪人员，无法制作寻人启事",
        "the case has no missing person to put on a poster",
    ),
    "dna_no_sample": ("本案尚未登记DNA样本，无法打印样本采集单", "the case has no DNA sample on record"),
}


class FormNotApplicable(Exception):
    """A form was asked for a case it does not fit (a poster for a trafficking incident).

    ``str(exc)`` carries both languages; ``exc.text(lang)`` gives the one the user reads.
    """

    def __init__(self, form: str, reason: str, *, kind: CaseType | None = None) -> None:
        self.form = form
        self.reason = reason
        zh, en = REASONS[reason]
        self.zh = zh.format(kind=enum(kind, "zh_CN") if kind else "")
        self.en = en.format(kind=enum(kind, "en") if kind else "")
        super().__init__(f"{self.zh} / {self.en}")

    def text(self, lang: str) -> str:
        """The message in the user's language."""
        return self.en if is_english(lang) else self.zh
