<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QueuesView</name>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="28"/>
        <source>Purge…</source>
        <translation>清空…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="29"/>
        <source>Delete every message waiting in the selected queue (messages workers hold stay)</source>
        <translation>删除所选队列中所有等待的消息（工作进程已持有的消息保留）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="31"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="32"/>
        <source>Messages…</source>
        <translation>消息…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="34"/>
        <source>See the messages in the selected queue (or double-click it): what waits, what workers hold</source>
        <translation>查看所选队列中的消息（或双击该队列）：等待中的消息，以及工作进程持有的消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="43"/>
        <source>&lt;b&gt;Scheduled&lt;/b&gt; (ETA and countdown tasks the workers hold, soonest first)</source>
        <translation>&lt;b&gt;已计划&lt;/b&gt;（工作进程持有的 ETA 与倒计时任务，最早的在前）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="50"/>
        <source>&lt;b&gt;Queues&lt;/b&gt;</source>
        <translation>&lt;b&gt;队列&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="114"/>
        <source>{count} unacked</source>
        <translation>{count} 条未确认</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="116"/>
        <source>unacked not known</source>
        <translation>未确认数未知</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="118"/>
        <source>{queues} queue(s) · {ready} ready · {unacked}</source>
        <translation>{queues} 个队列 · {ready} 条就绪 · {unacked}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="130"/>
        <source>Delete the an unknown number of message(s) waiting in queue “{queue}”?</source>
        <translation>删除队列“{queue}”中所有等待的消息（数量未知）？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="132"/>
        <source>Delete the {count} message(s) waiting in queue “{queue}”?</source>
        <translation>删除队列“{queue}”中等待的 {count} 条消息？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="137"/>
        <source>Purge queue</source>
        <translation>清空队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="140"/>
        <source>Messages workers already hold (running, prefetched, or waiting for an ETA) stay. This cannot be undone.</source>
        <translation>工作进程已持有的消息（运行中、已预取或等待 ETA 的）会保留。此操作无法撤消。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="145"/>
        <source>purging {queue}…</source>
        <translation>正在清空 {queue}…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="155"/>
        <source>purge {queue}: {error}</source>
        <translation>清空 {queue}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/queues_view.py" line="157"/>
        <source>purged {queue}: {count} message(s) deleted</source>
        <translation>已清空 {queue}：删除了 {count} 条消息</translation>
    </message>
</context>
</TS>
