<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>session</name>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="265"/>
        <source>history could not be read: {error}</source>
        <translation>无法读取历史记录：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="297"/>
        <source>watched tasks could not be read: {error}</source>
        <translation>无法读取关注的任务：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="335"/>
        <source>watched tasks not saved: {error}</source>
        <translation>关注的任务未保存：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="388"/>
        <source>{step} failed: {error}</source>
        <translation>{step} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="493"/>
        <source>sending {task} failed: {error}</source>
        <translation>发送 {task} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="522"/>
        <source>sending the workflow failed: {error}</source>
        <translation>发送工作流失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="531"/>
        <source>sending the workflow {label} failed: {error}</source>
        <translation>发送工作流 {label} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="557"/>
        <source>terminate failed: {error}</source>
        <translation>终止失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="557"/>
        <source>revoke failed: {error}</source>
        <translation>撤销失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="569"/>
        <source>forget failed: {error}</source>
        <translation>清除结果失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="604"/>
        <source>export to {path} failed: {error}</source>
        <translation>导出到 {path} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="626"/>
        <source> and {count} more</source>
        <translation> 等另外 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="627"/>
        <source>cannot re-send {count} task(s), their arguments are unknown (the backend keeps them with result_extended=True): {ids}{more}</source>
        <translation>无法重新发送 {count} 个任务，其参数未知（结果后端需设置 result_extended=True 才会保存参数）：{ids}{more}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/session.py" line="636"/>
        <source>re-sending {count} task(s) failed: {error}</source>
        <translation>重新发送 {count} 个任务失败：{error}</translation>
    </message>
</context>
</TS>
