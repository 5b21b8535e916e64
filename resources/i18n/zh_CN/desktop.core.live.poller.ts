<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>poller</name>
    <message>
        <location filename="../../../desktop/core/live/poller.py" line="86"/>
        <source>rpc:// result backend: results travel as messages to the client that sent the task, so the console cannot read the results of tasks other programs sent. States still come from events.</source>
        <translation>rpc:// 结果后端：结果以消息形式发回发送任务的客户端，因此控制台无法读取其他程序所发送任务的结果。状态仍来自事件。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/poller.py" line="91"/>
        <source>no result backend configured: results and states cannot be read (only events can show them)</source>
        <translation>未配置结果后端：无法读取结果和状态（只能通过事件显示）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/poller.py" line="289"/>
        <source>result backend: {error}</source>
        <translation>结果后端：{error}</translation>
    </message>
</context>
</TS>
