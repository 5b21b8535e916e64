<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.results</name>
    <message>
        <location filename="../../../desktop/app/operations/results.py" line="19"/>
        <source>not task ids, ignored: {ids}</source>
        <translation>不是任务 ID，已忽略：{ids}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/results.py" line="38"/>
        <source>{count} task(s) exported to {path}</source>
        <translation>已将 {count} 个任务导出到 {path}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/results.py" line="50"/>
        <source>reconnecting… {message}</source>
        <translation>正在重新连接… {message}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/results.py" line="53"/>
        <source> · last poll {ms} ms</source>
        <translation> · 上次轮询 {ms} ms</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/results.py" line="54"/>
        <source>polling {polling} · push on {subscribed}{tick}</source>
        <translation>轮询 {polling} · 推送 {subscribed}{tick}</translation>
    </message>
</context>
</TS>
