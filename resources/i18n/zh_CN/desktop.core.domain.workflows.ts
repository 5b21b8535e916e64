<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>workflows</name>
    <message>
        <location filename="../../../desktop/core/domain/workflows.py" line="25"/>
        <source>not run:</source>
        <translation>未运行：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/workflows.py" line="290"/>
        <source>1 step</source>
        <translation>1 个步骤</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/workflows.py" line="291"/>
        <source>{count} steps</source>
        <translation>{count} 个步骤</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/workflows.py" line="295"/>
        <source>{count} workers</source>
        <translation>{count} 个工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/workflows.py" line="345"/>
        <source>{task} failed before it</source>
        <translation>之前的 {task} 已失败</translation>
    </message>
</context>
</TS>
