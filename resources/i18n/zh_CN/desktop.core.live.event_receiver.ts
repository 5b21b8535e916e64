<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>event_receiver</name>
    <message>
        <location filename="../../../desktop/core/live/event_receiver.py" line="233"/>
        <source>events: {error}; retrying in {delay} s</source>
        <translation>事件：{error}；{delay} 秒后重试</translation>
    </message>
</context>
</TS>
