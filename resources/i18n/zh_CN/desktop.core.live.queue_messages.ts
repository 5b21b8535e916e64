<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>queue_messages</name>
    <message>
        <location filename="../../../desktop/core/live/queue_messages.py" line="42"/>
        <source>message unacknowledged since {delivered} and no online worker reports it; a consuming worker puts it back in {queue} after {restore} (visibility_timeout {timeout} s). To put it back now: Queues tab → Messages… → Unacknowledged → Restore now</source>
        <translation>消息自 {delivered} 起未确认，且没有在线工作进程报告它；消费该队列的工作进程会在 {restore} 之后把它放回 {queue}（visibility_timeout {timeout} 秒）。要立即放回：队列标签页 → 消息… → 未确认 → 立即恢复</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/queue_messages.py" line="48"/>
        <source>its queue</source>
        <translation>其队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/queue_messages.py" line="117"/>
        <source>not every online worker answered inspect: nothing is called stuck</source>
        <translation>并非所有在线工作进程都回应了 inspect：不判定任何消息为卡住</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/queue_messages.py" line="157"/>
        <source>deleting {count} message(s) from {queue}</source>
        <translation>从 {queue} 删除 {count} 条消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/queue_messages.py" line="170"/>
        <source>moving {count} message(s) from {queue} to {target}</source>
        <translation>把 {count} 条消息从 {queue} 移到 {target}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/queue_messages.py" line="184"/>
        <source>restoring {count} message(s)</source>
        <translation>恢复 {count} 条消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/queue_messages.py" line="218"/>
        <source>requeueing {count} dead letter(s) from {queue}</source>
        <translation>把 {count} 条死信从 {queue} 重新入队</translation>
    </message>
</context>
</TS>
