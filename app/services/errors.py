"""Errors a user can cause, worded for them in Chinese or English.

The CLI prints ``error.text(lang)`` as its one line; the UI shows it beside the field or in a
message box. Messages never carry passwords, keys or ID numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from app.core.problems import InvalidInput

MESSAGES: dict[str, tuple[str, str]] = {
    "no_station": (
        "此处没有工作站数据：请先运行 init（数据目录：{path}）",
        "no station here: run init first (data folder: {path})",
    ),
    "station_exists": (
        "此数据目录已有工作站，不能重复初始化",
        "this data folder already holds a station; refusing to initialise again",
    ),
    "slots_missing": (
        "密钥槽文件缺失：无法打开数据库，请从备份恢复",
        "the key-slot file is missing: the database cannot be opened; restore from a backup",
    ),
    "slots_damaged": (
        "密钥槽文件已损坏或被改动：请从备份恢复",
        "the key-slot file is damaged or was tampered with: restore from a backup",
    ),
    "database_missing": (
        "数据库文件缺失：请从备份恢复（不会新建空库）",
        "the database file is missing: restore from a backup (no empty database is created)",
    ),
    "database_damaged": (
        "数据库无法打开：文件损坏或密钥不符",
        "the database cannot be opened: the file is damaged or does not match its keys",
    ),
    "bad_logon": (
        "用户名或密码错误（15 分钟内还可尝试 {left} 次）",
        "wrong user name or password ({left} attempts left within 15 minutes)",
    ),
    "locked": (
        "账户已锁定（15 分钟内 5 次登录失败），请管理员执行 user unlock",
        "account locked after 5 failed logons within 15 minutes; an admin must run user unlock",
    ),
    "no_user": (
        "需要用户名：用 --user 或 XUNREN_USER 指定",
        "a user name is needed: give --user or set XUNREN_USER",
    ),
    "no_password": (
        "需要密码：设置 XUNREN_PASSWORD 或在终端输入",
        "a password is needed: set XUNREN_PASSWORD or type it at a terminal",
    ),
    "no_passphrase": (
        "需要登记包口令：设置 XUNREN_ENROL_PASSPHRASE 或在终端输入",
        "the package passphrase is needed: set XUNREN_ENROL_PASSPHRASE or type it at a terminal",
    ),
    "password_mismatch": ("两次输入的密码不一致", "the two passwords do not match"),
    "password_short": ("密码至少需要 {min} 个字符", "the password must have at least {min} characters"),
    "forbidden": ("权限不足：此操作需要{roles}角色", "not allowed: this needs the role {roles}"),
    "user_exists": ("用户 {user} 已存在", "user {user} already exists"),
    "user_unknown": ("没有用户 {user}", "there is no user {user}"),
    "user_self": ("不能删除当前登录的账户", "you cannot remove the account you are logged on with"),
    "last_admin": ("不能删除最后一名管理员", "the last admin cannot be removed"),
    "bad_username": (
        "用户名只能含字母、数字、汉字及 . _ -，长度 1–32",
        "user names may hold only letters, digits, CJK and . _ - (1–32)",
    ),
    "case_unknown": ("没有案件 {case_no}", "there is no case {case_no}"),
    "case_voided": ("案件 {case_no} 已作废", "case {case_no} is void"),
    "void_pending": (
        "案件 {case_no} 已有待批准的作废申请",
        "case {case_no} already has a void request waiting for approval",
    ),
    "reason_required": ("必须填写理由", "a reason is required"),
    "nothing_to_review": ("案件 {case_no} 没有待审核事项", "case {case_no} has nothing waiting for review"),
    "several_waiting": (
        "案件 {case_no} 有多项待审核事项（{items}），请写明事项编号",
        "several items wait for case {case_no} ({items}): name the item id",
    ),
    "reassign_same": ("不能把案件从 {user} 转给 {user} 本人", "cannot hand cases from {user} to {user}"),
    "overdue_rule_unknown": ("没有超期规则 {rule}", "there is no overdue rule {rule}"),
    "overdue_hours": (
        "超期时限“{value}”无效：请填写 1–8760 之间的整数小时数，或 off 关闭此规则",
        "overdue threshold “{value}” is not valid: give whole hours from 1 to 8760, or off",
    ),
    "own_item": (
        "事项 {item} 是您本人提交的，须由另一名所长或管理员审核",
        "item {item} is your own: another supervisor or admin must decide it",
    ),
    "recheck_not_returned": (
        "DNA 比中复核 {item} 不能退回：如比中有误，请在比对审核中否定该候选",
        "DNA re-check {item} cannot be returned: if the hit is wrong, reject the pair in the match review",
    ),
    "own_void": (
        "作废申请须由另一名所长或管理员批准",
        "a void request must be approved by another supervisor or admin",
    ),
    "file_unreadable": ("无法读取文件 {path}：{why}", "cannot read file {path}: {why}"),
    "file_unwritable": ("无法写入 {path}：{why}", "cannot write {path}: {why}"),
    "backup_bad": ("备份文件无效或已损坏：{why}", "the backup file is not valid or is damaged: {why}"),
    "backup_audit": (
        "备份中的审计链在第 {seq} 条断开，拒绝恢复",
        "the backup's audit chain is broken at entry {seq}; refusing to restore",
    ),
    "audit_broken": (
        "审计链在第 {seq} 条被破坏（{problem}）",
        "the audit chain is broken at entry {seq} ({problem})",
    ),
    "sample_unknown": ("没有样本 {sample_no}", "there is no sample {sample_no}"),
    "sample_status": (
        "样本 {sample_no} 已是“{status}”，状态只能向前推进",
        "sample {sample_no} is already {status}; its status only moves forward",
    ),
    "person_unknown": ("案件中没有此人：{ref}", "the case has no person {ref}"),
    "demo_count": ("案件数应为 1–1000000", "the number of cases must be 1–1,000,000"),
    # issue 15: relation-aware kinship
    "theta_range": (
        "亚群校正系数 θ 应在 0 到 {max} 之间",
        "the subpopulation correction θ must be between 0 and {max}",
    ),
    # ---- issue 12: station security and recovery --------------------------------------------
    "logon_state_damaged": (
        "登录状态文件 logon_state.json 已损坏：请管理员检查（账户锁定状态不会被忽略）",
        "the logon state file logon_state.json is damaged: an admin must check it (locks are not ignored)",
    ),
    "recovery_key_typo": (
        "恢复密钥有输入错误：应为 8 组、每组 4 个字符（不含 0、1、I、O），请逐组核对",
        "the recovery key has a typing error: 8 groups of 4 characters (no 0, 1, I or O); check each group",
    ),
    "recovery_key_wrong": (
        "恢复密钥不正确：它打不开本工作站（是否为另一工作站或已作废的恢复单？）",
        "the recovery key does not open this station (another station's, or a sheet that was replaced?)",
    ),
    "recover_not_admin": (
        "{user} 不是本工作站在用的管理员账户",
        "{user} is not an active administrator account of this station",
    ),
    "no_recovery_key": (
        "需要恢复密钥：设置 XUNREN_RECOVERY_KEY 或在终端输入",
        "the recovery key is needed: set XUNREN_RECOVERY_KEY or type it at a terminal",
    ),
    "restore_needs_yes": (
        "恢复将丢弃 {cases} 个案件和 {changes} 项未确认的变更：没有终端时请加 --yes 确认",
        "the restore drops {cases} and {changes}: without a terminal, confirm with --yes",
    ),
    "restore_cancelled": ("已取消恢复，没有做任何更改", "restore cancelled; nothing was changed"),
    "restore_other_store": (
        "这个备份属于另一个工作站数据库（{code}）：请恢复到一个空文件夹",
        "this backup belongs to another station store ({code}): restore it into an empty folder",
    ),
    "restore_backup_keys": (
        "备份制作后密钥已更换，当前密码打不开它：请改用制作备份时有效的恢复密钥（XUNREN_RECOVERY_KEY）",
        "the keys changed since this backup and today's password does not open it: use the recovery key "
        "valid when it was made (XUNREN_RECOVERY_KEY)",
    ),
    "backup_every": ("定时备份间隔应为 1–7 天（给出的是 {days}）", "backups run every 1–7 days (not {days})"),
    "audit_unwitnessed": (
        "审计链与服务器已确认的第 {seq} 条不符：审计链在确认之后被截短或改写",
        "the audit chain no longer holds entry {seq} as the server acknowledged it: it was cut short or rewritten",
    ),
    "logon_busy": (
        "另一次登录占用时间过长，请稍后再试",
        "another logon is taking too long; try again in a moment",
    ),
    "bad_argument": (
        "参数 {name} 不是有效的 UTF-8 文本",
        "the argument {name} is not valid UTF-8 text",
    ),
    "output_in_data_dir": (
        "拒绝写入 {path}：它位于工作站数据目录内，可能覆盖工作站自己的文件",
        "refusing to write {path}: it is inside the station's data folder and could overwrite its files",
    ),
    # issue 13: the life of a case after intake
    "review_item_unknown": ("没有待审核事项 {item}", "there is no waiting review item {item}"),
    "own_closure": (
        "结案申请须由申请人以外的所长批准",
        "a closure must be approved by a supervisor other than the one who asked",
    ),
    "case_state": (
        "案件 {case_no} 当前为“{status}”，不能进行此操作",
        "case {case_no} is {status}; this cannot be done now",
    ),
    "edit_forbidden": (
        "只有登记民警、承办民警或所长可以修改案件 {case_no}",
        "only the registering officer, the assigned officer or a supervisor may edit case {case_no}",
    ),
    "duplicate_case": (
        "疑似重复登记：{where}与已登记的案件 {existing} {why}相同；确认不是重复时请用 --allow-duplicate --reason 说明理由",
        "possible duplicate: {where} has the same {why} as case {existing}; if it is not one, "
        "use --allow-duplicate --reason to say why",
    ),
    "user_name_long": (
        "姓名或警号过长（最多 {max} 个字符）",
        "the name or badge number is too long (at most {max} characters)",
    ),
    "role_self": ("不能更改自己的角色", "you cannot change your own role"),
    "reason_long": ("理由过长（最多 {max} 个字符）", "the reason is too long (at most {max} characters)"),
    "password_wrong": ("原密码不正确", "the current password is not right"),
    "sample_custody_to": ("必须填写接收方", "say who receives the sample"),
}

# Values of a message given in both languages as (zh, en) are picked by the language shown.


class ServiceError(Exception):
    """A refusal the user can understand and act on.

    ``key`` names the message in ``messages`` (Chinese, English); a service with messages of its
    own subclasses this and sets ``messages``.
    """

    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "zh_CN") -> str:
        zh, en = self.messages[self.key]
        english = lang.startswith("en")
        params = {
            k: (v[1] if english else v[0]) if isinstance(v, tuple) and len(v) == 2 else v
            for k, v in self.params.items()
        }
        return (en if english else zh).format(**params)


def user_text(exc: BaseException, lang: str) -> str | None:
    """The one line to show for an error a user caused, or None for an internal fault."""
    if isinstance(exc, ServiceError | InvalidInput):
        return exc.text(lang)
    if type(exc).__name__ in ("LogonGuardError", "AccountLockedError"):
        return ServiceError(
            "logon_state_damaged" if type(exc).__name__ == "LogonGuardError" else "locked"
        ).text(lang)
    if damaged_store(exc):
        return ServiceError("database_damaged").text(lang)
    return None


_DAMAGE = ("malformed", "file is not a database", "disk i/o error", "integrity check")


def damaged_store(exc: BaseException) -> bool:
    """True for SQLCipher's answer to a damaged or altered page (a failed page HMAC), as it
    arrives from the driver or wrapped by SQLAlchemy: the station's file is damaged, which is
    for an administrator to repair from a backup, not an internal fault of the program."""
    cause = getattr(exc, "orig", None) or exc
    kind = type(cause)
    if not kind.__module__.startswith("sqlcipher3") and kind.__name__ != "WrongKeyError":
        return False
    return any(word in str(cause).lower() for word in _DAMAGE)
