<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>licences</name>
    <message>
        <location filename="../../../desktop/core/runtime/licences.py" line="52"/>
        <source>not stated</source>
        <translation>未声明</translation>
    </message>
</context>
</TS>
