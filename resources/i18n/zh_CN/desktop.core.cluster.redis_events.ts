<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>redis_events</name>
    <message>
        <location filename="../../../desktop/core/cluster/redis_events.py" line="139"/>
        <source>the broker sent nothing for {seconds} s, not even a PONG</source>
        <translation>消息代理 {seconds} 秒内没有发来任何内容，连 PONG 也没有</translation>
    </message>
</context>
</TS>
