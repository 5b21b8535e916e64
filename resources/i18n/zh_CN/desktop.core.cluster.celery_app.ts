<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>celery_app</name>
    <message>
        <location filename="../../../desktop/core/cluster/celery_app.py" line="56"/>
        <source>-A {module}: cannot import module {name} (is it on PYTHONPATH, or run from its folder?)</source>
        <translation>-A {module}：无法导入模块 {name}（它在 PYTHONPATH 上吗？或者请在它所在的文件夹中运行）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/celery_app.py" line="59"/>
        <source>-A {module}: importing the app failed: {error}</source>
        <translation>-A {module}：导入应用失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/celery_app.py" line="62"/>
        <source>-A {module}: {app} is not a Celery app</source>
        <translation>-A {module}：{app} 不是 Celery 应用</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/celery_app.py" line="66"/>
        <source>-A {module}: importing the app&apos;s task modules failed: {error}</source>
        <translation>-A {module}：导入应用的任务模块失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/celery_app.py" line="241"/>
        <location filename="../../../desktop/core/cluster/celery_app.py" line="258"/>
        <source>broker URL: {error}</source>
        <translation>消息代理 URL：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/celery_app.py" line="243"/>
        <source>result backend URL: {error}</source>
        <translation>结果后端 URL：{error}</translation>
    </message>
</context>
</TS>
