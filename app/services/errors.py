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
    "own_void": ("作废申请须由另一名所长批准", "a void request must be approved by another supervisor"),
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
    return None
