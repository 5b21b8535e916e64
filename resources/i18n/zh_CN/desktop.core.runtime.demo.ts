<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>demo</name>
    <message>
        <location filename="../../../desktop/core/runtime/demo.py" line="357"/>
        <source>embedded demo</source>
        <translation>内置演示</translation>
    </message>
</context>
</TS>
