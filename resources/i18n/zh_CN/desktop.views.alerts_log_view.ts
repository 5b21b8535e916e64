<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertsLogView</name>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="25"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="26"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="27"/>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="28"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="31"/>
        <source>Click to open the Workers tab</source>
        <translation>点击打开“工作进程”标签页</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="32"/>
        <source>Click to open the Queues tab</source>
        <translation>点击打开“队列”标签页</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="33"/>
        <source>Click to open the Schedules tab</source>
        <translation>点击打开“定时任务”标签页</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="47"/>
        <source>No alert has fired. Alert rules… sets what to be told about.</source>
        <translation>尚未触发任何告警。可在“告警规则…”中设置要通知的内容。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="49"/>
        <source>Alert rules…</source>
        <translation>告警规则…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="51"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="82"/>
        <source>Click to open the task</source>
        <translation>点击打开该任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="86"/>
        <source>Click to open the {tab} tab</source>
        <translation>点击打开“{tab}”标签页</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="95"/>
        <source>1 alert fired, newest first</source>
        <translation>已触发 1 条告警，最新的在前</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="97"/>
        <source>{count} alerts fired, newest first</source>
        <translation>已触发 {count} 条告警，最新的在前</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alerts_log_view.py" line="99"/>
        <source>No alert has fired yet.</source>
        <translation>尚未触发任何告警。</translation>
    </message>
</context>
</TS>
