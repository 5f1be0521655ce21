<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountsWindow</name>
    <message>
        <source>Accounts and station</source>
        <translation>账户与单位信息</translation>
    </message>
    <message>
        <source>Logon name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>重设密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Change r&amp;ole…</source>
        <translation>更改角色(&amp;O)…</translation>
    </message>
    <message>
        <source>My &amp;name and badge…</source>
        <translation>我的姓名和警号(&amp;N)…</translation>
    </message>
    <message>
        <source>Change &amp;my password…</source>
        <translation>修改我的密码(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Save station details</source>
        <translation>保存单位信息(&amp;S)</translation>
    </message>
    <message>
        <source>Station (printed on every form)</source>
        <translation>单位信息（打印在每张表格上）</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>That could not be done</source>
        <translation>操作未能完成</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <source>Password (at least 10 characters)</source>
        <translation>密码（至少 10 个字符）</translation>
    </message>
    <message>
        <source>Account %1 added</source>
        <translation>已添加账户 %1</translation>
    </message>
    <message>
        <source>Account %1 removed</source>
        <translation>已删除账户 %1</translation>
    </message>
    <message>
        <source>Account %1 unlocked</source>
        <translation>已解锁账户 %1</translation>
    </message>
    <message>
        <source>New password for %1</source>
        <translation>%1 的新密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Password of %1 reset</source>
        <translation>已重设 %1 的密码</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>%1 的角色</translation>
    </message>
    <message>
        <source>Role of %1 changed</source>
        <translation>已更改 %1 的角色</translation>
    </message>
    <message>
        <source>My name and badge number</source>
        <translation>我的姓名和警号</translation>
    </message>
    <message>
        <source>Saved; forms print them from now on</source>
        <translation>已保存，此后表格将打印姓名和警号</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>原密码</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>密码已修改</translation>
    </message>
    <message>
        <source>Station details saved</source>
        <translation>单位信息已保存</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>The station administrator&apos;s account. Officers get their own accounts later.</source>
        <translation>工作站管理员账户。民警的账户稍后各自建立。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>再次输入密码(&amp;R)：</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The account is ready.</source>
        <translation>账户信息已填好。</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message numerus="yes">
        <source>Missing-child alerts waiting for your acknowledgement: %n</source>
        <translation>
            <numerusform>等待您确认的儿童走失预警：%n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the alerts…</source>
        <translation>查看预警…</translation>
    </message>
</context>
<context>
    <name>AlertCard</name>
    <message>
        <source>boy</source>
        <translation>男</translation>
    </message>
    <message>
        <source>girl</source>
        <translation>女</translation>
    </message>
    <message>
        <source>sex unknown</source>
        <translation>性别不详</translation>
    </message>
    <message>
        <source>%1 years old</source>
        <translation>%1岁</translation>
    </message>
    <message>
        <source>%1–%2 years old</source>
        <translation>%1–%2岁</translation>
    </message>
    <message>
        <source>No photo yet</source>
        <translation>暂无照片</translation>
    </message>
    <message>
        <source>Last seen: %1 (%2), %3</source>
        <translation>最后出现：%1（%2），%3</translation>
    </message>
    <message>
        <source>%1 km from this station · case %2</source>
        <translation>距本站 %1 公里 · 案件 %2</translation>
    </message>
    <message>
        <source>Call the owning station: %1  %2</source>
        <translation>请联系立案单位：%1  %2</translation>
    </message>
    <message>
        <source>(no phone given)</source>
        <translation>（未登记电话）</translation>
    </message>
    <message>
        <source>Clothing: %1</source>
        <translation>衣着：%1</translation>
    </message>
    <message>
        <source>Marks: %1</source>
        <translation>体貌特征：%1</translation>
    </message>
    <message>
        <source>&amp;Acknowledge: I have seen this alert</source>
        <translation>我已知悉此预警(&amp;A)</translation>
    </message>
    <message>
        <source>Cancelled: the child was found or the case was closed</source>
        <translation>已撤销：孩子已找到或案件已结案</translation>
    </message>
    <message>
        <source>Acknowledged by: %1</source>
        <translation>已确认：%1</translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message>
        <source>Missing-child alerts</source>
        <translation>儿童走失预警</translation>
    </message>
    <message>
        <source>Show cancelled alerts too</source>
        <translation>同时显示已撤销的预警</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reading alerts…</source>
        <translation>正在读取预警…</translation>
    </message>
    <message numerus="yes">
        <source>Alerts waiting for your acknowledgement: %n. Look out for the child; call the owning station with anything you learn.</source>
        <translation>
            <numerusform>等待您确认的预警：%n 条。请留意走失儿童；如有线索，请立即联系立案单位。</numerusform>
        </translation>
    </message>
    <message>
        <source>No missing-child alert is in force.</source>
        <translation>当前没有生效的儿童走失预警。</translation>
    </message>
    <message>
        <source>Alert %1 acknowledged at %2; the national server learns it with the next sync.</source>
        <translation>已于 %2 确认预警 %1；下次同步时报送全国服务器。</translation>
    </message>
    <message>
        <source>Recording the acknowledgement…</source>
        <translation>正在记录确认…</translation>
    </message>
    <message>
        <source>The alerts could not be read</source>
        <translation>无法读取预警</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>&amp;Assign</source>
        <translation>分配(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Officer</source>
        <translation>承办民警(&amp;O)</translation>
    </message>
</context>
<context>
    <name>BackupWatch</name>
    <message>
        <source>Never backed up</source>
        <translation>从未备份</translation>
    </message>
    <message>
        <source>Last backup %1 days ago</source>
        <translation>上次备份在 %1 天前</translation>
    </message>
    <message>
        <source>An administrator chooses a folder for daily backups under Station ▸ Scheduled backups…</source>
        <translation>管理员可在“工作站 ▸ 定时备份…”中选择每日备份的文件夹</translation>
    </message>
    <message>
        <source>Only an administrator can schedule backups.</source>
        <translation>只有管理员可以设置定时备份。</translation>
    </message>
    <message>
        <source>Folder for daily backups</source>
        <translation>每日备份的文件夹</translation>
    </message>
    <message>
        <source>Exporting and encrypting the database…</source>
        <translation>正在导出并加密数据库……</translation>
    </message>
    <message>
        <source>Daily backups go to %1</source>
        <translation>每日备份将写入 %1</translation>
    </message>
    <message>
        <source>; one was made now.</source>
        <translation>；已立即备份一次。</translation>
    </message>
    <message>
        <source>Scheduled backups</source>
        <translation>定时备份</translation>
    </message>
    <message>
        <source>Checking the folder…</source>
        <translation>正在检查文件夹……</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份……</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>Last seen</source>
        <translation>最后出现</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>案发</translation>
    </message>
    <message>
        <source>Requested, waiting for a national operator</source>
        <translation>已申请，等待全国操作员审批</translation>
    </message>
    <message>
        <source>Published in the national gallery</source>
        <translation>已在全国寻亲展示中公开</translation>
    </message>
    <message>
        <source>Withdrawn from the gallery</source>
        <translation>已从寻亲展示撤下</translation>
    </message>
    <message>
        <source>Removed: the case was closed or voided</source>
        <translation>已因结案或作废撤下</translation>
    </message>
    <message>
        <source>national operator %1</source>
        <translation>全国操作员 %1</translation>
    </message>
    <message>
        <source>this station: %1</source>
        <translation>本站 %1</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（姓名不详）</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Reported at</source>
        <translation>报案时间</translation>
    </message>
    <message>
        <source>Exploitation</source>
        <translation>剥削形式</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>报案人</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>简要案情</translation>
    </message>
    <message>
        <source>Void reason</source>
        <translation>作废理由</translation>
    </message>
    <message>
        <source>Review comment</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>National gallery</source>
        <translation>全国寻亲展示</translation>
    </message>
    <message>
        <source>(as the person says)</source>
        <translation>（本人自述）</translation>
    </message>
    <message>
        <source>Nicknames</source>
        <translation>小名</translation>
    </message>
    <message>
        <source>Former names</source>
        <translation>曾用名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Estimated age</source>
        <translation>估计年龄</translation>
    </message>
    <message>
        <source>years</source>
        <translation>岁</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>身高</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>体型</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>方言口音</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>自述来处</translation>
    </message>
    <message>
        <source>Household registration</source>
        <translation>户籍地</translation>
    </message>
    <message>
        <source>Current address</source>
        <translation>现住址</translation>
    </message>
    <message>
        <source>Distinguishing marks</source>
        <translation>体表特征</translation>
    </message>
    <message>
        <source>Clothing</source>
        <translation>衣着</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>陈述</translation>
    </message>
    <message>
        <source>DNA samples</source>
        <translation>DNA样本</translation>
    </message>
</context>
<context>
    <name>CaseDetailPane</name>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Void…</source>
        <translation>作废(&amp;V)…</translation>
    </message>
    <message>
        <source>Candidate matches</source>
        <translation>比对候选</translation>
    </message>
    <message>
        <source>Missing/found candidates for this case, with reasons (Ctrl+Shift+M)</source>
        <translation>本案的失踪/寻获比对候选及理由（Ctrl+Shift+M）</translation>
    </message>
    <message>
        <source>Refer to another station…</source>
        <translation>请求其他单位协查…</translation>
    </message>
    <message>
        <source>Ask another station to act on this case: visit an address, take a relative&apos;s DNA sample, interview a witness</source>
        <translation>请其他单位协助办理本案：走访地址、采集亲属 DNA 样本、询问证人</translation>
    </message>
    <message>
        <source>Add p&amp;hoto…</source>
        <translation>添加照片(&amp;H)…</translation>
    </message>
    <message>
        <source>Photo of</source>
        <translation>照片：</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>DNA samples</source>
        <translation>DNA 样本</translation>
    </message>
    <message>
        <source>History</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Choose a case in the list to see it here.</source>
        <translation>请在左侧列表中选择案件，在此查看详情。</translation>
    </message>
    <message>
        <source>Opening the case…</source>
        <translation>正在打开案件…</translation>
    </message>
    <message>
        <source>The case could not be opened</source>
        <translation>无法打开案件</translation>
    </message>
    <message>
        <source>Void requested; a supervisor must approve it</source>
        <translation>已申请作废，须由所长批准</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Changes saved as a new revision</source>
        <translation>修改已保存为新版本</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <source>Photo added</source>
        <translation>已添加照片</translation>
    </message>
    <message>
        <source>Withdraw from the gallery…</source>
        <translation>撤回寻亲库公开…</translation>
    </message>
    <message>
        <source>Publish in the gallery…</source>
        <translation>申请公开到寻亲库…</translation>
    </message>
    <message>
        <source>Reference %1, asked by %2</source>
        <translation>编号 %1，由 %2 申请</translation>
    </message>
    <message>
        <source>Only supervisors and admins ask to publish</source>
        <translation>只有所长和管理员可以申请公开</translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message>
        <source>exact spot: street, building, landmark</source>
        <translation>具体地点：街道、建筑、标志物</translation>
    </message>
    <message>
        <source>how to reach the family or reporter</source>
        <translation>如何联系家属或报案人</translation>
    </message>
    <message>
        <source>This report has a reporter</source>
        <translation>本案有报案人</translation>
    </message>
    <message>
        <source>&amp;Add person</source>
        <translation>添加人员(&amp;A)</translation>
    </message>
    <message>
        <source>Add person (Ctrl+Shift+A)</source>
        <translation>添加人员（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <source>Remove this person</source>
        <translation>删除此人员</translation>
    </message>
    <message>
        <source>Last seen at</source>
        <translation>最后出现时间</translation>
    </message>
    <message>
        <source>Last seen where</source>
        <translation>最后出现地点</translation>
    </message>
    <message>
        <source>Found at</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Found where</source>
        <translation>发现地点</translation>
    </message>
    <message>
        <source>Incident time</source>
        <translation>案发时间</translation>
    </message>
    <message>
        <source>Incident place</source>
        <translation>案发地点</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报案</translation>
    </message>
    <message>
        <source>Re&amp;ported at</source>
        <translation>报案时间(&amp;P)</translation>
    </message>
    <message>
        <source>Exploitation</source>
        <translation>剥削类型</translation>
    </message>
    <message>
        <source>&amp;What happened</source>
        <translation>简要案情(&amp;W)</translation>
    </message>
    <message>
        <source>Con&amp;tact</source>
        <translation>联系方式(&amp;T)</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>报案人</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
</context>
<context>
    <name>CaseHistory</name>
    <message>
        <source>Registered</source>
        <translation>登记案件</translation>
    </message>
    <message>
        <source>Viewed</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Void requested</source>
        <translation>待批准作废</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>分派</translation>
    </message>
    <message>
        <source>Registration approved</source>
        <translation>登记已审核通过</translation>
    </message>
    <message>
        <source>Correction approved</source>
        <translation>更正已审核通过</translation>
    </message>
    <message>
        <source>Void approved</source>
        <translation>作废已批准</translation>
    </message>
    <message>
        <source>Closure approved</source>
        <translation>结案已批准</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Resubmitted</source>
        <translation>已重新提交</translation>
    </message>
    <message>
        <source>Closure requested</source>
        <translation>申请结案</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新立案</translation>
    </message>
    <message>
        <source>Registered despite a duplicate</source>
        <translation>确认非重复后登记</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Photo added</source>
        <translation>已添加照片</translation>
    </message>
    <message>
        <source>Sample added</source>
        <translation>添加样本</translation>
    </message>
    <message>
        <source>Sample handed over</source>
        <translation>样本移交</translation>
    </message>
    <message>
        <source>STR profile entered</source>
        <translation>录入STR分型</translation>
    </message>
    <message>
        <source>Sample status changed</source>
        <translation>样本状态变更</translation>
    </message>
</context>
<context>
    <name>CaseLifeBar</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <source>C&amp;lose case…</source>
        <translation>结案(&amp;L)…</translation>
    </message>
    <message>
        <source>Re&amp;open…</source>
        <translation>重新立案(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;turn…</source>
        <translation>退回(&amp;T)…</translation>
    </message>
    <message>
        <source>T&amp;ransfer…</source>
        <translation>移交(&amp;R)…</translation>
    </message>
    <message>
        <source>Transferred to %1 (%2): this station keeps a read-only copy; the receiving station changes it now.</source>
        <translation>已移交 %1（%2）：本所只保留只读副本，此后由接收单位办理和修改。</translation>
    </message>
    <message>
        <source>&amp;Correct and resubmit…</source>
        <translation>更正并重新提交(&amp;C)…</translation>
    </message>
    <message>
        <source>Returned for correction: %1</source>
        <translation>已退回待更正：%1</translation>
    </message>
    <message>
        <source>Closure requested; it takes effect on a supervisor&apos;s approval.</source>
        <translation>已申请结案，所长批准后生效。</translation>
    </message>
    <message>
        <source>Closed: %1 — %2</source>
        <translation>已结案：%1 —— %2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Closure requested; a supervisor must approve it</source>
        <translation>已申请结案，待所长批准</translation>
    </message>
    <message>
        <source>Reopen case %1</source>
        <translation>重新立案 %1</translation>
    </message>
    <message>
        <source>The case becomes open again; its closure stays in the record.</source>
        <translation>案件将重新办理；原结案记录保留在案。</translation>
    </message>
    <message>
        <source>&amp;Reopen</source>
        <translation>重新立案(&amp;R)</translation>
    </message>
    <message>
        <source>Case reopened</source>
        <translation>案件已重新立案</translation>
    </message>
    <message>
        <source>Transfer requested (Case ▸ Case transfers…)</source>
        <translation>已提出移交（案件 ▸ 案件移交…）</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Return case %1</source>
        <translation>退回案件 %1</translation>
    </message>
    <message>
        <source>The officer sees your comment, corrects the case and sends it again.</source>
        <translation>民警将看到您的意见，更正后重新提交。</translation>
    </message>
    <message>
        <source>&amp;Return</source>
        <translation>退回(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>审核意见(&amp;C)</translation>
    </message>
    <message>
        <source>Returned to the officer</source>
        <translation>已退回民警</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Matched on</source>
        <translation>匹配依据</translation>
    </message>
    <message>
        <source>(name unknown)</source>
        <translation>（姓名不详）</translation>
    </message>
    <message>
        <source>Counting cases…</source>
        <translation>正在统计案件…</translation>
    </message>
    <message>
        <source>Loading cases…</source>
        <translation>正在载入案件…</translation>
    </message>
</context>
<context>
    <name>CaseSearch</name>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
</context>
<context>
    <name>CasesBehindDialog</name>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n 起案件</numerusform>
        </translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>承办民警</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>协查通报</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <source>Close case %1</source>
        <translation>结案 %1</translation>
    </message>
    <message>
        <source>The case is closed once a supervisor other than you approves it. The family&apos;s receipt check then says it is closed; it can be reopened with a reason.</source>
        <translation>须由您以外的所长批准后结案。此后家属凭回执查询时将显示已结案；如有需要可说明理由重新立案。</translation>
    </message>
    <message>
        <source>Ask for &amp;closure</source>
        <translation>申请结案(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>结案方式(&amp;O)</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>Missing person</source>
        <translation>走失人员</translation>
    </message>
    <message>
        <source>Found person</source>
        <translation>被发现人员</translation>
    </message>
    <message>
        <source>Why they may be the same person</source>
        <translation>可能是同一人的理由</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不详</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Estimated age</source>
        <translation>估计年龄</translation>
    </message>
    <message>
        <source>Height (cm)</source>
        <translation>身高（厘米）</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>体貌特征</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Held by another station: ask it for the case file</source>
        <translation>案件由其他工作站登记：请向该站调阅案卷</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>口音</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>地点</translation>
    </message>
</context>
<context>
    <name>Confirmation</name>
    <message>
        <source>&amp;Print receipt</source>
        <translation>打印回执(&amp;P)</translation>
    </message>
    <message>
        <source>Print receipt (Ctrl+P)</source>
        <translation>打印回执（Ctrl+P）</translation>
    </message>
    <message>
        <source>Print &amp;intake record</source>
        <translation>打印登记表(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>完成(&amp;D)</translation>
    </message>
    <message>
        <source>✔ %1 case registered</source>
        <translation>✔ %1案件已登记</translation>
    </message>
    <message>
        <source>Verification code: %1</source>
        <translation>查询验证码：%1</translation>
    </message>
    <message>
        <source>Give the family the printed receipt: it carries the case number and the verification code they need to ask about the case.</source>
        <translation>请将打印的回执交给家属：上面有查询案件所需的案件编号和验证码。</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Reading the dashboard…</source>
        <translation>正在读取统计……</translation>
    </message>
    <message numerus="yes">
        <source>%n open case(s)</source>
        <translation>
            <numerusform>在办案件 %n 起</numerusform>
        </translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <source>click a bar to list its cases</source>
        <translation>点击柱条可列出对应案件</translation>
    </message>
    <message>
        <source>Not running until the station keeps alerts: %1</source>
        <translation>本所保存协查通报后方可启用：%1</translation>
    </message>
    <message>
        <source>Listing the cases…</source>
        <translation>正在列出案件……</translation>
    </message>
</context>
<context>
    <name>DemoFill</name>
    <message>
        <source>Only an administrator can fill the station with demo cases.</source>
        <translation>只有管理员可以生成演示案件。</translation>
    </message>
    <message>
        <source>Fill with demo cases</source>
        <translation>生成演示案件</translation>
    </message>
    <message>
        <source>Made-up cases for training, spread over two years by several officers, with reviews, closures, voids and DNA at every stage. Use it on a training station only.

How many cases?</source>
        <translation>供培训使用的虚构案件：分布在两年内，由多名民警登记，含审核、结案、作废和各阶段的 DNA 样本。只可在培训用工作站上使用。

生成多少个案件？</translation>
    </message>
    <message>
        <source>Registering %1 demo cases and giving them a history…</source>
        <translation>正在登记 %1 个演示案件并生成办理经过……</translation>
    </message>
    <message>
        <source>%1 demo cases registered.</source>
        <translation>已生成 %1 个演示案件。</translation>
    </message>
    <message>
        <source>No demo cases were made: %1</source>
        <translation>未生成演示案件：%1</translation>
    </message>
    <message>
        <source>Preparing the demo cases…</source>
        <translation>正在准备演示案件……</translation>
    </message>
    <message>
        <source>Registering demo cases…</source>
        <translation>正在登记演示案件……</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>Supervisor&apos;s desk — Xunren</source>
        <translation>所长工作台 — 寻人</translation>
    </message>
    <message>
        <source>Review queue (%1)</source>
        <translation>待审核（%1）</translation>
    </message>
    <message>
        <source>Overdue (%1)</source>
        <translation>超期案件（%1）</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>统计图表</translation>
    </message>
    <message>
        <source>Hand over an officer&apos;s cases…</source>
        <translation>移交民警的案件……</translation>
    </message>
    <message>
        <source>Overdue rules…</source>
        <translation>超期规则……</translation>
    </message>
    <message>
        <source>Weekly report…</source>
        <translation>每周工作报告……</translation>
    </message>
    <message>
        <source>Case transfers…</source>
        <translation>案件移交…</translation>
    </message>
    <message>
        <source>Assign case %1</source>
        <translation>分配案件 %1</translation>
    </message>
    <message>
        <source>The officer you choose answers for the case from now on; the change stays in its history.</source>
        <translation>所选民警自即日起承办此案件；变更记入案件记录。</translation>
    </message>
    <message>
        <source>Case %1: %2 → %3</source>
        <translation>案件 %1：%2 → %3</translation>
    </message>
    <message>
        <source>Hand over an officer&apos;s cases</source>
        <translation>移交民警的案件</translation>
    </message>
    <message>
        <source>Every active case of the officer chosen first goes to the second.</source>
        <translation>先选民警的全部在办案件将移交给后选民警。</translation>
    </message>
    <message>
        <source>&amp;Hand over</source>
        <translation>移交(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>移交给(&amp;T)</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) handed over</source>
        <translation>
            <numerusform>已移交 %n 起案件</numerusform>
        </translation>
    </message>
    <message>
        <source>That officer answers for no active case</source>
        <translation>该民警没有在办案件</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) changed</source>
        <translation>
            <numerusform>已修改 %n 项规则</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DnaPanel</name>
    <message>
        <source>DNA comparison</source>
        <translation>DNA 比对</translation>
    </message>
    <message>
        <source>mother</source>
        <translation>母亲</translation>
    </message>
    <message>
        <source>father</source>
        <translation>父亲</translation>
    </message>
    <message>
        <source>both parents</source>
        <translation>父母双方</translation>
    </message>
    <message>
        <source>full sibling</source>
        <translation>全同胞兄弟姐妹</translation>
    </message>
    <message>
        <source>half sibling</source>
        <translation>半同胞兄弟姐妹</translation>
    </message>
    <message>
        <source>grandparent</source>
        <translation>祖父母/外祖父母</translation>
    </message>
    <message>
        <source>aunt or uncle</source>
        <translation>叔伯姑舅姨</translation>
    </message>
    <message>
        <source>parent and child</source>
        <translation>亲子关系</translation>
    </message>
    <message>
        <source>both parents and child (trio)</source>
        <translation>父母双方与孩子（三联体）</translation>
    </message>
    <message>
        <source>parent and child, the other parent known</source>
        <translation>亲子关系（另一方亲生父母已知）</translation>
    </message>
    <message>
        <source>full siblings</source>
        <translation>全同胞关系</translation>
    </message>
    <message>
        <source>second-degree relatives (half sibling, grandparent, aunt or uncle)</source>
        <translation>二级亲缘关系（半同胞、祖孙、叔侄）</translation>
    </message>
    <message>
        <source>supports — needs human re-check</source>
        <translation>支持——须经人工复核</translation>
    </message>
    <message>
        <source>excludes</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>inconclusive: a full sibling explains it about as well; type the other parent or more loci</source>
        <translation>不确定：全同胞关系几乎同样能解释；请补充另一方父母的样本或增加检测位点</translation>
    </message>
    <message>
        <source>inconclusive: a half sibling, grandparent, aunt or uncle explains it about as well; type the other parent or more loci</source>
        <translation>不确定：半同胞、祖孙或叔侄关系几乎同样能解释；请补充另一方父母的样本或增加检测位点</translation>
    </message>
    <message>
        <source>inconclusive: the recorded ages do not allow a parent; check the ages and the relation</source>
        <translation>不确定：登记的年龄不符合亲子关系；请核实年龄和亲属关系</translation>
    </message>
    <message>
        <source>inconclusive: too few loci for the standard, or 2 loci inconsistent; type more loci or the other parent</source>
        <translation>不确定：比对位点数未达标准要求，或有 2 个位点不符合遗传规律；请增加检测位点或补充另一方父母的样本</translation>
    </message>
    <message>
        <source>inconclusive: type more loci or another relative</source>
        <translation>不确定：请增加检测位点或补充其他亲属样本</translation>
    </message>
    <message>
        <source>Relative tested</source>
        <translation>比对的亲属</translation>
    </message>
    <message>
        <source>Hypothesis</source>
        <translation>检验假设</translation>
    </message>
    <message>
        <source>Likelihood ratio (LR)</source>
        <translation>似然比</translation>
    </message>
    <message>
        <source>Loci compared</source>
        <translation>比对基因座</translation>
    </message>
    <message>
        <source>%1 (%2 inconsistent)</source>
        <translation>%1 个（不一致 %2 个）</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Rank in the screen</source>
        <translation>比对排名</translation>
    </message>
    <message>
        <source>%1 of %2 profiles compared</source>
        <translation>在 %2 份比对谱中排第 %1</translation>
    </message>
    <message>
        <source>Unrelated profiles expected by chance</source>
        <translation>无关者偶然达到的期望人数</translation>
    </message>
    <message>
        <source>%1 in a database of %2 reaching this LR</source>
        <translation>在 %2 份规模的库中约 %1 人偶然达到此似然比</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Possible duplicate</source>
        <translation>疑似重复登记</translation>
    </message>
    <message>
        <source>This person may already be registered:
%1

Open the existing case, or register this one anyway and say why it is not a duplicate.</source>
        <translation>此人可能已经登记：
%1

请打开已有案件查看，或说明不是重复登记的理由后继续登记。</translation>
    </message>
    <message>
        <source>&amp;Register anyway</source>
        <translation>仍然登记(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open %1</source>
        <translation>打开 %1(&amp;O)</translation>
    </message>
    <message>
        <source>same ID number</source>
        <translation>身份证号相同</translation>
    </message>
    <message>
        <source>same name, birth date and reporter&apos;s phone</source>
        <translation>姓名、出生日期和报案人电话相同</translation>
    </message>
</context>
<context>
    <name>EndPrompt</name>
    <message>
        <source>Why (kept with the transfer and in the audit log)</source>
        <translation>原因（随移交保存，并记入审计日志）</translation>
    </message>
    <message>
        <source>The reason is too long: at most %1 characters.</source>
        <translation>原因过长：最多 %1 个字符。</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol with the national server</source>
        <translation>在全国服务器登记</translation>
    </message>
    <message>
        <source>Enrolment pac&amp;kage</source>
        <translation>登记包(&amp;K)</translation>
    </message>
    <message>
        <source>Only for a station just set up with the same station code and no case: every case, sample, hand-over and photo the server holds of this station comes back, numbering goes on above the server&apos;s highest numbers. Over the network, use the token from station rotate; from a USB stick, the rebuild package from station rotate --package --rebuild and its passphrase.</source>
        <translation>仅用于以相同站号刚刚建立、尚无案件的工作站：服务器保存的本站每个案件、样本、交接记录和照片都会恢复，编号从服务器已知的最大编号之后继续。联网重建请使用国家平台操作员重新发放的一次性令牌；用U盘重建请使用操作员制作的重建包及电话告知的口令。</translation>
    </message>
    <message>
        <source>&amp;Server address</source>
        <translation>服务器地址(&amp;S)</translation>
    </message>
    <message>
        <source>One-time &amp;token</source>
        <translation>一次性登记令牌(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Bundle key (optional)</source>
        <translation>同步包密钥（可选）(&amp;B)</translation>
    </message>
    <message>
        <source>Package &amp;passphrase</source>
        <translation>登记包口令(&amp;P)</translation>
    </message>
    <message>
        <source>Over the &amp;network</source>
        <translation>通过网络(&amp;N)</translation>
    </message>
    <message>
        <source>From a package on a &amp;USB stick (no network)</source>
        <translation>从 U 盘上的登记包登记（无网络）(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>选择(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Rebuild this station&apos;s register from the server (the station lost its disk)</source>
        <translation>从服务器重建本站登记册（本站丢失了硬盘）(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>登记(&amp;E)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>A station that lost its disk and never reaches the network takes its register back from a rebuild package: the national operator writes it to a USB stick (xunren-server station rotate … --package … --rebuild) and reads you its passphrase, 24 digits, by phone. Then write a sync bundle for the server as usual.</source>
        <translation>无法联网、又丢失了硬盘的工作站可用重建包恢复登记册：国家平台操作员把重建包写入 U 盘（xunren-server station rotate … --package … --rebuild），并通过电话告诉您 24 位数字的口令。之后照常写出同步包送交国家平台。</translation>
    </message>
    <message>
        <source>A station the network never reaches enrols from a package: the national operator writes it to a USB stick (xunren-server station add … --package) and reads you its passphrase, 24 digits, by phone. Changes then travel on the stick as sync bundles (xunren sync export and sync import).</source>
        <translation>网络到不了的工作站用登记包登记：国家平台操作员把登记包写入 U 盘（xunren-server station add … --package），并通过电话告诉您 24 位数字的口令。此后数据用 U 盘同步包往来（xunren sync export 与 sync import）。</translation>
    </message>
    <message>
        <source>Enrolling connects this station to the national server. The server&apos;s operator gives you its address and a one-time token. The server gives its bundle key (for sync bundles on a USB stick) at enrolment; a bundle key typed here is checked against it. Everything waiting here is sent once enrolled.</source>
        <translation>登记后本站与全国服务器相连。服务器管理员会提供服务器地址和一次性登记令牌。服务器在登记时给出其同步包密钥（用于U盘同步包）；在此填写的同步包密钥将与之核对。登记完成后，本站所有待发送的数据都会发出。</translation>
    </message>
    <message>
        <source>Enrolment package</source>
        <translation>登记包</translation>
    </message>
    <message>
        <source>Enrolment and rebuild packages (*.xep *.xrp);;All files (*)</source>
        <translation>登记包和重建包 (*.xep *.xrp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1: required</source>
        <translation>%1：必填</translation>
    </message>
    <message>
        <source>Only an administrator can enrol the station.</source>
        <translation>只有管理员可以为本站登记。</translation>
    </message>
    <message>
        <source>Rebuilding from the national server</source>
        <translation>正在从全国服务器重建</translation>
    </message>
    <message>
        <source>Opening the rebuild package…</source>
        <translation>正在打开重建包……</translation>
    </message>
    <message>
        <source>Enrolling and asking the server what it holds of this station…</source>
        <translation>正在登记并向服务器查询本站的记录……</translation>
    </message>
    <message>
        <source>Cases and records back: %1 of %2</source>
        <translation>已恢复案件及记录：%1 / %2</translation>
    </message>
    <message>
        <source>Photos back: %1 of %2 records</source>
        <translation>已恢复照片：%1 / %2 项记录</translation>
    </message>
    <message>
        <source>Synchronising with the server…</source>
        <translation>正在与服务器同步……</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在向服务器登记…</translation>
    </message>
    <message>
        <source>Opening the package…</source>
        <translation>正在打开登记包……</translation>
    </message>
</context>
<context>
    <name>EnumLabels</name>
    <message>
        <source>(not given)</source>
        <translation>（未填）</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong inside the program; nothing was lost. Details are in the log.</source>
        <translation>程序内部出错，数据没有丢失。详情见日志。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>T&amp;ype:</source>
        <translation>类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>Stat&amp;us:</source>
        <translation>状态(&amp;U)：</translation>
    </message>
    <message>
        <source>Offi&amp;cer:</source>
        <translation>民警(&amp;C)：</translation>
    </message>
    <message>
        <source>Regis&amp;tered:</source>
        <translation>登记时间(&amp;T)：</translation>
    </message>
    <message>
        <source>anyone</source>
        <translation>全部民警</translation>
    </message>
    <message>
        <source>&amp;My cases</source>
        <translation>本人承办(&amp;M)</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Xunren — set up this station</source>
        <translation>寻人 — 设置本工作站</translation>
    </message>
    <message>
        <source>Restore from a &amp;backup…</source>
        <translation>从备份恢复(&amp;B)……</translation>
    </message>
    <message>
        <source>Creating the encrypted station…</source>
        <translation>正在创建加密工作站…</translation>
    </message>
    <message>
        <source>The station is ready. Recovery key:</source>
        <translation>工作站已创建。恢复密钥：</translation>
    </message>
    <message>
        <source>Printing is not available in this build.</source>
        <translation>此版本不支持打印。</translation>
    </message>
    <message>
        <source>Recovery sheet</source>
        <translation>恢复密钥单</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>Intake record</source>
        <translation>登记表</translation>
    </message>
    <message>
        <source>Receipt for the family</source>
        <translation>家属回执</translation>
    </message>
    <message>
        <source>DNA sample collection form</source>
        <translation>DNA 样本采集表</translation>
    </message>
    <message>
        <source>Missing-person poster</source>
        <translation>寻人启事</translation>
    </message>
    <message>
        <source>Case summary / transfer form</source>
        <translation>案件摘要 / 移交表</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand-over of sample %1</source>
        <translation>样本 %1 交接</translation>
    </message>
    <message>
        <source>person and unit receiving the sample</source>
        <translation>接收样本的人员和单位</translation>
    </message>
    <message>
        <source>To the laboratory for profiling</source>
        <translation>送实验室检验</translation>
    </message>
    <message>
        <source>Into storage</source>
        <translation>入库保存</translation>
    </message>
    <message>
        <source>Transfer to another unit</source>
        <translation>移交其他单位</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>交出人(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>接收人(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Purpose</source>
        <translation>用途(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>时间(&amp;W)</translation>
    </message>
    <message>
        <source>Say who handed the sample over and who received it.</source>
        <translation>请填写交出人和接收人。</translation>
    </message>
    <message>
        <source>The hand-over cannot lie in the future.</source>
        <translation>交接时间不能晚于现在。</translation>
    </message>
</context>
<context>
    <name>HistoryTable</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>New case — %1</source>
        <translation>新案件 — %1</translation>
    </message>
    <message>
        <source>&amp;Restore draft</source>
        <translation>恢复草稿(&amp;R)</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <source>&amp;Save case</source>
        <translation>保存案件(&amp;S)</translation>
    </message>
    <message>
        <source>Save case (Ctrl+S)</source>
        <translation>保存案件（Ctrl+S）</translation>
    </message>
    <message>
        <source>Close (draft is kept)</source>
        <translation>关闭（保留草稿）</translation>
    </message>
    <message>
        <source>Edit case %1</source>
        <translation>修改案件 %1</translation>
    </message>
    <message>
        <source>Save and &amp;resubmit</source>
        <translation>保存并重新提交(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>不保存并关闭</translation>
    </message>
    <message>
        <source>Returned by the supervisor: %1</source>
        <translation>所长退回意见：%1</translation>
    </message>
    <message>
        <source>Nothing to save yet: type the report first.</source>
        <translation>尚无可保存的内容：请先填写报案信息。</translation>
    </message>
    <message numerus="yes">
        <source>Not saved: %n problem(s) to fix first. Nothing you typed is lost.</source>
        <translation>
            <numerusform>未保存：还有 %n 处问题需要先修改。已输入的内容不会丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saving the case…</source>
        <translation>正在保存案件…</translation>
    </message>
    <message>
        <source>A photo could not be stored</source>
        <translation>照片无法保存</translation>
    </message>
    <message>
        <source>Not saved yet: this person may already be registered.</source>
        <translation>尚未保存：此人可能已经登记。</translation>
    </message>
    <message>
        <source>Why is case %1 changed?</source>
        <translation>为什么修改案件 %1？</translation>
    </message>
    <message>
        <source>Every change is kept as a revision with your name, the time and this reason.</source>
        <translation>每次修改都会连同您的姓名、时间和理由保存为一个版本。</translation>
    </message>
    <message>
        <source>The correction is sent back to the supervisor for review.</source>
        <translation>更正后将重新提交所长审核。</translation>
    </message>
    <message>
        <source>Save and resubmit</source>
        <translation>保存并重新提交</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>The case could not be saved; your entry is kept</source>
        <translation>案件未能保存；已输入的内容仍保留</translation>
    </message>
    <message>
        <source>The draft could not be kept</source>
        <translation>草稿未能保存</translation>
    </message>
    <message>
        <source>An unsaved report of this kind from %1 was kept. Restore it?</source>
        <translation>保留有一份 %1 未保存的同类报案。要恢复吗？</translation>
    </message>
</context>
<context>
    <name>LabImport</name>
    <message>
        <source>Import lab results</source>
        <translation>导入实验室检验结果</translation>
    </message>
    <message>
        <source>Lab exports (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>实验室导出文件 (*.csv *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在核对 %1……</translation>
    </message>
    <message>
        <source>Storing the profiles of %1…</source>
        <translation>正在保存 %1 中的分型……</translation>
    </message>
    <message>
        <source>%1 STR profiles imported.</source>
        <translation>已导入 %1 份 STR 分型。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件……</translation>
    </message>
    <message>
        <source>Import cancelled: no profile of the file was stored.</source>
        <translation>已取消导入：文件中的分型一份也没有保存。</translation>
    </message>
    <message>
        <source>The file is larger than 20 MB: it is no lab export.</source>
        <translation>文件超过 20 MB，不是实验室导出文件。</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Log &amp;off</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>%1 is logged on at %2. Enter the password to go on.</source>
        <translation>%1 已登录 %2。请输入密码继续。</translation>
    </message>
</context>
<context>
    <name>Logon</name>
    <message>
        <source>This system holds personal data about missing and trafficked persons and their families. Use it only for official police work. Every logon, view, change and print is recorded in a tamper-evident audit log. Unauthorised access or disclosure is an offence.</source>
        <translation>本系统存有失踪、被拐卖人员及其家属的个人信息，仅限公安机关执行公务使用。每次登录、查看、修改和打印都记入防篡改的审计日志。未经授权访问或泄露信息属违法行为。</translation>
    </message>
    <message>
        <source>TEST MODE: weak key derivation</source>
        <translation>测试模式：弱密钥派生</translation>
    </message>
</context>
<context>
    <name>LogonWindow</name>
    <message>
        <source>Xunren — log on</source>
        <translation>寻人 — 登录</translation>
    </message>
    <message>
        <source>Xunren missing persons register — log on</source>
        <translation>寻人 失踪人员登记系统 — 登录</translation>
    </message>
    <message>
        <source>I have read and &amp;agree</source>
        <translation>我已阅读并同意(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Log on</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>Forgot the password? Use the recovery key…</source>
        <translation>忘记密码？使用恢复密钥…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复……</translation>
    </message>
    <message>
        <source>TEST MODE: the weak key derivation for tests is on (XUNREN_TEST_WEAK_KDF=1). Passwords set now are cheap to guess. Never run a real station like this.</source>
        <translation>测试模式：测试用的弱密钥派生已开启（XUNREN_TEST_WEAK_KDF=1）。此时设置的密码很容易被猜出，切勿以此方式运行真实工作站。</translation>
    </message>
    <message>
        <source>Please read the notice and tick “I have read and agree” first.</source>
        <translation>请先阅读上述告知，并勾选“我已阅读并同意”。</translation>
    </message>
    <message>
        <source>Logging on…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Station %1 was restored from the backup (audit chain of %2 entries verified). Log on.</source>
        <translation>工作站 %1 已从备份恢复（审计链 %2 条已核验）。请登录。</translation>
    </message>
    <message>
        <source>Opening the encrypted station…</source>
        <translation>正在打开加密工作站…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Xunren — locked</source>
        <translation>寻人 — 已锁定</translation>
    </message>
    <message>
        <source>Xunren — %1</source>
        <translation>寻人 — %1</translation>
    </message>
    <message>
        <source>Search: name, pinyin, initials, ID number, phone, case number (Ctrl+F)</source>
        <translation>查询：姓名、拼音、首字母、身份证号、电话、案件编号（Ctrl+F）</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>%1 (%2) · %3 %4</source>
        <translation>%1（%2）· %3 %4</translation>
    </message>
    <message>
        <source>Review %1 · Overdue %2</source>
        <translation>待审核 %1 · 超期 %2</translation>
    </message>
    <message>
        <source>Open the supervisor&apos;s desk (Ctrl+D)</source>
        <translation>打开所长工作台（Ctrl+D）</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) found</source>
        <translation>
            <numerusform>找到 %n 起案件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>共 %n 起案件</numerusform>
        </translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新案件</translation>
    </message>
    <message>
        <source>The intake forms are not available in this build.</source>
        <translation>此版本没有登记表单。</translation>
    </message>
    <message>
        <source>Choose a case first: its candidates are shown then.</source>
        <translation>请先选择一个案件，再查看其比对候选。</translation>
    </message>
    <message>
        <source>Only an administrator can enrol the station.</source>
        <translation>只有管理员可以为本站登记。</translation>
    </message>
    <message>
        <source>Station %1 is enrolled from the package; changes travel on the USB stick (xunren sync export).</source>
        <translation>工作站 %1 已用登记包登记；数据用 U 盘同步包往来（xunren sync export）。</translation>
    </message>
    <message>
        <source>Station %1 is enrolled with %2; what waits here is being sent.</source>
        <translation>工作站 %1 已在 %2 登记，正在发送待发送的数据。</translation>
    </message>
    <message>
        <source>The register was rebuilt from the national server: %1 records came back.</source>
        <translation>已从全国服务器重建登记册：恢复记录 %1 项。</translation>
    </message>
    <message numerus="yes">
        <source>Referrals from other stations waiting for an answer: %n (F7)</source>
        <translation>
            <numerusform>其他单位发来的协查请求待处理：%n 条（F7）</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the password…</source>
        <translation>正在核对密码…</translation>
    </message>
    <message>
        <source>About Xunren</source>
        <translation>关于寻人</translation>
    </message>
    <message>
        <source>Xunren (寻人): the station register of missing, found and trafficked persons.</source>
        <translation>寻人：派出所失踪、发现及被拐卖人员登记系统。</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Matches</source>
        <translation>比对(&amp;M)</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>Su&amp;pervisor</source>
        <translation>所长(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>工作站(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>New &amp;missing person case</source>
        <translation>新建失踪人员案件(&amp;M)</translation>
    </message>
    <message>
        <source>New &amp;found person case</source>
        <translation>新建发现人员案件(&amp;F)</translation>
    </message>
    <message>
        <source>New &amp;trafficking case</source>
        <translation>新建拐卖案件(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <source>Go to the case &amp;list</source>
        <translation>转到案件列表(&amp;L)</translation>
    </message>
    <message>
        <source>Go to the case &amp;detail</source>
        <translation>转到案件详情(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Match &amp;candidates waiting for review</source>
        <translation>待审核的比对候选(&amp;C)</translation>
    </message>
    <message>
        <source>Matches for &amp;this case</source>
        <translation>本案的比对候选(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>Sync &amp;problems…</source>
        <translation>同步问题(&amp;P)…</translation>
    </message>
    <message>
        <source>T&amp;ips from the public…</source>
        <translation>群众线索(&amp;I)…</translation>
    </message>
    <message>
        <source>Supervisor&apos;s &amp;desk</source>
        <translation>所长工作台(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Weekly report…</source>
        <translation>每周工作报告(&amp;W)……</translation>
    </message>
    <message>
        <source>Missing-child &amp;alerts…</source>
        <translation>儿童走失预警(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;ferrals between stations…</source>
        <translation>单位间协查请求(&amp;F)…</translation>
    </message>
    <message>
        <source>Case &amp;transfers…</source>
        <translation>案件移交(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Enrol with the national server…</source>
        <translation>在全国服务器登记(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Write a USB bundle…</source>
        <translation>写出 U 盘同步包(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Read the server&apos;s answer…</source>
        <translation>读入服务器的答复(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Lock the screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Scheduled &amp;backups…</source>
        <translation>定时备份(&amp;B)…</translation>
    </message>
    <message>
        <source>Import la&amp;b results…</source>
        <translation>导入实验室检验结果(&amp;B)…</translation>
    </message>
    <message>
        <source>Fill with &amp;demo cases…</source>
        <translation>生成演示案件(&amp;D)……</translation>
    </message>
    <message>
        <source>&amp;Accounts and station…</source>
        <translation>账户与单位信息(&amp;A)…</translation>
    </message>
    <message>
        <source>Log &amp;off</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Xunren</source>
        <translation>关于寻人(&amp;A)</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>比对候选</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>工作台</translation>
    </message>
</context>
<context>
    <name>MatchesView</name>
    <message>
        <source>Match candidates</source>
        <translation>比对候选</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Confirm match</source>
        <translation>确认比中(&amp;C)</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>否定(&amp;J)</translation>
    </message>
    <message>
        <source>Mark re&amp;united</source>
        <translation>标记已团圆(&amp;U)</translation>
    </message>
    <message>
        <source>Re-chec&amp;k DNA hit</source>
        <translation>复核DNA比中(&amp;K)</translation>
    </message>
    <message>
        <source>A supervisor other than the one who confirmed the match re-checks the DNA hit</source>
        <translation>由确认比对者以外的另一名所长复核DNA比中</translation>
    </message>
    <message>
        <source>Reason for rejecting (required to reject)</source>
        <translation>否定理由（否定时必填）</translation>
    </message>
    <message>
        <source>Missing case</source>
        <translation>走失案件</translation>
    </message>
    <message>
        <source>Found case</source>
        <translation>发现案件</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>DNA</source>
        <translation>DNA</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Match candidates waiting for review</source>
        <translation>待审核的比对候选</translation>
    </message>
    <message>
        <source>Match candidates for case %1</source>
        <translation>案件 %1 的比对候选</translation>
    </message>
    <message>
        <source>Matching…</source>
        <translation>正在比对…</translation>
    </message>
    <message>
        <source>%1 candidates</source>
        <translation>%1 个候选</translation>
    </message>
    <message>
        <source>%1 (national, offline index)</source>
        <translation>%1（全国离线索引）</translation>
    </message>
    <message>
        <source>From the national offline index: the server confirms or replaces it at the next sync</source>
        <translation>来自全国离线索引：下次同步时由国家平台确认或替换</translation>
    </message>
    <message>
        <source>DNA hit: after the match is confirmed, a second supervisor re-checks it before any reunion</source>
        <translation>DNA比中：确认比对后，须由另一名所长复核，方可认定团聚</translation>
    </message>
    <message>
        <source>Nothing of case %1 has come from the server yet</source>
        <translation>服务器尚未送来案件 %1 的任何内容</translation>
    </message>
    <message>
        <source>supports</source>
        <translation>支持</translation>
    </message>
    <message>
        <source>excludes</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>inconclusive</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Type the reason for rejecting first</source>
        <translation>请先填写否定理由</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Closing both cases was proposed; a supervisor approves it in each case.</source>
        <translation>已提出两起案件的结案申请，由所长分别批准。</translation>
    </message>
    <message>
        <source>The operation failed</source>
        <translation>操作失败</translation>
    </message>
</context>
<context>
    <name>MatchesWindow</name>
    <message>
        <source>Match candidates — Xunren</source>
        <translation>比对候选 — 寻人</translation>
    </message>
</context>
<context>
    <name>NationalCaseDialog</name>
    <message>
        <source>Another station&apos;s case %1</source>
        <translation>外站案件 %1</translation>
    </message>
    <message>
        <source>Another station&apos;s case (national candidate, read-only)</source>
        <translation>外站案件（全国比对候选，只读）</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Owning station</source>
        <translation>办案单位</translation>
    </message>
    <message>
        <source>Station phone</source>
        <translation>单位电话</translation>
    </message>
    <message>
        <source>Station address</source>
        <translation>单位地址</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无姓名）</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>出生 %1</translation>
    </message>
    <message>
        <source>estimated age %1</source>
        <translation>估计年龄 %1</translation>
    </message>
    <message>
        <source>height %1 cm</source>
        <translation>身高 %1 厘米</translation>
    </message>
    <message>
        <source>marks</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>clothing</source>
        <translation>衣着</translation>
    </message>
    <message>
        <source>dialect</source>
        <translation>口音</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>held by the owning station</source>
        <translation>办案单位存有照片</translation>
    </message>
</context>
<context>
    <name>NotePrompt</name>
    <message>
        <source>Why (kept with the change and in the audit log)</source>
        <translation>为什么（随更改保存，并记入审计日志）</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>说明(&amp;N)</translation>
    </message>
    <message>
        <source>Write a note saying why.</source>
        <translation>请填写说明，写明原因。</translation>
    </message>
</context>
<context>
    <name>OverdueRulesDialog</name>
    <message>
        <source>Overdue rules</source>
        <translation>超期规则</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时限（小时）</translation>
    </message>
    <message>
        <source>A case is overdue once a rule&apos;s hours have passed; a rule switched off is not checked.</source>
        <translation>超过规则时限即为超期；未勾选的规则不检查。</translation>
    </message>
</context>
<context>
    <name>OverdueView</name>
    <message>
        <source>&amp;Rule:</source>
        <translation>规则(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Assign to…</source>
        <translation>分配给(&amp;A)……</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>打开案件(&amp;O)</translation>
    </message>
    <message>
        <source>every rule</source>
        <translation>全部规则</translation>
    </message>
    <message>
        <source>Checking the overdue rules…</source>
        <translation>正在检查超期规则……</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>承办民警</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期情况</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>协查通报</translation>
    </message>
    <message>
        <source>Open a&amp;lert</source>
        <translation>打开协查通报(&amp;L)</translation>
    </message>
    <message>
        <source>Another station&apos;s case: acknowledge its alert instead</source>
        <translation>外所立案的案件，不能分配：请签收其协查通报</translation>
    </message>
</context>
<context>
    <name>PersonEditor</name>
    <message>
        <source>Name as the person says it (not verified)</source>
        <translation>本人自述的姓名（未核实）</translation>
    </message>
    <message>
        <source>separate with 、 or ,</source>
        <translation>用“、”或“,”分隔</translation>
    </message>
    <message>
        <source>18 digits, last may be X</source>
        <translation>18 位，末位可为 X</translation>
    </message>
    <message>
        <source>years</source>
        <translation>岁</translation>
    </message>
    <message>
        <source>e.g. self, mother, father</source>
        <translation>例如：本人、母亲、父亲</translation>
    </message>
    <message>
        <source>where the person says they come from</source>
        <translation>本人自述的来历</translation>
    </message>
    <message>
        <source>street and number</source>
        <translation>街道门牌</translation>
    </message>
    <message>
        <source>Add DNA &amp;sample…</source>
        <translation>添加 DNA 样本(&amp;S)…</translation>
    </message>
    <message>
        <source>Remove sample</source>
        <translation>删除样本</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>身份(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>Nic&amp;knames</source>
        <translation>小名(&amp;K)</translation>
    </message>
    <message>
        <source>Former names</source>
        <translation>曾用名</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>身份证号(&amp;I)</translation>
    </message>
    <message>
        <source>Se&amp;x</source>
        <translation>性别(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <source>Estimated &amp;age</source>
        <translation>估计年龄(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Height</source>
        <translation>身高(&amp;H)</translation>
    </message>
    <message>
        <source>B&amp;uild</source>
        <translation>体型(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;lation</source>
        <translation>关系(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dialect</source>
        <translation>方言口音(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Origin</source>
        <translation>自述来历(&amp;O)</translation>
    </message>
    <message>
        <source>Household re&amp;gistration</source>
        <translation>户籍地址(&amp;G)</translation>
    </message>
    <message>
        <source>Current add&amp;ress</source>
        <translation>现住址(&amp;R)</translation>
    </message>
    <message>
        <source>Distinguishing &amp;marks</source>
        <translation>体貌特征(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Clothing</source>
        <translation>衣着(&amp;C)</translation>
    </message>
    <message>
        <source>S&amp;tatement</source>
        <translation>陈述(&amp;T)</translation>
    </message>
    <message>
        <source>DNA samples</source>
        <translation>DNA 样本</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>what the reporter says happened</source>
        <translation>报案人所述经过</translation>
    </message>
    <message>
        <source>From the ID number: born %1, %2, %3</source>
        <translation>据身份证号：%1 出生，%2，%3</translation>
    </message>
    <message>
        <source>consent given</source>
        <translation>已签知情同意</translation>
    </message>
    <message>
        <source>no consent</source>
        <translation>未同意</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Add &amp;photo…</source>
        <translation>添加照片(&amp;P)…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation>图片 (%1)</translation>
    </message>
    <message>
        <source>Reading photos…</source>
        <translation>正在读取照片…</translation>
    </message>
    <message>
        <source>The photo could not be read</source>
        <translation>无法读取照片</translation>
    </message>
    <message>
        <source>Photo %1</source>
        <translation>照片 %1</translation>
    </message>
</context>
<context>
    <name>PlacePicker</name>
    <message>
        <source>Name, pinyin or initials, e.g. 寿光 / shouguang / sg</source>
        <translation>名称、拼音或首字母，例如 寿光 / shouguang / sg</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Print preview — %1</source>
        <translation>打印预览 — %1</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>另存为 PDF(&amp;S)…</translation>
    </message>
    <message>
        <source>Save as PDF (Ctrl+S)</source>
        <translation>另存为 PDF（Ctrl+S）</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Preparing the form…</source>
        <translation>正在生成表单…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>The form could not be made</source>
        <translation>表单生成失败</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>Sending to the printer…</source>
        <translation>正在发送到打印机…</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer</source>
        <translation>
            <numerusform>已向打印机发送 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>STR profile of sample %1</source>
        <translation>样本 %1 的 STR 分型</translation>
    </message>
    <message>
        <source>Locus</source>
        <translation>基因座</translation>
    </message>
    <message>
        <source>Allele 1</source>
        <translation>等位基因 1</translation>
    </message>
    <message>
        <source>Allele 2</source>
        <translation>等位基因 2</translation>
    </message>
    <message>
        <source>&amp;Kit</source>
        <translation>试剂盒(&amp;K)</translation>
    </message>
    <message>
        <source>Type the alleles as the lab report gives them (e.g. 9.3); Tab moves on.</source>
        <translation>按检验报告填写等位基因（如 9.3）；按 Tab 键到下一格。</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stops the work: nothing of it is kept.</source>
        <translation>停止这项工作：已做的部分一概不保留。</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Cancelling… nothing of this work will be kept.</source>
        <translation>正在取消……这项工作的内容一概不保留。</translation>
    </message>
</context>
<context>
    <name>PublicationDialog</name>
    <message>
        <source>Publish in the national gallery: %1</source>
        <translation>申请公开到全国寻亲库：%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不详</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Estimated age when found</source>
        <translation>发现时估计年龄</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>发现地点</translation>
    </message>
    <message>
        <source>Station phone</source>
        <translation>本站电话</translation>
    </message>
    <message>
        <source>Only the photo and the facts beside it are published. The name, what the child said, marks, the place in words and the case number stay at the station. A national operator decides; the child leaves the gallery at once when the case is closed or voided.</source>
        <translation>只公开照片和旁边列出的信息。姓名、孩子的自述、体貌特征、详细地点和案件编号都留在本站。由全国运维人员审批；案件结案或作废后，孩子会立即从寻亲库中撤下。</translation>
    </message>
    <message>
        <source>e.g. the article of law and why the guardians cannot be found</source>
        <translation>例如：所依据的法律条款，以及无法找到监护人的原因</translation>
    </message>
    <message>
        <source>&amp;Legal basis</source>
        <translation>法律依据(&amp;L)</translation>
    </message>
    <message>
        <source>Ask to publish</source>
        <translation>申请公开</translation>
    </message>
    <message>
        <source>State the legal basis for publishing.</source>
        <translation>请填写公开的法律依据。</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Withdraw the publication request</source>
        <translation>撤回公开申请</translation>
    </message>
    <message>
        <source>The national server takes the child off the gallery as soon as this reaches it.</source>
        <translation>全国服务器收到后会立即把孩子从寻亲库中撤下。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Publication request withdrawn</source>
        <translation>已撤回公开申请</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Publication asked for (reference %1); it travels with the next sync</source>
        <translation>已申请公开（编号 %1），将随下次同步发送</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须填写理由。</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Xunren — use the recovery key</source>
        <translation>寻人 — 使用恢复密钥</translation>
    </message>
    <message>
        <source>An administrator who forgot the password, or whose account is locked, can open the station with the recovery key from the sealed recovery sheet and set a new password. This is recorded in the audit log.</source>
        <translation>忘记密码或账户已被锁定的管理员，可以用密封保存的恢复密钥单上的恢复密钥打开工作站并设置新密码。此操作会记入审计日志。</translation>
    </message>
    <message>
        <source>&amp;Administrator:</source>
        <translation>管理员(&amp;A)：</translation>
    </message>
    <message>
        <source>Recovery &amp;key:</source>
        <translation>恢复密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>再次输入密码(&amp;R)：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Open the station</source>
        <translation>打开工作站(&amp;O)</translation>
    </message>
    <message>
        <source>The new password is set and the lockout is lifted. The old recovery sheet no longer works. The new recovery key:</source>
        <translation>新密码已设置，账户锁定已解除。旧的恢复密钥单从此作废。新的恢复密钥：</translation>
    </message>
    <message>
        <source>This key is shown only this once. Print the new recovery sheet now, seal it and lock it away; destroy the old sheet.</source>
        <translation>此密钥只显示这一次。请立即打印新的恢复密钥单，密封后锁好保管，并销毁旧的恢复密钥单。</translation>
    </message>
    <message>
        <source>&amp;Print the recovery sheet…</source>
        <translation>打印恢复密钥单(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Continue to the station</source>
        <translation>进入工作站(&amp;C)</translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s user name.</source>
        <translation>请输入管理员用户名。</translation>
    </message>
    <message>
        <source>Type the recovery key: 8 groups of 4 characters, as on the sheet.</source>
        <translation>请按恢复密钥单输入恢复密钥：8 组，每组 4 个字符。</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Opening the station…</source>
        <translation>正在打开工作站…</translation>
    </message>
    <message>
        <source>Opening the encrypted station…</source>
        <translation>正在打开加密工作站…</translation>
    </message>
    <message>
        <source>Recovery sheet</source>
        <translation>恢复密钥单</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>&amp;Print the recovery sheet…</source>
        <translation>打印恢复密钥单(&amp;P)…</translation>
    </message>
    <message>
        <source>This key is shown only this once. Print the recovery sheet now and lock it away: without it, a forgotten administrator password means the station&apos;s records are lost.</source>
        <translation>此密钥只显示这一次。请立即打印恢复密钥单并锁入保险柜：没有它，一旦忘记管理员密码，本所的全部记录将无法恢复。</translation>
    </message>
    <message>
        <source>Creating the encrypted station…</source>
        <translation>正在创建加密工作站…</translation>
    </message>
</context>
<context>
    <name>ReferralSendDialog</name>
    <message>
        <source>Refer a case to another station</source>
        <translation>请求其他单位协查</translation>
    </message>
    <message>
        <source>The station asked sees the request and the case&apos;s summary after its next sync, and answers: accepted, an answer with a note, or declined.</source>
        <translation>被请求单位在下次同步后看到请求和案件摘要，并作出处理：接受、附说明答复或拒绝。</translation>
    </message>
    <message>
        <source>9-digit station code</source>
        <translation>9 位单位代码</translation>
    </message>
    <message>
        <source>What should the station do? Address, person, what to ask or take.</source>
        <translation>请对方做什么？写明地址、人员、询问或采集的内容。</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Station asked</source>
        <translation>被请求单位</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求类别</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>&amp;Send the referral</source>
        <translation>发出协查请求(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Queueing the referral…</source>
        <translation>正在保存协查请求…</translation>
    </message>
    <message>
        <source>The referral could not be queued</source>
        <translation>协查请求未能保存</translation>
    </message>
</context>
<context>
    <name>ReferralsDialog</name>
    <message>
        <source>Referrals between stations</source>
        <translation>单位间协查请求</translation>
    </message>
    <message>
        <source>Your answer, or why the station declines (required)</source>
        <translation>答复内容，或拒绝的理由（必填）</translation>
    </message>
    <message>
        <source>A&amp;ccept</source>
        <translation>接受(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>答复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>拒绝(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Open the case</source>
        <translation>查看案件(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Refer a case…</source>
        <translation>发起协查请求(&amp;R)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reading referrals…</source>
        <translation>正在读取协查请求…</translation>
    </message>
    <message>
        <source> · waiting to sync</source>
        <translation> · 待同步</translation>
    </message>
    <message>
        <source> · refused by the national server</source>
        <translation> · 全国服务器拒收</translation>
    </message>
    <message>
        <source>From</source>
        <translation>请求单位</translation>
    </message>
    <message>
        <source>To</source>
        <translation>被请求单位</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求类别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>请求时间</translation>
    </message>
    <message numerus="yes">
        <source>Sent here (%n waiting)</source>
        <translation>
            <numerusform>收到的请求（%n 条待处理）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent from here (%n)</source>
        <translation>
            <numerusform>发出的请求（%n 条）</numerusform>
        </translation>
    </message>
    <message>
        <source>Asked of this station by %1</source>
        <translation>%1 请本所协查</translation>
    </message>
    <message>
        <source>Asked of %1</source>
        <translation>本所请 %1 协查</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Refused by the national server: %1</source>
        <translation>全国服务器拒收：%1</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <source>Referral %1 accepted; the asking station learns it with the next sync.</source>
        <translation>已接受协查请求 %1，下次同步时告知请求单位。</translation>
    </message>
    <message>
        <source>Answer to referral %1 queued; the asking station reads it after the next sync.</source>
        <translation>协查请求 %1 的答复已保存，请求单位在下次同步后可见。</translation>
    </message>
    <message>
        <source>Referral %1 declined; the asking station learns it with the next sync.</source>
        <translation>已拒绝协查请求 %1，下次同步时告知请求单位。</translation>
    </message>
    <message>
        <source>Recording the answer…</source>
        <translation>正在保存答复…</translation>
    </message>
    <message>
        <source>The summary of case %1 has not arrived yet: sync first.</source>
        <translation>案件 %1 的摘要尚未收到，请先同步。</translation>
    </message>
    <message>
        <source>Another station&apos;s case (referred to this station, read-only)</source>
        <translation>其他单位的案件（请本所协查，只读）</translation>
    </message>
    <message>
        <source>Referral %1 queued; it travels with the next sync.</source>
        <translation>协查请求 %1 已保存，下次同步时发出。</translation>
    </message>
    <message>
        <source>The referrals could not be read</source>
        <translation>未能读取协查请求</translation>
    </message>
</context>
<context>
    <name>RescreenCounts</name>
    <message numerus="yes">
        <source>%n changed missing person(s)</source>
        <translation>
            <numerusform>%n 名有变动的走失人员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missing person(s)</source>
        <translation>
            <numerusform>%n 名走失人员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active found child(ren)</source>
        <translation>
            <numerusform>%n 个在办的发现儿童</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new lead(s)</source>
        <translation>
            <numerusform>新增线索 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)……</translation>
    </message>
    <message>
        <source>Use the &amp;recovery key instead</source>
        <translation>改用恢复密钥(&amp;R)</translation>
    </message>
    <message>
        <source>Backup &amp;file:</source>
        <translation>备份文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Administrator:</source>
        <translation>管理员(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Recovery &amp;key:</source>
        <translation>恢复密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>The backup is checked whole (its signature, every page, the audit chain) before anything is replaced, and you are told first what the restore drops. The station it replaces is kept in a replaced-… folder; accounts, passwords and lockouts stay as they are now.</source>
        <translation>替换任何内容之前，先完整核验备份（签名、每一页、审计链），并先告诉您恢复将丢弃哪些内容。被替换的工作站保存在 replaced-… 文件夹中；账户、密码和锁定状态保持现状。</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Xunren backups (*.xrb);;All files (*)</source>
        <translation>寻人备份 (*.xrb);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the backup file.</source>
        <translation>请选择备份文件。</translation>
    </message>
    <message>
        <source>Give an administrator&apos;s name and password, or the recovery key.</source>
        <translation>请输入管理员的用户名和密码，或恢复密钥。</translation>
    </message>
    <message>
        <source>Reading the backup and checking its signature…</source>
        <translation>正在读取备份并核验签名……</translation>
    </message>
    <message>
        <source>Checking every page of the backup and its audit chain…</source>
        <translation>正在核验备份的每一页和审计链……</translation>
    </message>
    <message>
        <source>Installing the backup with a fresh data key…</source>
        <translation>正在以新的数据密钥安装备份……</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复……</translation>
    </message>
    <message>
        <source>Go on with the restore?</source>
        <translation>继续恢复吗？</translation>
    </message>
    <message>
        <source>Backup of station %1, made %2.</source>
        <translation>工作站 %1 的备份，制作于 %2。</translation>
    </message>
    <message>
        <source>Numbers given after the backup are not known here: sync with the national server before registering new cases.</source>
        <translation>此处不知道备份之后给出的编号：请先与全国服务器同步，再登记新案件。</translation>
    </message>
    <message numerus="yes">
        <source>It drops %n case(s) registered after the backup: %1.</source>
        <translation>
            <numerusform>将丢弃备份之后登记的 %n 个案件：%1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It drops %n change(s) the national server has not acknowledged yet.</source>
        <translation>
            <numerusform>将丢弃 %n 项尚未被全国服务器确认的变更。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing registered since the backup is dropped.</source>
        <translation>备份之后没有登记任何内容，不会丢弃数据。</translation>
    </message>
    <message>
        <source>Restore cancelled: nothing was changed.</source>
        <translation>已取消恢复：没有做任何更改。</translation>
    </message>
</context>
<context>
    <name>ReviewQueueView</name>
    <message>
        <source>&amp;Approve selected</source>
        <translation>批准所选(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;turn with comment…</source>
        <translation>退回并填写意见(&amp;T)……</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>打开案件(&amp;O)</translation>
    </message>
    <message>
        <source>Reading the review queue…</source>
        <translation>正在读取待审核事项……</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>事项类别</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>提交人</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Your own item: another supervisor decides it</source>
        <translation>本人提交的事项：须由另一名所长审核</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) waiting</source>
        <translation>
            <numerusform>待审核事项 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>; the oldest has waited %1</source>
        <translation>；最早一项已等待 %1</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>正在批准……</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) approved</source>
        <translation>
            <numerusform>已批准 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Return item %1</source>
        <translation>退回事项 %1</translation>
    </message>
    <message>
        <source>%1 sees your comment on case %2.</source>
        <translation>%1 将看到您对案件 %2 的意见。</translation>
    </message>
    <message>
        <source>&amp;Return</source>
        <translation>退回(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>意见(&amp;C)</translation>
    </message>
    <message>
        <source>Returning…</source>
        <translation>正在退回……</translation>
    </message>
    <message>
        <source>Item %1 returned to %2</source>
        <translation>事项 %1 已退回给 %2</translation>
    </message>
</context>
<context>
    <name>SampleDialog</name>
    <message>
        <source>DNA sample</source>
        <translation>DNA 样本</translation>
    </message>
    <message>
        <source>The donor (or guardian) gave written consent</source>
        <translation>采集对象（或监护人）已书面同意</translation>
    </message>
    <message>
        <source>&amp;Donor</source>
        <translation>采集对象(&amp;D)</translation>
    </message>
    <message>
        <source>Sample &amp;type</source>
        <translation>样本类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Collected at</source>
        <translation>采集时间(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;ollector</source>
        <translation>采集人(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <source>Collected at</source>
        <translation>采集时间</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>采集人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Sample type</source>
        <translation>样本类型</translation>
    </message>
</context>
<context>
    <name>SamplesTab</name>
    <message>
        <source>Sample no.</source>
        <translation>样本编号</translation>
    </message>
    <message>
        <source>Donor</source>
        <translation>采集对象</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>采集时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>分型</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>交出人</translation>
    </message>
    <message>
        <source>To</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>&amp;Add sample…</source>
        <translation>添加样本(&amp;A)…</translation>
    </message>
    <message>
        <source>Add sample (Ctrl+Shift+D)</source>
        <translation>添加样本（Ctrl+Shift+D）</translation>
    </message>
    <message>
        <source>Record &amp;hand-over…</source>
        <translation>登记交接(&amp;H)…</translation>
    </message>
    <message>
        <source>Record hand-over (Ctrl+Shift+H)</source>
        <translation>登记交接（Ctrl+Shift+H）</translation>
    </message>
    <message>
        <source>Enter STR &amp;profile…</source>
        <translation>录入 STR 分型(&amp;P)…</translation>
    </message>
    <message>
        <source>Enter the lab&apos;s STR result</source>
        <translation>录入实验室的 STR 检验结果</translation>
    </message>
    <message>
        <source>Chain of custody of the selected sample</source>
        <translation>所选样本的交接记录</translation>
    </message>
    <message>
        <source>%1 loci</source>
        <translation>%1 个基因座</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The change could not be saved</source>
        <translation>修改未能保存</translation>
    </message>
    <message>
        <source>Sample added</source>
        <translation>添加样本</translation>
    </message>
    <message>
        <source>Hand-over recorded</source>
        <translation>已登记交接</translation>
    </message>
    <message>
        <source>Profile saved</source>
        <translation>分型已保存</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Lock the screen after:</source>
        <translation>无操作自动锁屏(&amp;L)：</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>The language changes at once in every open window. The screen locks after this many minutes without a key press or mouse movement (at most 30).</source>
        <translation>语言切换立即在所有打开的窗口生效。超过设定分钟数没有键盘或鼠标操作时自动锁屏（最长 30 分钟）。</translation>
    </message>
    <message>
        <source>Station: DNA kinship</source>
        <translation>工作站：DNA 亲缘比对</translation>
    </message>
    <message>
        <source>&amp;Subpopulation correction θ:</source>
        <translation>亚群校正系数 θ(&amp;S)：</translation>
    </message>
    <message>
        <source>θ allows for relatives in the same population sharing alleles by chance, so DNA results are not overstated (NRC II recommendation 4.10). 0.01 suits most populations; a lab serving a small, isolated community may ask for up to 0.05. It applies to every officer of the station, and every active case is matched again when it changes.</source>
        <translation>θ 用于校正同一人群中无关个体偶然共有等位基因的情况，使 DNA 比对结果不被高估（美国国家研究委员会第二份报告建议 4.10）。多数人群取 0.01；为人口少、通婚范围小的群体服务的实验室可要求取到 0.05。本设置对本工作站所有民警生效，修改后所有在办案件将重新比对。</translation>
    </message>
    <message>
        <source>Only an administrator can change it.</source>
        <translation>只有管理员可以修改。</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>The nine-digit station code and the station&apos;s name, as printed on forms.</source>
        <translation>九位工作站代码和工作站名称，将印在各类表单上。</translation>
    </message>
    <message>
        <source>Station &amp;code:</source>
        <translation>工作站代码(&amp;C)：</translation>
    </message>
    <message>
        <source>Station &amp;name:</source>
        <translation>工作站名称(&amp;N)：</translation>
    </message>
    <message>
        <source>e.g. 370783001</source>
        <translation>例如 370783001</translation>
    </message>
    <message>
        <source>e.g. Shengcheng Police Station</source>
        <translation>例如 寿光市公安局圣城派出所</translation>
    </message>
    <message>
        <source>Station &amp;phone:</source>
        <translation>单位电话(&amp;P)：</translation>
    </message>
    <message>
        <source>Station a&amp;ddress:</source>
        <translation>单位地址(&amp;D)：</translation>
    </message>
    <message>
        <source>e.g. 0536-5221110</source>
        <translation>例如 0536-5221110</translation>
    </message>
    <message>
        <source>e.g. 18 Yinhai Road, Shouguang</source>
        <translation>例如 寿光市银海路18号</translation>
    </message>
    <message>
        <source>Not a phone number.</source>
        <translation>不是有效的电话号码。</translation>
    </message>
    <message>
        <source>Printed on every receipt and poster: families call it.</source>
        <translation>打印在每张回执和寻人启事上，供家属联系。</translation>
    </message>
    <message>
        <source>County: %1</source>
        <translation>所属区县：%1</translation>
    </message>
    <message>
        <source>%1 of 9 digits</source>
        <translation>已输入 %1 / 9 位</translation>
    </message>
    <message>
        <source>The first six digits are not a current county code, nor a city without counties (GB/T 2260).</source>
        <translation>前六位不是现行县级行政区划代码，也不是不设区县的地级市代码（GB/T 2260）。</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Syncing… %1 sent</source>
        <translation>正在同步……已发送 %1 项</translation>
    </message>
    <message>
        <source>Syncing… %1 received</source>
        <translation>正在同步……已接收 %1 项</translation>
    </message>
    <message>
        <source>Syncing… comparing counts with the server</source>
        <translation>正在同步……正在与服务器核对记录数</translation>
    </message>
    <message>
        <source>%1; trying again in %2 s (attempt %3 of %4)</source>
        <translation>%1；%2 秒后重试（第 %3/%4 次）</translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n 条被拒绝</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Changes the server refused: see what and why</source>
        <translation>服务器拒绝的更改：查看内容和原因</translation>
    </message>
    <message numerus="yes">
        <source>Sync finished: %n change(s) sent</source>
        <translation>
            <numerusform>同步完成：已发送 %n 条更改</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n received</source>
        <translation>
            <numerusform>收到 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused (see Sync problems)</source>
        <translation>
            <numerusform>%n 条被拒绝（见“同步问题”）</numerusform>
        </translation>
    </message>
    <message>
        <source>the counts still differ from the server&apos;s; the next sync repairs it</source>
        <translation>记录数与服务器仍不一致，下次同步时修复</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <source>Sync problems</source>
        <translation>同步问题</translation>
    </message>
    <message>
        <source>The national server refused the changes below. Each is kept on this station and is not sent again by itself: read what happened and what to do. Double-click a case of this station to open it. A supervisor may send the selected change again where the server could accept it, or withdraw it; both ask for a note.</source>
        <translation>全国服务器拒绝了以下更改。每一条都保留在本站，不会自动重新发送：请阅读发生了什么以及如何处理。双击本站的案件可将其打开。所长可在服务器可能接受时重新发送所选更改，或将其撤回；两者都须填写说明。</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>What happened and what to do</source>
        <translation>发生了什么、如何处理</translation>
    </message>
    <message>
        <source>The server&apos;s words</source>
        <translation>服务器原话</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>排队时间</translation>
    </message>
    <message>
        <source>No refused changes: everything sent was accepted.</source>
        <translation>没有被拒绝的更改：已发送的内容全部被接受。</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>撤回(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Send a refused change again</source>
        <translation>重新发送被拒绝的更改</translation>
    </message>
    <message>
        <source>Withdraw a refused change</source>
        <translation>撤回被拒绝的更改</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Sent again as a new change of %1: it goes to the server at the next sync.</source>
        <translation>已作为 %1 的新更改重新排队：下次同步时发往服务器。</translation>
    </message>
    <message>
        <source>Withdrawn: the change to %1 stays on this station and is never sent.</source>
        <translation>已撤回：对 %1 的更改保留在本站，不会发送。</translation>
    </message>
    <message>
        <source>That case belongs to another station; it cannot be opened here.</source>
        <translation>该案件属于其他工作站，无法在本站打开。</translation>
    </message>
</context>
<context>
    <name>SyncResolve</name>
    <message>
        <source>Send &amp;again</source>
        <translation>重新发送(&amp;A)</translation>
    </message>
    <message>
        <source>Send &amp;again over the server&apos;s version</source>
        <translation>在服务器版本上重新发送(&amp;A)</translation>
    </message>
    <message>
        <source>Select a refused change first.</source>
        <translation>请先选择一条被拒绝的更改。</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may resolve a refused change.</source>
        <translation>只有所长或管理员可以处理被拒绝的更改。</translation>
    </message>
    <message>
        <source>A later change of this record carries this station&apos;s newer version: withdraw this older one.</source>
        <translation>此记录之后还有更改，带有本站更新的内容：请撤回这条较早的更改。</translation>
    </message>
    <message>
        <source>The server&apos;s answer does not say which version it holds: tell the administrator.</source>
        <translation>服务器的答复没有说明它持有的版本：请告知管理员。</translation>
    </message>
    <message>
        <source>The server would refuse this change again: it can only be withdrawn.</source>
        <translation>服务器会再次拒绝这条更改：只能撤回。</translation>
    </message>
    <message>
        <source>The change to %1 will be sent again at the next sync. The server accepts it if the case it belongs to has reached the server meanwhile.</source>
        <translation>对 %1 的更改将在下次同步时重新发送。如果它所属的案件此间已到达服务器，服务器就会接受。</translation>
    </message>
    <message>
        <source>This station&apos;s version of %1 will be sent at the next sync over the newer version the server holds, and will replace it there. Do this only after checking the server&apos;s version.</source>
        <translation>本站的 %1 版本将在下次同步时覆盖服务器持有的较新版本。请先核对服务器的版本再这样做。</translation>
    </message>
    <message>
        <source>The change to %1 will not be sent to the server. It stays on this station, marked withdrawn with your note.</source>
        <translation>对 %1 的更改不会发往服务器。它保留在本站，标记为已撤回，并附上您的说明。</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Sync: reading the state…</source>
        <translation>同步：正在读取状态…</translation>
    </message>
    <message>
        <source>Not enrolled with the server</source>
        <translation>未在服务器登记</translation>
    </message>
    <message>
        <source>Enrolment needed again</source>
        <translation>需要重新登记</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 条待发送</translation>
    </message>
    <message>
        <source>Changes waiting to be sent: %1; sent so far: %2.</source>
        <translation>待发送的更改：%1 条；已发送：%2 条。</translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>Last successful sync: %1.</source>
        <translation>上次成功同步：%1。</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>尚未同步过</translation>
    </message>
    <message>
        <source>No sync has succeeded yet.</source>
        <translation>尚无成功的同步。</translation>
    </message>
    <message>
        <source>Changes the server refused: %1 (see Sync problems).</source>
        <translation>服务器拒绝的更改：%1 条（见“同步问题”）。</translation>
    </message>
    <message>
        <source>Its last update brought %1; the station screened its %2 again against them: %3, %4 dropped.</source>
        <translation>最近一次更新带来 %1；本站 %2已据此重新筛查：%3，撤下 %4 条。</translation>
    </message>
    <message>
        <source>The whole index arrived; the station screened its %2 against the index&apos;s %1: %3, %4 dropped.</source>
        <translation>已收到完整索引；本站 %2已与其中 %1筛查：%3，撤下 %4 条。</translation>
    </message>
    <message>
        <source>clock off by %1 min</source>
        <translation>时钟偏差 %1 分钟</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 minutes ahead of the server&apos;s: times recorded here may be wrong. Correct the clock.</source>
        <translation>本机时钟比服务器快 %1 分钟：本站记录的时间可能有误。请校正时钟。</translation>
    </message>
    <message>
        <source>This station is not enrolled with the national server: nothing is sent, and every change is kept here. An administrator enrols the station (Sync ▸ Enrol with the national server…, or xunren enroll).</source>
        <translation>本站尚未在全国服务器登记：不会发送任何内容，所有更改都保留在本站。请管理员为本站登记（同步 ▸ 在全国服务器登记…，或 xunren enroll）。</translation>
    </message>
    <message>
        <source>The server no longer accepts this station&apos;s credential. Nothing queued is lost; an administrator must enrol the station again (Sync ▸ Enrol with the national server…, or xunren enroll).</source>
        <translation>服务器不再接受本站凭据。待发送的数据都已保留；请管理员重新为本站登记（同步 ▸ 在全国服务器登记…，或 xunren enroll）。</translation>
    </message>
    <message>
        <source>USB stick only</source>
        <translation>仅用 U 盘同步</translation>
    </message>
    <message>
        <source>This station was enrolled from a package and knows no server address: changes travel on a USB stick as sync bundles (xunren sync export, then sync import of the server&apos;s answer).</source>
        <translation>本站用登记包登记，不知道服务器地址：数据以同步包经 U 盘往来（先用 xunren sync export 写出，再用 sync import 导入服务器的答复）。</translation>
    </message>
    <message>
        <source>conflicting decisions: %1</source>
        <translation>比对决定冲突：%1 个</translation>
    </message>
    <message>
        <source>Another station decided differently on these national candidates: %1. Neither decision counts until the stations agree: call the other station (Matches).</source>
        <translation>外站对以下全国比对候选作出了不同的决定：%1。两站意见一致之前，双方的决定都不生效：请联系对方派出所（比对）。</translation>
    </message>
    <message>
        <source>National offline index: version %1.</source>
        <translation>全国离线索引：第 %1 版。</translation>
    </message>
    <message>
        <source>The national server&apos;s screening key was replaced on %1, announced over this station&apos;s authenticated channel, and accepted here on %2 (new key %3…).</source>
        <translation>国家平台已于 %1 更换离线索引签名密钥，经本站已认证的通道宣布，本站于 %2 接受（新密钥 %3…）。</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 minutes behind the server&apos;s: times recorded here may be wrong. Correct the clock.</source>
        <translation>本机时钟比服务器慢 %1 分钟：本站记录的时间可能有误。请校正时钟。</translation>
    </message>
    <message>
        <source>audit chain refused</source>
        <translation>审计链被拒</translation>
    </message>
    <message>
        <source>The national server refused this station&apos;s audit chain: it no longer goes on from the head the server acknowledged (cut short or rewritten). The server raised an alert for the national operator; contact them.</source>
        <translation>国家服务器拒绝了本站的审计链：它不再接续服务器已确认的链头（被截短或改写）。服务器已向国家平台报警，请与国家平台联系。</translation>
    </message>
    <message>
        <source>last attempt failed</source>
        <translation>上次尝试失败</translation>
    </message>
    <message>
        <source>The last attempt failed: %1</source>
        <translation>上次尝试失败：%1</translation>
    </message>
    <message>
        <source>This station is not enrolled with the national server yet; every change is kept here until an administrator enrols it.</source>
        <translation>本站尚未在全国服务器登记；在管理员完成登记之前，所有更改都保留在本站。</translation>
    </message>
    <message>
        <source>transfer request</source>
        <translation>移交申请</translation>
    </message>
    <message>
        <source>transfer acceptance</source>
        <translation>接收移交</translation>
    </message>
    <message>
        <source>transfer declined or withdrawn</source>
        <translation>拒绝接收或撤回移交</translation>
    </message>
    <message>
        <source>alert acknowledgement</source>
        <translation>预警确认</translation>
    </message>
    <message>
        <source>match decision</source>
        <translation>比对决定</translation>
    </message>
    <message>
        <source>gallery publication request</source>
        <translation>寻亲库公开申请</translation>
    </message>
    <message>
        <source>The server holds a newer version of this record than this station had. Check the case; a supervisor may then send this station&apos;s version again over the server&apos;s.</source>
        <translation>服务器上的该记录比本站的版本更新。请核对案件；之后所长可以将本站的版本在服务器版本上重新发送。</translation>
    </message>
    <message>
        <source>Another station owns this record, so only that station may change it. A case keeps its number when it is transferred, perhaps more than once: ask the station that holds the case now to make the change, or to transfer the case to this station (for a case transferred from here, its details and Case ▸ Case transfers… name the station it went to).</source>
        <translation>该记录属于其他工作站，只有该站可以修改。案件移交后编号不变，并可能再次移交：请联系现在办理该案件的工作站进行修改，或请其将案件移交本站（本站移出的案件，其详情和“案件 ▸ 案件移交…”中写明接收单位）。</translation>
    </message>
    <message>
        <source>The server could not accept the change as it was written (a fault in the program). Tell the administrator; the change is kept.</source>
        <translation>服务器无法接受这条更改（程序故障）。请告知管理员；该更改已保留。</translation>
    </message>
    <message>
        <source>The server does not hold the case this belongs to. Once the case itself is accepted, a supervisor may send this change again.</source>
        <translation>服务器上没有此记录所属的案件。待该案件被接受后，所长可以重新发送此更改。</translation>
    </message>
    <message>
        <source>The server refused this change.</source>
        <translation>服务器拒绝了这条更改。</translation>
    </message>
    <message>
        <source>case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>DNA sample</source>
        <translation>DNA 样本</translation>
    </message>
    <message>
        <source>sample hand-over</source>
        <translation>样本交接</translation>
    </message>
    <message>
        <source>DNA profile</source>
        <translation>DNA 分型</translation>
    </message>
    <message>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>void request</source>
        <translation>作废申请</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>referral to another station</source>
        <translation>请求其他单位协查</translation>
    </message>
    <message>
        <source>answer to a referral</source>
        <translation>协查请求的答复</translation>
    </message>
</context>
<context>
    <name>TipsDialog</name>
    <message>
        <source>Tips from the public</source>
        <translation>群众线索</translation>
    </message>
    <message>
        <source>Show tips already followed up or handed over</source>
        <translation>显示已跟进或已移交的线索</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>What they know</source>
        <translation>线索内容</translation>
    </message>
    <message>
        <source>Record &amp;follow-up…</source>
        <translation>记录跟进(&amp;F)…</translation>
    </message>
    <message>
        <source>Open the &amp;case</source>
        <translation>打开案件(&amp;C)</translation>
    </message>
    <message>
        <source>Reading tips…</source>
        <translation>正在读取线索…</translation>
    </message>
    <message>
        <source>Followed up by %1: %2</source>
        <translation>%1 已跟进：%2</translation>
    </message>
    <message>
        <source>handed over to %1</source>
        <translation>已移交 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n tip(s) to follow up. Call the person back, then record what came of it.</source>
        <translation>
            <numerusform>有 %n 条线索待跟进。请回电联系提供人，再记录跟进结果。</numerusform>
        </translation>
    </message>
    <message>
        <source>The case was handed over to %1 (%2): that station follows this tip up now.</source>
        <translation>案件已移交 %1（%2），这条线索现由该单位跟进。</translation>
    </message>
    <message>
        <source>The tips could not be read</source>
        <translation>无法读取线索</translation>
    </message>
    <message>
        <source>Follow-up of a tip</source>
        <translation>线索跟进</translation>
    </message>
    <message>
        <source>Who called whom, and what came of it (kept with the tip and audited).</source>
        <translation>谁联系了谁、结果如何（与线索一并保存，并记入审计）。</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Follow-up recorded</source>
        <translation>已记录跟进情况</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Your approval goes with the request; the receiving station&apos;s supervisor approves it in turn.</source>
        <translation>您的批准随申请一并发出，再由接收单位所长批准。</translation>
    </message>
    <message>
        <source>A supervisor of this station approves the request first.</source>
        <translation>申请须先经本所所长批准。</translation>
    </message>
    <message>
        <source>Transfer case %1 to another station</source>
        <translation>将案件 %1 移交其他单位</translation>
    </message>
    <message>
        <source>The case keeps its number and status; the receiving station may change it from then on, this station keeps a read-only copy.</source>
        <translation>案件编号和状态不变；此后由接收单位办理和修改，本所保留只读副本。</translation>
    </message>
    <message>
        <source>&amp;Request transfer</source>
        <translation>提出移交(&amp;R)</translation>
    </message>
    <message>
        <source>9-digit station code, e.g. 450304001</source>
        <translation>9 位单位代码，例如 450304001</translation>
    </message>
    <message>
        <source>Receiving &amp;station</source>
        <translation>接收单位(&amp;S)</translation>
    </message>
    <message>
        <source>The receiving station is a 9-digit code.</source>
        <translation>接收单位应为 9 位代码。</translation>
    </message>
</context>
<context>
    <name>TransfersWindow</name>
    <message>
        <source>Case transfers</source>
        <translation>案件移交</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>From</source>
        <translation>移出单位</translation>
    </message>
    <message>
        <source>To</source>
        <translation>接收单位</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Declined / withdrawn</source>
        <translation>拒绝/撤回说明</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>拒绝接收(&amp;D)…</translation>
    </message>
    <message>
        <source>Decline the selected transfer: the case stays with the sending station</source>
        <translation>拒绝所选移交：案件仍由移出单位办理</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>撤回(&amp;W)…</translation>
    </message>
    <message>
        <source>Withdraw the selected transfer before the receiving station accepts it</source>
        <translation>在接收单位接收前撤回所选移交</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>打开案件(&amp;O)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reading transfers…</source>
        <translation>正在读取移交…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Transfers waiting for this station&apos;s supervisor: %n</source>
        <translation>
            <numerusform>等待本所所长批准的移交：%n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>No transfer waits for this station.</source>
        <translation>没有等待本所批准的移交。</translation>
    </message>
    <message>
        <source>Transfer %1 approved; it travels with the next sync.</source>
        <translation>已批准移交 %1，下次同步时发出。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Decline transfer %1</source>
        <translation>拒绝接收移交 %1</translation>
    </message>
    <message>
        <source>Case %1 stays with %2, which is told at the next sync who declined the transfer and why.</source>
        <translation>案件 %1 仍由 %2 办理；下次同步时告知对方由谁拒绝、原因为何。</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>拒绝接收</translation>
    </message>
    <message>
        <source>Transfer %1 declined; the sending station is told at the next sync.</source>
        <translation>已拒绝接收移交 %1，下次同步时告知移出单位。</translation>
    </message>
    <message>
        <source>The request for case %1 never left this station: it is withdrawn here and the case stays.</source>
        <translation>案件 %1 的移交申请尚未发出，在本所撤回即可，案件不变。</translation>
    </message>
    <message>
        <source>Transfer %1 withdrawn.</source>
        <translation>已撤回移交 %1。</translation>
    </message>
    <message>
        <source>Case %1 stays here. The receiving station is told at the next sync who withdrew the transfer and why; if it accepted the transfer first, the case moves as accepted.</source>
        <translation>案件 %1 仍由本所办理。下次同步时告知接收单位由谁撤回、原因为何；如接收单位已先行接收，则仍按接收移交案件。</translation>
    </message>
    <message>
        <source>Transfer %1 withdrawn; the receiving station is told at the next sync.</source>
        <translation>已撤回移交 %1，下次同步时告知接收单位。</translation>
    </message>
    <message>
        <source>Withdraw transfer %1</source>
        <translation>撤回移交 %1</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>The transfer was not changed</source>
        <translation>移交未能更改</translation>
    </message>
    <message>
        <source>The transfers could not be read</source>
        <translation>无法读取案件移交</translation>
    </message>
</context>
<context>
    <name>UsbSync</name>
    <message>
        <source>Write a USB bundle</source>
        <translation>写出 U 盘同步包</translation>
    </message>
    <message>
        <source>Sync bundles (*.xsb);;All files (*)</source>
        <translation>同步包 (*.xsb);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Wrote %1 waiting changes to %2, sealed for the national server.</source>
        <translation>已将 %1 项待发送的变更写入 %2，已为全国服务器加密签名。</translation>
    </message>
    <message>
        <source>Sealing the waiting changes for the national server…</source>
        <translation>正在为全国服务器加密并签名待发送的更改……</translation>
    </message>
    <message>
        <source>Read the server&apos;s answer</source>
        <translation>读入服务器的答复</translation>
    </message>
    <message>
        <source>The server&apos;s answer is applied: %1 confirmed, %2 refused, %3 received.</source>
        <translation>服务器的答复已导入：已确认 %1，被拒 %2，接收 %3。</translation>
    </message>
    <message>
        <source>Checking and applying the server&apos;s answer…</source>
        <translation>正在核验并应用服务器的答复……</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void case %1</source>
        <translation>作废案件 %1</translation>
    </message>
    <message>
        <source>A case is never deleted. Voiding takes effect once a supervisor approves it; the case stays in the record with the reason.</source>
        <translation>案件永不删除。作废须经所长批准后生效；案件连同作废理由保留在记录中。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须填写理由。</translation>
    </message>
</context>
<context>
    <name>WeeklyDialog</name>
    <message>
        <source>Weekly report</source>
        <translation>每周工作报告</translation>
    </message>
    <message>
        <source>&amp;Week:</source>
        <translation>统计周(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <source>Weekly report %1</source>
        <translation>每周工作报告 %1</translation>
    </message>
</context>
</TS>
