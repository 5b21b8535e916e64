<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.failures</name>
    <message>
        <location filename="../../../desktop/app/operations/failures.py" line="15"/>
        <source>re-sent {count} task(s)</source>
        <translation>已重新发送 {count} 个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/failures.py" line="17"/>
        <source>, {count} not (arguments unknown)</source>
        <translation>，{count} 个未发送（参数未知）</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/failures.py" line="26"/>
        <source>forgot {count} task(s)</source>
        <translation>已清除 {count} 个任务的结果</translation>
    </message>
</context>
</TS>
