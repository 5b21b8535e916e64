<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MessagesView</name>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="47"/>
        <source>Problem: {error}</source>
        <translation>问题：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="49"/>
        <source>Body: {note}</source>
        <translation>消息体：{note}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="55"/>
        <source>Unacknowledged (delivery tag {tag}): {held}</source>
        <translation>未确认（delivery tag {tag}）：{held}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="60"/>
        <source>Stored in: {where} · {size} bytes · {content_type}</source>
        <translation>存储于：{where} · {size} 字节 · {content_type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="65"/>
        <source>Body:</source>
        <translation>消息体：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="66"/>
        <source>Headers:</source>
        <translation>消息头：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="67"/>
        <source>Properties:</source>
        <translation>属性：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="75"/>
        <source>{worker} reports holding it</source>
        <translation>{worker} 报告持有它</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="77"/>
        <source>stuck: no online worker reports it (active, reserved or scheduled)</source>
        <translation>卡住：没有在线工作进程报告它（active、reserved 或 scheduled）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="79"/>
        <source>no worker reports it yet</source>
        <translation>尚无工作进程报告它</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="80"/>
        <source>delivered {delivered}; {who}; a consuming worker puts it back in the queue after {back}</source>
        <translation>投递于 {delivered}；{who}；消费它的工作进程会在 {back} 之后把它放回队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="103"/>
        <source>Messages in {queue} — Celery Desktop</source>
        <translation>{queue} 中的消息 — Celery Desktop</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="107"/>
        <source>&lt;b&gt;Messages in&lt;/b&gt; {queue}</source>
        <translation>&lt;b&gt;队列中的消息：&lt;/b&gt;{queue}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="112"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="113"/>
        <source>Unacknowledged (held by workers)</source>
        <translation>未确认（工作进程持有）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="117"/>
        <source>RabbitMQ does not show the messages a consumer holds, only how many</source>
        <translation>RabbitMQ 不显示消费者持有的消息，只显示数量</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="119"/>
        <source>task name contains…</source>
        <translation>任务名包含…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="121"/>
        <source>task id contains…</source>
        <translation>任务 ID 包含…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="123"/>
        <source>text in args, kwargs, origin…</source>
        <translation>参数、关键字参数、来源主机中的文本…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="124"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="125"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="126"/>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="127"/>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="129"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="136"/>
        <source>Select a message to see its headers and body</source>
        <translation>选择一条消息以查看其消息头和消息体</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="138"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="139"/>
        <source>Move to…</source>
        <translation>移动到…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="140"/>
        <source>Copy to call form</source>
        <translation>复制到调用表单</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="141"/>
        <source>Open the call form filled with this message&apos;s call, to send it again (a new id)</source>
        <translation>打开调用表单，并填入此消息的调用，以便重新发送（使用新的 ID）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="142"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="143"/>
        <source>Save the selected messages (headers, body, the stored payload) as JSON</source>
        <translation>将所选消息（消息头、消息体、存储的原始内容）保存为 JSON</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="144"/>
        <source>Restore now…</source>
        <translation>立即恢复…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="146"/>
        <source>Put the selected unacknowledged messages back in their queue now, as kombu&apos;s restore does</source>
        <translation>立即把所选的未确认消息放回其队列，与 kombu 的 restore 相同</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="148"/>
        <source>Requeue to original queue…</source>
        <translation>重新放回原队列…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="149"/>
        <source>Send dead-lettered messages back to the queue their x-death header names</source>
        <translation>把死信消息发送回其 x-death 消息头所指的队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="218"/>
        <source>reading the unacknowledged messages and asking the workers what they hold…</source>
        <translation>正在读取未确认消息，并询问工作进程持有哪些消息…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="232"/>
        <source>reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="232"/>
        <source>searching the queue…</source>
        <translation>正在搜索队列…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="262"/>
        <source>{count} match(es) after {offset} · {scanned} of {total} read</source>
        <translation>第 {offset} 条之后有 {count} 条匹配 · 已读取 {scanned}/{total}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="266"/>
        <source>{first}–{last} of {total}</source>
        <translation>{first}–{last}，共 {total}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="270"/>
        <source>none of {total}</source>
        <translation>无，共 {total}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="276"/>
        <source>dead-letter queue of: {queues}</source>
        <translation>死信队列，来源：{queues}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="292"/>
        <source>{count} held ({matching} matching) · {stuck} stuck</source>
        <translation>{count} 条被持有（{matching} 条匹配） · {stuck} 条卡住</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="294"/>
        <source>{count} held · {stuck} stuck</source>
        <translation>{count} 条被持有 · {stuck} 条卡住</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="305"/>
        <source>messages delivered to a worker and not acknowledged yet; stuck = held over 30 s while no online worker reports it (inspect active, reserved, scheduled)</source>
        <translation>已投递给工作进程但尚未确认的消息；卡住 = 被持有超过 30 秒且没有在线工作进程报告它（inspect active、reserved、scheduled）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="338"/>
        <source>failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="361"/>
        <source>Delete exactly the selected messages (one a worker took meanwhile is reported)</source>
        <translation>只删除所选的这些消息（期间被工作进程取走的会报告出来）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="364"/>
        <source>Move the selected messages to the back of another queue</source>
        <translation>把所选消息移动到另一个队列的末尾</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="376"/>
        <source>{count} messages selected: select one to see its body and headers</source>
        <translation>已选择 {count} 条消息：只选一条才能查看其消息体和消息头</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="382"/>
        <source>1 message</source>
        <translation>1 条消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="382"/>
        <source>{count} messages</source>
        <translation>{count} 条消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="390"/>
        <source>Delete messages</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="392"/>
        <source>Delete {messages} from “{queue}”? Their tasks will never run.

Only exactly these messages are removed; one a worker took in the meantime is reported, not removed. This cannot be undone.</source>
        <translation>从“{queue}”中删除 {messages}？它们的任务将永远不会运行。

只删除这些消息；期间被工作进程取走的消息会报告出来，不会被删除。此操作无法撤消。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="400"/>
        <source>deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="409"/>
        <source>Move messages</source>
        <translation>移动消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="410"/>
        <source>Move {messages} to the back of queue:</source>
        <translation>把 {messages} 移动到以下队列的末尾：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="416"/>
        <source>the messages are in that queue already</source>
        <translation>这些消息已经在该队列中</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="418"/>
        <source>moving to {queue}…</source>
        <translation>正在移动到 {queue}…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="431"/>
        <source>Export messages</source>
        <translation>导出消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="431"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="443"/>
        <source>{count} of them a live worker reports holding: restoring those runs them twice.</source>
        <translation>其中 {count} 条有在线工作进程报告正在持有：恢复它们会导致任务运行两次。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="451"/>
        <source>Restore messages now</source>
        <translation>立即恢复消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="453"/>
        <source>Put {messages} back in their queue now, marked redelivered, as a worker&apos;s sweep would after the visibility timeout?</source>
        <translation>现在就把 {messages} 放回其队列并标记为重新投递，就像工作进程在可见性超时 (visibility timeout) 后扫描时那样？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="458"/>
        <source>A message a worker acknowledges meanwhile is left alone.</source>
        <translation>期间被工作进程确认的消息不受影响。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="463"/>
        <source>restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="472"/>
        <source>Requeue dead letters</source>
        <translation>重新放回死信</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="473"/>
        <source>Send {messages} back to the queue each one&apos;s x-death header names, and remove them here?</source>
        <translation>把 {messages} 发送回各自 x-death 消息头所指的队列，并从这里移除？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/messages_view.py" line="480"/>
        <source>requeueing…</source>
        <translation>正在重新入队…</translation>
    </message>
</context>
</TS>
