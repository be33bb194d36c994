<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
</context>
<context>
    <name>ClaimsScreen</name>
    <message>
        <source>Estimated court fee: {fee} yuan (Decree 481, property case)</source>
        <translation>预估案件受理费：{fee} 元（依《诉讼费用交纳办法》财产案件标准）</translation>
    </message>
    <message>
        <source>Your claims</source>
        <translation>诉讼请求</translation>
    </message>
    <message>
        <source>For example: order the defendant to repay the loan of 50,000 yuan with interest.</source>
        <translation>例如：判令被告归还借款50,000元及利息。</translation>
    </message>
    <message>
        <source>Amount claimed</source>
        <translation>诉讼标的额</translation>
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
</context>
<context>
    <name>MainWindow</name>
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
        <source>Too many wrong PINs. Locked for {minutes} min.</source>
        <translation>密码错误次数过多，已锁定 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} tries left.</source>
        <translation>密码错误，还可尝试 {left} 次。</translation>
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
        <source>Staff PIN</source>
        <translation>工作人员密码</translation>
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
        <source>Outbox</source>
        <translation>待发送队列</translation>
    </message>
    <message>
        <source>The outbox could not be opened with this kiosk's key file (missing or replaced) and has been set aside as {file} (nothing was deleted); a new outbox is in use. Call IT: restore the key file from its backup and deliver the old file with kiosk sync --from.</source>
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
        <source>Close the kiosk app</source>
        <translation>关闭自助终端程序</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>{service}: this service is not available at this kiosk yet. Please ask at the service counter.</source>
        <translation>{service}：本机暂未开通此项服务，请到服务窗口办理。</translation>
    </message>
    <message>
        <source>{service}: out of service at the moment, a device it needs is not working. Please ask at the service counter.</source>
        <translation>{service}：所需设备暂时无法使用，暂停服务。请到服务窗口办理。</translation>
    </message>
    <message>
        <source>(unavailable)</source>
        <translation>（暂未开通）</translation>
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
    <name>MyCasesScreen</name>
    <message>
        <source>(not accepted by the court's system: please ask at the service counter)</source>
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
        <source>The court's system cannot be reached right now. Filings saved on this kiosk are shown; please try again later.</source>
        <translation>暂时无法连接法院系统。下面显示本机已保存的申请，请稍后再试。</translation>
    </message>
    <message>
        <source>You have no cases or filings at this court.</source>
        <translation>您在本院暂无案件或立案申请。</translation>
    </message>
</context>
<context>
    <name>PartiesScreen</name>
    <message>
        <source>Plaintiff (you, from your ID card)</source>
        <translation>原告（本人，信息来自身份证）</translation>
    </message>
    <message>
        <source>Defendant</source>
        <translation>被告</translation>
    </message>
    <message>
        <source>A person</source>
        <translation>自然人</translation>
    </message>
    <message>
        <source>A company or organisation</source>
        <translation>法人或其他组织</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number (optional)</source>
        <translation>身份证号（选填）</translation>
    </message>
    <message>
        <source>Credit code (optional)</source>
        <translation>统一社会信用代码（选填）</translation>
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
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>PhotoIdForm</name>
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
        <source>Check every field against your card. Touch "It is right" for each one, or correct it, then touch Continue.</source>
        <translation>请对照身份证逐项核对：每项点“确认无误”或直接修改，然后点“是本人，继续”。</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Your filing could not be saved on this kiosk (storage problem). Nothing was sent. Please ask at the service counter.</source>
        <translation>本机无法保存您的立案申请（存储故障），未发送任何内容。请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Court</source>
        <translation>受理法院</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
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
        <source>Claims</source>
        <translation>诉讼请求</translation>
    </message>
    <message>
        <source>Amount claimed (yuan)</source>
        <translation>诉讼标的额（元）</translation>
    </message>
    <message>
        <source>Estimated court fee (yuan)</source>
        <translation>预估诉讼费（元）</translation>
    </message>
    <message>
        <source>The court reviews every filing and answers later. The fee shown is an estimate; the court's fee notice is binding.</source>
        <translation>法院将对每件立案申请进行审核并另行答复。显示的诉讼费为预估金额，以法院缴费通知为准。</translation>
    </message>
    <message>
        <source>Confirm and submit</source>
        <translation>确认并提交</translation>
    </message>
</context>
<context>
    <name>SubmittedScreen</name>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
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
        <source>{count} fields were filled from your page. They are highlighted: check each one, then touch "It is right" or change it.</source>
        <translation>已根据您的材料填写 {count} 项，已用颜色标出：请逐项核对，点“确认无误”或直接修改。</translation>
    </message>
    <message>
        <source>Nothing for this form was found on the page. Please type the details.</source>
        <translation>材料中没有找到本页需要的内容，请手动输入。</translation>
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
        <source>Please check this field.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <source>Please check this, then touch "It is right" or change it.</source>
        <translation>请核对此项，点“确认无误”或直接修改。</translation>
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
        <translation>请选择服务</translation>
    </message>
    <message>
        <source>Choose the service you need. Grey services are not available at this kiosk yet.</source>
        <translation>请选择您需要的服务。灰色的服务本机暂未开通。</translation>
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
        <source>File a case: parties</source>
        <translation>自助立案：当事人信息</translation>
    </message>
    <message>
        <source>Check your details as plaintiff, then enter the defendant.</source>
        <translation>请核对您的原告信息，然后填写被告信息。</translation>
    </message>
    <message>
        <source>File a case: claims</source>
        <translation>自助立案：诉讼请求</translation>
    </message>
    <message>
        <source>Write what you ask the court to decide, and the amount you claim.</source>
        <translation>请填写您的诉讼请求和诉讼标的额。</translation>
    </message>
    <message>
        <source>File a case: check and confirm</source>
        <translation>自助立案：核对并确认</translation>
    </message>
    <message>
        <source>Read your answers. If they are right, touch Confirm and submit.</source>
        <translation>请核对填写内容，确认无误后点击“确认并提交”。</translation>
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
</context>
</TS>