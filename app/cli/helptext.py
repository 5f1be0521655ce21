"""`--help` and argparse's own words in the session's language.

The parser is written with English help texts wrapped in :func:`T`; in a Chinese session each is
looked up in :data:`ZH` (a missing entry shows the English text, which a test forbids). argparse's
own words ("usage:", "the following arguments are required: …") go through its ``gettext``
hook, which :func:`install` points at ``app.core.argparse_words`` for the life of the process.
"""

from __future__ import annotations

from app.core import argparse_words

_lang = "zh_CN"

ZH: dict[str, str] = {
    # issue 14: case transfers
    "case transfers to and from other stations": "与其他单位之间的案件移交",
    "ask for a case to be handed to another station": "申请将案件移交其他单位办理",
    "the receiving station's 9-digit code": "接收单位的 9 位代码",
    "why the case is transferred": "移交原因",
    "a supervisor approves a transfer (ID: from transfer list, or the case number)": "所长批准移交（ID：见 transfer list，或案件编号）",
    "transfers sent and received, open ones first": "移出和移入的案件移交（在办的在前）",
    "the receiving station's supervisor declines a transfer awaiting it (the case stays)": "接收单位所长拒绝接收待本单位批准的移交（案件不动）",
    "why the transfer is declined": "拒绝原因",
    "the sending station withdraws a transfer not yet accepted (the case stays)": "移出单位撤回尚未被接收的移交（案件不动）",
    "why the transfer is withdrawn": "撤回原因",
    # issue 14: missing-child alerts
    "missing-child alerts from the national server": "全国服务器发来的儿童走失预警",
    "alerts in force, newest first": "生效中的预警（最新的在前）",
    "cancelled alerts too": "同时列出已撤销的预警",
    "acknowledge an alert (ID: its case number)": "确认预警（ID：其案件编号）",
    # issue 14: referrals between stations
    "referrals: ask another station to act on a case, answer what others ask": "协查请求：请其他单位协助办理本所案件，答复其他单位的请求",
    "referrals sent from here and sent here, newest first, with every step": "本所发出和收到的协查请求（最新的在前），含每一步处理",
    "only this case's referrals": "只列出此案件的协查请求",
    "ask another station to act on one of this station's cases": "请其他单位协助办理本所的案件",
    "the 9-digit code of the station asked": "被请求单位的 9 位代码",
    "what the station is asked to do": "请对方做什么",
    "the kind of request: visit an address, take a relative's DNA sample, interview a witness, other": "请求类别：visit（走访地址）、dna_sample（采集亲属 DNA 样本）、interview（询问证人）、other（其他）",
    "answer a referral sent to this station (ID: as referral list shows it)": "答复发给本所的协查请求（ID：referral list 所列编号）",
    "the answer, or why it is declined": "答复内容，或拒绝的理由",
    "accept the referral (answer later)": "接受协查请求（稍后答复）",
    "decline the referral, with the reason": "拒绝协查请求，并说明理由",
    "寻人 Xunren — missing, found and trafficked persons register": "寻人 —— 失踪、被发现和被拐卖人员登记系统",
    "station data folder (default: XUNREN_DATA_DIR or the user data folder)": "工作站数据目录（默认：XUNREN_DATA_DIR 或用户数据目录）",
    "logon name (default: XUNREN_USER)": "登录用户名（默认：XUNREN_USER）",
    "print machine-readable JSON": "输出机器可读的 JSON",
    "set up a new station": "初始化新工作站",
    "the station's 9-digit code": "9 位单位代码",
    "the station's name": "单位名称",
    "the first admin's logon name": "首个管理员的登录名",
    "the station's phone, printed on every form": "单位电话，打印在每张表格上",
    "the station's address, printed on every form": "单位地址，打印在每张表格上",
    "accounts (admin)": "账户管理（管理员）",
    "add an account": "添加账户",
    "the role: officer, supervisor or admin": "角色：officer（民警）、supervisor（所长）或 admin（管理员）",
    "the officer's full name, printed on forms": "民警姓名，打印在表格上",
    "the officer's badge number, printed on forms": "警号，打印在表格上",
    "list the accounts": "列出账户",
    "change your own password, or (admin) set another user's": "修改本人密码，或（管理员）重设他人密码",
    "change a user's role (admin)": "更改用户角色（管理员）",
    "lift a lockout": "解除锁定",
    "remove an account (rotates the data key)": "删除账户（轮换数据密钥）",
    "the case register": "案件登记",
    "register cases from a JSON file": "从 JSON 文件登记案件",
    "register even though a case on file looks the same (give --reason)": "即使与已登记案件相似也登记（须用 --reason 说明）",
    "why: the duplicate that is not one, or the edit, closure, reopening or void": "理由：不是重复登记的说明，或修改、结案、重新立案、作废的原因",
    "show one case": "查看案件",
    "list cases": "列出案件",
    "only cases in this status": "只列出此状态的案件",
    "only cases of this type": "只列出此类别的案件",
    "only cases that break an overdue rule": "只列出超期案件",
    "only cases this officer answers for": "只列出此民警承办的案件",
    "only the cases you answer for": "只列出本人承办的案件",
    "the station's overdue rules": "本所的超期规则",
    "the ISO week of the weekly report (default: the last)": "每周工作报告的 ISO 周（默认：上一周）",
    "each rule, its threshold and its count": "列出各项规则、时限及超期案件数",
    "set a rule's threshold (supervisor)": "设置规则的时限（所长）",
    "hand every active case of one officer to another (supervisor)": "将一名民警的全部在办案件转给另一名民警（所长）",
    "edit a case (PATCH in the case file's shape)": "修改案件（PATCH 为案件文件格式）",
    "ask for a case to be closed (a supervisor approves)": "申请结案（须所长批准）",
    "how the case ended": "结案方式",
    "reopen a closed case": "重新立案（已结案的案件）",
    "ask for a case to be voided": "申请作废案件",
    "assign a case (supervisor)": "分配案件（所长）",
    "supervisor review": "所长审核",
    "what waits for review": "待审核事项",
    "approve review items (an item id, or a case number)": "批准待审核事项（事项编号或案件编号）",
    "return with a comment": "退回并说明意见",
    "the comment the officer reads": "给民警的审核意见",
    "DNA samples": "DNA 样本",
    "record a DNA sample (prints its number)": "登记 DNA 样本（输出样本编号）",
    "the station's settings": "工作站设置",
    "show the station's settings": "查看工作站设置",
    "change a station setting (admin)": "更改工作站设置（管理员）",
    "the subpopulation correction θ of DNA kinship, 0 to 0.05 (default 0.01)": "DNA 亲缘比对的亚群校正系数 θ，0 至 0.05（默认 0.01）",
    "enter the lab's STR profile": "录入实验室 STR 分型结果",
    "record a hand-over of a sample": "登记样本交接",
    "a lab's STR results in bulk (all or nothing)": "批量导入实验室 STR 分型结果（全部导入或全部不导入）",
    "forgotten admin password: open the station with the recovery key": "忘记管理员密码：用恢复密钥打开工作站",
    "the administrator whose password is set anew": "要重设密码的管理员",
    "replace the station without asking (no terminal)": "不经询问直接替换工作站（无终端时）",
    "who receives the sample": "接收方",
    'a note on the hand-over ("lab" sends it to the lab)': "交接备注（写 lab 或 送检 表示送实验室）",
    "search by number, name, pinyin, initials, ID number, phone": "按编号、姓名、拼音、首字母、身份证号、电话搜索",
    "the audit chain": "审计链",
    "check the whole audit chain": "核验整条审计链",
    "enrol this station with the national server (admin)": "向全国服务器注册本工作站（管理员）",
    "the national server's address (https://…)": "全国服务器地址（https://…）",
    "the one-time enrolment token from the national operator": "国家平台操作员给出的一次性登记令牌",
    "enrol offline from a package on a USB stick (passphrase: XUNREN_ENROL_PASSPHRASE or prompt)": "用 U 盘上的登记包离线登记（口令：XUNREN_ENROL_PASSPHRASE 或在终端输入）",
    "the server's USB bundle key (xunren-server bundle key)": "服务器的 U 盘数据包公钥（xunren-server bundle key）",
    "allow plain http to another machine": "允许以明文 http 连接其他机器",
    "a station that lost its disk: rebuild the register of this fresh station from the server"
    " (with --file: from a rebuild package)": (
        "丢失硬盘的工作站：从服务器重建这个新建工作站的登记册（与 --file 同用：从重建包重建）"
    ),
    "push then pull; prints counts": "先上传后下载；显示条数",
    "waiting / sent / failed, with reasons": "待发送 / 已发送 / 被拒绝及原因",
    "write the USB bundle (encrypted, signed)": "写出 U 盘数据包（加密并签名）",
    "apply the server's USB bundle": "导入服务器的 U 盘数据包",
    "write an encrypted backup": "写出加密备份",
    "restore a backup (checked before anything is replaced)": "恢复备份（替换前先核验）",
    "fill a fresh station with realistic demo cases": "为新工作站生成演示案件",
    "missing ↔ found candidates, and their review": "失踪与被发现人员的比对候选及其审核",
    "why a candidate is rejected (required for reject)": "否定候选的理由（reject 时必填）",
    "print a form as PDF": "将表格输出为 PDF",
    "the PDF file to write": "要写出的 PDF 文件",
    "receiving station (transfer form)": "接收单位（移交单）",
}


def T(english: str) -> str:
    """A help text in the session's language."""
    return english if _lang == "en" else ZH.get(english, english)


def install(lang: str) -> None:
    """Use *lang* for help texts and argparse's messages from now on (this process)."""
    global _lang
    _lang = "en" if lang.startswith("en") else "zh_CN"
    argparse_words.install(english=_lang == "en")
