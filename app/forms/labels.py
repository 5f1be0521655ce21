"""Every printed word of the forms, in Simplified Chinese and English.

One table, both languages side by side, so a label added in one language cannot be forgotten in
the other (a test checks both columns are filled). ``t(key, lang)`` picks the column; any
language other than English gets Chinese, the default of the interface.
"""

from __future__ import annotations

from enum import StrEnum

from app.core import words

LABELS: dict[str, tuple[str, str]] = {
    # Titles
    "title.intake.missing": ("失踪人员登记表", "Missing Person Intake Record"),
    "title.intake.found": ("发现人员登记表", "Found Person Intake Record"),
    "title.intake.trafficking": ("拐卖案件登记表", "Trafficking Incident Intake Record"),
    "title.receipt": ("报案回执", "Report Receipt"),
    "title.dna": ("DNA样本采集登记及知情同意书", "DNA Sample Collection and Consent Form"),
    "title.poster": ("寻人启事", "MISSING PERSON"),
    "title.transfer": ("案件摘要及移交单", "Case Summary and Transfer Form"),
    "title.caseload": ("案件工作量统计报表", "Caseload Report"),
    "title.recovery": ("数据恢复密钥单", "Recovery Key Sheet"),
    # Title block and running header / footer
    "station": ("单位", "Station"),
    "station_code": ("单位代码", "Station code"),
    "station_phone": ("联系电话", "Station phone"),
    "station_address": ("单位地址", "Station address"),
    "case_no": ("案件编号", "Case number"),
    "date": ("日期", "Date"),
    "printed": ("打印日期", "Printed"),
    "officer": ("登记民警", "Officer"),
    "page": ("第 {n} 页 共 {total} 页", "Page {n} of {total}"),
    "continued": ("（续）", "(cont.)"),
    "none": ("无", "none"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "cm": ("厘米", "cm"),
    "years": ("岁", "years"),
    # Case
    "sec.case": ("案件信息", "Case"),
    "type": ("案件类别", "Case type"),
    "status": ("案件状态", "Status"),
    "review": ("审核状态", "Review"),
    "revision": ("版本", "Revision"),
    "assigned_to": ("承办民警", "Assigned to"),
    "created_at": ("登记时间", "Registered at"),
    "reported_at": ("报案时间", "Reported at"),
    "event.missing": ("最后见到时间", "Last seen at"),
    "event.found": ("发现时间", "Found at"),
    "event.trafficking": ("案发时间", "Incident at"),
    "place.missing": ("最后见到地点", "Last seen place"),
    "place.found": ("发现地点", "Found place"),
    "place.trafficking": ("案发地点", "Incident place"),
    "place_code": ("地点区划代码", "Place code (GB/T 2260)"),
    "exploitation": ("剥削形式", "Exploitation"),
    "contact": ("联系方式", "Contact"),
    "summary": ("简要案情", "Summary"),
    "void_reason": ("撤销原因", "Void reason"),
    # Persons
    "sec.reporter": ("报案人", "Reporter"),
    "sec.person": ("涉案人员 {n}：{role}", "Person {n}: {role}"),
    "name": ("姓名", "Name"),
    "former_names": ("曾用名", "Former names"),
    "nicknames": ("小名/绰号", "Nicknames"),
    "self_reported": ("姓名为本人自述", "Name self-reported"),
    "sex": ("性别", "Sex"),
    "birth_date": ("出生日期", "Date of birth"),
    "estimated_age": ("估计年龄", "Estimated age"),
    "id_number": ("公民身份号码", "ID number"),
    "height": ("身高", "Height"),
    "build": ("体型", "Build"),
    "marks": ("体貌特征/标记", "Distinguishing marks"),
    "clothing": ("衣着", "Clothing"),
    "dialect": ("口音/方言", "Dialect"),
    "statement": ("陈述", "Statement"),
    "origin": ("籍贯/来源地", "Origin"),
    "household_address": ("户籍地址", "Household address"),
    "address": ("现住址", "Address"),
    "phone": ("电话", "Phone"),
    "relation": ("与当事人关系", "Relation"),
    "samples": ("DNA样本", "DNA samples"),
    # Samples
    "sec.sample": ("样本 {n}", "Sample {n}"),
    "donor": ("采样对象", "Donor"),
    "role": ("身份", "Role"),
    "sample_no": ("样本编号", "Sample number"),
    "sample_type": ("样本类型", "Sample type"),
    "collected_at": ("采集时间", "Collected at"),
    "collector": ("采集人", "Collected by"),
    "consent": ("本人/监护人同意", "Consent given"),
    "sample_status": ("样本状态", "Sample status"),
    "note": ("备注", "Note"),
    "profile": ("STR分型", "STR profile"),
    "profile_fmt": ("{kit}，{n} 个基因座", "{kit}, {n} loci"),
    "pending": ("待检", "pending"),
    "custody": ("样本流转记录（保管链）", "Chain of custody"),
    "custody.at": ("交接时间", "Time"),
    "custody.from": ("移交方", "From"),
    "custody.to": ("接收方", "To"),
    "custody.purpose": ("用途", "Purpose"),
    "custody.by": ("记录人", "Recorded by"),
    "consent_text": (
        "本人已被告知：采集本人（或被监护人）的DNA样本，仅用于查找失踪人员、识别被拐卖及被发现人员的身份"
        "并与相关人员进行亲缘比对；样本及检验结果由公安机关按规定保管，不作其他用途；本人可随时询问样本的"
        "使用情况。本人自愿提供上述样本。",
        "I have been told that the DNA sample taken from me (or from the person in my care) will be "
        "used only to search for missing persons, to identify trafficked or found persons, and to "
        "compare kinship with persons concerned; the sample and its results are kept by the police "
        "under the rules and used for nothing else; I may ask at any time how the sample is used. "
        "I give this sample of my own free will.",
    ),
    "sig.donor": ("采样对象（或监护人）签名", "Donor (or guardian) signature"),
    "sig.collector": ("采集人签名", "Collector signature"),
    "sig.witness": ("见证人签名", "Witness signature"),
    "sig.officer": ("登记民警签名", "Officer signature"),
    "sig.reporter": ("报案人签名", "Reporter signature"),
    "sig.from": ("移交人签名", "Handed over by"),
    "sig.to": ("接收人签名", "Received by"),
    "sig.keeper": ("保管人签名", "Keeper signature"),
    "sig.date": ("日期", "Date"),
    # Receipt
    "sec.registered": ("登记内容", "What was registered"),
    "subjects": ("当事人", "Persons concerned"),
    "sec.next": ("后续工作", "What happens next"),
    "next.1": (
        "民警将核实所报情况，并将信息录入公安机关查找系统，与全国范围内的登记信息进行比对。",
        "Officers will check the report and enter it in the police search system, where it is "
        "compared with records from across the country.",
    ),
    "next.2": (
        "如需采集亲属DNA样本，民警会与您联系；采样免费。",
        "If a relative's DNA sample is needed, an officer will contact you; sampling is free.",
    ),
    "next.3": (
        "有新线索或联系方式变更时，请拨打本单位电话 {phone} 并说明案件编号。",
        "If you learn anything new or your contact details change, call the station on {phone} "
        "and give the case number.",
    ),
    "next.4": (
        "凭下方查询码可查询本案是否已登记及大致进展；查询码请妥善保管，勿告知无关人员。",
        "The verification code below lets you check that the case is registered and its coarse "
        "status; keep it safe and do not share it.",
    ),
    "sec.code": ("查询码", "Verification code"),
    "code_hint": (
        "查询时输入上方查询码（不区分大小写，短横线可省略），或扫描二维码。",
        "Type the characters above (case and hyphens do not matter) or scan the QR code.",
    ),
    "check_where": ("也可在 {url} 输入查询码", "or type it at {url}"),  # issue 18
    # Poster
    "age_now": ("现年龄", "Age now"),
    "age_lost": ("走失时年龄", "Age when lost"),
    "no_photo": ("（暂无照片）", "(no photo)"),
    "poster.appeal": (
        "如有知情者或见到此人，请立即与我们联系。",
        "If you have seen this person or know anything, please contact us at once.",
    ),
    "poster.contact": ("联系单位：{station}  电话：{phone}", "Contact: {station}  Phone: {phone}"),
    # Transfer
    "sec.transfer": ("移交信息", "Transfer"),
    "from_station": ("移交单位", "From station"),
    "to_station": ("接收单位", "To station"),
    "transfer_date": ("移交日期", "Transfer date"),
    "transfer_reason": ("移交原因", "Reason"),
    "sec.subjects": ("当事人情况", "Persons concerned"),
    "sec.others": ("其他相关人员", "Other persons"),
    "sec.samples": ("DNA样本情况", "DNA samples"),
    # Recovery sheet
    "sec.key": ("恢复密钥", "Recovery key"),
    "recovery.created": ("生成时间", "Created at"),
    "recovery.what": (
        "此密钥用于在忘记全部管理员密码或更换电脑时恢复本单位的加密数据库。没有此密钥，数据将无法恢复。",
        "This key restores the station's encrypted database when every administrator password is "
        "lost or the computer is replaced. Without it the data cannot be recovered.",
    ),
    "recovery.keep": (
        "请将本单密封后存放于保险柜，由两名人员共同见证；不得拍照、复印或录入任何电脑。"
        "如怀疑密钥泄露，请立即由管理员更换密钥并销毁本单。",
        "Seal this sheet and keep it in a safe, witnessed by two people; never photograph, copy "
        "or type it into any computer. If the key may have been seen, have an administrator "
        "replace it at once and destroy this sheet.",
    ),
    # Caseload
    "generated_at": ("生成时间", "Generated at"),
    "sec.by_status": ("按状态统计", "By status"),
    "sec.by_type": ("按类别统计", "By case type"),
    "sec.by_officer": ("按民警统计（在办）", "By officer (open cases)"),
    "sec.open_list": ("在办案件清单", "Open cases"),
    "count": ("数量", "Count"),
    "total": ("合计", "Total"),
    "days_open": ("已办天数", "Days"),
    "type_short": ("类别", "Type"),
    "names": ("当事人", "Persons"),
    "unassigned": ("（未分配）", "(unassigned)"),
    "sec.instructions": ("注意事项", "Instructions"),
    "sec.signatures": ("签字确认", "Signatures"),
    "sig.stamp": ("（单位盖章）", "(Station seal)"),
}


def is_english(lang: str) -> bool:
    return lang.lower().startswith("en")


def colon(lang: str) -> str:
    """The colon after a label: full-width in Chinese, ASCII and a space in English."""
    return ": " if is_english(lang) else "："


def paren(text: str, lang: str) -> str:
    """``text`` in brackets: full-width in Chinese, ASCII with a space before in English."""
    return f" ({text})" if is_english(lang) else f"（{text}）"


def t(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
    text = LABELS[key][1 if is_english(lang) else 0]
    return text.format(**values) if values else text


def enum(value: object, lang: str) -> str:
    """The printed word for an enum member (app.core.words; falls back to its raw value)."""
    if isinstance(value, StrEnum) and type(value) in words.WORDS:
        return words.of(value, lang)
    return str(getattr(value, "value", value))


def relation(value: str, lang: str) -> str:
    """A person's relation in words (``mother`` → 母亲); free text is printed verbatim."""
    return words.relation(value, lang)
