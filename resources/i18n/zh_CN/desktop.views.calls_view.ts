<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallsView</name>
    <message>
        <location filename="../../../desktop/views/calls_view.py" line="34"/>
        <source>Select a task on the left to build a call.</source>
        <translation>在左侧选择一个任务以构建调用。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/calls_view.py" line="37"/>
        <location filename="../../../desktop/views/calls_view.py" line="70"/>
        <source>Call</source>
        <translation>调用</translation>
    </message>
</context>
</TS>
