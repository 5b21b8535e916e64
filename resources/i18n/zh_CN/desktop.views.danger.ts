<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>TypeToConfirm</name>
    <message>
        <location filename="../../../desktop/views/danger.py" line="20"/>
        <source>Read-only connection “{name}”: {what} is turned off (inspect, events, search and export still work)</source>
        <translation>只读连接“{name}”：{what}已关闭（查看、事件、搜索和导出仍可使用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="23"/>
        <source>this action</source>
        <translation>此操作</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="29"/>
        <source>PRODUCTION</source>
        <translation>生产环境</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="29"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="111"/>
        <source>Production connection</source>
        <translation>生产环境连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="115"/>
        <source>type the connection&apos;s name</source>
        <translation>请输入连接名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="117"/>
        <source>type the connection&apos;s name or the number of tasks ({count})</source>
        <translation>请输入连接名称或任务数（{count}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="120"/>
        <source>“{name}” is a production connection.
To {what}, {asked}:</source>
        <translation>“{name}”是生产环境连接。
要{what}，{asked}：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="129"/>
        <source>{name}  or  {count}</source>
        <translation>{name}  或  {count}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/danger.py" line="134"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
</TS>
