<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>TaskTreeModel</name>
    <message>
        <location filename="../../../desktop/task_models.py" line="600"/>
        <source>in {duration}</source>
        <translation>{duration}后</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="611"/>
        <source>Task id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="612"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="615"/>
        <source>Args</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="620"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="627"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="632"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="638"/>
        <source>Runtime</source>
        <translation>运行时长</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="640"/>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="641"/>
        <source>Retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="643"/>
        <source>Done</source>
        <translation>完成于</translation>
    </message>
    <message>
        <location filename="../../../desktop/task_models.py" line="645"/>
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
</context>
</TS>
