<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>display</name>
    <message>
        <location filename="../../../desktop/core/domain/display.py" line="96"/>
        <source>… ({count} characters)</source>
        <translation>…（共 {count} 个字符）</translation>
    </message>
</context>
</TS>
