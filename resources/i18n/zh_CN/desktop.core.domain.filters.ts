<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>filters</name>
    <message>
        <location filename="../../../desktop/core/domain/filters.py" line="59"/>
        <source>task ~ {name}</source>
        <translation>任务 ~ {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/filters.py" line="61"/>
        <source>state {states}</source>
        <translation>状态 {states}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/filters.py" line="63"/>
        <source>worker ~ {worker}</source>
        <translation>工作进程 ~ {worker}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/filters.py" line="65"/>
        <source>id {prefix}…</source>
        <translation>id {prefix}…</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/filters.py" line="67"/>
        <source>text ~ {text}</source>
        <translation>文本 ~ {text}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/filters.py" line="69"/>
        <source>time range</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/filters.py" line="70"/>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
</TS>
