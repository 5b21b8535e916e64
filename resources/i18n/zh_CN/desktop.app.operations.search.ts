<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>operations.search</name>
    <message>
        <location filename="../../../desktop/app/operations/search.py" line="39"/>
        <source>saving the view {name}: {error}</source>
        <translation>保存视图 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/search.py" line="52"/>
        <source>deleting the view {name}: {error}</source>
        <translation>删除视图 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/search.py" line="70"/>
        <source>remembering the view {name}: {error}</source>
        <translation>记住视图 {name}：{error}</translation>
    </message>
</context>
</TS>
