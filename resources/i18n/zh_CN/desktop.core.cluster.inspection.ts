<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>inspection</name>
    <message>
        <location filename="../../../desktop/core/cluster/inspection.py" line="79"/>
        <source>answered in {ms} ms</source>
        <translation>{ms} ms 内应答</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/inspection.py" line="82"/>
        <source>not asked</source>
        <translation>未询问</translation>
    </message>
</context>
</TS>
