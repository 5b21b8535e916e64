<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>worker_loss</name>
    <message>
        <location filename="../../../desktop/core/domain/worker_loss.py" line="45"/>
        <source>worker lost: {worker} restarted at {moment} while it held this task</source>
        <translation>工作进程丢失：{worker} 在持有此任务期间于 {moment} 重启</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/worker_loss.py" line="47"/>
        <source>worker lost: {worker} went offline at {moment} while it held this task</source>
        <translation>工作进程丢失：{worker} 在持有此任务期间于 {moment} 离线</translation>
    </message>
</context>
</TS>
