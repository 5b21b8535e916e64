<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertRulesDialog</name>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="46"/>
        <source>Test tells what this rule would fire on now (no alert is sent)</source>
        <translation>“测试”会显示此规则现在会对哪些对象触发（不会发送告警）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="49"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="50"/>
        <source>celery, or a glob: orders.*</source>
        <translation>celery，或通配符：orders.*</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="53"/>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="54"/>
        <source>celery@host, or a glob: celery@*</source>
        <translation>celery@host，或通配符：celery@*</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="57"/>
        <source>Schedule entry</source>
        <translation>定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="58"/>
        <source>nightly-report, or a glob: nightly-*</source>
        <translation>nightly-report，或通配符：nightly-*</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="62"/>
        <source>Runtime over (s)</source>
        <translation>运行时间超过（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="62"/>
        <source>e.g. 30</source>
        <translation>例如 30</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="63"/>
        <source>Retries over</source>
        <translation>重试次数超过</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="63"/>
        <source>e.g. 3</source>
        <translation>例如 3</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="65"/>
        <source>Failures a minute over</source>
        <translation>每分钟失败次数超过</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="66"/>
        <source>e.g. 10</source>
        <translation>例如 10</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="68"/>
        <source>Messages over</source>
        <translation>消息数超过</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="68"/>
        <source>e.g. 1000</source>
        <translation>例如 1000</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="69"/>
        <source>Offline for (s)</source>
        <translation>离线时长（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="69"/>
        <source>e.g. 60</source>
        <translation>例如 60</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="72"/>
        <source>Task name</source>
        <translation>任务名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="73"/>
        <source>proj.billing.*, or * for any task</source>
        <translation>proj.billing.*，或用 * 表示任意任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="94"/>
        <source>Alert rules</source>
        <translation>告警规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="101"/>
        <source>Rules apply to every task, queue, worker and schedule entry this console sees, not only watched tasks. A rule that fires again within its quiet period is told once, grouped, when the period ends.</source>
        <translation>规则作用于本控制台看到的所有任务、队列、工作进程和定时任务，而不仅限于关注的任务。规则在静默期内再次触发时，会在静默期结束时合并为一条通知。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="117"/>
        <source>New rule</source>
        <translation>新建规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="119"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="131"/>
        <source>e.g. Billing failures</source>
        <translation>例如：计费任务失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="132"/>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="143"/>
        <source>e.g. 5</source>
        <translation>例如 5</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="145"/>
        <source>Repeats within this many minutes are told once, grouped, when it ends</source>
        <translation>在这么多分钟内的重复触发，会在结束时合并为一条通知</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="148"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="150"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="152"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="154"/>
        <source>For minutes</source>
        <translation>持续分钟数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="155"/>
        <source>Quiet period (min)</source>
        <translation>静默期（分钟）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="173"/>
        <source>Save rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="176"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="177"/>
        <source>Evaluate the rule against what the console holds now</source>
        <translation>用控制台当前掌握的数据评估此规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="185"/>
        <source>Test result</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="207"/>
        <source> (off)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="296"/>
        <source>(unsaved)</source>
        <translation>（未保存）</translation>
    </message>
</context>
</TS>
