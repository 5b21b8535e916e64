<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DesktopNotifications</name>
    <message>
        <location filename="../../../desktop/views/desktop_notifications.py" line="151"/>
        <source>Open</source>
        <comment>a notification&apos;s action: open its task</comment>
        <translation>打开</translation>
    </message>
</context>
</TS>
