<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Accessibility</name>
    <message>
        <source>hidden</source>
        <extracomment>Optional keys for the speech controls (config keypad.&lt;name&gt;; empty: none). On five keys they are on the green channel&apos;s settings screen. The defaults of config section `keypad` (kiosk.config declares the same).</extracomment>
        <translation>已隐藏</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <source>nothing chosen</source>
        <translation>未选择</translation>
    </message>
    <message>
        <source>button</source>
        <translation>按钮</translation>
    </message>
    <message>
        <source>check box</source>
        <translation>复选框</translation>
    </message>
    <message>
        <source>option</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>已选中</translation>
    </message>
    <message>
        <source>not selected</source>
        <translation>未选中</translation>
    </message>
    <message>
        <source>text field</source>
        <translation>输入框</translation>
    </message>
    <message>
        <source>choice list</source>
        <translation>选择列表</translation>
    </message>
    <message>
        <source>text, press select to hear it page by page</source>
        <translation>文本，按确认键逐页收听</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Row {n} of {count}</source>
        <translation>第 {n} 行，共 {count} 行</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>not available with the keys</source>
        <translation>无法用按键操作</translation>
    </message>
    <message>
        <source>End of the text.</source>
        <translation>全文完。</translation>
    </message>
    <message>
        <source>Type with the on-screen keyboard.</source>
        <translation>请用屏幕键盘输入。</translation>
    </message>
    <message>
        <source>There is no way back from here.</source>
        <translation>此处无法返回。</translation>
    </message>
    <message>
        <source>Use the keys: up and down move from item to item, select chooses the item, back goes back, help explains the screen. Touch an item to hear it, touch it again to choose it. Repeat, speed and volume are in the green channel&apos;s settings.</source>
        <translation>按键使用方法：上下键在各项之间移动，确认键选择当前项，返回键返回上一步，帮助键讲解本页。触摸某一项可听到它的内容，再触摸一次即选择。重复播报、语速和音量可在绿色通道的设置中调整。</translation>
    </message>
    <message>
        <source>{key} repeats.</source>
        <translation>{key} 键重复播报。</translation>
    </message>
    <message>
        <source>{key} pauses.</source>
        <translation>{key} 键暂停播报。</translation>
    </message>
    <message>
        <source>{key} is louder.</source>
        <translation>{key} 键增大音量。</translation>
    </message>
    <message>
        <source>{key} is quieter.</source>
        <translation>{key} 键减小音量。</translation>
    </message>
    <message>
        <source>{key} is faster.</source>
        <translation>{key} 键加快语速。</translation>
    </message>
    <message>
        <source>{key} is slower.</source>
        <translation>{key} 键减慢语速。</translation>
    </message>
</context>
<context>
    <name>AddressScreen</name>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Starting up, one moment please…</source>
        <translation>系统正在启动，请稍候…</translation>
    </message>
    <message>
        <source>File a case · My cases · Print documents · Pay fees · Guidance · Mediation</source>
        <translation>自助立案 · 我的案件 · 文书打印 · 诉讼缴费 · 诉讼指南 · 调解申请</translation>
    </message>
    <message>
        <source>Touch here to start</source>
        <translation>请触摸此处开始</translation>
    </message>
    <message>
        <source>Green channel: speech, large text, keypad</source>
        <translation>绿色通道：语音、大字、按键</translation>
    </message>
</context>
<context>
    <name>CaseDetailScreen</name>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>1 day left</source>
        <translation>剩余 1 天</translation>
    </message>
    <message>
        <source>{n} days left</source>
        <translation>剩余 {n} 天</translation>
    </message>
    <message>
        <source>Nothing yet.</source>
        <translation>暂无记录。</translation>
    </message>
    <message>
        <source>online (by video)</source>
        <translation>在线（视频）</translation>
    </message>
    <message>
        <source>(held)</source>
        <translation>（已进行）</translation>
    </message>
    <message>
        <source>No hearing is set yet.</source>
        <translation>尚未安排开庭。</translation>
    </message>
    <message>
        <source>No deadline at the moment.</source>
        <translation>目前没有期限。</translation>
    </message>
    <message>
        <source>Judge</source>
        <translation>承办法官</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>书记员</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>The court has not assigned a judge yet.</source>
        <translation>法院尚未指定承办法官。</translation>
    </message>
    <message>
        <source>Course of the case</source>
        <translation>案件进程</translation>
    </message>
    <message>
        <source>Hearings</source>
        <translation>庭审安排</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Judge and clerk</source>
        <translation>承办法官和书记员</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the case file</source>
        <translation>阅卷</translation>
    </message>
    <message>
        <source>Asking the court…</source>
        <translation>正在查询法院系统…</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>案件状态：{status}</translation>
    </message>
    <message>
        <source>To read the case file, choose Read case file on the menu and identify with your ID card.</source>
        <translation>如需阅卷，请在服务菜单中选择“电子阅卷”，并用身份证识别身份。</translation>
    </message>
</context>
<context>
    <name>CaseLookupScreen</name>
    <message>
        <source>Please enter the case number.</source>
        <translation>请输入案号。</translation>
    </message>
    <message>
        <source>The year in brackets is not right. A case number starts with the year, e.g. （2026）.</source>
        <translation>括号中的年份不正确。案号以年份开头，例如（2026）。</translation>
    </message>
    <message>
        <source>The number before 号 must be 1 or more.</source>
        <translation>“号”前的序号须为 1 或以上。</translation>
    </message>
    <message>
        <source>The case type in this case number (e.g. 民初, 民终, 执) is not known.</source>
        <translation>案号中的案件类型代字（如 民初、民终、执）无法识别。</translation>
    </message>
    <message>
        <source>This is not a case number. Type it as on the court&apos;s notice: the year in brackets, the court code, the case type and the number, e.g. （2026）京0105民初123号.</source>
        <translation>这不是有效的案号。请按法院通知书上的写法输入：括号中的年份、法院代字、案件类型和序号，例如（2026）京0105民初123号。</translation>
    </message>
    <message>
        <source>Please enter the query code.</source>
        <translation>请输入查询码。</translation>
    </message>
    <message>
        <source>A query code has 6 to 12 letters and digits.</source>
        <translation>查询码由 6 至 12 位字母和数字组成。</translation>
    </message>
    <message>
        <source>A query code has only the digits 2-9 and the letters A-Z without I, L and O. Please check it against the notice.</source>
        <translation>查询码只包含数字 2-9 和字母 A-Z（不含 I、L、O）。请对照通知书核对。</translation>
    </message>
    <message>
        <source>The query code does not match this case number.</source>
        <translation>查询码与案号不符。</translation>
    </message>
    <message>
        <source>One more wrong code locks the lookup of this case for a while.</source>
        <translation>再错一次，本案查询将被锁定一段时间。</translation>
    </message>
    <message>
        <source>{n} attempts left before the lookup of this case is locked.</source>
        <translation>还可尝试 {n} 次，之后本案查询将被锁定。</translation>
    </message>
    <message>
        <source>The lookup of this case is now locked for a while.</source>
        <translation>本案查询现已被锁定一段时间。</translation>
    </message>
    <message>
        <source>Too many wrong query codes: the lookup of this case is locked. Try again in {n} minutes, or ask at the service counter.</source>
        <translation>查询码错误次数过多，本案查询已锁定。请 {n} 分钟后再试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Too many wrong query codes: the lookup of this case is locked for a while. Please ask at the service counter.</source>
        <translation>查询码错误次数过多，本案查询已暂时锁定。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The court has no case you may see under this case number.</source>
        <translation>法院没有您可查看的该案号案件。</translation>
    </message>
    <message>
        <source>The court&apos;s system cannot be reached right now. Please try again in a moment.</source>
        <translation>暂时无法连接法院系统，请稍后再试。</translation>
    </message>
    <message>
        <source>The court could not answer. Please ask at the service counter.</source>
        <translation>法院系统未能答复，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Asking the court…</source>
        <translation>正在查询法院系统…</translation>
    </message>
    <message>
        <source>Nothing was sent. Please correct what is marked.</source>
        <translation>尚未发送任何内容。请更正标出的内容。</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Query code (查询码)</source>
        <translation>查询码</translation>
    </message>
    <message>
        <source>e.g. 7KQ2M9XA</source>
        <translation>例如 7KQ2M9XA</translation>
    </message>
    <message>
        <source>The query code is printed on the court&apos;s acceptance notice (受理通知书) and on the summons. After 3 wrong codes the lookup of the case is locked for a while.</source>
        <translation>查询码印在法院的受理通知书和传票上。连续输错 3 次后，该案查询将被锁定一段时间。</translation>
    </message>
    <message>
        <source>Look up the case</source>
        <translation>查询案件</translation>
    </message>
</context>
<context>
    <name>CaseReadingScreen</name>
    <message>
        <source>This document is too large to be shown on the kiosk. Please ask at the service counter to read it.</source>
        <translation>该文件太大，无法在自助机上显示。请到服务窗口申请查阅。</translation>
    </message>
    <message>
        <source>This document has too many pages to be shown on the kiosk. Please ask at the service counter to read it.</source>
        <translation>该文件页数过多，无法在自助机上显示。请到服务窗口申请查阅。</translation>
    </message>
    <message>
        <source>This document cannot be shown: the file the court sent is damaged. Please ask at the service counter.</source>
        <translation>该文件无法显示：法院发送的文件已损坏。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The document did not arrive completely, so nothing of it is shown. Please try again.</source>
        <translation>文件未完整接收，因此不予显示。请重试。</translation>
    </message>
    <message>
        <source>The court&apos;s system cannot be reached right now. Please try again in a moment.</source>
        <translation>暂时无法连接法院系统，请稍后再试。</translation>
    </message>
    <message>
        <source>Reading is not open now: the court&apos;s permission is missing or its time has ended.</source>
        <translation>当前不能阅卷：尚未获得法院许可，或阅卷期限已过。</translation>
    </message>
    <message>
        <source>The court no longer has this document in the case file.</source>
        <translation>该文件已不在案卷中。</translation>
    </message>
    <message>
        <source>The document could not be opened. Please ask at the service counter.</source>
        <translation>无法打开该文件。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Your application could not be saved on this kiosk. Nothing was sent. Please ask at the service counter.</source>
        <translation>您的申请未能保存在本机，未发送任何内容。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Your reading time has ended, so the document was closed.</source>
        <translation>阅卷期限已到，文件已关闭。</translation>
    </message>
    <message>
        <source>You have not applied to read this case file yet.</source>
        <translation>您尚未申请查阅本案案卷。</translation>
    </message>
    <message>
        <source>Your application is saved and on its way to the court.</source>
        <translation>您的阅卷申请已保存，正在发送至法院。</translation>
    </message>
    <message>
        <source>The court is deciding on your application. This page shows the answer when it comes; you can also come back later.</source>
        <translation>法院正在审查您的阅卷申请。结果出来后本页会显示；您也可以稍后再来查看。</translation>
    </message>
    <message>
        <source>The court did not grant your application.</source>
        <translation>法院未批准您的阅卷申请。</translation>
    </message>
    <message>
        <source>Reason: {reasons}</source>
        <translation>理由：{reasons}</translation>
    </message>
    <message>
        <source>You may read the case file until {until}.</source>
        <translation>您可以阅卷至 {until}。</translation>
    </message>
    <message>
        <source>Your reading time ended on {until}. You may apply again.</source>
        <translation>您的阅卷期限已于 {until} 结束。您可以重新申请。</translation>
    </message>
    <message>
        <source>Your reading time starts on {start}.</source>
        <translation>您的阅卷期限自 {start} 开始。</translation>
    </message>
    <message>
        <source>{date}, {pages} pages</source>
        <translation>{date}，共 {pages} 页</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>查阅</translation>
    </message>
    <message>
        <source>The case file has no documents you may read yet.</source>
        <translation>案卷中暂无可查阅的文件。</translation>
    </message>
    <message>
        <source>Another case (with case number and query code)</source>
        <translation>其他案件（凭案号和查询码）</translation>
    </message>
    <message>
        <source>Apply to read the case file</source>
        <translation>申请阅卷</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Documents of the case file</source>
        <translation>案卷文件</translation>
    </message>
    <message>
        <source>Asking the court for your cases…</source>
        <translation>正在向法院查询您的案件……</translation>
    </message>
    <message>
        <source>You have no case at this court. For another person&apos;s case, use its case number and query code.</source>
        <translation>您在本院没有案件。查阅他人的案件，请使用案号和查询码。</translation>
    </message>
    <message>
        <source>Which case file do you want to read?</source>
        <translation>您要查阅哪个案件的案卷？</translation>
    </message>
    <message>
        <source>Asking the court…</source>
        <translation>正在查询法院系统…</translation>
    </message>
    <message>
        <source>The court has no case file you may see for this case.</source>
        <translation>法院没有您可查阅的本案案卷。</translation>
    </message>
</context>
<context>
    <name>CaseSlipScreen</name>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed. Please take your slip from the printer.</source>
        <translation>打印完成，请从打印口取走凭条。</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please ask at the service counter.</source>
        <translation>打印机缺纸，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The slip could not be printed. Please ask at the service counter.</source>
        <translation>凭条未能打印，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Touch a case first.</source>
        <translation>请先点选一个案件。</translation>
    </message>
    <message>
        <source>Print slip</source>
        <translation>打印凭条</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案号</translation>
    </message>
</context>
<context>
    <name>ClaimsScreen</name>
    <message>
        <source>Pre-suit mediation is free.</source>
        <translation>诉前调解不收费。</translation>
    </message>
    <message>
        <source>Enforcement fee: {fee} yuan, paid after enforcement, not now (Decree 481 Art. 20)</source>
        <translation>申请执行费：{fee} 元，执行后交纳，现在无需预交（《诉讼费用交纳办法》第二十条）</translation>
    </message>
    <message>
        <source>Estimated court fee: {fee} yuan (Decree 481)</source>
        <translation>预估诉讼费：{fee} 元（《诉讼费用交纳办法》）</translation>
    </message>
    <message>
        <source>Please choose the document you want enforced.</source>
        <translation>请选择申请执行的法律文书。</translation>
    </message>
    <message>
        <source>Case number of the first-instance judgment</source>
        <translation>一审判决的案号</translation>
    </message>
    <message>
        <source>Case number of the effective judgment or mediation statement</source>
        <translation>生效判决书或调解书的案号</translation>
    </message>
    <message>
        <source>The document to enforce</source>
        <translation>执行依据</translation>
    </message>
    <message>
        <source>Your claims</source>
        <translation>诉讼请求</translation>
    </message>
    <message>
        <source>What you ask the appeal court to change</source>
        <translation>上诉请求</translation>
    </message>
    <message>
        <source>What you ask the court to enforce</source>
        <translation>申请执行事项</translation>
    </message>
    <message>
        <source>What you want to settle</source>
        <translation>调解请求</translation>
    </message>
    <message>
        <source>For example: order the defendant to repay the loan of 50,000 yuan with interest.</source>
        <translation>例如：判令被告归还借款50,000元及利息。</translation>
    </message>
    <message>
        <source>Facts and reasons</source>
        <translation>事实与理由</translation>
    </message>
    <message>
        <source>What happened (optional)</source>
        <translation>事情经过（选填）</translation>
    </message>
    <message>
        <source>What happened, when, and why you are right. Short sentences are fine.</source>
        <translation>发生了什么、什么时间、您为什么有理。写短句即可。</translation>
    </message>
    <message>
        <source>Amount appealed (the part of the judgment you disagree with)</source>
        <translation>上诉金额（不服一审判决的部分）</translation>
    </message>
    <message>
        <source>Amount to enforce (0 if none)</source>
        <translation>申请执行金额（没有填 0）</translation>
    </message>
    <message>
        <source>Amount claimed (0 if none)</source>
        <translation>诉讼请求金额（没有填 0）</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>CourtIdentityScreen</name>
    <message>
        <source>Enrolling with the court…</source>
        <translation>正在向法院注册…</translation>
    </message>
    <message>
        <source>Enrolled: this kiosk now talks to the court with its own certificate.</source>
        <translation>注册完成：本机此后使用自己的证书与法院通信。</translation>
    </message>
    <message>
        <source>An enrolment code has 12 digits.</source>
        <translation>注册码为 12 位数字。</translation>
    </message>
    <message>
        <source>The court refused the code: it is wrong, already used or expired. Ask the court&apos;s IT staff for a new one.</source>
        <translation>法院拒绝了该注册码：码有误、已使用或已过期。请向法院信息技术人员索取新码。</translation>
    </message>
    <message>
        <source>The court refused this kiosk&apos;s certificate request. Check the kiosk id.</source>
        <translation>法院拒绝了本机的证书申请，请核对本机编号。</translation>
    </message>
    <message>
        <source>The court cannot be reached (network or its certificate). Try again later.</source>
        <translation>无法连接法院（网络或法院证书问题），请稍后再试。</translation>
    </message>
    <message>
        <source>The certificate could not be saved on this kiosk (disk full or not writable).</source>
        <translation>证书无法保存到本机（磁盘已满或不可写）。</translation>
    </message>
    <message>
        <source>The court&apos;s answer was not a valid certificate for this kiosk; nothing was installed.</source>
        <translation>法院返回的不是本机的有效证书，未安装任何内容。</translation>
    </message>
    <message>
        <source>Not enrolled: nothing is sent to the court until the kiosk is enrolled.</source>
        <translation>未注册：本机注册前不会向法院发送任何内容。</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>Enrolled, expires soon: enrol again with a new code</source>
        <translation>已注册，即将到期：请用新码重新注册</translation>
    </message>
    <message>
        <source>Certificate expired: enrol again with a new code</source>
        <translation>证书已过期：请用新码重新注册</translation>
    </message>
    <message>
        <source>Certificate files damaged: enrol again with a new code</source>
        <translation>证书文件已损坏：请用新码重新注册</translation>
    </message>
    <message>
        <source>by the court&apos;s CA file</source>
        <translation>由法院 CA 证书文件验证</translation>
    </message>
    <message>
        <source>by its pinned key</source>
        <translation>由固定的服务器公钥验证</translation>
    </message>
    <message>
        <source>by the court&apos;s CA file and its pinned key</source>
        <translation>由法院 CA 证书文件及固定公钥验证</translation>
    </message>
    <message>
        <source>by the system&apos;s certificate authorities</source>
        <translation>由系统内置证书机构验证</translation>
    </message>
    <message>
        <source>Practice court inside this kiosk: no certificate needed</source>
        <translation>本机内置练习法院：无需证书</translation>
    </message>
    <message>
        <source>not checked (plain http on this machine only)</source>
        <translation>不验证（仅本机内部的 http 连接）</translation>
    </message>
    <message>
        <source>until {date} ({days} days left)</source>
        <translation>至 {date}（剩余 {days} 天）</translation>
    </message>
    <message>
        <source>This kiosk and the court</source>
        <translation>本机与法院</translation>
    </message>
    <message>
        <source>Kiosk id</source>
        <translation>本机编号</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Court server checked</source>
        <translation>法院服务器验证方式</translation>
    </message>
    <message>
        <source>The kiosk proves who it is to the court with its own certificate; its private key never leaves this machine. Enrol once, and again before the certificate expires or if it is revoked.</source>
        <translation>本机以自己的证书向法院证明身份，私钥从不离开本机。注册一次即可；证书到期前或被吊销后需重新注册。</translation>
    </message>
    <message>
        <source>Enrol with a one-time code</source>
        <translation>使用一次性注册码注册</translation>
    </message>
    <message>
        <source>The court&apos;s IT staff issue a 12-digit code for this kiosk id. It works once, for one hour.</source>
        <translation>法院信息技术人员为本机编号签发 12 位注册码，仅可使用一次，一小时内有效。</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Back to maintenance</source>
        <translation>返回维护</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>DemoBand</name>
    <message>
        <source>DEMO — practice only: nothing is sent to the court</source>
        <translation>演示模式——仅供练习，不会提交到法院</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <source>Demo devices (simulated)</source>
        <translation>演示设备（模拟）</translation>
    </message>
    <message>
        <source>Place expired ID card: {name}</source>
        <translation>放置过期身份证：{name}</translation>
    </message>
    <message>
        <source>Place ID card: {name}</source>
        <translation>放置身份证：{name}</translation>
    </message>
    <message>
        <source>Take the card off the reader</source>
        <translation>从读卡器取走身份证</translation>
    </message>
    <message>
        <source>Receipt printer offline</source>
        <translation>凭条打印机离线</translation>
    </message>
    <message>
        <source>Receipt printer out of paper</source>
        <translation>凭条打印机缺纸</translation>
    </message>
    <message>
        <source>Staff card on the reader (maintenance)</source>
        <translation>工作人员卡已放在读卡器上（维护）</translation>
    </message>
    <message>
        <source>Printed by the receipt printer:</source>
        <translation>凭条打印机已打印：</translation>
    </message>
</context>
<context>
    <name>DeviceTestScreen</name>
    <message>
        <source>Live preview: {fps} frames/s</source>
        <translation>实时预览：每秒 {fps} 帧</translation>
    </message>
    <message>
        <source>Speak: the bar follows your voice.</source>
        <translation>请说话：音量条会随声音变化。</translation>
    </message>
    <message>
        <source>Card read: {id}</source>
        <translation>已读取身份证：{id}</translation>
    </message>
    <message>
        <source>No card on the reader.</source>
        <translation>读卡器上没有身份证。</translation>
    </message>
    <message>
        <source>The card was read but has expired.</source>
        <translation>已读取，但身份证已过有效期。</translation>
    </message>
    <message>
        <source>The card was read but its ID number fails the check.</source>
        <translation>已读取，但身份证号码校验未通过。</translation>
    </message>
    <message>
        <source>No ID card reader is configured.</source>
        <translation>未配置身份证阅读器。</translation>
    </message>
    <message>
        <source>Reading failed: {id}</source>
        <translation>读取失败：{id}</translation>
    </message>
    <message>
        <source>Test receipt printed.</source>
        <translation>测试凭条已打印。</translation>
    </message>
    <message>
        <source>Test receipt failed: {code}</source>
        <translation>测试凭条打印失败：{code}</translation>
    </message>
    <message>
        <source>Printing the A4 test page…</source>
        <translation>正在打印A4测试页…</translation>
    </message>
    <message>
        <source>Print preview of the A4 test page</source>
        <translation>A4测试页打印预览</translation>
    </message>
    <message>
        <source>A4 test page printed (CUPS job completed).</source>
        <translation>A4测试页已打印（CUPS任务已完成）。</translation>
    </message>
    <message>
        <source>No A4 printer: {reason}</source>
        <translation>没有A4打印机：{reason}</translation>
    </message>
    <message>
        <source>A4 test page failed: {state} {reason}</source>
        <translation>A4测试页打印失败：{state} {reason}</translation>
    </message>
    <message>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Test receipt</source>
        <translation>测试凭条</translation>
    </message>
    <message>
        <source>A4 test page</source>
        <translation>A4测试页</translation>
    </message>
    <message>
        <source>Read the card on the reader</source>
        <translation>读取读卡器上的身份证</translation>
    </message>
    <message>
        <source>Back to maintenance</source>
        <translation>返回维护</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>Printing… Please wait at the A4 printer.</source>
        <translation>正在打印…请在A4打印机旁稍候。</translation>
    </message>
    <message>
        <source>Printed. Please take your pages from the A4 printer.</source>
        <translation>已打印，请从A4打印机取走您的文书。</translation>
    </message>
    <message>
        <source>This kiosk has no A4 printer. Please ask at the service counter to print your document.</source>
        <translation>本机没有A4打印机，请到诉讼服务窗口打印您的文书。</translation>
    </message>
    <message>
        <source>The printer did not print the document. Please ask at the service counter.</source>
        <translation>打印机未能打印该文书，请到诉讼服务窗口咨询。</translation>
    </message>
    <message>
        <source>The printer cannot be reached. Please try again, or ask at the service counter.</source>
        <translation>无法连接打印机，请重试，或到诉讼服务窗口咨询。</translation>
    </message>
    <message>
        <source>Page {n}…</source>
        <translation>第{n}页…</translation>
    </message>
    <message>
        <source>This page cannot be shown. It will still print.</source>
        <translation>此页无法预览，但仍可正常打印。</translation>
    </message>
    <message>
        <source>Page {n} of {total}</source>
        <translation>第{n}页 / 共{total}页</translation>
    </message>
    <message>
        <source>Print preview: {title}</source>
        <translation>打印预览：{title}</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>Everything you entered is cleared from this kiosk when you leave.</source>
        <translation>您离开后，本机将清除您输入的全部信息。</translation>
    </message>
    <message>
        <source>I have taken them</source>
        <translation>我已取回</translation>
    </message>
</context>
<context>
    <name>EnterpriseOffer</name>
    <message>
        <source>Enterprise window: a company is a party</source>
        <translation>涉企服务：当事人中有企业</translation>
    </message>
    <message>
        <source>You may tell the court how the case, and freezing accounts or assets in it, would affect the company&apos;s operation (企业“云评估”). Optional, about two minutes.</source>
        <translation>您可以告诉法院，本案以及案件中冻结账户或查封资产会对企业的生产经营造成什么影响（企业“云评估”）。选填，约需两分钟。</translation>
    </message>
    <message>
        <source>Yes, fill it in next</source>
        <translation>是，下一步填写</translation>
    </message>
</context>
<context>
    <name>EnterpriseScreen</name>
    <message>
        <source>Operating normally</source>
        <translation>正常经营</translation>
    </message>
    <message>
        <source>Partly stopped</source>
        <translation>部分停产</translation>
    </message>
    <message>
        <source>Production stopped</source>
        <translation>停产</translation>
    </message>
    <message>
        <source>Closed for business</source>
        <translation>歇业</translation>
    </message>
    <message>
        <source>In liquidation</source>
        <translation>清算中</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>No effect</source>
        <translation>没有影响</translation>
    </message>
    <message>
        <source>A minor effect</source>
        <translation>影响较小</translation>
    </message>
    <message>
        <source>Serious: wages or suppliers could not be paid</source>
        <translation>影响严重：无法支付工资或货款</translation>
    </message>
    <message>
        <source>It would stop operating</source>
        <translation>将导致停产停业</translation>
    </message>
    <message>
        <source>Willing</source>
        <translation>愿意</translation>
    </message>
    <message>
        <source>Not willing</source>
        <translation>不愿意</translation>
    </message>
    <message>
        <source>Not decided yet</source>
        <translation>尚未决定</translation>
    </message>
    <message>
        <source>A guarantor (担保)</source>
        <translation>提供担保</translation>
    </message>
    <message>
        <source>A bank guarantee (保函)</source>
        <translation>银行保函</translation>
    </message>
    <message>
        <source>Preservation insurance (保险)</source>
        <translation>诉讼保全责任保险</translation>
    </message>
    <message>
        <source>Other property instead (置换财产)</source>
        <translation>以其他财产置换</translation>
    </message>
    <message>
        <source>Seal but keep using it (活封)</source>
        <translation>活封（查封后允许继续使用）</translation>
    </message>
    <message>
        <source>Please answer this.</source>
        <extracomment>Where the keypad focus goes for a problem (the screen scrolls to it), in the screen&apos;s order.</extracomment>
        <translation>请回答此项。</translation>
    </message>
    <message>
        <source>Please enter a whole number, for example 120.</source>
        <translation>请输入整数，例如 120。</translation>
    </message>
    <message>
        <source>Please enter the amount in yuan, for example 250000.</source>
        <translation>请输入以元为单位的金额，例如 250000。</translation>
    </message>
    <message>
        <source>Please enter how many orders or contracts are at risk.</source>
        <translation>请填写受影响的订单或合同数量。</translation>
    </message>
    <message>
        <source>This is too long: at most 1000 characters.</source>
        <translation>内容过长：最多 1000 字。</translation>
    </message>
    <message>
        <source>Please check this answer.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <source>Please choose the organisation this evaluation is about.</source>
        <translation>请选择评估所针对的企业。</translation>
    </message>
    <message>
        <source>Enterprise window (企业“云评估”): the court weighs how a case, and freezing a company&apos;s accounts or assets to preserve property, would affect its production and operation, and looks for milder ways. Your answers go to the court with your filing. Answer as well as you know.</source>
        <translation>企业“云评估”：法院会评估案件以及为保全财产而冻结企业账户或查封资产对其生产经营的影响，并尽量采取影响较小的方式。您的回答将随立案申请一并提交法院，请根据您所了解的情况填写。</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>评估企业</translation>
    </message>
    <message>
        <source>Number of employees</source>
        <translation>职工人数</translation>
    </message>
    <message>
        <source>Operating status</source>
        <translation>经营状态</translation>
    </message>
    <message>
        <source>Would preservation freeze its bank accounts?</source>
        <translation>保全是否会冻结其银行账户？</translation>
    </message>
    <message>
        <source>Would preservation seize key assets (plant, equipment, stock)?</source>
        <translation>保全是否会查封其关键资产（厂房、设备、存货）？</translation>
    </message>
    <message>
        <source>What would a freeze do to its operation?</source>
        <translation>冻结、查封对其经营有何影响？</translation>
    </message>
    <message>
        <source>Orders and contracts at risk (optional)</source>
        <translation>受影响的订单和合同（选填）</translation>
    </message>
    <message>
        <source>Willing to settle by mediation?</source>
        <translation>是否愿意调解？</translation>
    </message>
    <message>
        <source>Instead of freezing, it can offer (optional)</source>
        <translation>可替代冻结的方式（选填）</translation>
    </message>
    <message>
        <source>Anything else (optional)</source>
        <translation>其他情况（选填）</translation>
    </message>
    <message>
        <source>Please choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>For example: the frozen account pays 300 workers&apos; wages</source>
        <translation>例如：被冻结账户用于发放300名职工工资</translation>
    </message>
    <message>
        <source>You do not have to answer: your filing goes on without it.</source>
        <translation>此项选填：不填写也不影响立案申请。</translation>
    </message>
    <message>
        <source>Skip the evaluation</source>
        <translation>跳过评估</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>EvidenceScreen</name>
    <message>
        <source>(usually needed)</source>
        <translation>（通常需要）</translation>
    </message>
    <message>
        <source>(if you have it)</source>
        <translation>（如有）</translation>
    </message>
    <message>
        <source>Scan a page</source>
        <translation>拍摄一页</translation>
    </message>
    <message>
        <source>What it is, e.g. IOU of 2024-03-01</source>
        <translation>证据名称，如 2024年3月1日借条</translation>
    </message>
    <message>
        <source>What it proves, e.g. the loan was made</source>
        <translation>证明目的，如 借款事实</translation>
    </message>
    <message>
        <source>{n} page(s) scanned</source>
        <translation>已拍摄 {n} 页</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Place the page under the camera… taking the photo.</source>
        <translation>请把材料放在高拍仪下……正在拍摄。</translation>
    </message>
    <message>
        <source>Page scanned.</source>
        <translation>已拍摄。</translation>
    </message>
    <message>
        <source>The camera could not take the photo. You can try again, or bring the papers to the service counter.</source>
        <translation>高拍仪未能拍摄。您可以重试，或把材料带到服务窗口。</translation>
    </message>
    <message>
        <source>This kiosk has no working document camera. Bring the papers to the service counter.</source>
        <translation>本机高拍仪不可用。请把材料带到服务窗口。</translation>
    </message>
    <message>
        <source>As an agent you need the power of attorney: scan it, please.</source>
        <translation>代理人须提交授权委托书：请拍摄上传。</translation>
    </message>
    <message>
        <source>Please give every piece of evidence a name, or remove it.</source>
        <translation>请为每份证据填写名称，或将其删除。</translation>
    </message>
    <message>
        <source>Materials usually needed</source>
        <translation>通常需要的材料</translation>
    </message>
    <message>
        <source>Evidence list</source>
        <translation>证据清单</translation>
    </message>
    <message>
        <source>Add a piece of evidence</source>
        <translation>添加一份证据</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>FeeCalculatorScreen</name>
    <message>
        <source>Please enter the amount.</source>
        <translation>请填写金额。</translation>
    </message>
    <message>
        <source>Please enter an amount in yuan, for example 12000 or 12000.50.</source>
        <translation>请以元为单位填写金额，例如 12000 或 12000.50。</translation>
    </message>
    <message>
        <source>This cannot be calculated. Please ask at the service counter.</source>
        <translation>无法计算，请到诉讼服务窗口咨询。</translation>
    </message>
    <message>
        <source>Fee: {fee} yuan</source>
        <translation>费用：{fee} 元</translation>
    </message>
    <message>
        <source>Not paid in advance: {fee} yuan now.</source>
        <translation>无需预交：现在应交 {fee} 元。</translation>
    </message>
    <message>
        <source>This is an estimate under Decree 481 with this province&apos;s figures. The court&apos;s fee notice is binding.</source>
        <translation>这是依《诉讼费用交纳办法》及本省标准计算的估算金额，以法院交费通知为准。</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Simple procedure (half)</source>
        <translation>适用简易程序（减半）</translation>
    </message>
    <message>
        <source>Settled by mediation, or withdrawn (half)</source>
        <translation>调解结案或撤诉（减半）</translation>
    </message>
    <message>
        <source>Counterclaim or a third party&apos;s own claim (half)</source>
        <translation>反诉或有独立请求权的第三人提出请求（减半）</translation>
    </message>
    <message>
        <source>Appeal (on the part of the judgment appealed)</source>
        <translation>上诉（按不服一审判决部分计算）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>FeesScreen</name>
    <message>
        <source>The fee cannot be calculated for this amount.</source>
        <translation>无法按此金额计算诉讼费。</translation>
    </message>
    <message>
        <source>You file with {court}. It confirms the fee by its province&apos;s figures and sends the fee notice; this estimate uses this court&apos;s figures.</source>
        <translation>您向{court}申请立案。诉讼费由该院按当地标准确定并发出交费通知；此处估算按本院标准计算。</translation>
    </message>
    <message>
        <source>Court fee: {fee} yuan</source>
        <translation>诉讼费：{fee} 元</translation>
    </message>
    <message>
        <source>(to pay now: {fee} yuan)</source>
        <translation>（现在应交：{fee} 元）</translation>
    </message>
    <message>
        <source>This is the kiosk&apos;s estimate under Decree 481. The court&apos;s fee notice is binding.</source>
        <translation>这是本机依《诉讼费用交纳办法》的估算，以法院交费通知为准。</translation>
    </message>
    <message>
        <source>The court calculates {fee} yuan before relief; it decides on your request.</source>
        <translation>法院计算的减免前金额为 {fee} 元；是否减免由法院决定。</translation>
    </message>
    <message>
        <source>The court&apos;s calculation agrees: {fee} yuan.</source>
        <translation>法院计算结果一致：{fee} 元。</translation>
    </message>
    <message>
        <source>The court calculates {court} yuan; the kiosk&apos;s {fee} yuan is only an estimate. The court&apos;s figure applies.</source>
        <translation>法院计算为 {court} 元；本机的 {fee} 元只是估算，以法院金额为准。</translation>
    </message>
    <message>
        <source>Please choose the ground of your request.</source>
        <translation>请选择申请理由。</translation>
    </message>
    <message>
        <source>I cannot afford the fee: ask the court for fee relief</source>
        <translation>我交不起诉讼费：申请司法救助（缓、减、免交）</translation>
    </message>
    <message>
        <source>Waive it</source>
        <translation>免交</translation>
    </message>
    <message>
        <source>Reduce it</source>
        <translation>减交</translation>
    </message>
    <message>
        <source>Pay it later</source>
        <translation>缓交</translation>
    </message>
    <message>
        <source>The court decides. Bring proof of the ground (for example a subsistence allowance certificate).</source>
        <translation>由法院决定。请携带相关证明（如最低生活保障证明）。</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>GreenChannelScreen</name>
    <message>
        <source>Small</source>
        <translation>小</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大</translation>
    </message>
    <message>
        <source>Extra large</source>
        <translation>特大</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>White on black</source>
        <translation>黑底白字</translation>
    </message>
    <message>
        <source>Black on white</source>
        <translation>白底黑字</translation>
    </message>
    <message>
        <source>Yellow on black</source>
        <translation>黑底黄字</translation>
    </message>
    <message>
        <source>Text size: {size}</source>
        <translation>字号：{size}</translation>
    </message>
    <message>
        <source>Colours: {scheme}</source>
        <translation>颜色：{scheme}</translation>
    </message>
    <message>
        <source>Speech off</source>
        <translation>语音已关闭</translation>
    </message>
    <message>
        <source>Speech on</source>
        <translation>语音已打开</translation>
    </message>
    <message>
        <source>Volume {percent}%</source>
        <translation>音量 {percent}%</translation>
    </message>
    <message>
        <source>Speed: normal</source>
        <translation>语速：正常</translation>
    </message>
    <message>
        <source>Speed: {step}</source>
        <translation>语速：{step}</translation>
    </message>
    <message>
        <source>Speech: not available</source>
        <translation>语音：不可用</translation>
    </message>
    <message>
        <source>This kiosk cannot speak at the moment. Please ask the staff for help.</source>
        <translation>本机暂时无法播放语音，请向工作人员求助。</translation>
    </message>
    <message>
        <source>Speech: on</source>
        <translation>语音：开</translation>
    </message>
    <message>
        <source>Speech: off</source>
        <translation>语音：关</translation>
    </message>
    <message>
        <source>{name}, chosen</source>
        <translation>{name}，已选</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>Say it again</source>
        <translation>再听一遍</translation>
    </message>
    <message>
        <source>− Quieter</source>
        <translation>− 小声</translation>
    </message>
    <message>
        <source>+ Louder</source>
        <translation>+ 大声</translation>
    </message>
    <message>
        <source>− Slower</source>
        <translation>− 慢一点</translation>
    </message>
    <message>
        <source>+ Faster</source>
        <translation>+ 快一点</translation>
    </message>
    <message>
        <source>Need a person? Touch &quot;Call staff&quot; at the top of the screen and a member of staff will come to you.</source>
        <translation>需要人工帮助？请点击屏幕上方的“呼叫工作人员”，工作人员会来到您身边。</translation>
    </message>
    <message>
        <source>Continue to services</source>
        <translation>继续办理业务</translation>
    </message>
</context>
<context>
    <name>GuidanceScreen</name>
    <message>
        <source>Please type or speak a question first.</source>
        <translation>请先输入或说出您的问题。</translation>
    </message>
    <message>
        <source>How to use the guide</source>
        <translation>如何使用诉讼指南</translation>
    </message>
    <message>
        <source>The guide explains the usual rules. It is not legal advice about your case: the court decides each case.</source>
        <translation>本指南介绍的是一般规定，不是针对您案件的法律意见，具体案件以法院的裁判为准。</translation>
    </message>
    <message>
        <source>the guide&apos;s content could not be read</source>
        <translation>本机指南内容无法读取</translation>
    </message>
    <message>
        <source>The guide is out of service at the moment. Please ask at the service counter.</source>
        <translation>诉讼指南暂停服务，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The guide is being prepared…</source>
        <translation>诉讼指南正在准备中…</translation>
    </message>
    <message>
        <source>{count} answers for “{question}”. Touch one to read it.</source>
        <translation>关于“{question}”找到{count}条解答，点选即可阅读。</translation>
    </message>
    <message>
        <source>Nothing in the guide answers “{question}”. Try other words, or choose a topic.</source>
        <translation>没有找到与“{question}”相关的内容。请换个说法，或选择一个栏目。</translation>
    </message>
    <message>
        <source>For example: how do I get my money back?</source>
        <translation>例如：欠钱不还怎么起诉？</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Open the fee calculator</source>
        <translation>打开诉讼费计算</translation>
    </message>
    <message>
        <source>Procedures</source>
        <translation>诉讼流程</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料清单</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>诉讼费用</translation>
    </message>
    <message>
        <source>Hall map</source>
        <translation>大厅导引</translation>
    </message>
    <message>
        <source>Legal aid</source>
        <translation>法律援助</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>常见问题</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>This ID card has expired. Please use a valid ID card, or ask at the service counter.</source>
        <translation>该身份证已过有效期，请使用有效身份证，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The ID number on this card failed its check. Please ask at the service counter.</source>
        <translation>该身份证号码校验未通过，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>A card is still on the reader from before. Please take it off, then place your own card.</source>
        <translation>读卡器上还有上一次放置的身份证，请先取走，再放上您本人的身份证。</translation>
    </message>
    <message>
        <source>The card could not be read. Please take it off and place it again, flat and still.</source>
        <translation>无法读取身份证，请取下后重新平放在读卡区，保持不动。</translation>
    </message>
    <message>
        <source>The card reader is not working. Please ask at the service counter.</source>
        <translation>身份证阅读器暂时无法使用，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The card could not be read. Please ask at the service counter.</source>
        <translation>无法读取身份证，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>This is me, continue</source>
        <translation>是本人，继续</translation>
    </message>
    <message>
        <source>Card cannot be read? Use the document camera instead</source>
        <translation>身份证读不出？改用高拍仪识别</translation>
    </message>
    <message>
        <source>Identified. Please check it is you.</source>
        <translation>身份已识别，请核对是否为本人。</translation>
    </message>
    <message>
        <source>Leave your card on the reader or take it; you will be reminded at the end.</source>
        <translation>身份证可留在读卡器上，结束时会提醒您取回。</translation>
    </message>
    <message>
        <source>Waiting for a card…</source>
        <translation>正在等待身份证…</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在使用吗？</translation>
    </message>
    <message>
        <source>Everything you entered will be cleared in {seconds} s.</source>
        <translation>{seconds} 秒后将清除您输入的全部信息。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续使用</translation>
    </message>
    <message>
        <source>Are you still there? Everything you entered will be cleared in {seconds} seconds. Touch Continue or press any key to keep going.</source>
        <translation>您还在使用吗？{seconds} 秒后将清除您输入的全部信息。如需继续，请点击“继续使用”或按任意键。</translation>
    </message>
    <message>
        <source>{seconds} seconds.</source>
        <translation>还剩 {seconds} 秒。</translation>
    </message>
</context>
<context>
    <name>KeypadEntry</name>
    <message>
        <source>This field cannot be changed.</source>
        <extracomment>A case number&apos;s own characters (（2026）京0105民初123号): brackets and 号, the courts&apos; provinces, the case types (the common ones first).</extracomment>
        <translation>此项不能修改。</translation>
    </message>
    <message>
        <source>{group}: up and down choose, select types. {choice}</source>
        <translation>{group}：上下键选择，确认键输入。{choice}</translation>
    </message>
    <message>
        <source>Chosen: {item}</source>
        <translation>已选择：{item}</translation>
    </message>
    <message>
        <source>Done. The field reads: {text}</source>
        <translation>完成。此项内容为：{text}</translation>
    </message>
    <message>
        <source>Done. The field is empty.</source>
        <translation>完成。此项为空。</translation>
    </message>
    <message>
        <source>Left without changing the choice.</source>
        <translation>已退出，选择未改变。</translation>
    </message>
    <message>
        <source>Left the keypad. The field reads: {text}</source>
        <translation>已退出按键输入。此项内容为：{text}</translation>
    </message>
    <message>
        <source>Left the keypad. The field is empty.</source>
        <translation>已退出按键输入。此项为空。</translation>
    </message>
    <message>
        <source>The field is full.</source>
        <translation>此项已满。</translation>
    </message>
    <message>
        <source>{char} cannot go in this field.</source>
        <translation>此项不能输入{char}。</translation>
    </message>
    <message>
        <source>{char} typed.</source>
        <translation>已输入{char}。</translation>
    </message>
    <message>
        <source>There is nothing to delete.</source>
        <translation>没有可删除的内容。</translation>
    </message>
    <message>
        <source>{char} deleted.</source>
        <translation>已删除{char}。</translation>
    </message>
    <message>
        <source>The field is already empty.</source>
        <translation>此项已经为空。</translation>
    </message>
    <message>
        <source>The field is cleared.</source>
        <translation>此项已清空。</translation>
    </message>
    <message>
        <source>Listening. Say the words, then press select when you have finished.</source>
        <translation>正在听。请说出内容，说完后按确认键。</translation>
    </message>
    <message>
        <source>Listening. Say the words; it stops when you pause.</source>
        <translation>正在听。请说出内容，停顿后自动结束。</translation>
    </message>
    <message>
        <source>Listening. Press select to stop.</source>
        <translation>正在听。按确认键停止。</translation>
    </message>
    <message>
        <source>Heard: {words}</source>
        <translation>听到：{words}</translation>
    </message>
    <message>
        <source>Nothing was heard. Choose Speak instead to try again.</source>
        <translation>没有听到声音。请选择“改用语音”再试一次。</translation>
    </message>
    <message>
        <source>Select Done to keep it, or Read back to hear it again.</source>
        <translation>选择“完成”保留内容，或选择“朗读已输入内容”再听一遍。</translation>
    </message>
    <message>
        <source>Digits and X</source>
        <translation>数字和X</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>字母</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>符号</translation>
    </message>
    <message>
        <source>Courts</source>
        <translation>法院</translation>
    </message>
    <message>
        <source>Case types</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Read back what I typed</source>
        <translation>朗读已输入内容</translation>
    </message>
    <message>
        <source>Delete last character</source>
        <translation>删除最后一个字</translation>
    </message>
    <message>
        <source>Speak instead</source>
        <translation>改用语音</translation>
    </message>
    <message>
        <source>Clear the field</source>
        <translation>清空此项</translation>
    </message>
    <message>
        <source>space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>hyphen</source>
        <translation>连字符</translation>
    </message>
    <message>
        <source>dot</source>
        <translation>点</translation>
    </message>
    <message>
        <source>at sign</source>
        <translation>@符号</translation>
    </message>
    <message>
        <source>slash</source>
        <translation>斜杠</translation>
    </message>
    <message>
        <source>left bracket</source>
        <translation>左括号</translation>
    </message>
    <message>
        <source>right bracket</source>
        <translation>右括号</translation>
    </message>
    <message>
        <source>middle dot</source>
        <translation>间隔号</translation>
    </message>
    <message>
        <source>enumeration comma</source>
        <translation>顿号</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <source>full stop</source>
        <translation>句号</translation>
    </message>
    <message>
        <source>underscore</source>
        <translation>下划线</translation>
    </message>
    <message>
        <source>new line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>letter {letter}</source>
        <translation>字母{letter}</translation>
    </message>
    <message>
        <source>{count} hidden characters</source>
        <translation>{count}个隐藏字符</translation>
    </message>
    <message>
        <source>{field} is empty.</source>
        <translation>{field}为空。</translation>
    </message>
    <message>
        <source>The field is empty.</source>
        <translation>此项为空。</translation>
    </message>
    <message>
        <source>{field} reads: {text}</source>
        <translation>{field}内容为：{text}</translation>
    </message>
    <message>
        <source>The field reads: {text}</source>
        <translation>此项内容为：{text}</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Listening…</source>
        <translation>正在听…</translation>
    </message>
    <message>
        <source>Up and down go through the options, select chooses one.</source>
        <translation>上下键浏览选项，确认键选择。</translation>
    </message>
    <message>
        <source>Typing with the keypad: up and down choose, select takes, back leaves, help explains.</source>
        <translation>按键输入：上下键选择，确认键输入，返回键退出，帮助键说明。</translation>
    </message>
    <message>
        <source>There is nothing to choose.</source>
        <translation>没有可选择的内容。</translation>
    </message>
    <message>
        <source>this field</source>
        <translation>此项</translation>
    </message>
    <message>
        <source>The kiosk is listening: say what goes in {field}. Press select or back to stop; what was heard stays in the field.</source>
        <translation>本机正在听：请说出{field}的内容。按确认键或返回键停止；听到的内容会留在此项中。</translation>
    </message>
    <message>
        <source>Choosing for {field}. Press up or down to hear the options, select to choose the one you hear, back to leave without changing it.</source>
        <translation>正在为{field}选择。按上下键收听选项，按确认键选择听到的选项，按返回键退出且不作改变。</translation>
    </message>
    <message>
        <source>You are in {group}. Press up or down to hear the characters, select to type the one you hear; you stay here to type the next one. Press back to return to the choices, where Done finishes.</source>
        <translation>您在“{group}”中。按上下键收听字符，按确认键输入听到的字符，之后可继续输入下一个。按返回键回到选项，选择“完成”结束输入。</translation>
    </message>
    <message>
        <source>You are typing into {field}. Press up or down to hear the choices, select to take one, back to leave; what you typed stays. Choose Digits, Letters or Symbols to type characters one by one, Read back to hear the field, Delete last character to correct it, and Done when it is right.</source>
        <translation>您正在输入{field}。按上下键收听选项，按确认键选择，按返回键退出，已输入的内容会保留。选择“数字”“字母”或“符号”逐个输入字符，选择“朗读已输入内容”收听此项，选择“删除最后一个字”更正，确认无误后选择“完成”。</translation>
    </message>
    <message>
        <source>Chinese characters cannot be spelled with these keys: choose Speak instead and say them.</source>
        <translation>汉字无法用这些按键拼写：请选择“改用语音”并说出来。</translation>
    </message>
    <message>
        <source>Chinese characters cannot be spelled with these keys and voice input is not available here: please use the on-screen keyboard, or call staff for help.</source>
        <translation>汉字无法用这些按键拼写，本机也无法使用语音输入：请使用屏幕键盘，或呼叫工作人员帮助。</translation>
    </message>
    <message>
        <source>Typing into: {field}</source>
        <translation>正在输入：{field}</translation>
    </message>
    <message>
        <source>Typing with the keypad</source>
        <translation>按键输入</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>▲ ▼ choose    ● select    ◀ back    ? help</source>
        <translation>▲ ▼ 选择    ● 确认    ◀ 返回    ? 帮助</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>重新开始</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <source>Receipt reprinted.</source>
        <translation>回执已补打。</translation>
    </message>
    <message>
        <source>Reprint failed: {code}</source>
        <translation>补打失败：{code}</translation>
    </message>
    <message>
        <source>Select a filing in the queue first.</source>
        <translation>请先在队列中选择一条立案申请。</translation>
    </message>
    <message>
        <source>Select an item that needs a person (dead) first.</source>
        <translation>请先选择一条需人工处理（dead）的条目。</translation>
    </message>
    <message>
        <source>Select an item that is waiting or needs a person first.</source>
        <translation>请先选择一条等待发送或需要人工处理的记录。</translation>
    </message>
    <message>
        <source>Item voided: it will not be sent. The audit log records it.</source>
        <translation>已作废：该记录不会再发送，审计日志已记录。</translation>
    </message>
    <message>
        <source>The item could not be voided (it was already sent or is being sent).</source>
        <translation>无法作废（已发送或正在发送）。</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>A4打印机</translation>
    </message>
    <message>
        <source>Staff card reader</source>
        <translation>工作人员卡读卡器</translation>
    </message>
    <message>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>Speech output</source>
        <translation>语音播报</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>部分可用</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备状态</translation>
    </message>
    <message>
        <source>Maintenance is locked: staff log in first.</source>
        <translation>维护模式已锁定：请工作人员先登录。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Court backend: checking…</source>
        <translation>法院系统：检查中…</translation>
    </message>
    <message>
        <source>Court backend: reachable ({detail})</source>
        <translation>法院系统：连接正常（{detail}）</translation>
    </message>
    <message>
        <source>Court backend: NOT reachable ({detail})</source>
        <translation>法院系统：无法连接（{detail}）</translation>
    </message>
    <message>
        <source>(the {n} listed: open items first, then the latest)</source>
        <translation>（列出 {n} 项：未完成的在前，其后为最新的）</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>待发送队列</translation>
    </message>
    <message>
        <source>The outbox could not be opened with this kiosk&apos;s key file (missing or replaced) and has been set aside as {file} (nothing was deleted); a new outbox is in use. Call IT: restore the key file from its backup and deliver the old file with kiosk sync --from.</source>
        <translation>待发送队列无法用本机密钥文件打开（密钥文件丢失或被替换），已另存为 {file}（未删除任何内容），现已启用新队列。请联系技术人员：从备份恢复密钥文件，再用 kiosk sync --from 发送旧文件。</translation>
    </message>
    <message>
        <source>The outbox database was damaged and has been set aside as {file} (nothing was deleted); a new outbox is in use. Call IT to recover the old file.</source>
        <translation>待发送队列数据库已损坏，已另存为 {file}（未删除任何内容），现已启用新队列。请联系技术人员恢复旧文件。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打回执</translation>
    </message>
    <message>
        <source>Retry item</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Void item</source>
        <translation>作废记录</translation>
    </message>
    <message>
        <source>Why will it never be sent?</source>
        <translation>作废原因：</translation>
    </message>
    <message>
        <source>Litigant withdrew it</source>
        <translation>当事人撤回</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复提交</translation>
    </message>
    <message>
        <source>Court instructed</source>
        <translation>法院要求</translation>
    </message>
    <message>
        <source>Leave maintenance</source>
        <translation>退出维护</translation>
    </message>
    <message>
        <source>Device test</source>
        <translation>设备自检</translation>
    </message>
    <message>
        <source>Court link</source>
        <translation>法院连接</translation>
    </message>
    <message>
        <source>Close the kiosk app</source>
        <translation>关闭自助终端程序</translation>
    </message>
</context>
<context>
    <name>MaterialsCaseScreen</name>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Materials for a filing the court has not received yet are sent after it.</source>
        <translation>法院尚未收到的立案申请，其材料将在申请送达后随即发送。</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
</context>
<context>
    <name>MaterialsDescribeScreen</name>
    <message>
        <source>Saving your material…</source>
        <translation>正在保存材料……</translation>
    </message>
    <message>
        <source>This material is too large to send in one piece. Please go back, delete some pages and hand them in as another material.</source>
        <translation>该材料过大，无法一次发送。请返回删除部分页面，并将其作为另一份材料提交。</translation>
    </message>
    <message>
        <source>The court&apos;s system does not accept this material as it is. Please check its name, or ask at the service counter.</source>
        <translation>法院系统不接受该材料的当前内容。请核对材料名称，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Your material could not be saved on this kiosk (its storage may be full). Nothing was sent and your pages are kept: touch Hand in to try again, or ask at the service counter.</source>
        <translation>本机存储故障（可能已满），材料未能保存，也未发送；已拍摄的页面仍保留。请点击“提交”重试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>What is it?</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>Its name</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>The court sees this name, e.g. 借条 or 证人证言. Touch the field to change it.</source>
        <translation>法院看到的名称，例如“借条”“证人证言”。点击输入框可修改。</translation>
    </message>
    <message>
        <source>Hand in</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Case {case}: {n} page(s)</source>
        <translation>案件 {case}：共 {n} 页</translation>
    </message>
</context>
<context>
    <name>MaterialsDoneScreen</name>
    <message>
        <source>Printing your receipt…</source>
        <translation>正在打印回执……</translation>
    </message>
    <message>
        <source>Please take your receipt from the printer.</source>
        <translation>请从打印口取走回执。</translation>
    </message>
    <message>
        <source>The receipt printer is out of paper. Your material is saved all the same; ask at the service counter for the receipt.</source>
        <translation>凭条打印机缺纸，但您的材料已保存。请到服务窗口索取回执。</translation>
    </message>
    <message>
        <source>The receipt could not be printed. Your material is saved all the same; you can try again or ask at the service counter.</source>
        <translation>回执未能打印，但您的材料已保存。可重新打印，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Print the receipt again</source>
        <translation>重新打印回执</translation>
    </message>
    <message>
        <source>Court</source>
        <translation>法院</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>材料类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Digest (SHA-256)</source>
        <translation>文件摘要（SHA-256）</translation>
    </message>
    <message>
        <source>Handed in</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Your material is saved</source>
        <translation>材料已保存</translation>
    </message>
    <message>
        <source>Filing {number}</source>
        <translation>立案申请 {number}</translation>
    </message>
    <message>
        <source>Saved; being sent to the court</source>
        <translation>已保存，正在发送至法院</translation>
    </message>
</context>
<context>
    <name>MaterialsScanScreen</name>
    <message>
        <source>A material has at most {n} pages: hand in the rest as another material.</source>
        <translation>每份材料最多 {n} 页，其余页请作为另一份材料提交。</translation>
    </message>
    <message>
        <source>Hold still… taking the photo of the page.</source>
        <translation>请保持不动……正在拍摄。</translation>
    </message>
    <message>
        <source>Page {n} taken again.</source>
        <translation>第 {n} 页已重拍。</translation>
    </message>
    <message>
        <source>Page {n} scanned. Put the next page under the camera, or touch Next when all pages are in.</source>
        <translation>第 {n} 页已拍摄。请放入下一页；全部拍完后点击“下一步”。</translation>
    </message>
    <message>
        <source>Page {n}: its edges were not found, so the whole photo is kept. Check it, and retake it with the whole page in view if it looks wrong.</source>
        <translation>第 {n} 页未能识别纸张边缘，已保留整张照片。请核对；如不清楚，请将整页放入画面后重拍。</translation>
    </message>
    <message>
        <source>This kiosk has no working document camera. Please bring your papers to the service counter.</source>
        <translation>本机高拍仪不可用，请携带材料到服务窗口办理。</translation>
    </message>
    <message>
        <source>The camera could not take the photo. Please try again, or ask at the service counter.</source>
        <translation>高拍仪未能拍摄，请重试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Page {n} deleted.</source>
        <translation>第 {n} 页已删除。</translation>
    </message>
    <message>
        <source>Page {n}</source>
        <translation>第 {n} 页</translation>
    </message>
    <message>
        <source>No page yet</source>
        <translation>尚未拍摄</translation>
    </message>
    <message>
        <source>{n} page(s)</source>
        <translation>共 {n} 页</translation>
    </message>
    <message>
        <source>For case: {case}</source>
        <translation>案件：{case}</translation>
    </message>
    <message>
        <source>Scan a page</source>
        <translation>拍摄一页</translation>
    </message>
    <message>
        <source>Retake this page</source>
        <translation>重拍本页</translation>
    </message>
    <message>
        <source>Delete this page</source>
        <translation>删除本页</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>{service}: this service is not available at this kiosk yet. Please ask at the service counter.</source>
        <translation>{service}：本机暂未开通此项服务，请到服务窗口办理。</translation>
    </message>
    <message>
        <source>A4 printer</source>
        <translation>A4打印机</translation>
    </message>
    <message>
        <source>receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <source>document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <source>microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{service}: out of service at the moment: {reason}. Please ask at the service counter.</source>
        <translation>{service}：{reason}，暂停服务。请到服务窗口办理。</translation>
    </message>
    <message>
        <source>{service}: out of service at the moment: {devices} not working or not installed on this kiosk. Please ask at the service counter.</source>
        <translation>{service}：本机{devices}故障或未安装，暂停服务。请到服务窗口办理。</translation>
    </message>
    <message>
        <source>(unavailable)</source>
        <translation>（暂未开通）</translation>
    </message>
    <message>
        <source>({device} unavailable)</source>
        <translation>（{device}不可用）</translation>
    </message>
    <message>
        <source>(out of service)</source>
        <translation>（暂停服务）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Speak</source>
        <translation>说话</translation>
    </message>
    <message>
        <source>Preparing voice input…</source>
        <translation>正在准备语音输入…</translation>
    </message>
    <message>
        <source>Listening. Say the service you want.</source>
        <translation>正在听。请说出您要办理的业务。</translation>
    </message>
    <message>
        <source>Sorry, that was not understood. Touch Speak and say it again, or touch a service.</source>
        <translation>抱歉，没有听清。请点“说话”再说一遍，或直接点选业务。</translation>
    </message>
    <message>
        <source>Or touch Speak and say the service, for example “{phrase}”.</source>
        <translation>也可以点“说话”，说出业务名称，例如“{phrase}”。</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <source>Please choose the case your message is about.</source>
        <translation>请选择留言所涉及的案件。</translation>
    </message>
    <message>
        <source>Please write your message.</source>
        <translation>请填写留言内容。</translation>
    </message>
    <message>
        <source>Your message could not be saved on this kiosk. Nothing was sent. Please ask at the service counter.</source>
        <translation>本机未能保存您的留言，未发送任何内容。请到诉讼服务窗口咨询。</translation>
    </message>
    <message>
        <source>Which case is it about?</source>
        <translation>涉及哪个案件？</translation>
    </message>
    <message>
        <source>Your message for the judge</source>
        <translation>给法官的留言</translation>
    </message>
    <message>
        <source>For example: I cannot attend the hearing on the 5th because I am in hospital; please tell me what to do.</source>
        <translation>例如：我因住院无法参加5日的庭审，请告知如何处理。</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Your message is saved (number {number}) and goes to the court automatically, even if the network is down now. The judge&apos;s reply comes by the court&apos;s usual channels.</source>
        <translation>您的留言已保存（编号 {number}），将自动发送至法院，即使当前网络中断也不会丢失。法官的答复将通过法院的常规渠道告知您。</translation>
    </message>
    <message>
        <source>Send to the court</source>
        <translation>提交给法院</translation>
    </message>
    <message>
        <source>Asking the court for your cases…</source>
        <translation>正在向法院查询您的案件……</translation>
    </message>
    <message>
        <source>You have no case at this court yet. A message for a judge needs a case.</source>
        <translation>您在本院暂无案件。给法官留言需要有案件。</translation>
    </message>
</context>
<context>
    <name>MyCasesScreen</name>
    <message>
        <source>(court fee of {fee} yuan not paid yet)</source>
        <translation>（诉讼费 {fee} 元尚未交纳）</translation>
    </message>
    <message>
        <source>(not accepted by the court&apos;s system: please ask at the service counter)</source>
        <translation>（法院系统未能接收，请到服务窗口咨询）</translation>
    </message>
    <message>
        <source>(saved here, waiting to be sent)</source>
        <translation>（已保存在本机，等待发送）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Pay the court fee</source>
        <translation>交纳诉讼费</translation>
    </message>
    <message>
        <source>Case details</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Court / case type</source>
        <translation>法院 / 案件类型</translation>
    </message>
    <message>
        <source>Defendant</source>
        <translation>被告</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Case number or reasons</source>
        <translation>案号或审核意见</translation>
    </message>
    <message>
        <source>Asking the court…</source>
        <translation>正在查询法院系统…</translation>
    </message>
    <message>
        <source>The court&apos;s system cannot be reached right now. Filings saved on this kiosk are shown; please try again later.</source>
        <translation>暂时无法连接法院系统。下面显示本机已保存的申请，请稍后再试。</translation>
    </message>
    <message>
        <source>You have no cases or filings at this court.</source>
        <translation>您在本院暂无案件或立案申请。</translation>
    </message>
</context>
<context>
    <name>NoticeStep</name>
    <message>
        <source>Please read the notice to the end and tick that you have read it.</source>
        <translation>请读完告知书并勾选已阅读。</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>PartiesScreen</name>
    <message>
        <source>(not filled in yet)</source>
        <translation>（尚未填写）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>You file for yourself: {name} {id}</source>
        <translation>您本人立案：{name} {id}</translation>
    </message>
    <message>
        <source>You file as the agent: {name} {id}. Enter the party you act for.</source>
        <translation>您作为代理人立案：{name} {id}。请填写您代理的当事人。</translation>
    </message>
    <message>
        <source>Add at least one {who}.</source>
        <translation>请至少添加一名{who}。</translation>
    </message>
    <message>
        <source>Add a {who}</source>
        <translation>添加{who}</translation>
    </message>
    <message>
        <source>Details: {who}</source>
        <translation>{who}信息</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>PartyEditor</name>
    <message>
        <source>A person</source>
        <translation>自然人</translation>
    </message>
    <message>
        <source>A company or organisation</source>
        <translation>法人或其他组织</translation>
    </message>
    <message>
        <source>Name and ID number come from the ID card.</source>
        <translation>姓名和身份证号来自身份证。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Name of the organisation</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>ID number (optional)</source>
        <translation>身份证号（选填）</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Credit code (optional)</source>
        <translation>统一社会信用代码（选填）</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Full name as on their ID or licence</source>
        <translation>与身份证或营业执照一致的全称</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>Sending your filing to the court… the court then tells the exact fee.</source>
        <translation>正在向法院发送您的立案申请……法院随后确定应交金额。</translation>
    </message>
    <message>
        <source>Asking the court for a payment code…</source>
        <translation>正在向法院获取交费二维码……</translation>
    </message>
    <message>
        <source>Scan the QR code with your phone (WeChat, Alipay or your bank&apos;s app) and pay. This screen changes when the court has received it.</source>
        <translation>请用手机（微信、支付宝或银行App）扫描二维码交费。法院收到后，本页面会自动更新。</translation>
    </message>
    <message>
        <source>Paid. The court has received your fee. Thank you.</source>
        <translation>交费成功，法院已收到您交纳的诉讼费。谢谢！</translation>
    </message>
    <message>
        <source>This payment code has expired and can no longer be paid. Touch &quot;New QR code&quot; for a new one. {counter}</source>
        <translation>该交费二维码已过期，无法再付款。请点击“重新获取二维码”。{counter}</translation>
    </message>
    <message>
        <source>The payment did not go through. Touch &quot;New QR code&quot; to try again. {counter}</source>
        <translation>付款未成功。请点击“重新获取二维码”后再试。{counter}</translation>
    </message>
    <message>
        <source>No fee is due now for this filing.</source>
        <translation>本次申请目前无需交费。</translation>
    </message>
    <message>
        <source>Or print the fee notice and pay later: at the service counter with your filing number {number}, or at any kiosk under My cases with your ID card.</source>
        <translation>您也可以打印交费通知，稍后凭立案申请编号 {number} 到诉讼服务窗口，或持身份证在任一自助机“我的案件”中交费。</translation>
    </message>
    <message>
        <source>The court cannot be reached now. Print the fee notice and pay later: at the service counter with your filing number {number}, or at any kiosk under My cases with your ID card. Your filing is saved and will be sent automatically.</source>
        <translation>暂时无法连接法院。请打印交费通知，稍后凭立案申请编号 {number} 到诉讼服务窗口，或持身份证在任一自助机“我的案件”中交费。您的申请已保存，将自动发送。</translation>
    </message>
    <message>
        <source>The court could not accept this filing as it is. Please ask at the service counter; no fee is due before that.</source>
        <translation>法院暂时无法接收该申请，请到诉讼服务窗口咨询；在此之前无需交费。</translation>
    </message>
    <message>
        <source>This payment cannot be shown here. Please pay at the service counter with your filing number {number}; staff have been told.</source>
        <translation>此缴费码无法在本机显示。请凭立案编号 {number} 到服务窗口缴费；已通知工作人员。</translation>
    </message>
    <message>
        <source>The court could not make a payment code for this fee notice. It may be paid already. Please ask at the service counter; do not pay again.</source>
        <translation>法院无法为该交费通知生成交费二维码，可能已经交费。请到诉讼服务窗口咨询，不要重复交费。</translation>
    </message>
    <message>
        <source>Court fee</source>
        <translation>诉讼费</translation>
    </message>
    <message>
        <source>Print fee notice</source>
        <translation>打印交费通知</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>打印交费凭证</translation>
    </message>
    <message>
        <source>New QR code</source>
        <translation>重新获取二维码</translation>
    </message>
    <message>
        <source>Scan with your phone to pay</source>
        <translation>请用手机扫码交费</translation>
    </message>
    <message>
        <source>Do not pay twice: if you already paid, wait for the status to change.</source>
        <translation>请勿重复交费：如已付款，请等待交费状态更新。</translation>
    </message>
    <message>
        <source>Amount: the court will tell you</source>
        <translation>金额：以法院通知为准</translation>
    </message>
    <message>
        <source>{amount} paid</source>
        <translation>已交 {amount}</translation>
    </message>
    <message>
        <source>About {amount} (estimate)</source>
        <translation>约 {amount}（估算）</translation>
    </message>
    <message>
        <source>Expires at {time}</source>
        <translation>有效至 {time}</translation>
    </message>
    <message>
        <source>The court confirms the exact fee when it receives your filing.</source>
        <translation>法院收到您的立案申请后确定应交金额。</translation>
    </message>
    <message>
        <source>Pay by {date}</source>
        <translation>请于 {date} 前交费</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>交费凭证</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>交费金额</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>交费人</translation>
    </message>
    <message>
        <source>Filing number</source>
        <translation>立案申请编号</translation>
    </message>
    <message>
        <source>Payment id</source>
        <translation>支付单号</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>交费时间</translation>
    </message>
    <message>
        <source>Electronic receipt number</source>
        <translation>电子票据号</translation>
    </message>
    <message>
        <source>issued by the court later</source>
        <translation>以法院开具为准</translation>
    </message>
    <message>
        <source>Printing the receipt…</source>
        <translation>正在打印交费凭证…</translation>
    </message>
    <message>
        <source>A copy of the receipt is printed. Please take it.</source>
        <translation>交费凭证（补打）已打印，请取走。</translation>
    </message>
    <message>
        <source>The receipt is printed. Please take it.</source>
        <translation>交费凭证已打印，请取走。</translation>
    </message>
    <message>
        <source>The receipt could not be printed. Please ask at the service counter.</source>
        <translation>交费凭证未能打印，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Printing the fee notice…</source>
        <translation>正在打印交费通知……</translation>
    </message>
    <message>
        <source>A copy of the fee notice is printed. Please take it.</source>
        <translation>交费通知（补打）已打印，请取走。</translation>
    </message>
    <message>
        <source>The fee notice is printed. Please take it.</source>
        <translation>交费通知已打印，请取走。</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please ask at the service counter.</source>
        <translation>打印机缺纸，请到诉讼服务窗口咨询。</translation>
    </message>
    <message>
        <source>The printer is not working. Please ask at the service counter.</source>
        <translation>打印机暂不可用，请到诉讼服务窗口咨询。</translation>
    </message>
    <message>
        <source>The fee notice could not be printed. Please ask at the service counter.</source>
        <translation>交费通知未能打印，请到诉讼服务窗口咨询。</translation>
    </message>
</context>
<context>
    <name>PdfReader</name>
    <message>
        <source>This page cannot be shown.</source>
        <translation>此页无法显示。</translation>
    </message>
    <message>
        <source>Preparing the page…</source>
        <translation>正在准备页面…</translation>
    </message>
    <message>
        <source>Page {n} of {total}</source>
        <translation>第 {n} 页 / 共 {total} 页</translation>
    </message>
    <message>
        <source>◀ Previous page</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next page ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit to width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Close the document</source>
        <translation>关闭文件</translation>
    </message>
</context>
<context>
    <name>PhotoIdForm</name>
    <message>
        <source>This ID card has expired. Please use a valid ID card, or ask at the service counter.</source>
        <translation>该身份证已过有效期，请使用有效身份证，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Please enter the validity period as on the back of the card, for example 2016.05.01-2036.05.01, or 长期 for a long-term card.</source>
        <translation>请按身份证背面填写有效期限，例如 2016.05.01-2036.05.01；长期有效的身份证请填写“长期”。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Valid (back of the card)</source>
        <translation>有效期限（身份证背面）</translation>
    </message>
    <message>
        <source>Read your ID card with the camera</source>
        <translation>用高拍仪识别身份证</translation>
    </message>
    <message>
        <source>This is me, continue</source>
        <translation>是本人，继续</translation>
    </message>
    <message>
        <source>Take another photo</source>
        <translation>重新拍照</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>拍照识别</translation>
    </message>
    <message>
        <source>Use the card reader</source>
        <translation>改用读卡器</translation>
    </message>
    <message>
        <source>e.g. 2016.05.01-2036.05.01 or 长期</source>
        <translation>例如 2016.05.01-2036.05.01 或 长期</translation>
    </message>
    <message>
        <source>Place your ID card flat under the document camera, the side with your photo up, then touch Take photo.</source>
        <translation>请把身份证人像面朝上平放在高拍仪下，然后点“拍照识别”。</translation>
    </message>
    <message>
        <source>Taking a picture… keep the card still.</source>
        <translation>正在拍照…请不要移动身份证。</translation>
    </message>
    <message>
        <source>Reading your card… this takes a few seconds.</source>
        <translation>正在识别身份证…需要几秒钟。</translation>
    </message>
    <message>
        <source>Check every field against your card. Touch &quot;It is right&quot; for each one, or correct it, then touch Continue.</source>
        <translation>请对照身份证逐项核对：每项点“确认无误”或直接修改，然后点“是本人，继续”。</translation>
    </message>
</context>
<context>
    <name>PrintDocumentsScreen</name>
    <message>
        <source>Asking the court for your documents…</source>
        <translation>正在向法院查询您的文书…</translation>
    </message>
    <message>
        <source>The court&apos;s system cannot be reached right now. Please try again in a moment, or ask at the service counter.</source>
        <translation>暂时无法连接法院系统。请稍后重试，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The court&apos;s system could not list your documents. Please ask at the service counter.</source>
        <translation>法院系统未能列出您的文书。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The court has served no documents on you that can be printed here.</source>
        <translation>法院尚未向您送达可在此打印的文书。</translation>
    </message>
    <message>
        <source>This kiosk has no A4 printer: documents cannot be printed here. Please ask at the service counter.</source>
        <translation>本机没有可用的 A4 打印机，无法在此打印文书。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Downloading the document from the court…</source>
        <translation>正在从法院下载文书…</translation>
    </message>
    <message>
        <source>This document has {pages} pages, more than the {limit} the kiosk prints. Please ask at the service counter.</source>
        <translation>该文书共 {pages} 页，超过自助机可打印的 {limit} 页。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The download was interrupted; nothing was printed. Touch Try again.</source>
        <translation>下载中断，未打印任何页面。请点击“重试”。</translation>
    </message>
    <message>
        <source>This document cannot be printed at the kiosk. Please ask at the service counter.</source>
        <translation>该文书无法在自助机上打印。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The court did not give this document. Please ask at the service counter.</source>
        <translation>法院未提供该文书。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Recording the print with the court…</source>
        <translation>正在向法院登记本次打印…</translation>
    </message>
    <message>
        <source>Putting the verification code on the pages…</source>
        <translation>正在为每页加印验证码…</translation>
    </message>
    <message>
        <source>Sending the document to the A4 printer…</source>
        <translation>正在将文书发送到 A4 打印机…</translation>
    </message>
    <message>
        <source>The printer has the document and will start soon…</source>
        <translation>打印机已收到文书，即将开始打印…</translation>
    </message>
    <message>
        <source>Printing… Please wait at the A4 printer.</source>
        <translation>正在打印…请在 A4 打印机旁等候。</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit of {limit} printed pages. Please ask at the service counter.</source>
        <translation>您今日已达到 {limit} 页的打印上限。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The court&apos;s system cannot be reached, so the print cannot be recorded. Please try again in a moment.</source>
        <translation>暂时无法连接法院系统，本次打印无法登记。请稍后重试。</translation>
    </message>
    <message>
        <source>This kiosk has no A4 printer. Please ask at the service counter.</source>
        <translation>本机没有可用的 A4 打印机。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The A4 printer cannot take the document now; nothing was printed. Please ask at the service counter.</source>
        <translation>A4 打印机暂时无法接收文书，未打印任何页面。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The document could not be printed. Please ask at the service counter.</source>
        <translation>文书未能打印。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>{pages} pages. Touch Print to print them on A4 with the court&apos;s verification code.</source>
        <translation>共 {pages} 页。点击“打印”，将以 A4 纸打印并加印法院验证码。</translation>
    </message>
    <message>
        <source>Printed {pages} pages. Please take them from the A4 printer.</source>
        <translation>已打印 {pages} 页，请从 A4 打印机取走。</translation>
    </message>
    <message>
        <source>The printer stopped before the document was finished. Please count your pages and ask at the service counter.</source>
        <translation>打印机在文书打印完成前停止。请清点已打印的页面，并到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The printer stopped before the document was finished: {done} of {pages} pages printed. Please ask at the service counter.</source>
        <translation>打印机在文书打印完成前停止：共 {pages} 页，已打印 {done} 页。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Printing your slip…</source>
        <translation>正在打印凭条…</translation>
    </message>
    <message>
        <source>Your slip lists what was printed: take it from the receipt printer.</source>
        <translation>凭条列明了本次打印的内容，请从凭条打印口取走。</translation>
    </message>
    <message>
        <source>The slip could not be printed.</source>
        <translation>凭条未能打印。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>送达日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Back to the list</source>
        <translation>返回文书列表</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>QuitConfirm</name>
    <message>
        <source>Close the kiosk app?</source>
        <translation>关闭自助终端程序？</translation>
    </message>
    <message>
        <source>The kiosk stops serving litigants until it is started again. Who closed it is recorded in the audit log.</source>
        <translation>关闭后本终端将停止为当事人服务，直至重新启动。关闭操作的工作人员将记入审计日志。</translation>
    </message>
    <message>
        <source>Close the app</source>
        <translation>确认关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Sue (起诉)</source>
        <translation>起诉</translation>
    </message>
    <message>
        <source>Appeal a judgment (上诉)</source>
        <translation>上诉</translation>
    </message>
    <message>
        <source>Apply for enforcement (申请执行)</source>
        <translation>申请执行</translation>
    </message>
    <message>
        <source>Ask for pre-suit mediation (诉前调解)</source>
        <translation>申请诉前调解</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Court</source>
        <translation>受理法院</translation>
    </message>
    <message>
        <source>Cross-regional filing</source>
        <translation>跨域立案</translation>
    </message>
    <message>
        <source>filed through {court} (this court assists)</source>
        <translation>经{court}（本院）协助提交</translation>
    </message>
    <message>
        <source>Kind of dispute</source>
        <translation>案由类别</translation>
    </message>
    <message>
        <source>Filed by the agent</source>
        <translation>代理人</translation>
    </message>
    <message>
        <source>legal representative {name}</source>
        <translation>法定代表人 {name}</translation>
    </message>
    <message>
        <source>Case referred to</source>
        <translation>原审案号/执行依据</translation>
    </message>
    <message>
        <source>Facts and reasons</source>
        <translation>事实与理由</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Court fee (yuan)</source>
        <translation>诉讼费（元）</translation>
    </message>
    <message>
        <source>Fee relief requested</source>
        <translation>申请司法救助</translation>
    </message>
    <message>
        <source>Pre-suit mediation</source>
        <translation>诉前调解</translation>
    </message>
    <message>
        <source>Yes, mediation first</source>
        <translation>同意先行调解</translation>
    </message>
    <message>
        <source>Evidence {n}</source>
        <translation>证据 {n}</translation>
    </message>
    <message>
        <source>{n} page(s)</source>
        <translation>{n} 页</translation>
    </message>
    <message>
        <source>Materials scanned</source>
        <translation>已拍摄材料</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>手机短信</translation>
    </message>
    <message>
        <source>email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Address for service</source>
        <translation>送达地址</translation>
    </message>
    <message>
        <source>electronic service: {ch}</source>
        <translation>同意电子送达：{ch}</translation>
    </message>
    <message>
        <source>no electronic service</source>
        <translation>不同意电子送达</translation>
    </message>
    <message>
        <source>Enterprise evaluation</source>
        <translation>生产经营影响评估</translation>
    </message>
    <message>
        <source>not given (optional)</source>
        <translation>未填写（选填）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{n} employees</source>
        <translation>职工{n}人</translation>
    </message>
    <message>
        <source>accounts frozen: {a}</source>
        <translation>冻结账户：{a}</translation>
    </message>
    <message>
        <source>key assets seized: {a}</source>
        <translation>查封关键资产：{a}</translation>
    </message>
    <message>
        <source>{n} orders at risk</source>
        <translation>受影响订单合同{n}份</translation>
    </message>
    <message>
        <source>mediation: {a}</source>
        <translation>调解意愿：{a}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Something is still missing. Taking you there.</source>
        <translation>还有内容未填写，正在带您前往。</translation>
    </message>
    <message>
        <source>It is right: sign</source>
        <translation>确认无误，去签名</translation>
    </message>
    <message>
        <source>Your answers</source>
        <translation>您填写的内容</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>诉讼请求</translation>
    </message>
    <message>
        <source>The court reviews every filing and answers later. The fee shown is an estimate; the court&apos;s fee notice is binding.</source>
        <translation>法院将对每件立案申请进行审核并另行答复。显示的诉讼费为预估金额，以法院缴费通知为准。</translation>
    </message>
</context>
<context>
    <name>RiskAssessment</name>
    <message>
        <source>This assessment is guidance only, made from your answers: it is not legal advice and not the court&apos;s view of your case.</source>
        <translation>本评估根据您的回答自动生成，仅供参考，不构成法律意见，也不代表法院对案件的意见。</translation>
    </message>
</context>
<context>
    <name>RiskFields</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Don&apos;t know</source>
        <translation>不清楚</translation>
    </message>
    <message>
        <source>Touch + or −</source>
        <translation>请点 + 或 − 选择日期</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>One year earlier</source>
        <translation>提前一年</translation>
    </message>
    <message>
        <source>One year later</source>
        <translation>推后一年</translation>
    </message>
    <message>
        <source>One month earlier</source>
        <translation>提前一个月</translation>
    </message>
    <message>
        <source>One month later</source>
        <translation>推后一个月</translation>
    </message>
    <message>
        <source>One day earlier</source>
        <translation>提前一天</translation>
    </message>
    <message>
        <source>One day later</source>
        <translation>推后一天</translation>
    </message>
    <message>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>% a year</source>
        <translation>%（年利率）</translation>
    </message>
</context>
<context>
    <name>RiskQuestionsScreen</name>
    <message>
        <source>Please enter an amount in yuan, for example 12000 or 12000.50.</source>
        <translation>请输入以元为单位的金额，例如 12000 或 12000.50。</translation>
    </message>
    <message>
        <source>Please enter a yearly rate in %, for example 15.4.</source>
        <translation>请输入年利率（%），例如 15.4。</translation>
    </message>
    <message>
        <source>This day cannot be after today.</source>
        <translation>这个日期不能晚于今天。</translation>
    </message>
    <message>
        <source>Please check this answer.</source>
        <translation>请检查这一项回答。</translation>
    </message>
    <message>
        <source>See the assessment</source>
        <translation>查看评估结果</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>{case}: questions {page} of {pages}</source>
        <translation>{case}：第 {page} 页，共 {pages} 页</translation>
    </message>
</context>
<context>
    <name>RiskReportScreen</name>
    <message>
        <source>Preparing the report…</source>
        <translation>正在生成报告……</translation>
    </message>
    <message>
        <source>The report could not be prepared. Please ask at the service counter.</source>
        <translation>报告未能生成，请到服务窗口咨询。</translation>
    </message>
</context>
<context>
    <name>RiskResultScreen</name>
    <message>
        <source>High risk</source>
        <translation>高风险</translation>
    </message>
    <message>
        <source>Medium risk</source>
        <translation>中风险</translation>
    </message>
    <message>
        <source>Low risk</source>
        <translation>低风险</translation>
    </message>
    <message>
        <source>Ask at the service counter, a legal aid office or a lawyer about your case.</source>
        <translation>具体问题请咨询诉讼服务窗口、法律援助机构或者律师。</translation>
    </message>
    <message>
        <source>Scan to keep a summary of this assessment (no personal data).</source>
        <translation>扫码保存本评估的摘要（不含个人信息）。</translation>
    </message>
    <message>
        <source>Change answers</source>
        <translation>修改回答</translation>
    </message>
    <message>
        <source>Print report</source>
        <translation>打印报告</translation>
    </message>
    <message>
        <source>{case}: overall {level} ({high} high, {medium} medium, {low} low)</source>
        <translation>{case}：总体{level}（高 {high} 项、中 {medium} 项、低 {low} 项）</translation>
    </message>
    <message>
        <source>Rules: {rules}</source>
        <translation>依据：{rules}</translation>
    </message>
</context>
<context>
    <name>RiskTypeScreen</name>
    <message>
        <source>The risk assessment is not available on this kiosk just now. Please ask at the service counter.</source>
        <translation>本机的诉讼风险评估暂时无法使用，请到服务窗口咨询。</translation>
    </message>
</context>
<context>
    <name>SignScreen</name>
    <message>
        <source>Please sign in the box, or choose to sign on paper.</source>
        <translation>请在框内签名，或选择在纸上签名。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>An answer could not be used for the filing. Nothing was stored. Please go back and check your answers, or ask at the service counter.</source>
        <translation>有一项填写内容无法用于立案，本机未保存任何内容。请返回检查您的填写，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Your filing could not be saved on this kiosk (storage problem). Nothing was sent. Please ask at the service counter.</source>
        <translation>本机无法保存您的立案申请（存储故障），未发送任何内容。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Signature box: sign here with your finger. With the keys, choose to sign on paper instead.</source>
        <translation>签名框：请用手指在此签名。使用按键时，请改选在纸质文书上签名。</translation>
    </message>
    <message>
        <source>Confirm and submit</source>
        <translation>确认并提交</translation>
    </message>
</context>
<context>
    <name>StaffCallButtonText</name>
    <message>
        <source>Staff called</source>
        <translation>已呼叫工作人员</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
</context>
<context>
    <name>StaffCallNotice</name>
    <message>
        <source>The call could not be sent</source>
        <translation>呼叫未能发出</translation>
    </message>
    <message>
        <source>Calling staff…</source>
        <translation>正在呼叫工作人员…</translation>
    </message>
    <message>
        <source>Staff have already been called</source>
        <translation>已经呼叫过工作人员</translation>
    </message>
    <message>
        <source>Staff have been called</source>
        <translation>已呼叫工作人员</translation>
    </message>
    <message>
        <source>Getting your priority number…</source>
        <translation>正在为您取优先号…</translation>
    </message>
    <message>
        <source>Please take your priority ticket from the printer.</source>
        <translation>请从出票口取走您的优先号票。</translation>
    </message>
    <message>
        <source>Your ticket could not be printed. Please remember your number: {number}.</source>
        <translation>号票未能打印，请记住您的号码：{number}。</translation>
    </message>
    <message>
        <source>No queue number could be issued right now.</source>
        <translation>暂时无法取号。</translation>
    </message>
    <message>
        <source>Please go to the service counter; the staff there will help you.</source>
        <translation>请到服务台，工作人员会为您办理。</translation>
    </message>
    <message>
        <source>Staff have taken care of this call.</source>
        <translation>工作人员已处理本次呼叫。</translation>
    </message>
    <message>
        <source>Staff have seen your call and are on their way. Please wait here.</source>
        <translation>工作人员已收到呼叫，正在赶来，请在此等候。</translation>
    </message>
    <message>
        <source>The call is waiting for the network and has not reached the staff yet. Please go to the service counter and show your number.</source>
        <translation>网络暂时不通，呼叫尚未送达工作人员。请到服务台出示您的号码。</translation>
    </message>
    <message>
        <source>A member of staff will come to this kiosk. Please wait here.</source>
        <translation>工作人员将到本机为您服务，请在此等候。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>Your priority number</source>
        <translation>您的优先号</translation>
    </message>
    <message>
        <source>If nobody comes within {minutes} minutes, please go to the service counter with your number.</source>
        <translation>如 {minutes} 分钟内无人前来，请凭号码到服务台办理。</translation>
    </message>
</context>
<context>
    <name>StaffCallsPanel</name>
    <message>
        <source>Select a call that is not handled yet first.</source>
        <translation>请先选择一条尚未处理的呼叫。</translation>
    </message>
    <message>
        <source>Call marked handled.</source>
        <translation>已标记为已处理。</translation>
    </message>
    <message>
        <source>Handled here at {time}</source>
        <translation>已在本机处理（{time}）</translation>
    </message>
    <message>
        <source>Acknowledged by the court at {time}</source>
        <translation>法院已响应（{time}）</translation>
    </message>
    <message>
        <source>OPEN: at the court, not acknowledged yet</source>
        <translation>未处理：已送达法院，尚未响应</translation>
    </message>
    <message>
        <source>OPEN: refused by the court (see the outbox)</source>
        <translation>未处理：法院拒收（见待发送队列）</translation>
    </message>
    <message>
        <source>OPEN: waiting for the network, not at the court yet</source>
        <translation>未处理：等待网络，尚未送达法院</translation>
    </message>
    <message>
        <source>Staff calls</source>
        <translation>工作人员呼叫</translation>
    </message>
    <message>
        <source>open: {count}</source>
        <translation>未处理：{count}</translation>
    </message>
    <message>
        <source>Mark handled</source>
        <translation>标记已处理</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>StaffConfirmPanel</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>A staff member must confirm who you are</source>
        <translation>需由工作人员确认您的身份</translation>
    </message>
    <message>
        <source>Your identity was read from a photo of your ID card. {services} open only after a staff member confirms it here. Please ask a staff member to check your card and place their staff card on the staff card reader. Filing a case does not need this.</source>
        <translation>您的身份是通过拍摄身份证识别的。{services}须经工作人员在本机确认后才能使用。请工作人员核对您的身份证，并将工作证放在工作证读卡器上。自助立案无需确认。</translation>
    </message>
    <message>
        <source>Your identity was read from a photo of your ID card. {services} cannot be opened with it at this kiosk. Please place your ID card on the card reader, or ask at the service counter. Filing a case does not need this.</source>
        <translation>您的身份是通过拍摄身份证识别的，本机无法以此身份使用{services}。请将身份证放在读卡器上，或到服务窗口办理。自助立案无需确认。</translation>
    </message>
</context>
<context>
    <name>StaffGate</name>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>No staff are enrolled for PIN login on this kiosk. Use a staff card.</source>
        <translation>本机尚未登记可用密码登录的工作人员，请使用工作人员卡。</translation>
    </message>
    <message>
        <source>Enter your staff number first.</source>
        <translation>请先输入工号。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Locked for {minutes} min.</source>
        <translation>密码错误次数过多，已锁定 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>Wrong staff number or PIN. {left} tries left.</source>
        <translation>工号或密码错误，还可尝试 {left} 次。</translation>
    </message>
</context>
<context>
    <name>StaffLoginPad</name>
    <message>
        <source>Staff number: {number}</source>
        <translation>工号：{number}</translation>
    </message>
    <message>
        <source>PIN: {dots}</source>
        <translation>密码：{dots}</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Staff login: staff number, then PIN</source>
        <translation>工作人员登录：先输入工号，再输入密码</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <source>{court} receives and reviews your case and confirms the court fee (by its province&apos;s figures). This court, {here}, passes your filing on.</source>
        <translation>{court}受理并审查您的案件，并按当地标准确定诉讼费；本院（{here}）协助转交您的立案申请。</translation>
    </message>
    <message>
        <source>Please read the filing notice to the end and tick that you have read it.</source>
        <translation>请读完立案须知并勾选已阅读。</translation>
    </message>
    <message>
        <source>What do you want to file?</source>
        <translation>您要办理什么？</translation>
    </message>
    <message>
        <source>Sue (起诉)</source>
        <translation>起诉</translation>
    </message>
    <message>
        <source>Appeal a judgment (上诉)</source>
        <translation>上诉</translation>
    </message>
    <message>
        <source>Apply for enforcement (申请执行)</source>
        <translation>申请执行</translation>
    </message>
    <message>
        <source>Ask for pre-suit mediation (诉前调解)</source>
        <translation>申请诉前调解</translation>
    </message>
    <message>
        <source>Start a new case against someone.</source>
        <translation>对他人提起新的诉讼。</translation>
    </message>
    <message>
        <source>You disagree with a first-instance judgment. You need its case number. Appeal within 15 days of receiving a judgment (10 days for a ruling).</source>
        <translation>您不服一审判决，需要一审案号。判决书送达之日起15日内上诉（裁定为10日）。</translation>
    </message>
    <message>
        <source>The other side does not do what an effective judgment, mediation statement or award says. You need its case number. Apply within 2 years.</source>
        <translation>对方不履行生效判决书、调解书或裁决书，需要其案号。申请执行期间为2年。</translation>
    </message>
    <message>
        <source>A mediator helps both sides agree before any lawsuit. It is free.</source>
        <translation>在起诉前由调解员帮助双方达成协议，不收费。</translation>
    </message>
    <message>
        <source>Kind of dispute</source>
        <translation>案由类别</translation>
    </message>
    <message>
        <source>For whom?</source>
        <translation>为谁办理？</translation>
    </message>
    <message>
        <source>For myself</source>
        <translation>为本人</translation>
    </message>
    <message>
        <source>For someone else (I am their agent)</source>
        <translation>为他人（我是代理人）</translation>
    </message>
    <message>
        <source>Lawyer</source>
        <translation>律师</translation>
    </message>
    <message>
        <source>Close relative</source>
        <translation>近亲属</translation>
    </message>
    <message>
        <source>Employee of the party</source>
        <translation>当事人的工作人员</translation>
    </message>
    <message>
        <source>Recommended by the community or a social group</source>
        <translation>社区、单位或有关社会团体推荐的公民</translation>
    </message>
    <message>
        <source>Other citizen recommended by the party</source>
        <translation>当事人推荐的其他公民</translation>
    </message>
    <message>
        <source>Pre-suit mediation</source>
        <translation>诉前调解</translation>
    </message>
    <message>
        <source>Before the court registers your case, a mediator can try to settle it with the other side. It is free and often faster. If it fails, your case goes on as filed.</source>
        <translation>在法院登记立案前，调解员可以先帮您与对方协商解决。不收费，通常更快。调解不成的，案件按您的申请继续办理。</translation>
    </message>
    <message>
        <source>Yes, I would like mediation first</source>
        <translation>同意先行诉前调解</translation>
    </message>
    <message>
        <source>File with another court (跨域立案): this court passes your filing on</source>
        <translation>向其他法院提交（跨域立案）：由本院协助转交</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>SubmittedScreen</name>
    <message>
        <source>Writing your complaint…</source>
        <translation>正在生成起诉状……</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>起诉状</translation>
    </message>
    <message>
        <source>The complaint could not be written on this kiosk. Your filing is saved; ask at the service counter for a printed copy.</source>
        <translation>本机未能生成起诉状。您的申请已保存；如需纸质起诉状请到诉讼服务窗口。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>See and print the complaint</source>
        <translation>查看并打印起诉状</translation>
    </message>
    <message>
        <source>You asked for fee relief. The court decides on it first, then tells you what to pay (if anything).</source>
        <translation>您已申请司法救助。法院将先作出决定，再通知您应交金额（如需交纳）。</translation>
    </message>
    <message>
        <source>Please take your ID card and your papers.</source>
        <translation>请取回您的身份证和材料。</translation>
    </message>
    <message>
        <source>Follow this filing on your phone: scan this code (also on your receipt). It shows the state only, no personal data.</source>
        <translation>手机扫码查看办理进度（回执上也有此码），页面不显示个人信息。</translation>
    </message>
    <message>
        <source>The kiosk wrote your complaint from your answers. Print it on A4 to sign it on paper and keep a copy.</source>
        <translation>本机已根据您的回答生成起诉状。请用A4打印，在纸上签名并保留一份。</translation>
    </message>
    <message>
        <source>The kiosk wrote your complaint from your answers, with your signature.</source>
        <translation>本机已根据您的回答生成带有您签名的起诉状。</translation>
    </message>
    <message>
        <source>Filing number: {number}</source>
        <translation>立案申请编号：{number}</translation>
    </message>
    <message>
        <source>Status: awaiting review (待审核). It is saved on this kiosk and is sent to the court automatically, even if the network is down now.</source>
        <translation>状态：待审核。申请已保存在本机，并将自动发送至法院，即使当前网络中断也不会丢失。</translation>
    </message>
    <message>
        <source>Receiving court: {court}. Assisting court: {here} (this court).</source>
        <translation>受理法院：{court}；协助法院：{here}（本院）。</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <source>Your receipt has been printed. Please take it.</source>
        <translation>回执已打印，请取走。</translation>
    </message>
    <message>
        <source>the printer is out of paper</source>
        <translation>打印机缺纸</translation>
    </message>
    <message>
        <source>the printer is not responding</source>
        <translation>打印机无响应</translation>
    </message>
    <message>
        <source>the printer reported an error</source>
        <translation>打印机报告错误</translation>
    </message>
    <message>
        <source>The receipt could not be printed: {reason}. Your filing is saved and will still be submitted. Staff at the service counter can reprint the receipt.</source>
        <translation>回执未能打印：{reason}。您的立案申请已保存，仍会提交至法院。可请服务窗口工作人员补打回执。</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Case filing</source>
        <extracomment>The hall&apos;s usual counter services, in the litigant&apos;s language (others show the court&apos;s own name).</extracomment>
        <translation>立案</translation>
    </message>
    <message>
        <source>Fee payment</source>
        <translation>交费</translation>
    </message>
    <message>
        <source>Letters and visits</source>
        <translation>信访</translation>
    </message>
    <message>
        <source>Legal aid</source>
        <translation>法律援助</translation>
    </message>
    <message>
        <source>Mediation</source>
        <translation>调解</translation>
    </message>
    <message>
        <source>Consultation</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Waiting before you: not known right now</source>
        <translation>前面等候人数：暂时无法获取</translation>
    </message>
    <message>
        <source>Waiting before you: about {count}</source>
        <translation>前面约有 {count} 人等候</translation>
    </message>
    <message>
        <source>Waiting before you: {count}</source>
        <translation>前面还有 {count} 人等候</translation>
    </message>
    <message>
        <source>Getting your number…</source>
        <translation>正在取号…</translation>
    </message>
    <message>
        <source>The ticket printer is out of paper, so no number was issued. Please ask at the service desk.</source>
        <translation>号票打印机缺纸，未能取号。请到服务台咨询。</translation>
    </message>
    <message>
        <source>The ticket printer is not ready, so no number was issued. Please ask at the service desk.</source>
        <translation>号票打印机未就绪，未能取号。请到服务台咨询。</translation>
    </message>
    <message>
        <source>The court&apos;s queue system cannot be reached and this kiosk has no numbers left to issue. Please ask at the service desk.</source>
        <translation>暂时无法连接法院排队系统，本机也没有可离线签发的号码。请到服务台咨询。</translation>
    </message>
    <message>
        <source>A ticket is still being printed. Please wait a moment, then touch the service again.</source>
        <translation>上一张号票正在打印，请稍候再点击业务。</translation>
    </message>
    <message>
        <source>No number could be issued. Please ask at the service desk.</source>
        <translation>未能取号，请到服务台咨询。</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <source>Please take your ticket from the printer and wait until your number is called.</source>
        <translation>请从打印口取走号票，留意叫号。</translation>
    </message>
    <message>
        <source>the printer is out of paper</source>
        <translation>打印机缺纸</translation>
    </message>
    <message>
        <source>the printer is not ready</source>
        <translation>打印机未就绪</translation>
    </message>
    <message>
        <source>Your ticket could not be printed: {why}. Touch Print again, or Cancel number if you do not want it.</source>
        <translation>号票未能打印：{why}。请点击“重新打印”；如不需要此号，请点击“取消此号”。</translation>
    </message>
    <message>
        <source>Number {number} has been cancelled because its ticket could not be printed. Please ask at the service desk.</source>
        <translation>号票无法打印，{number} 号已取消。请到服务台咨询。</translation>
    </message>
    <message>
        <source>Number {number} has been cancelled.</source>
        <translation>{number} 号已取消。</translation>
    </message>
    <message>
        <source>Asking for the calls…</source>
        <translation>正在获取叫号信息…</translation>
    </message>
    <message>
        <source>The calls cannot be shown right now.</source>
        <translation>暂时无法显示叫号信息。</translation>
    </message>
    <message>
        <source>No number has been called yet today.</source>
        <translation>今天还没有叫号。</translation>
    </message>
    <message>
        <source>{number}  →  window {counter}</source>
        <translation>{number}  →  {counter} 号窗口</translation>
    </message>
    <message>
        <source>Green channel: your ticket is a priority ticket.</source>
        <translation>绿色通道：您取的是优先号。</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} 人等候</translation>
    </message>
    <message>
        <source>Priority number</source>
        <translation>优先号</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>Issued at {time}</source>
        <translation>取号时间 {time}</translation>
    </message>
    <message>
        <source>Window {counters}</source>
        <translation>{counters} 号窗口</translation>
    </message>
    <message>
        <source>Issued offline by this kiosk: the court&apos;s queue system cannot be reached. The number is valid and will be called in turn.</source>
        <translation>本号由自助机离线签发：暂时无法连接法院排队系统。本号同样有效，将按顺序叫号。</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Cancel number</source>
        <translation>取消此号</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Now calling</source>
        <translation>正在叫号</translation>
    </message>
</context>
<context>
    <name>VideoScreen</name>
    <message>
        <source>Call hall staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>Ask the judge about a judgment</source>
        <translation>判后答疑</translation>
    </message>
    <message>
        <source>Remote reception</source>
        <translation>远程接访</translation>
    </message>
    <message>
        <source>Connection: good</source>
        <translation>通话质量：良好</translation>
    </message>
    <message>
        <source>Connection: fair</source>
        <translation>通话质量：一般</translation>
    </message>
    <message>
        <source>Connection: poor, the picture may stop</source>
        <translation>通话质量：较差，画面可能停顿</translation>
    </message>
    <message>
        <source>Calling the court…</source>
        <translation>正在呼叫法院…</translation>
    </message>
    <message>
        <source>{who}: waiting to be answered. You are next.</source>
        <translation>{who}：正在等待接听，下一位就是您。</translation>
    </message>
    <message>
        <source>{who}: waiting to be answered. {n} ahead of you.</source>
        <translation>{who}：正在等待接听，您前面还有 {n} 位。</translation>
    </message>
    <message>
        <source>{who}: waiting to be answered.</source>
        <translation>{who}：正在等待接听。</translation>
    </message>
    <message>
        <source>{name} answered. Connecting…</source>
        <translation>{name}已接听，正在连接…</translation>
    </message>
    <message>
        <source>The court</source>
        <translation>法院</translation>
    </message>
    <message>
        <source>The connection dropped. Reconnecting…</source>
        <translation>网络中断，正在重新连接…</translation>
    </message>
    <message>
        <source>Talking with {name}  {time}</source>
        <translation>正在与{name}通话  {time}</translation>
    </message>
    <message>
        <source>The court cannot be reached now, so the call could not be made. Please go to the service counter.</source>
        <translation>现在无法连接法院，未能发起视频通话。请到服务窗口办理。</translation>
    </message>
    <message>
        <source>Video calls are not offered at this kiosk. Please go to the service counter.</source>
        <translation>本机暂不提供视频通话。请到服务窗口办理。</translation>
    </message>
    <message>
        <source>The court could not take the call. Please go to the service counter.</source>
        <translation>法院未能受理本次通话。请到服务窗口办理。</translation>
    </message>
    <message>
        <source>The call ended: the connection was lost and could not be restored.</source>
        <translation>通话已结束：网络中断，未能恢复。</translation>
    </message>
    <message>
        <source>The call ended before it was answered.</source>
        <translation>通话在接听前已结束。</translation>
    </message>
    <message>
        <source>The call has ended.</source>
        <translation>通话已结束。</translation>
    </message>
    <message>
        <source>Duration {time}.</source>
        <translation>通话时长 {time}。</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>{month}/{day} ({weekday}) {time}</source>
        <translation>{month}月{day}日（{weekday}）{time}</translation>
    </message>
    <message>
        <source>Judge {judge} is online: call now</source>
        <translation>{judge}法官在线：现在呼叫</translation>
    </message>
    <message>
        <source>Judge {judge}: your time {time}</source>
        <translation>{judge}法官：您的预约 {time}</translation>
    </message>
    <message>
        <source>Judge {judge} is not online: book a time</source>
        <translation>{judge}法官不在线：预约时间</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>正在预约…</translation>
    </message>
    <message>
        <source>The booking could not be saved at this kiosk. Please ask hall staff.</source>
        <translation>本机未能保存预约，请咨询大厅工作人员。</translation>
    </message>
    <message>
        <source>The court did not accept the booking. Please ask hall staff.</source>
        <translation>法院未接受此预约，请咨询大厅工作人员。</translation>
    </message>
    <message>
        <source>Your booking for {time} with judge {judge} is saved and is being sent to the court.</source>
        <translation>您与{judge}法官 {time} 的预约已保存，正在发送至法院。</translation>
    </message>
    <message>
        <source>The time you chose was just taken. The court booked {time} with judge {judge} instead.</source>
        <translation>您选择的时间刚被约满，法院已为您改约{judge}法官 {time}。</translation>
    </message>
    <message>
        <source>Booked: {time} with judge {judge}.</source>
        <translation>预约成功：{time}，{judge}法官。</translation>
    </message>
    <message>
        <source>General help</source>
        <translation>一般咨询与帮助</translation>
    </message>
    <message>
        <source>Ask the judge</source>
        <translation>判后答疑</translation>
    </message>
    <message>
        <source>After a judgment (判后答疑)</source>
        <translation>向承办法官询问判决</translation>
    </message>
    <message>
        <source>Letters and visits (远程接访)</source>
        <translation>远程接访（信访接待）</translation>
    </message>
    <message>
        <source>The court may record this call (picture and voice) and keep the recording in the case&apos;s records. It is recorded only if you agree, and you will see when it records. If you do not agree, the call is not recorded.</source>
        <translation>法院可能对本次通话录音录像，并将录像存入案件材料。只有在您同意后才会录制，录制时屏幕上会有提示。如果您不同意，本次通话不会录制。</translation>
    </message>
    <message>
        <source>I agree, call</source>
        <translation>同意并呼叫</translation>
    </message>
    <message>
        <source>Call without recording</source>
        <translation>不同意录制，直接呼叫</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>音量减小</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>音量增大</translation>
    </message>
    <message>
        <source>Volume {n}%</source>
        <translation>音量 {n}%</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>Back to the choices</source>
        <translation>返回选择</translation>
    </message>
    <message>
        <source>● Recording</source>
        <translation>● 正在录制</translation>
    </message>
    <message>
        <source>Shown by the court: {title}</source>
        <translation>法院展示的文书：{title}</translation>
    </message>
    <message>
        <source>Opening the document…</source>
        <translation>正在打开文书…</translation>
    </message>
    <message>
        <source>This document cannot be opened here. Ask the court for a copy, or print it at 文书打印 if it was served on you.</source>
        <translation>本机无法打开此文书。请向法院索取，如已向您送达，可在“文书打印”中打印。</translation>
    </message>
    <message>
        <source>Judge {judge} is not at the video desk now. Choose a time to talk with the judge by video about case {case}; each talk takes up to {minutes} minutes.</source>
        <translation>{judge}法官现在不在视频席位。请选择时间，就案件{case}与法官视频交流，每次不超过{minutes}分钟。</translation>
    </message>
    <message>
        <source>You already have a time for this case: {time}.</source>
        <translation>您已预约本案：{time}。</translation>
    </message>
    <message>
        <source>The court has no free time to offer now. Hall staff can help.</source>
        <translation>法院暂无可预约时间，大厅工作人员可以帮您。</translation>
    </message>
    <message>
        <source>At that time, come to any kiosk of the court, choose Remote video, then Ask the judge and this case: the judge answers. Bring your ID card.</source>
        <translation>请在预约时间到本院任一自助终端，选择“远程视频”→“判后答疑”和本案，法官将接听。请携带身份证。</translation>
    </message>
    <message>
        <source>Print the booking slip</source>
        <translation>打印预约凭条</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed. Please take the slip.</source>
        <translation>已打印，请取走凭条。</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please note the time, or ask hall staff.</source>
        <translation>打印机缺纸。请记下预约时间，或咨询大厅工作人员。</translation>
    </message>
    <message>
        <source>The printer is not working. Please note the time, or ask hall staff.</source>
        <translation>打印机无法工作。请记下预约时间，或咨询大厅工作人员。</translation>
    </message>
    <message>
        <source>The slip could not be printed. Please note the time, or ask hall staff.</source>
        <translation>凭条未能打印。请记下预约时间，或咨询大厅工作人员。</translation>
    </message>
    <message>
        <source>Asking the court for your cases…</source>
        <translation>正在向法院查询您的案件…</translation>
    </message>
    <message>
        <source>The court cannot be reached now, so your cases cannot be shown. Please try again later, or ask hall staff.</source>
        <translation>暂时无法连接法院，无法显示您的案件。请稍后再试，或咨询大厅工作人员。</translation>
    </message>
    <message>
        <source>You have no case with a judgment at this court. Ask the judge about a judgment needs one; hall staff can help.</source>
        <translation>您在本院没有已宣判的案件。判后答疑须针对已宣判案件；大厅工作人员可以帮您。</translation>
    </message>
    <message>
        <source>The court shows you a document. The call goes on.</source>
        <translation>法院向您出示文书，通话继续。</translation>
    </message>
    <message>
        <source>Which case is your question about? The judge who decided it answers.</source>
        <translation>您要咨询哪个案件？由该案承办法官为您解答。</translation>
    </message>
    <message>
        <source>Book a time with the judge</source>
        <translation>预约法官视频答疑</translation>
    </message>
    <message>
        <source>Before the call: recording</source>
        <translation>通话前：关于录音录像</translation>
    </message>
    <message>
        <source>Please stay here: the call starts as soon as someone answers. You can see yourself on the right.</source>
        <translation>请在此稍候：有人接听后通话即开始。右侧是您自己的画面。</translation>
    </message>
    <message>
        <source>Look at the screen and speak normally. Touch Hang up to end the call.</source>
        <translation>请看着屏幕正常说话。点击“挂断”结束通话。</translation>
    </message>
</context>
<context>
    <name>assist</name>
    <message>
        <source>Voice input is switched off at this kiosk.</source>
        <translation>本机已关闭语音输入。</translation>
    </message>
    <message>
        <source>Voice input is not available: no speech recognition model is installed on this kiosk.</source>
        <translation>语音输入暂不可用：本机未安装语音识别模型。</translation>
    </message>
    <message>
        <source>Voice input is not available: the speech recognition model could not be loaded.</source>
        <translation>语音输入暂不可用：语音识别模型无法加载。</translation>
    </message>
    <message>
        <source>Voice input is not available: the microphone is not working.</source>
        <translation>语音输入暂不可用：麦克风故障。</translation>
    </message>
    <message>
        <source>Voice input stopped because of an error. Please type instead, or try again.</source>
        <translation>语音输入出错已停止。请改用键盘输入，或再试一次。</translation>
    </message>
    <message>
        <source>The document camera is not working. Please type the details, or ask at the service counter.</source>
        <translation>高拍仪故障。请手动输入，或到服务窗口咨询。</translation>
    </message>
    <message>
        <source>The document camera did not take a picture. Please try again.</source>
        <translation>高拍仪未能拍照，请再试一次。</translation>
    </message>
    <message>
        <source>No text could be read. Place the page flat and face up under the camera, then try again.</source>
        <translation>没有识别到文字。请把材料正面朝上平放在高拍仪下，再试一次。</translation>
    </message>
    <message>
        <source>No ID card was found in the picture. Place your card flat, photo side up, under the camera, then try again.</source>
        <translation>照片中没有找到身份证。请把身份证人像面朝上平放在高拍仪下，再试一次。</translation>
    </message>
    <message>
        <source>Text recognition is not available on this kiosk. Please type the details.</source>
        <translation>本机文字识别暂不可用，请手动输入。</translation>
    </message>
    <message>
        <source>The page could not be read. Please try again, or type the details.</source>
        <translation>材料未能识别。请再试一次，或手动输入。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Speak</source>
        <translation>说话</translation>
    </message>
    <message>
        <source>It is right</source>
        <translation>确认无误</translation>
    </message>
    <message>
        <source>Read from your page and hard to read: please check every character, then confirm or correct it.</source>
        <translation>从您的材料中识别，但字迹不清：请逐字核对，确认无误或修改。</translation>
    </message>
    <message>
        <source>Read from your page: please check it, then confirm or correct it.</source>
        <translation>从您的材料中识别：请核对，确认无误或修改。</translation>
    </message>
    <message>
        <source>Heard by voice: please check it, then confirm or correct it.</source>
        <translation>语音输入：请核对，确认无误或修改。</translation>
    </message>
    <message>
        <source>Listening. Speak now, then touch Stop.</source>
        <translation>正在听。请说话，说完点“停止”。</translation>
    </message>
    <message>
        <source>Listening. Speak now; it stops when you pause.</source>
        <translation>正在听。请说话，停顿后自动结束。</translation>
    </message>
    <message>
        <source>Preparing voice input…</source>
        <translation>正在准备语音输入…</translation>
    </message>
    <message>
        <source>Have a written complaint? Place its first page face up under the document camera and the kiosk fills in what it can read.</source>
        <translation>已写好起诉状？把第一页正面朝上放在高拍仪下，本机会自动填写能识别的内容。</translation>
    </message>
    <message>
        <source>Scan again</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>Scan page</source>
        <translation>扫描材料</translation>
    </message>
    <message>
        <source>Taking a picture… keep the page still.</source>
        <translation>正在拍照…请不要移动材料。</translation>
    </message>
    <message>
        <source>Reading the page… this takes a few seconds.</source>
        <translation>正在识别…需要几秒钟。</translation>
    </message>
    <message>
        <source>{count} fields were filled from your page. They are highlighted: check each one, then touch &quot;It is right&quot; or change it.</source>
        <translation>已根据您的材料填写 {count} 项，已用颜色标出：请逐项核对，点“确认无误”或直接修改。</translation>
    </message>
    <message>
        <source>Nothing for this form was found on the page. Please type the details.</source>
        <translation>材料中没有找到本页需要的内容，请手动输入。</translation>
    </message>
</context>
<context>
    <name>fees</name>
    <message>
        <source>Property dispute (amount claimed)</source>
        <translation>财产案件（按诉讼请求金额）</translation>
    </message>
    <message>
        <source>Divorce (property to divide, if any)</source>
        <translation>离婚案件（涉及财产分割的填写金额）</translation>
    </message>
    <message>
        <source>Personality rights (damages claimed, if any)</source>
        <translation>人格权纠纷（请求损害赔偿的填写金额）</translation>
    </message>
    <message>
        <source>Other non-property dispute</source>
        <translation>其他非财产案件</translation>
    </message>
    <message>
        <source>Intellectual property (amount in dispute, if any)</source>
        <translation>知识产权民事案件（有争议金额的填写）</translation>
    </message>
    <message>
        <source>Labour dispute</source>
        <translation>劳动争议案件</translation>
    </message>
    <message>
        <source>Administrative case</source>
        <translation>行政案件</translation>
    </message>
    <message>
        <source>Administrative case on a trademark, patent or maritime matter</source>
        <translation>商标、专利、海事行政案件</translation>
    </message>
    <message>
        <source>Apply for enforcement (amount to enforce, if any)</source>
        <translation>申请执行（有执行金额的填写）</translation>
    </message>
    <message>
        <source>Apply for preservation (value, if any)</source>
        <translation>申请保全（有财产数额的填写）</translation>
    </message>
    <message>
        <source>Apply for a payment order (amount claimed)</source>
        <translation>申请支付令（请求给付的金额）</translation>
    </message>
    <message>
        <source>Apply for a public summons</source>
        <translation>申请公示催告</translation>
    </message>
    <message>
        <source>Set aside an arbitral award, or confirm an arbitration agreement</source>
        <translation>申请撤销仲裁裁决或者认定仲裁协议效力</translation>
    </message>
    <message>
        <source>Bankruptcy (value of the estate)</source>
        <translation>破产案件（破产财产总额）</translation>
    </message>
</context>
<context>
    <name>filing</name>
    <message>
        <source>Please fill this in.</source>
        <translation>此项必填。</translation>
    </message>
    <message>
        <source>An ID number has 18 characters.</source>
        <translation>身份证号码应为18位。</translation>
    </message>
    <message>
        <source>An ID number has 17 digits and a last digit or X.</source>
        <translation>身份证号码由17位数字和最后一位数字或X组成。</translation>
    </message>
    <message>
        <source>The birth date inside this ID number is not a real date.</source>
        <translation>身份证号码中的出生日期无效。</translation>
    </message>
    <message>
        <source>This ID number failed its check digit. Please check every digit.</source>
        <translation>身份证号码校验位不正确，请逐位核对。</translation>
    </message>
    <message>
        <source>This unified social credit code is not valid. Please check it.</source>
        <translation>统一社会信用代码无效，请核对。</translation>
    </message>
    <message>
        <source>Please enter a phone number of digits only.</source>
        <translation>电话号码只能包含数字。</translation>
    </message>
    <message>
        <source>This does not match the ID number.</source>
        <translation>与身份证号码不一致。</translation>
    </message>
    <message>
        <source>Please enter the date as on the card, for example 1990年1月2日 or 1990-01-02.</source>
        <translation>请按身份证上的日期填写，例如 1990年1月2日 或 1990-01-02。</translation>
    </message>
    <message>
        <source>Please enter an amount in yuan, for example 12000 or 12000.50.</source>
        <translation>请以元为单位填写金额，例如 12000 或 12000.50。</translation>
    </message>
    <message>
        <source>This case number is not valid. Check the year in brackets, the court code and the serial, e.g. （2026）京0105民初123号.</source>
        <translation>案号格式不正确。请核对括号中的年份、法院代字和序号，例如（2026）京0105民初123号。</translation>
    </message>
    <message>
        <source>Please check this field.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <source>Plaintiff</source>
        <translation>原告</translation>
    </message>
    <message>
        <source>Defendant</source>
        <translation>被告</translation>
    </message>
    <message>
        <source>Appellant</source>
        <translation>上诉人</translation>
    </message>
    <message>
        <source>Appellee</source>
        <translation>被上诉人</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Respondent</source>
        <translation>被申请人</translation>
    </message>
    <message>
        <source>Other party</source>
        <translation>对方当事人</translation>
    </message>
    <message>
        <source>Third party</source>
        <translation>第三人</translation>
    </message>
    <message>
        <source>Please check this, then touch &quot;It is right&quot; or change it.</source>
        <translation>请核对此项，点“确认无误”或直接修改。</translation>
    </message>
    <message>
        <source>Your ID card (a copy)</source>
        <translation>本人身份证（复印件）</translation>
    </message>
    <message>
        <source>Business licence and legal representative certificate</source>
        <translation>营业执照及法定代表人身份证明书</translation>
    </message>
    <message>
        <source>Power of attorney (signed by the party)</source>
        <translation>授权委托书（当事人签名）</translation>
    </message>
    <message>
        <source>The agent&apos;s ID card (a copy)</source>
        <translation>代理人身份证（复印件）</translation>
    </message>
    <message>
        <source>Information identifying the other side (ID or registration)</source>
        <translation>对方当事人身份信息（身份证或登记信息）</translation>
    </message>
    <message>
        <source>The judgment or document (a copy)</source>
        <translation>判决书或执行依据（复印件）</translation>
    </message>
    <message>
        <source>Certificate that it is effective</source>
        <translation>生效证明</translation>
    </message>
    <message>
        <source>A written complaint (the kiosk writes one from your answers)</source>
        <translation>起诉状（本机根据您的回答生成）</translation>
    </message>
    <message>
        <source>Evidence, listed on the right</source>
        <translation>证据（在右侧列出）</translation>
    </message>
</context>
<context>
    <name>materials</name>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Defence (statement of defence)</source>
        <translation>答辩状</translation>
    </message>
    <message>
        <source>Agent&apos;s opinion</source>
        <translation>代理词</translation>
    </message>
    <message>
        <source>Proof of identity</source>
        <translation>身份证明</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Filing {number}</source>
        <translation>立案申请 {number}</translation>
    </message>
</context>
<context>
    <name>notice</name>
    <message>
        <source>I have read and understood this notice</source>
        <extracomment>Scrolled &quot;to the end&quot; when this close to it (pixels): a flick seldom stops on the last pixel. Body text size (pixels) at text size M; the other sizes scale it (ui.theme.scale: S 22, XL 43).</extracomment>
        <translation>我已阅读并理解以上内容</translation>
    </message>
    <message>
        <source>Please scroll down and read the notice to its end. Then tick the box.</source>
        <translation>请向下滑动，阅读到最后，然后勾选确认。</translation>
    </message>
</context>
<context>
    <name>screens</name>
    <message>
        <source>Litigation Self-Service</source>
        <translation>诉讼服务自助终端</translation>
    </message>
    <message>
        <source>Touch the screen to start.</source>
        <translation>请触摸屏幕开始。</translation>
    </message>
    <message>
        <source>Choose a service</source>
        <extracomment>Tiles per row at each text size (ui.theme.TEXT_SIZES): fewer, wider tiles for larger text.</extracomment>
        <translation>请选择服务</translation>
    </message>
    <message>
        <source>Choose the service you need. Grey services cannot be used at this kiosk at the moment.</source>
        <translation>请选择您需要的服务。灰色的服务本机暂时无法使用。</translation>
    </message>
    <message>
        <source>Identify with your ID card</source>
        <translation>身份证识别</translation>
    </message>
    <message>
        <source>Place your resident ID card flat on the card reader below the screen.</source>
        <translation>请将居民身份证平放在屏幕下方的读卡区。</translation>
    </message>
    <message>
        <source>File a case: what and for whom</source>
        <translation>自助立案：办理事项</translation>
    </message>
    <message>
        <source>Choose what you want to file and for whom, then read the filing notice.</source>
        <translation>请选择办理事项和为谁办理，然后阅读立案须知。</translation>
    </message>
    <message>
        <source>File a case: parties</source>
        <translation>自助立案：当事人信息</translation>
    </message>
    <message>
        <source>File a case: claims</source>
        <translation>自助立案：诉讼请求</translation>
    </message>
    <message>
        <source>Check every party. Touch a name to change it, or add another.</source>
        <translation>请核对每位当事人。点名字可修改，也可以再添加。</translation>
    </message>
    <message>
        <source>Write what you ask the court to decide, why, and the amount.</source>
        <translation>请写明您的请求、事实与理由以及金额。</translation>
    </message>
    <message>
        <source>File a case: materials and evidence</source>
        <translation>自助立案：材料与证据</translation>
    </message>
    <message>
        <source>Scan the materials you have, and list your evidence. Put each page under the camera.</source>
        <translation>请拍摄您带来的材料并列出证据。每页放在高拍仪下。</translation>
    </message>
    <message>
        <source>File a case: court fee</source>
        <translation>自助立案：诉讼费</translation>
    </message>
    <message>
        <source>This is the court fee and how it is calculated. If you cannot afford it, you can ask for relief.</source>
        <translation>这是诉讼费及其计算方法。如果交不起，可以申请司法救助。</translation>
    </message>
    <message>
        <source>File a case: risk notice</source>
        <translation>自助立案：诉讼风险提示</translation>
    </message>
    <message>
        <source>Read the litigation risk notice to the end, then tick that you have read it.</source>
        <translation>请读完诉讼风险提示书，然后勾选已阅读。</translation>
    </message>
    <message>
        <source>File a case: address for service</source>
        <translation>自助立案：送达地址确认</translation>
    </message>
    <message>
        <source>Where should the court send your documents? Check the address and phone.</source>
        <translation>法院文书应送到哪里？请核对地址和电话。</translation>
    </message>
    <message>
        <source>File a case: check your answers</source>
        <translation>自助立案：核对信息</translation>
    </message>
    <message>
        <source>Read your answers. If they are right, go on to sign.</source>
        <translation>请核对您的回答，无误后去签名。</translation>
    </message>
    <message>
        <source>File a case: sign and submit</source>
        <translation>自助立案：签名提交</translation>
    </message>
    <message>
        <source>Sign with your finger in the box, or choose to sign on paper. Then touch Confirm and submit.</source>
        <translation>请用手指在框内签名，或选择在纸上签名，然后点确认提交。</translation>
    </message>
    <message>
        <source>Filing submitted</source>
        <translation>立案申请已提交</translation>
    </message>
    <message>
        <source>Your filing is saved. Take your receipt from the printer.</source>
        <translation>您的立案申请已保存，请从打印口取走回执。</translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>我的案件</translation>
    </message>
    <message>
        <source>These are your cases and filings at this court.</source>
        <translation>以下是您在本院的案件和立案申请。</translation>
    </message>
    <message>
        <source>Fee calculator</source>
        <translation>诉讼费计算</translation>
    </message>
    <message>
        <source>Choose the kind of case or application and enter the amount. The fee and how it is calculated appear below.</source>
        <translation>请选择案件或申请类型并填写金额，下方显示费用及计算方法。</translation>
    </message>
    <message>
        <source>Message the judge</source>
        <translation>联系法官</translation>
    </message>
    <message>
        <source>Choose your case and write your message for the judge. You can also speak it.</source>
        <translation>请选择案件并写下给法官的留言，也可以说话输入。</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>感谢使用</translation>
    </message>
    <message>
        <source>Please take your ID card and your papers.</source>
        <translation>请取回您的身份证和材料。</translation>
    </message>
    <message>
        <source>Device test</source>
        <translation>设备自检</translation>
    </message>
    <message>
        <source>Try each device as a litigant would use it.</source>
        <translation>按当事人的使用方式逐一测试设备。</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>系统维护</translation>
    </message>
    <message>
        <source>Staff maintenance mode.</source>
        <translation>工作人员维护模式。</translation>
    </message>
    <message>
        <source>Case slip</source>
        <translation>案件凭条</translation>
    </message>
    <message>
        <source>Choose a case, then touch Print slip: the receipt printer gives you its numbers and its state.</source>
        <translation>请选择案件，然后点“打印凭条”：凭条上有案件的编号和当前状态。</translation>
    </message>
    <message>
        <source>Case detail</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <source>The course of your case, the coming hearings and the deadlines.</source>
        <translation>您的案件进程、即将进行的庭审和各项期限。</translation>
    </message>
    <message>
        <source>Case lookup</source>
        <translation>案件查询</translation>
    </message>
    <message>
        <source>Enter the case number and the query code printed on the court&apos;s notice.</source>
        <translation>请输入案号和法院通知书上的查询码。</translation>
    </message>
    <message>
        <source>Read case file</source>
        <translation>电子阅卷</translation>
    </message>
    <message>
        <source>Apply to read the case file. Once the court grants it, you can read its documents here during the time given.</source>
        <translation>申请查阅案卷。法院批准后，您可以在准许的期限内在此查阅案卷文件。</translation>
    </message>
    <message>
        <source>Hand in materials: your case</source>
        <translation>材料收转：选择案件</translation>
    </message>
    <message>
        <source>Choose the case you hand in materials for.</source>
        <translation>请选择要提交材料的案件。</translation>
    </message>
    <message>
        <source>Hand in materials: scan the pages</source>
        <translation>材料收转：拍摄材料</translation>
    </message>
    <message>
        <source>Put a page face up under the camera and touch Scan a page. Do this for every page, in order.</source>
        <translation>请将材料正面朝上放在高拍仪下，点击“拍摄一页”。请按顺序逐页拍摄。</translation>
    </message>
    <message>
        <source>Hand in materials: what it is</source>
        <translation>材料收转：材料类型与名称</translation>
    </message>
    <message>
        <source>Choose what kind of material this is and check its name, then touch Hand in.</source>
        <translation>请选择材料类型并核对材料名称，然后点击“提交”。</translation>
    </message>
    <message>
        <source>Materials handed in</source>
        <translation>材料已提交</translation>
    </message>
    <message>
        <source>Your material is saved on this kiosk and goes to the court automatically. Take your receipt.</source>
        <translation>您的材料已保存在本机，将自动发送至法院。请取走回执。</translation>
    </message>
    <message>
        <source>Print documents</source>
        <translation>文书打印</translation>
    </message>
    <message>
        <source>These are the documents the court served on you. Touch one to see it and print it.</source>
        <translation>以下是法院向您送达的文书。点击一份文书即可预览并打印。</translation>
    </message>
    <message>
        <source>File a case: enterprise evaluation</source>
        <translation>自助立案：企业经营影响评估</translation>
    </message>
    <message>
        <source>Tell the court how the case would affect the company&apos;s operation, or skip this.</source>
        <translation>请说明案件对企业生产经营的影响，也可以跳过。</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>诉讼指南</translation>
    </message>
    <message>
        <source>Type or speak your question, or choose a topic. Touch an answer to read it.</source>
        <translation>请输入或说出您的问题，也可以选择一个栏目。点选答案即可阅读。</translation>
    </message>
    <message>
        <source>Litigation risk assessment</source>
        <translation>诉讼风险评估</translation>
    </message>
    <message>
        <source>What is your dispute about? Touch the kind that fits best.</source>
        <translation>您的纠纷属于哪一类？请点选最接近的一项。</translation>
    </message>
    <message>
        <source>Litigation risk: your answers</source>
        <translation>诉讼风险评估：回答问题</translation>
    </message>
    <message>
        <source>Answer what you know. “Don&apos;t know” is an answer too.</source>
        <translation>请回答您了解的情况，不清楚的可以选“不清楚”。</translation>
    </message>
    <message>
        <source>Litigation risk: the assessment</source>
        <translation>诉讼风险评估：评估结果</translation>
    </message>
    <message>
        <source>Your risks, the highest first. Touch Print report for a copy on paper, or scan the code to keep a summary.</source>
        <translation>风险按等级从高到低列出。点“打印报告”可打印纸质报告，也可以扫描二维码保存摘要。</translation>
    </message>
    <message>
        <source>Litigation risk: the report</source>
        <translation>诉讼风险评估：评估报告</translation>
    </message>
    <message>
        <source>Check the report, then touch Print. Take your pages from the A4 printer.</source>
        <translation>请核对报告后点“打印”，并从A4打印机取走报告。</translation>
    </message>
    <message>
        <source>Take a number</source>
        <translation>排队取号</translation>
    </message>
    <message>
        <source>Touch the service you need. The printer gives you a ticket with your number; wait until it is called.</source>
        <translation>请点击您要办理的业务。打印机将打出印有您号码的号票，请等候叫号。</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Choose what helps you: text size, colours and speech. Each change works at once. Then touch Continue to services.</source>
        <translation>请选择对您有帮助的设置：字号、颜色和语音。每项设置立即生效。设置好后请点击“继续办理业务”。</translation>
    </message>
    <message>
        <source>Court link</source>
        <translation>法院连接</translation>
    </message>
    <message>
        <source>This kiosk&apos;s certificate for the court, and enrolment.</source>
        <translation>本机与法院连接所用的证书及注册。</translation>
    </message>
    <message>
        <source>Remote video</source>
        <translation>远程视频</translation>
    </message>
    <message>
        <source>Talk face to face with hall staff, with the judge of your case, or with the court&apos;s reception. Touch who you want to talk to.</source>
        <translation>与工作人员、承办法官或法院接访人员视频面对面交流。请点击您要联系的对象。</translation>
    </message>
</context>
<context>
    <name>serviceAddress</name>
    <message>
        <source>A postcode has 6 digits.</source>
        <extracomment>Channels of electronic service, in the draft&apos;s words. Field -&gt; objectName of its editor (keypad focus order follows FOCUS_ORDER).</extracomment>
        <translation>邮政编码为6位数字。</translation>
    </message>
    <message>
        <source>Please enter an email address, for example name@example.com.</source>
        <translation>请输入电子邮箱地址，例如 name@example.com。</translation>
    </message>
    <message>
        <source>Please read the text above and tick the box to confirm.</source>
        <translation>请阅读上面的说明，并勾选确认。</translation>
    </message>
    <message>
        <source>Confirm your address for service</source>
        <translation>送达地址确认</translation>
    </message>
    <message>
        <source>Service address</source>
        <translation>送达地址</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>邮政编码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Province, city, district, street, building, room</source>
        <translation>省、市、区（县）、街道、楼号、房号</translation>
    </message>
    <message>
        <source>6 digits (optional)</source>
        <translation>6位数字（可不填）</translation>
    </message>
    <message>
        <source>Who receives the documents</source>
        <translation>代收文书的人</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>电子邮箱地址</translation>
    </message>
    <message>
        <source>I agree to receive court documents electronically</source>
        <translation>我同意法院以电子方式向我送达诉讼文书</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>手机短信</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>The court sends your documents to this address, or by the ways you chose above. Once sent there, they count as delivered to you, even if you do not read them.</source>
        <translation>法院将按照上面的地址或您选择的电子方式向您送达诉讼文书。文书送到即视为送达，即使您没有查看。</translation>
    </message>
    <message>
        <source>If the address is wrong, if you do not give one, or if you move and do not tell the court, documents may not reach you and you bear the consequences.</source>
        <translation>送达地址不准确、不提供送达地址，或者地址变更后未及时告知法院，导致文书未能实际收到的，后果由您自行承担。</translation>
    </message>
    <message>
        <source>This confirmation applies to the whole case: the first instance, an appeal, a retrial and enforcement.</source>
        <translation>本确认适用于本案的一审、二审、再审和执行程序。</translation>
    </message>
    <message>
        <source>I confirm this address is correct, and I understand what happens if it is wrong or out of date</source>
        <translation>我确认以上送达地址准确无误，并已知晓地址错误或未及时更新的后果</translation>
    </message>
</context>
<context>
    <name>services</name>
    <message>
        <source>File a case</source>
        <translation>自助立案</translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>我的案件</translation>
    </message>
    <message>
        <source>Print documents</source>
        <translation>文书打印</translation>
    </message>
    <message>
        <source>Pay fees</source>
        <translation>诉讼缴费</translation>
    </message>
    <message>
        <source>Fee calculator</source>
        <translation>诉讼费计算</translation>
    </message>
    <message>
        <source>Litigation risk</source>
        <translation>诉讼风险评估</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>诉讼指南</translation>
    </message>
    <message>
        <source>Ask for mediation</source>
        <translation>申请调解</translation>
    </message>
    <message>
        <source>Message the judge</source>
        <translation>联系法官</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>Case slip</source>
        <translation>案件凭条</translation>
    </message>
    <message>
        <source>Case lookup</source>
        <translation>案件查询</translation>
    </message>
    <message>
        <source>Read case file</source>
        <translation>电子阅卷</translation>
    </message>
    <message>
        <source>Hand in materials</source>
        <translation>材料收转</translation>
    </message>
    <message>
        <source>Take a number</source>
        <extracomment>The hall&apos;s counter services when the backend has never been reached: the sandbox&apos;s (a court&apos;s own list comes from its backend and is kept for the next time it is out of reach).</extracomment>
        <translation>排队取号</translation>
    </message>
    <message>
        <source>Remote video</source>
        <extracomment>States of a call as the screens show it.</extracomment>
        <translation>远程视频</translation>
    </message>
</context>
<context>
    <name>signature</name>
    <message>
        <source>Sign here</source>
        <extracomment>A signature: at least this many points in all, ... ink at least this share of the pad&apos;s width long in all (taps and dashes are not), ... and a bounding box at least this share of the pad&apos;s width, ... or two strokes or more over at least this share of the width (a short Chinese name). The PNG: at most this wide (and high), with this margin around the ink (in output pixels). Ink width on the pad, in pixels. Points closer than this to the previous one are skipped (touch screens report jitter).</extracomment>
        <translation>请在此处签名</translation>
    </message>
    <message>
        <source>Signed. Touch Clear to sign again.</source>
        <translation>已签名。如需重签，请点“清除”。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>I will sign on paper instead</source>
        <translation>我选择在纸质文书上签名</translation>
    </message>
</context>
<context>
    <name>voice</name>
    <message>
        <source>file a case|new case|sue</source>
        <translation>我 要 立案|立案|起诉</translation>
    </message>
    <message>
        <source>my cases|case status</source>
        <translation>我 的 案件|查询 案件|案件 查询</translation>
    </message>
    <message>
        <source>print documents|print</source>
        <translation>打印 材料|打印</translation>
    </message>
    <message>
        <source>pay fees|payment</source>
        <translation>缴费|交 费</translation>
    </message>
    <message>
        <source>fee calculator|calculate fees</source>
        <translation>诉讼费 计算|计算 诉讼费</translation>
    </message>
    <message>
        <source>litigation risk|risk</source>
        <translation>诉讼 风险|风险 评估</translation>
    </message>
    <message>
        <source>guidance|help</source>
        <translation>诉讼 指南|帮助</translation>
    </message>
    <message>
        <source>mediation</source>
        <translation>调解|申请 调解</translation>
    </message>
    <message>
        <source>message the judge|judge</source>
        <translation>给 法官 留言|法官 留言</translation>
    </message>
    <message>
        <source>green channel</source>
        <translation>绿色 通道</translation>
    </message>
    <message>
        <source>case slip|print a slip</source>
        <translation>打印 凭条|案件 凭条</translation>
    </message>
    <message>
        <source>case lookup|query code</source>
        <translation>查询码|凭 查询码 查询</translation>
    </message>
    <message>
        <source>read case file|case file</source>
        <translation>阅卷|电子 阅卷|查阅 案卷</translation>
    </message>
    <message>
        <source>hand in materials|submit materials|evidence</source>
        <translation>材料收转|提交材料|递交材料|交证据</translation>
    </message>
    <message>
        <source>take a number|queue number</source>
        <translation>取号|排队取号</translation>
    </message>
    <message>
        <source>remote video|video call|video</source>
        <translation>远程视频|视频通话|视频</translation>
    </message>
</context>
</TS>
