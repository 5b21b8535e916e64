<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>trends_keeper</name>
    <message>
        <location filename="../../../desktop/core/live/trends_keeper.py" line="67"/>
        <source>trends could not be read: {error}</source>
        <translation>无法读取趋势数据：{error}</translation>
    </message>
</context>
</TS>
