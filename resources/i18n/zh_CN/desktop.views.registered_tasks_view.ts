<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RegisteredTasksView</name>
    <message>
        <location filename="../../../desktop/views/registered_tasks_view.py" line="36"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/registered_tasks_view.py" line="39"/>
        <source>Filter by name…</source>
        <translation>按名称筛选…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/registered_tasks_view.py" line="43"/>
        <source>Show Celery&apos;s built-in tasks</source>
        <translation>显示 Celery 的内置任务</translation>
    </message>
</context>
</TS>
