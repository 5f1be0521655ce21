"""Every word the public pages and the operator's console show, in Chinese (default) and English.

``say(key, lang, **values)``: the text in the page's language. A key missing here fails the
tests (each template's keys are checked against this table in both languages).
"""

from __future__ import annotations

LANGS = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    # shared
    "site": ("寻人 · 全国打拐寻亲平台", "Xunren · national family tracing"),
    "switch_lang": ("English", "中文"),
    "nav.check": ("回执查询", "Receipt check"),
    "nav.gallery": ("寻亲儿童", "Found children"),
    "footer": (
        "本页面由公安机关寻人系统提供。紧急情况请拨打 110。",
        "Run by the police's Xunren system. In an emergency call 110.",
    ),  # fmt: skip
    "error.title": ("无法完成请求", "The request could not be completed"),
    "error.bad_form": (
        "表单无法读取（内容过长或编码不正确），请重新填写。",
        "The form could not be read (too long or wrongly encoded); please fill it in again.",
    ),  # fmt: skip
    "error.not_found": (
        "没有这个页面，或这名儿童已不在寻亲库中。",
        "There is no such page, or this child is no longer in the gallery.",
    ),  # fmt: skip
    "error.rate": (
        "请求过于频繁，请 {minutes} 分钟后再试。",
        "Too many requests; please try again in {minutes} minutes.",
    ),
    "back": ("返回", "Back"),
    # receipt check
    "check.title": ("报案回执查询", "Check a police receipt"),
    "check.intro": (
        "输入回执上的 16 位查询码（可带连字符），即可查询案件是否已登记及其大致进展。不会显示任何个人信息。",
        "Type the 16-character code printed on the receipt (hyphens are fine) to learn whether the "
        "case is registered and roughly how far it is. No personal details are shown.",
    ),  # fmt: skip
    "check.label": ("查询码", "Verification code"),
    "check.hint": ("例如 7KQ4-M2XD-9HTR-C3WP", "for example 7KQ4-M2XD-9HTR-C3WP"),
    "check.submit": ("查询", "Check"),
    "check.result": ("查询结果", "Result"),
    "check.unknown": (
        "没有找到与此查询码对应的已登记案件。请核对回执上的查询码；如有疑问，请致电办案派出所。",
        "No registered case matches this code. Check the code on the receipt; if in doubt, call "
        "the police station that gave it.",
    ),  # fmt: skip
    "check.registered": ("案件已登记，等待处理。", "The case is registered and waiting to be handled."),
    "check.in_progress": ("案件已登记，正在办理中。", "The case is registered and being worked on."),
    "check.closed": ("案件已办结。", "The case is closed."),
    "check.again": ("查询其他查询码", "Check another code"),
    # gallery
    "gallery.title": ("寻亲儿童", "Found children looking for their families"),
    "gallery.intro": (
        "这些儿童由公安机关发现或解救，尚未找到家人。如果您认出其中一名儿童，请拨打所示电话，"
        "并说出编号；也可以在儿童页面留言。",
        "These children were found or rescued by the police and their families have not been found. "
        "If you recognise a child, call the number shown and quote the reference, or leave a message "
        "on the child's page.",
    ),  # fmt: skip
    "filter.title": ("筛选", "Filter"),
    "filter.province": ("发现地（省份）", "Found in (province)"),
    "filter.any_province": ("全部省份", "All provinces"),
    "filter.sex": ("性别", "Sex"),
    "filter.any_sex": ("不限", "Any"),
    "filter.age_from": ("发现时年龄（岁）从", "Age when found (years) from"),
    "filter.age_to": ("到", "to"),
    "filter.apply": ("筛选", "Apply"),
    "gallery.count": ("共 {total} 名儿童", "{total} children"),
    "gallery.none": ("没有符合条件的儿童。", "No child matches these filters."),
    "gallery.page": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "gallery.prev": ("上一页", "Previous"),
    "gallery.next": ("下一页", "Next"),
    "sex.M": ("男", "boy"),
    "sex.F": ("女", "girl"),
    "sex.U": ("性别不详", "sex unknown"),
    "child.photo_alt": ("编号 {reference} 的儿童照片", "Photo of the child with reference {reference}"),
    "child.reference": ("编号", "Reference"),
    "child.sex": ("性别", "Sex"),
    "child.age": ("发现时估计年龄", "Estimated age when found"),
    "child.age_value": ("{low}–{high} 岁", "{low}–{high} years"),
    "child.age_one": ("{low} 岁", "{low} years"),
    "child.age_unknown": ("不详", "unknown"),
    "child.found": ("发现时间、地点", "Found on, in"),
    "child.phone": ("联系电话（办案派出所）", "Call (the police station)"),
    "child.more": ("详情与留言", "Details and message"),
    "child.title": ("寻亲儿童 {reference}", "Found child {reference}"),
    "child.call": (
        "如果您认识这个孩子，请拨打 {phone}，并说出编号 {reference}。",
        "If you know this child, call {phone} and quote the reference {reference}.",
    ),  # fmt: skip
    # tips
    "tip.title": ("我可能认识这个孩子", "I may know this child"),
    "tip.intro": (
        "您的留言会送到负责这名儿童的派出所，民警会与您联系。请勿提交与此无关的内容。",
        "Your message goes to the police station caring for this child; an officer will contact you. "
        "Please send nothing unrelated.",
    ),  # fmt: skip
    "tip.name": ("您的姓名（可不填）", "Your name (optional)"),
    "tip.phone": ("您的电话", "Your phone number"),
    "tip.message": ("您知道的情况", "What you know"),
    "tip.message_hint": (
        "例如：孩子可能是谁、家在哪里、您在哪里见过他/她（最多 {max} 字）",
        "For example: who the child may be, where the family lives, where you saw the child "
        "(at most {max} characters)",
    ),  # fmt: skip
    "tip.submit": ("提交", "Send"),
    "tip.sent": (
        "谢谢！您的留言已送达办案派出所。",
        "Thank you. Your message has been passed to the police station.",
    ),
    "tip.bad.message": ("请填写您知道的情况。", "Please write what you know."),
    "tip.bad.phone": (
        "请填写有效的电话号码（数字，可含 + - 空格）。",
        "Please give a valid phone number (digits, with + - or spaces).",
    ),  # fmt: skip
    "tip.bad.too_long": ("内容过长：最多 {max} 字。", "Too long: at most {max} characters."),
    # console
    "console.title": ("全国运维控制台", "National operator's console"),
    "console.login": ("登录", "Log on"),
    "console.token": ("运维令牌", "Operator token"),
    "console.token_hint": ("由 xunren-server operator add 生成", "made by xunren-server operator add"),
    "console.bad_token": ("令牌无效或已吊销。", "The token is not valid or was revoked."),
    "console.logout": ("退出", "Log off"),
    "console.signed_in": ("已登录：{name}", "Logged on as {name}"),
    "console.alerts": ("审计链见证告警", "Audit-witness alerts"),
    "console.no_alerts": ("没有告警。", "No alerts."),
    "console.events": ("工作站事件", "Station events"),
    "console.when": ("时间（UTC）", "When (UTC)"),
    "console.station": ("工作站", "Station"),
    "console.kind": ("类型", "Kind"),
    "console.detail": ("详情", "Detail"),
    "console.worker": ("全国比对任务", "National matching worker"),
    "console.queued": ("排队任务", "Jobs queued"),
    "console.oldest": ("最早排队任务已等待", "Oldest queued job waiting"),
    "console.failed": ("失败任务", "Jobs failed"),
    "console.last_done": ("最近完成", "Last finished"),
    "console.seconds": ("{n} 秒", "{n} s"),
    "console.never": ("从未", "never"),
    "console.stations": ("各工作站最近同步", "Each station's last sync"),
    "console.station_name": ("名称", "Name"),
    "console.last_sync": ("最近同步（UTC）", "Last sync (UTC)"),
    "console.revoked": ("已吊销", "revoked"),
    "console.gallery": ("寻亲库公开申请", "Gallery publication requests"),
    "console.no_requests": ("没有待审批的申请。", "No request is waiting."),
    "console.published": ("已公开 {n} 名儿童", "{n} children published"),
    "console.case": ("案件", "Case"),
    "console.requested": ("申请人、时间", "Requested by, at"),
    "console.basis": ("法律依据", "Legal basis"),
    "console.photo": ("照片", "Photo"),
    "console.photo_pending": ("照片尚未送达", "photo not received yet"),
    "console.approve": ("批准公开", "Approve"),
    "console.withdraw": ("撤下", "Withdraw"),
    "console.reason": ("理由", "Reason"),
    "console.done.approved": ("已批准公开 {reference}。", "{reference} is published."),
    "console.done.withdrawn": ("已撤下 {reference}。", "{reference} was withdrawn."),
    "console.refused": ("未能执行：{why}", "Not done: {why}"),
    "console.match_decisions": ("比对结论冲突", "Conflicting match decisions"),
    "console.no_conflicts": ("没有两站结论不一致的配对。", "No pair on which two stations disagree."),
    "console.conflict_pair": ("配对（失踪 ↔ 发现）", "Pair (missing ↔ found)"),
    "console.conflict_score": ("相似度 {score}", "score {score}"),
    "console.conflict_stations": ("各站结论", "Each station's decision"),
    "console.conflict_updated": ("最近结论（UTC）", "Last decided (UTC)"),
    "console.decision.confirmed": ("确认", "confirmed"),
    "console.decision.rejected": ("排除", "rejected"),
    "console.decision.reunited": ("已团聚", "reunited"),
    "console.decision.potential": ("待定", "undecided"),
    "console.alert_delivery": ("预警送达与确认", "Alert delivery and acknowledgement"),
    "console.no_child_alerts": ("目前没有失踪儿童预警。", "No missing-child alert."),
    "console.alert_case": ("案件、发布站", "Case, from station"),
    "console.alert_state": ("状态", "State"),
    "console.alert_state.active": ("生效", "active"),
    "console.alert_state.cancelled": ("已撤销", "cancelled"),
    "console.alert_radius": ("半径", "Radius"),
    "console.km": ("{n} 公里", "{n} km"),
    "console.alert_registered": ("登记（UTC）", "Registered (UTC)"),
    "console.alert_reach": ("送达 / 已确认", "Delivered / acknowledged"),
    "console.alert_stations": ("各站送达与确认", "Per station"),
    "console.alert_station_row": (
        "{station}：{km} 公里，{radius} 公里时送达 {at}",
        "{station}: {km} km, reached at {radius} km on {at}",
    ),
    "console.alert_acked": ("已确认：{who}", "acknowledged: {who}"),
    "console.alert_not_acked": ("未确认", "not acknowledged"),
    "console.to_referrals": ("工作站之间的协查请求", "Referrals between stations"),
    "console.back": ("返回控制台", "Back to the console"),
    "console.referrals": ("工作站之间的协查请求", "Referrals between stations"),
    "console.referrals_about": (
        "每条协查请求一行，按最近一步排列；不显示协查内容、民警姓名和案件材料。",
        "One row per referral, the latest step first; no note, no officer's name, nothing of the case file.",
    ),
    "console.referral_station": ("工作站代码（发出或收到）", "Station code (sent or asked)"),
    "console.referral_state": ("状态", "State"),
    "console.referral_any_state": ("全部状态", "any state"),
    "console.referral_filter": ("筛选", "Filter"),
    "console.referral_bad_station": ("工作站代码应为 9 位数字。", "A station code is 9 digits."),
    "console.referral_number": ("编号", "Number"),
    "console.referral_case": ("案件编号", "Case number"),
    "console.referral_from": ("请求方", "Asked by"),
    "console.referral_to": ("被请求方", "Asked of"),
    "console.referral_request": ("协查事项", "Request"),
    "console.referral_last": ("最近一步（UTC）", "Last step (UTC)"),
    "console.referral_count": ("共 {n} 条", "{n} shown"),
    "console.no_referrals": ("没有符合条件的协查请求。", "No referral matches."),
}

REASONS: dict[str, tuple[str, str]] = {
    "gallery_not_requested": ("该条目不在待审批状态", "the entry is not waiting for approval"),
    "gallery_case_not_open": ("案件已结案或作废", "the case is closed or void"),
    "gallery_station_revoked": ("该工作站已被吊销", "the station was revoked"),
    "gallery_photo_missing": ("照片尚未送达服务器，请等待该站同步", "the photo has not reached the server; wait for the station to sync"),
    "unknown_gallery_entry": ("没有这个条目", "there is no such entry"),
    "cross_site": ("请求来自其他网站，已拒绝", "the request came from another site and was refused"),
}  # fmt: skip


def lang_of(value: str | None) -> str:
    """``en`` when asked for, else Chinese."""
    return "en" if (value or "").lower().startswith("en") else "zh"


def say(key: str, lang: str, **values: object) -> str:
    zh, en = WORDS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def reason(code: str, lang: str) -> str:
    zh, en = REASONS.get(code, (code, code))
    return en if lang == "en" else zh
