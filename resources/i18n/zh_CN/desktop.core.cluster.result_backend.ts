<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>result_backend</name>
    <message>
        <location filename="../../../desktop/core/cluster/result_backend.py" line="179"/>
        <source>unreadable result: the database holds {kind}, not bytes</source>
        <translation>无法读取的结果：数据库中存的是 {kind}，而不是字节</translation>
    </message>
</context>
</TS>
