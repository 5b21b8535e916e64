<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>calls</name>
    <message>
        <location filename="../../../desktop/core/domain/calls.py" line="185"/>
        <source>a call preset must be an object</source>
        <translation>调用预设必须是对象</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/calls.py" line="189"/>
        <source>a call preset needs a task name</source>
        <translation>调用预设需要任务名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/calls.py" line="192"/>
        <source>params must be an object</source>
        <translation>params 必须是对象</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/calls.py" line="197"/>
        <source>{key} must be a list of objects</source>
        <translation>{key} 必须是对象列表</translation>
    </message>
</context>
</TS>
