<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>endpoints</name>
    <message>
        <location filename="../../../desktop/core/live/endpoints.py" line="102"/>
        <source>worker ping failed: {error}</source>
        <translation>ping 工作进程失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/endpoints.py" line="124"/>
        <source>registered tasks: {error}</source>
        <translation>已注册任务：{error}</translation>
    </message>
</context>
</TS>
