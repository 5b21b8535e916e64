<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>queue_browser</name>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="52"/>
        <source>a broadcast (fanout) queue, or Celery&apos;s own remote-control or event queue: on Redis its messages are published to every consumer as they are sent, never kept in a list to browse</source>
        <translation>广播（fanout）队列，或 Celery 自己的远程控制或事件队列：在 Redis 上，它的消息一发送就发布给每个消费者，从不保存在可浏览的列表中</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="179"/>
        <source>could not read {key}: {error}</source>
        <translation>无法读取 {key}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="195"/>
        <source>a message of {size}: not read (the browser reads at most {cap} a message, {budget} a page); it begins {head}</source>
        <translation>一条 {size} 的消息：未读取（浏览器每条消息最多读取 {cap}，每页最多 {budget}）；它的开头是 {head}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="226"/>
        <source>read the first {scanned} of {total} messages (the filter&apos;s limit)</source>
        <translation>已读取 {total} 条消息中的前 {scanned} 条（筛选的上限）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="250"/>
        <source>ack emulation is off: the broker keeps no unacknowledged messages</source>
        <translation>ack emulation 已关闭：消息代理不保存未确认的消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="273"/>
        <source>the oldest {limit} of {count} unacknowledged messages</source>
        <translation>{count} 条未确认消息中最早的 {limit} 条</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="313"/>
        <source>an unacknowledged message of {size}: not read (the browser reads at most {cap} a message)</source>
        <translation>一条 {size} 的未确认消息：未读取（浏览器每条消息最多读取 {cap}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="325"/>
        <source>an unacked entry that is not kombu&apos;s</source>
        <translation>不是 kombu 格式的未确认条目</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="404"/>
        <source>no target queue</source>
        <translation>没有目标队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queue_browser.py" line="421"/>
        <source>not read whole (too large): its exact bytes are not known</source>
        <translation>未完整读取（太大）：不知道它的确切字节</translation>
    </message>
</context>
</TS>
