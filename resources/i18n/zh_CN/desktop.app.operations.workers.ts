<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.workers</name>
    <message>
        <location filename="../../../desktop/app/operations/workers.py" line="61"/>
        <source>Events: reconnecting… {message}</source>
        <translation>事件：正在重新连接… {message}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/workers.py" line="66"/>
        <source>Events: {state}</source>
        <translation>事件：{state}</translation>
    </message>
</context>
</TS>
