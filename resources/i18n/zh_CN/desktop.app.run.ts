<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>run</name>
    <message>
        <location filename="../../../desktop/app/run.py" line="81"/>
        <source>unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/run.py" line="89"/>
        <source>unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/run.py" line="210"/>
        <source>embedded demo</source>
        <translation>内置演示</translation>
    </message>
</context>
</TS>
