<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ErrorPanel</name>
    <message>
        <location filename="../../../desktop/views/error_panel.py" line="23"/>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/error_panel.py" line="25"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/error_panel.py" line="39"/>
        <source>1 error</source>
        <translation>1 个错误</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/error_panel.py" line="39"/>
        <source>{count} errors</source>
        <translation>{count} 个错误</translation>
    </message>
</context>
</TS>
