<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.bulk</name>
    <message>
        <location filename="../../../desktop/app/operations/bulk.py" line="48"/>
        <source>{verb}: counting the tasks that match…</source>
        <translation>{verb}：正在统计匹配的任务…</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/bulk.py" line="59"/>
        <source>No task matches the query: nothing to {verb}{why}.</source>
        <translation>没有任务匹配该查询：没有可{verb}的任务{why}。</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/bulk.py" line="73"/>
        <location filename="../../../desktop/app/operations/bulk.py" line="85"/>
        <source>{verb}: not done.</source>
        <translation>{verb}：未执行。</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/bulk.py" line="79"/>
        <source>{verb} {count} task(s)</source>
        <translation>{verb} {count} 个任务</translation>
    </message>
</context>
</TS>
