<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>catalog</name>
    <message>
        <location filename="../../../desktop/core/domain/catalog.py" line="14"/>
        <source>app</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/catalog.py" line="15"/>
        <source>workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/catalog.py" line="16"/>
        <source>app + workers</source>
        <translation>应用 + 工作进程</translation>
    </message>
</context>
</TS>
