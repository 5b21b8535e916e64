<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>WorkerList</name>
    <message>
        <location filename="../../../desktop/views/worker_list.py" line="17"/>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
</context>
</TS>
