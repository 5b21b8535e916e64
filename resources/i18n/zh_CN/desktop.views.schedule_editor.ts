<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ScheduleEditor</name>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="31"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="32"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="33"/>
        <source>Args (JSON list)</source>
        <translation>位置参数（JSON 列表）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="34"/>
        <source>Kwargs (JSON object)</source>
        <translation>关键字参数（JSON 对象）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="35"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="36"/>
        <source>Every (seconds)</source>
        <translation>间隔（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="37"/>
        <source>Minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="38"/>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="39"/>
        <source>Day of week</source>
        <translation>星期</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="40"/>
        <source>Day of month</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="41"/>
        <source>Month of year</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="66"/>
        <source>New {source} entry</source>
        <translation>新建 {source} 定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="68"/>
        <source>Edit {source} entry “{name}”</source>
        <translation>编辑 {source} 定时任务“{name}”</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="76"/>
        <source>Every N seconds (interval)</source>
        <translation>每 N 秒（interval）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="77"/>
        <source>At times (crontab)</source>
        <translation>按时间点（crontab）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="79"/>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="91"/>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="106"/>
        <source>Next runs:</source>
        <translation>接下来的运行：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="144"/>
        <source>(not while disabled)</source>
        <translation>（停用期间不会运行）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="148"/>
        <source>saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedule_editor.py" line="154"/>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
</context>
</TS>
