<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.queue_messages</name>
    <message>
        <location filename="../../../desktop/app/operations/queue_messages.py" line="61"/>
        <source>the message {id} holds no call the console can read</source>
        <translation>消息 {id} 中没有控制台能读取的调用</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/queue_messages.py" line="70"/>
        <source>Copied from a message in queue {queue}: whoever can write to the broker chose these arguments.</source>
        <translation>复制自队列 {queue} 中的一条消息：这些参数由任何能写入消息代理 (broker) 的人决定。</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/queue_messages.py" line="82"/>
        <source>export to {path}: {error}</source>
        <translation>导出到 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/queue_messages.py" line="86"/>
        <source>{count} message(s) exported to {path}</source>
        <translation>已将 {count} 条消息导出到 {path}</translation>
    </message>
</context>
</TS>
