"""What ``xunren-server`` says, in Chinese (default) or English (``XUNREN_LANG=en``).

``say(key, **values)``: one message in the operator's language, from :data:`MESSAGES`
(a ``(zh, en)`` pair per key). Help texts are written in English inside :func:`T` and found in
:data:`HELP_ZH` in a Chinese session; argparse's own words go through :func:`install`. A test
runs every subcommand's ``--help`` in both languages and forbids English words in the Chinese.
"""

from __future__ import annotations

import os
from typing import Any

from app.core import argparse_words

MESSAGES: dict[str, tuple[str, str]] = {
    "serving": ("正在 {url} 提供服务", "serving on {url}"),
    "plain_http": ("拒绝在 {host} 上以明文 HTTP 提供服务：请在前面加一层 TLS 代理（见 server/README.md），"
                   "或使用 --allow-insecure-http",
                   "refusing plain HTTP on {host}: put a TLS proxy in front (see server/README.md) "
                   "or pass --allow-insecure-http"),
    "workers_need_postgresql": ("--workers 大于 1 时需要 PostgreSQL 数据库", "--workers above 1 needs PostgreSQL"),
    "with_worker_one_process": (
        "--with-worker 在一个进程内运行比对：使用 --workers 时请另行运行 xunren-server worker",
        "--with-worker runs matching in one process: with --workers run `xunren-server worker`",
    ),
    "bad_db_url": ("数据库地址应以 postgresql:// 或 sqlite:/// 开头",
                   "database URL must start with postgresql:// or sqlite:///"),
    "bad_public_url": ("公开地址 {url} 不是 http(s) 地址", "the public address {url} is not an http(s) address"),
    "public_url_https": ("公开地址必须使用 https（家属的回执会打开它）",
                         "the public address must be https (families' receipts open it)"),
    "db_folder_missing": ("SQLite 数据库所在的目录 {folder} 不存在：请先建立该目录",
                          "the folder {folder} of the SQLite database does not exist; make it first"),
    "would_overwrite_database": ("拒绝写入 {target}：会覆盖服务器的数据库 {name}",
                                 "refusing to write {target}: it would overwrite the server's database {name}"),
    "would_overwrite_bundle_keys": ("拒绝写入 {target}：会覆盖服务器的同步包密钥文件 {name}",
                                    "refusing to write {target}: it would overwrite the server's bundle key file {name}"),
    "would_overwrite_screening_key": (
        "拒绝写入 {target}：会覆盖服务器的离线索引签名密钥文件 {name}",
        "refusing to write {target}: it would overwrite the server's screening key file {name}",
    ),
    "key_file_damaged": ("服务器的同步包密钥文件 {file} 已损坏：请从备份恢复该文件（不会另建新密钥）",
                         "the server's bundle key file {file} is damaged: restore it from a backup "
                         "(no new key is made)"),
    "database_unusable": ("数据库无法使用（{kind}）", "the database cannot be used ({kind})"),
    "station_revoked": ("工作站 {code} 已吊销（只能用 station readmit {code} 撤销吊销）",
                        "Station {code} revoked (undo only with `station readmit {code}`)."),
    "station_rotated": ("工作站 {code} 的凭据已作废。一次性登记令牌（{days} 天内有效）：",
                        "Station {code} credential ended. One-time enrolment token (valid {days} days):"),
    "station_readmitted": ("工作站 {code} 已重新接纳。一次性登记令牌（{days} 天内有效）：",
                           "Station {code} re-admitted. One-time enrolment token (valid {days} days):"),
    "operator_added": ("操作员 {name} 已创建。访问令牌（只显示这一次）：",
                       "Operator {name} created. Bearer token (shown once):"),
    "operator_revoked": ("操作员 {name} 已吊销。", "Operator {name} revoked."),
    "bundle_imported": ("已导入工作站 {station} 的同步包：答复 {changes} 项变更（应用 {applied}，拒绝 {refused}；"
                        "重复导入的答复与前次相同）。",
                        "Bundle from station {station}: {changes} changes answered ({applied} applied, "
                        "{refused} refused; repeats answer as before)."),
    "bundle_witness_refused": (
        "审计链头被拒绝（{reason}）：已向全国操作员发出警报。",
        "Audit chain head refused ({reason}): an alert was raised for the national operator.",
    ),
    "answer_written": ("给工作站 {station} 的答复已写入 {file}。", "Answer for station {station} written to {file}."),
    "new_epoch": ("新纪元 {epoch}：各工作站将重新发送本服务器丢失的数据。",
                  "New epoch {epoch}: stations will resend what this server lost."),
    "revision": ("修订 {n}", "rev {n}"),
    "samples": ("样本 {n}", "samples {n}"),
    "alert": ("警报", "ALERT"),
    "event": ("事件", "event"),
    "file_missing": ("文件不存在：{file}", "no such file: {file}"),
    "file_denied": ("没有权限读写文件：{file}", "permission denied: {file}"),
    "file_is_folder": ("这是一个目录，不是文件：{file}", "this is a folder, not a file: {file}"),
    "disk_full": ("磁盘空间不足：{file}", "the disk is full: {file}"),
    "file_problem": ("无法读写文件 {file}（操作系统错误 {code}）", "cannot read or write {file} (system error {code})"),
    "station_added": ("工作站 {code} 已登记。一次性登记令牌（{days} 天内有效）：",
                      "Station {code} registered. One-time enrolment token (valid {days} days):"),
    "package_written": ("登记包已写入 {file}：请将其拷入 U 盘送到工作站。",
                        "Enrolment package written to {file}: take it to the station on a USB stick."),
    "weak_package_kdf": ("警告：测试用弱密钥派生已开启（XUNREN_TEST_WEAK_KDF=1）：刚写入的包口令几乎不受保护，切勿交给真实工作站",
                         "WARNING: the test-only weak key derivation is on (XUNREN_TEST_WEAK_KDF=1): the package "
                         "just written barely protects its passphrase; never give it to a real station"),
    "rebuild_package_written": ("重建包已写入 {file}（记录 {records} 项，照片 {photos} 张）：请将其拷入 U 盘送到工作站，"
                                "工作站在登记时选用该文件并勾选重建。",
                                "Rebuild package written to {file} ({records} records, {photos} photos): take it to "
                                "the station on a USB stick; it enrols and rebuilds with xunren enroll --file FILE "
                                "--rebuild."),
    "rebuild_needs_package": ("--rebuild 须与 --package 同用：重建包写入其指定的文件",
                              "--rebuild needs --package FILE: the rebuild package is written there"),
    "package_passphrase": ("登记包口令（只显示这一次，请通过电话告知工作站，不要与 U 盘放在一起）：{passphrase}",
                           "Package passphrase (shown this once; read it to the station by phone, never "
                           "keep it with the stick): {passphrase}"),
    "no_referrals": ("没有协查请求", "no referral"),
    "referral_row": ("{number}  案件 {case_no}  {from_station} 请 {to_station} 协查：{asked}  {where}  最近一步 {last}",
                     "{number}  case {case_no}  {from_station} asked {to_station}: {asked}  {where}  last step {last}"),
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


# Help texts: the English (as written in the parser) -> the Chinese.
HELP_ZH: dict[str, str] = {
    "the offline national index's signing key": "全国离线索引的签名密钥",
    "replace the signing key (lost, or known to someone else); stations follow at their next sync":
        "更换签名密钥（密钥丢失或可能泄露）；各派出所在下一次同步时随之更换",
    "why the key is replaced (kept)": "更换密钥的原因（留存备查）",
    "the screening key file (env XUNREN_SCREENING_KEY)": "离线索引签名密钥文件（环境变量 XUNREN_SCREENING_KEY）",
    "the signing key's rotations": "签名密钥的更换记录",
    "Xunren national server": "寻人全国服务器",
    "postgresql://… or sqlite:///… (env XUNREN_SERVER_DB)": "数据库地址：postgresql://… 或 sqlite:///…（环境变量 XUNREN_SERVER_DB）",
    "print machine-readable JSON": "输出机器可读的 JSON",
    "the server's bundle key file (env XUNREN_BUNDLE_KEYS)": "服务器的同步包密钥文件（环境变量 XUNREN_BUNDLE_KEYS）",
    "run the HTTP API": "运行 HTTP 接口服务",
    "the address to listen on": "监听的地址",
    "the port to listen on": "监听的端口",
    "server processes (PostgreSQL only)": "服务进程数（仅限 PostgreSQL）",
    "plain HTTP on a non-loopback address": "允许在非本机回环地址上使用明文 HTTP",
    "TLS proxies trusted for X-Forwarded-For": "可信的 TLS 代理地址（用于 X-Forwarded-For 请求头）",
    "log each request (logs receipt codes: avoid)": "记录每个请求（会记下回执查询码，尽量不用）",
    "the https address families reach (env XUNREN_SERVER_PUBLIC_URL)": "家属访问的 https 地址（环境变量 XUNREN_SERVER_PUBLIC_URL）",
    "enrol or revoke stations": "登记或吊销工作站",
    "register a station; prints its enrolment token": "登记工作站，并显示其登记令牌",
    "the station's 9-digit code": "9 位工作站代码",
    "the station's name": "工作站名称",
    "also write an offline enrolment package for the USB stick": "同时写出离线登记包，用 U 盘送到工作站",
    "with --package: put in every record the server holds of the station (a lost disk)":
        "与 --package 同用：包内附上服务器保存的该站全部记录（用于硬盘损毁后重建）",
    "revoke a station": "吊销工作站",
    "end the station's credential now; prints a token to enrol again": "立即作废工作站凭据，并显示重新登记用的令牌",
    "lift a revocation; prints a token to enrol again": "撤销吊销，并显示重新登记用的令牌",
    "alerts (refused audit heads) and events of the stations": "各工作站的警报（被拒绝的审计链头）与事件",
    "only this station": "只看此工作站",
    "national operators": "国家平台操作员",
    "create an operator; prints their token": "创建操作员，并显示其访问令牌",
    "revoke an operator's token": "吊销操作员的访问令牌",
    "the operator's name": "操作员名称",
    "run background jobs (national matching)": "运行后台任务（全国比对）",
    "missing-child alerts: delivery and acknowledgement": "儿童走失预警：送达与确认",
    "every alert, per station reached": "列出每条预警及其送达的各派出所",
    "only alerts in this state": "只列出处于此状态的预警",
    "referrals between stations": "工作站之间的协查请求",
    "every referral: case, stations, request, state, last step": "列出每条协查请求：案件、请求方与被请求方、协查事项、状态、最近一步",
    "only referrals this station sent or was asked": "只看此工作站发出或收到的协查请求",
    "only referrals in this state": "只列出处于此状态的协查请求",
    "run background jobs (national matching); `worker status`: the lag": "运行后台任务（全国比对）；worker status：积压情况",
    "status: queued jobs and each worker's position": "status：排队的任务与各比对进程的进度",
    "with status: one JSON object": "与 status 同用：输出一个 JSON 对象",
    "run national matching inside this process (one machine)": "在本进程内运行全国比对（单机安装）",
    "run the due jobs, then exit": "运行到期的任务后退出",
    "seconds between looks for jobs": "查看新任务的间隔秒数",
    "national case register": "全国案件登记",
    "list the cases the server holds": "列出服务器保存的案件",
    "national candidate matches": "全国比对候选",
    "list the national candidate matches": "列出全国比对候选",
    "after restoring a backup: new epoch, stations resend": "从备份恢复之后：开始新纪元，各工作站重新发送数据",
    "the USB path": "U 盘同步",
    "apply a station's sealed bundle": "导入工作站加密签名的同步包",
    "the station's bundle": "工作站的同步包",
    "write a station's sealed answer": "写出给工作站的加密签名答复",
    "the station answered": "答复的工作站",
    "the answer file to write": "要写出的答复文件",
    "print the public key stations enrol with (--bundle-key)": "显示工作站登记时使用的公钥（--bundle-key）",
    "publication of found children": "公开发布寻亲儿童",
    "requests waiting and published children": "待审批的申请与已公开的儿童",
    "only these states (repeatable)": "只列出这些状态（可重复）",
    "the operator deciding (default: the system user)": "作出决定的操作员（默认：当前系统用户）",
    "publish a requested child": "公开发布已申请的儿童",
    "the number gallery list shows, or the reference (XR-…)": "gallery list 显示的编号，或对外编号（XR-…）",
    "why (default: the station's legal basis)": "理由（默认：工作站提供的法律依据）",
    "take a child off the gallery now": "立即从寻亲库撤下儿童",
    "why it is withdrawn": "撤下的理由",
}  # fmt: skip


def T(english: str) -> str:
    """A help text in the operator's language (English as written when no Chinese is known,
    which the help test forbids)."""
    return english if lang() == "en" else HELP_ZH.get(english, english)


def install() -> None:
    """argparse's own words in the operator's language, for the life of the process."""
    argparse_words.install(english=lang() == "en")


def file_problem(exc: OSError) -> str:
    """A file the command could not use, in the operator's words (never the OS's English)."""
    import errno

    file = exc.filename or "?"
    key = {errno.ENOENT: "file_missing", errno.EACCES: "file_denied", errno.EPERM: "file_denied",
           errno.EISDIR: "file_is_folder", errno.ENOSPC: "disk_full"}.get(exc.errno or 0, "file_problem")  # fmt: skip
    return say(key, file=file, code=errno.errorcode.get(exc.errno or 0, type(exc).__name__))


def lang() -> str:
    """``en`` when XUNREN_LANG asks for English, else ``zh``."""
    return "en" if os.environ.get("XUNREN_LANG", "").lower().startswith("en") else "zh"


def say(key: str, **values: Any) -> str:
    zh, en = MESSAGES[key]
    return (en if lang() == "en" else zh).format(**values)


_AUDIT_REASONS: dict[str, tuple[str, str]] = {
    "shortened": ("链被截短", "shortened"),
    "rewritten": ("链被改写", "rewritten"),
    "unknown_restore_point": ("声明的恢复点从未确认", "unknown restore point"),
}


def audit_reason(reason: str) -> str:
    """A witness refusal's reason code in the user's language (an unknown code as it is)."""
    words = _AUDIT_REASONS.get(reason)
    if words is None:
        return reason
    return words[1] if lang() == "en" else words[0]
