<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>watch</name>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="58"/>
        <source>{kind} workflow</source>
        <translation>{kind} 工作流</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="59"/>
        <source>task {id}</source>
        <translation>任务 {id}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="71"/>
        <source>{what} failed</source>
        <translation>{what} 失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="73"/>
        <source>result {result}</source>
        <translation>结果 {result}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="76"/>
        <source>took {seconds} s</source>
        <translation>用时 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="77"/>
        <source>{what} finished</source>
        <translation>{what} 已完成</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="89"/>
        <source>{total} watched tasks finished ({failures} failed)</source>
        <translation>{total} 个关注的任务已结束（{failures} 个失败）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="91"/>
        <source>{total} watched tasks finished</source>
        <translation>{total} 个关注的任务已结束</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="97"/>
        <source>first failure: {title} · {body}</source>
        <translation>首个失败：{title} · {body}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="99"/>
        <source>latest: {title} · {body}</source>
        <translation>最近一个：{title} · {body}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="322"/>
        <source>{count} running</source>
        <translation>{count} 个运行中</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/watch.py" line="324"/>
        <source>{count} newly failed</source>
        <translation>{count} 个新失败</translation>
    </message>
</context>
</TS>
