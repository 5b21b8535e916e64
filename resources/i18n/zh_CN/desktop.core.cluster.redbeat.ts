<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>redbeat</name>
    <message>
        <location filename="../../../desktop/core/cluster/redbeat.py" line="122"/>
        <source>{size} bytes: not an entry</source>
        <translation>{size} 字节：不是定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/redbeat.py" line="163"/>
        <source>in the schedule but its definition is gone (RedBeat drops it on its next tick)</source>
        <translation>在计划中，但它的定义已不存在（RedBeat 会在下一次 tick 时丢弃它）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/redbeat.py" line="166"/>
        <source>its definition is not an object</source>
        <translation>它的定义不是对象</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/redbeat.py" line="221"/>
        <source>no entry named {name}: deleted meanwhile</source>
        <translation>没有名为 {name} 的定时任务：已在此期间被删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/redbeat.py" line="236"/>
        <source>an entry named {name} exists</source>
        <translation>已存在名为 {name} 的定时任务</translation>
    </message>
</context>
</TS>
