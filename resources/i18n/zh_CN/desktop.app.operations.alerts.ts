<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertRelay</name>
    <message>
        <location filename="../../../desktop/app/operations/alerts.py" line="32"/>
        <source>the rules could not be saved: {error}</source>
        <translation>无法保存规则：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/alerts.py" line="44"/>
        <source>the rule could not be deleted: {error}</source>
        <translation>无法删除规则：{error}</translation>
    </message>
</context>
</TS>
