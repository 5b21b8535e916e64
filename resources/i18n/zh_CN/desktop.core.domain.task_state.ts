<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>task_state</name>
    <message>
        <location filename="../../../desktop/core/domain/task_state.py" line="140"/>
        <source>… ({count} characters)</source>
        <translation>…（共 {count} 个字符）</translation>
    </message>
</context>
</TS>
