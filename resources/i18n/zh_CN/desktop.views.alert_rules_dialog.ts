<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertRulesDialog</name>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="45"/>
        <source>Test tells what this rule would fire on now (no alert is sent)</source>
        <translation>“测试”会显示此规则现在会对哪些对象触发（不会发送告警）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="48"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="49"/>
        <source>celery, or a glob: orders.*</source>
        <translation>celery，或通配符：orders.*</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="52"/>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="53"/>
        <source>celery@host, or a glob: celery@*</source>
        <translation>celery@host，或通配符：celery@*</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="56"/>
        <source>Schedule entry</source>
        <translation>定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="57"/>
        <source>nightly-report, or a glob: nightly-*</source>
        <translation>nightly-report，或通配符：nightly-*</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="61"/>
        <source>Runtime over (s)</source>
        <translation>运行时间超过（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="61"/>
        <source>e.g. 30</source>
        <translation>例如 30</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="62"/>
        <source>Retries over</source>
        <translation>重试次数超过</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="62"/>
        <source>e.g. 3</source>
        <translation>例如 3</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="64"/>
        <source>Failures a minute over</source>
        <translation>每分钟失败次数超过</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="65"/>
        <source>e.g. 10</source>
        <translation>例如 10</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="67"/>
        <source>Messages over</source>
        <translation>消息数超过</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="67"/>
        <source>e.g. 1000</source>
        <translation>例如 1000</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="68"/>
        <source>Offline for (s)</source>
        <translation>离线时长（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="68"/>
        <source>e.g. 60</source>
        <translation>例如 60</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="71"/>
        <source>Task reaches a state</source>
        <translation>任务进入某个状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="72"/>
        <source>Task runs longer than N s</source>
        <translation>任务运行超过 N 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="73"/>
        <source>Task retried more than N times</source>
        <translation>任务重试超过 N 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="74"/>
        <source>Task fails more than N times a minute</source>
        <translation>任务每分钟失败超过 N 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="75"/>
        <source>Queue longer than N for M minutes</source>
        <translation>队列长度超过 N 持续 M 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="76"/>
        <source>Worker offline for N s</source>
        <translation>工作进程离线 N 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="77"/>
        <source>Schedule run missed</source>
        <translation>定时任务错过运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="80"/>
        <source>Task name</source>
        <translation>任务名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="81"/>
        <source>proj.billing.*, or * for any task</source>
        <translation>proj.billing.*，或用 * 表示任意任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="102"/>
        <source>Alert rules</source>
        <translation>告警规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="109"/>
        <source>Rules apply to every task, queue, worker and schedule entry this console sees, not only watched tasks. A rule that fires again within its quiet period is told once, grouped, when the period ends.</source>
        <translation>规则作用于本控制台看到的所有任务、队列、工作进程和定时任务，而不仅限于关注的任务。规则在静默期内再次触发时，会在静默期结束时合并为一条通知。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="125"/>
        <source>New rule</source>
        <translation>新建规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="127"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="139"/>
        <source>e.g. Billing failures</source>
        <translation>例如：计费任务失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="140"/>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="151"/>
        <source>e.g. 5</source>
        <translation>例如 5</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="153"/>
        <source>Repeats within this many minutes are told once, grouped, when it ends</source>
        <translation>在这么多分钟内的重复触发，会在结束时合并为一条通知</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="156"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="158"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="160"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="162"/>
        <source>For minutes</source>
        <translation>持续分钟数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="163"/>
        <source>Quiet period (min)</source>
        <translation>静默期（分钟）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="181"/>
        <source>Save rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="184"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="185"/>
        <source>Evaluate the rule against what the console holds now</source>
        <translation>用控制台当前掌握的数据评估此规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="193"/>
        <source>Test result</source>
        <translation>测试结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="215"/>
        <source> (off)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/alert_rules_dialog.py" line="304"/>
        <source>(unsaved)</source>
        <translation>（未保存）</translation>
    </message>
</context>
</TS>
