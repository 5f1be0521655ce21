"""Problems a user can cause, and their one-line wording in Chinese and English.

The core names a problem by a code and the field it concerns; the words are chosen at the edge
(CLI, UI) in the user's language. A problem's text never carries the offending value when that
value may be sensitive (ID numbers, passwords): it names the field and says what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

# code → (zh_CN, en); ``{…}`` placeholders are filled from Problem.params.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("必填项缺失", "is required"),
    "unknown_field": ("不是可识别的字段", "is not a known field"),
    "wrong_type": ("类型错误，应为{expected}", "has the wrong type: expected {expected}"),
    "bad_enum": ("取值无效，可选：{allowed}", "is not valid; choose one of: {allowed}"),
    "bad_datetime": ("不是带时区的 ISO 8601 时间", "is not an ISO 8601 time with an offset"),
    "bad_date": ("不是有效日期（YYYY-MM-DD）", "is not a valid date (YYYY-MM-DD)"),
    "future": ("不能晚于当前时间", "lies in the future"),
    "too_early": ("早于 {min}，不合理", "is before {min}, which is not plausible"),
    "too_long": ("超过 {max} 个字符", "is longer than {max} characters"),
    "empty_text": ("不能为空", "must not be empty"),
    "control_chars": ("含有控制字符", "contains control characters"),
    "range_shape": ("应为两个数 [最小, 最大]", "must be two numbers [min, max]"),
    "range_order": ("范围颠倒：最小值大于最大值", "is reversed: the minimum is greater than the maximum"),
    "range_bounds": ("超出合理范围 {lo}–{hi}", "is outside the plausible range {lo}–{hi}"),
    "id_length": ("应为 18 位（17 位数字加校验位）", "must have 18 characters (17 digits and a check digit)"),
    "id_check_digit": ("校验位错误", "has a wrong check digit"),
    "id_region": ("地区码无效", "has an invalid region code"),
    "id_birth_date": ("出生日期无效", "has an invalid birth date"),
    "id_sex_mismatch": ("与身份证号码中的性别不符", "does not match the sex in the ID number"),
    "id_birth_mismatch": ("与身份证号码中的出生日期不符", "does not match the birth date in the ID number"),
    "place_code": ("不是现行 GB/T 2260 县级行政区划代码", "is not a current GB/T 2260 county-level code"),
    "phone": ("不是有效电话号码", "is not a valid phone number"),
    "station_code": (
        "应为 9 位数字，前 6 位为现行县级行政区划代码",
        "must be 9 digits whose first 6 are a current county-level code",
    ),
    "person_role": ("角色与案件类型不符", "has a role that does not fit the case type"),
    "no_subject": ("至少需要一名{role}", "needs at least one person with role {role}"),
    "after_report": ("晚于报案时间", "is later than the report time"),
    "birth_after_event": ("出生日期晚于事件时间", "is after the event time"),
    "both_age_and_birth": (
        "出生日期与估计年龄只能填一个",
        "give either a birth date or an estimated age, not both",
    ),
    "bad_locus": ("不是可识别的 STR 基因座", "is not a known STR locus"),
    "bad_allele": ("等位基因应为 1–99 的数值（可带 .1–.3）", "must be allele numbers 1–99 (.1–.3 allowed)"),
    "empty_array": ("至少需要一项", "needs at least one entry"),
    "duplicate": ("重复", "is repeated"),
    "json": ("不是有效的 JSON：第 {line} 行第 {col} 列", "is not valid JSON: line {line}, column {col}"),
    "encoding": ("不是 UTF-8 编码", "is not UTF-8 encoded"),
    "password_short": ("密码至少需要 {min} 个字符", "must have at least {min} characters"),
    "username": (
        "只能含字母、数字、汉字及 . _ -，长度 1–32",
        "may hold only letters, digits, CJK and . _ - (1–32)",
    ),
    "consent_required": ("未取得同意，不能采集样本", "no consent: the sample cannot be taken"),
    # issue 15: a lab's STR results imported in bulk (app/core/labimport.py, sample import)
    "csv_encoding": ("文件不是 UTF-8 或 GBK 编码", "the file is neither UTF-8 nor GBK encoded"),
    "csv_empty": ("文件中没有分型结果", "the file holds no typing results"),
    "csv_no_sample": ("第 {line} 行：缺少样本编号", "line {line}: no sample number"),
    "csv_bad_locus": (
        "第 {line} 行：“{locus}”不是可识别的 STR 基因座",
        'line {line}: "{locus}" is not a known STR locus',
    ),
    "csv_bad_allele": (
        "第 {line} 行：{locus} 的等位基因应为 1–99 的数值（可带 .1–.3）",
        "line {line}: the alleles of {locus} must be numbers 1–99 (.1–.3 allowed)",
    ),
    "csv_repeated_locus": (
        "第 {line} 行：样本 {sample} 的 {locus} 重复且结果不同",
        "line {line}: sample {sample} has {locus} twice with different alleles",
    ),
    "csv_no_loci": (
        "第 {line} 行起：样本 {sample} 没有可导入的基因座",
        "from line {line}: sample {sample} has no locus that can be imported",
    ),
    "csv_unknown_sample": ("第 {line} 行：没有样本 {sample}", "line {line}: there is no sample {sample}"),
    "csv_off_ladder": (
        "第 {line} 行：样本 {sample} 的 {locus} 为阶梯外（OL）等位基因，该基因座未导入，请分析人员判读",
        "line {line}: sample {sample} {locus} has an off-ladder (OL) allele; that locus was not imported, "
        "the analyst must size it",
    ),
    "csv_three_alleles": (
        "第 {line} 行：样本 {sample} 的 {locus} 有第三个等位基因，该基因座未导入",
        "line {line}: sample {sample} {locus} has a third allele; that locus was not imported",
    ),
    # issue 12: what Python's JSON reader lets through but no case file may hold
    "json_too_deep": ("嵌套超过 {max} 层，不是有效的案件文件", "is nested more than {max} levels deep"),
    "number_too_long": ("数字超过 {max} 位", "is a number of more than {max} digits"),
    "not_finite": ("不是有限数值（NaN 或 Infinity）", "is not a finite number (NaN or Infinity)"),
    "bad_text": ("含有无效字符（单独的代理项）", "holds an invalid character (a lone surrogate)"),
    # issue 13: descriptive words, places of their time, what intake needs
    "bad_word": ("无法识别，可写：{examples}", "is not understood; write for example: {examples}"),
    "place_retired": (
        "区划代码在 {day} 已停用（{name}）",
        "was withdrawn before {day} ({name})",
    ),
    "type_change": ("案件类别不能更改", "the case type cannot be changed"),
    "no_removal": ("不能删除已登记的人员或样本", "a registered person or sample cannot be removed"),
    "new_sample": ("新样本请用 sample add 登记", "a new sample is added with sample add"),
    "empty_patch": ("没有要更改的内容", "changes nothing"),
}

# Words for the ``expected`` of a wrong_type problem.
EXPECTED: dict[str, tuple[str, str]] = {
    "object": ("对象", "an object"),
    "string": ("文本", "a string"),
    "array": ("数组", "an array"),
    "true/false": ("true 或 false", "true or false"),
    'index or "reporter"': ('人员序号或 "reporter"', 'a person index or "reporter"'),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: the field's path (``persons[0].id_number``) and a code."""

    field: str
    code: str
    params: dict[str, object] = dataclass_field(default_factory=dict)

    def text(self, lang: str = "zh_CN") -> str:
        zh, en = MESSAGES[self.code]
        english = lang.startswith("en")
        template = en if english else zh
        params = {k: _in(v, english) for k, v in self.params.items()}
        if self.code == "wrong_type" and isinstance(params.get("expected"), str):
            params["expected"] = _in(EXPECTED.get(str(params["expected"]), params["expected"]), english)
        body = template.format(**params) if params else template
        where = self.field or ("file" if lang.startswith("en") else "文件")
        return f"{where}: {body}"


def _in(value: object, english: bool) -> object:
    """A parameter given in both languages as ``(zh, en)`` becomes the one wanted."""
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[1] if english else value[0]
    return value


class InvalidInput(ValueError):
    """Raised with every problem found; ``str()`` gives the first in Chinese."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(problems[0].text() if problems else "invalid input")

    def text(self, lang: str = "zh_CN") -> str:
        return self.problems[0].text(lang)
