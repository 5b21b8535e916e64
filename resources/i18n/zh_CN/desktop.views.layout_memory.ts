<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LayoutMemory</name>
    <message>
        <location filename="../../../desktop/views/layout_memory.py" line="221"/>
        <source>Column {number}</source>
        <translation>第 {number} 列</translation>
    </message>
</context>
</TS>
