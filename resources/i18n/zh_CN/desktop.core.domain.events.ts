<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>events</name>
    <message>
        <location filename="../../../desktop/core/domain/events.py" line="236"/>
        <source>… ({count} characters)</source>
        <translation>…（共 {count} 个字符）</translation>
    </message>
</context>
</TS>
