<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>settings</name>
    <message>
        <location filename="../../../desktop/app/operations/settings.py" line="20"/>
        <source>history is off for this session</source>
        <translation>本次会话未开启历史记录</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/settings.py" line="23"/>
        <source>{size} MB on disk · {path}</source>
        <translation>磁盘占用 {size} MB · {path}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/settings.py" line="40"/>
        <location filename="../../../desktop/app/operations/settings.py" line="58"/>
        <source>settings not saved: {error}</source>
        <translation>设置未保存：{error}</translation>
    </message>
</context>
</TS>
