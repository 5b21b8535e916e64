<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>key_tracking</name>
    <message>
        <location filename="../../../desktop/core/cluster/key_tracking.py" line="192"/>
        <source>unexpected reply between reads: {kind}</source>
        <translation>两次读取之间收到意外的回复：{kind}</translation>
    </message>
</context>
</TS>
