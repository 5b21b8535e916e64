<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>alert_rules_store</name>
    <message>
        <location filename="../../../desktop/core/store/alert_rules_store.py" line="38"/>
        <source>alert rules file {path}: left out {rules}</source>
        <translation>告警规则文件 {path}：已略过 {rules}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/alert_rules_store.py" line="45"/>
        <source>alert rules file {path} {problem}</source>
        <translation>告警规则文件 {path} {problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/alert_rules_store.py" line="67"/>
        <source>there is a rule named {name} already</source>
        <translation>已有名为 {name} 的规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/alert_rules_store.py" line="70"/>
        <source>a profile keeps at most {max} rules</source>
        <translation>每个连接配置最多保存 {max} 条规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/alert_rules_store.py" line="79"/>
        <source>no rule {name}</source>
        <translation>没有规则 {name}</translation>
    </message>
</context>
</TS>
