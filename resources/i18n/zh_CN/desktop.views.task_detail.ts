<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>TaskDetail</name>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="80"/>
        <location filename="../../../desktop/views/task_detail.py" line="119"/>
        <source>Select a task to see its result, failure and traceback.</source>
        <translation>选择一个任务以查看其结果、失败信息和回溯。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="92"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="92"/>
        <source>Copy the result text</source>
        <translation>复制结果文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="93"/>
        <source>Failure</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="93"/>
        <source>Copy the failure text</source>
        <translation>复制失败文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="94"/>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="94"/>
        <source>Copy the arguments text</source>
        <translation>复制参数文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="95"/>
        <source>Meta</source>
        <translation>元数据</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="95"/>
        <source>Copy the meta text</source>
        <translation>复制元数据文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="108"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="129"/>
        <source>unknown task</source>
        <translation>未知任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="137"/>
        <source>{done} of {total} step finished</source>
        <translation>已完成 {done}/{total} 步</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="139"/>
        <source>{done} of {total} steps finished</source>
        <translation>已完成 {done}/{total} 步</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="141"/>
        <source>on {worker}</source>
        <translation>在 {worker} 上</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="143"/>
        <source>retries {count}</source>
        <translation>重试 {count} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="145"/>
        <source>ran {seconds} s</source>
        <translation>运行 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="147"/>
        <source>done {time}</source>
        <translation>完成于 {time}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="150"/>
        <source>parent {id}</source>
        <translation>父任务 {id}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/task_detail.py" line="171"/>
        <source># as sent from this console</source>
        <translation># 本控制台发送时的调用</translation>
    </message>
</context>
</TS>
