<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.calls</name>
    <message>
        <location filename="../../../desktop/app/operations/calls.py" line="30"/>
        <source>{reason}. Clear the priority, or press Send again to send it anyway.</source>
        <translation>{reason}。请清除优先级，或再次点击“发送”仍然发送。</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/calls.py" line="76"/>
        <source>cannot re-send {task_id}: its arguments are unknown (the backend keeps them with result_extended=True)</source>
        <translation>无法重新发送 {task_id}：其参数未知（结果后端需设置 result_extended=True 才会保存参数）</translation>
    </message>
</context>
</TS>
