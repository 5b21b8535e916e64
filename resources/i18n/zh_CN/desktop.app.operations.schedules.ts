<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.schedules</name>
    <message>
        <location filename="../../../desktop/app/operations/schedules.py" line="36"/>
        <source>the schedule entry “{name}” ({source})</source>
        <translation>定时任务“{name}”（{source}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/schedules.py" line="44"/>
        <source>enabled {name}</source>
        <translation>已启用 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/schedules.py" line="46"/>
        <source>disabled {name}</source>
        <translation>已停用 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/schedules.py" line="51"/>
        <source>deleted {name}</source>
        <translation>已删除 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/schedules.py" line="64"/>
        <source>created {name}</source>
        <translation>已创建 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/schedules.py" line="66"/>
        <source>saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/schedules.py" line="74"/>
        <source>not changed: {error}</source>
        <translation>未更改：{error}</translation>
    </message>
</context>
</TS>
