<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>run</name>
    <message>
        <location filename="../../../desktop/app/run.py" line="206"/>
        <source>embedded demo</source>
        <translation>内置演示</translation>
    </message>
</context>
</TS>
