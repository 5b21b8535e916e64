<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackgroundTasks</name>
    <message>
        <location filename="../../../desktop/app/background.py" line="46"/>
        <source>{what} failed: {error}</source>
        <translation>{what} 失败：{error}</translation>
    </message>
</context>
</TS>
