<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Notifier</name>
    <message>
        <location filename="../../../desktop/views/notifier.py" line="280"/>
        <source>Show window</source>
        <translation>显示窗口</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/notifier.py" line="282"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/notifier.py" line="303"/>
        <source>{count} running</source>
        <translation>{count} 个运行中</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/notifier.py" line="305"/>
        <source>{count} newly failed</source>
        <translation>{count} 个新失败</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <location filename="../../../desktop/views/notifier.py" line="132"/>
        <source>Click to open the task</source>
        <translation>点击打开该任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/notifier.py" line="134"/>
        <source>Click to open the first failure</source>
        <translation>点击打开第一个失败的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/notifier.py" line="150"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
