<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>broadcast</name>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="78"/>
        <source>no reply in {seconds} s</source>
        <translation>{seconds} 秒内无回复</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="103"/>
        <source>the reply could not be masked, so it is not shown</source>
        <translation>无法遮盖回复中的敏感信息，因此不显示</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="125"/>
        <source>{command}: {param} must be {must}, not {value}</source>
        <translation>{command}：{param} 必须是 {must}，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="132"/>
        <source>a non-empty name</source>
        <translation>非空的名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="135"/>
        <source>a name without spaces or control characters</source>
        <translation>不含空格或控制字符的名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="137"/>
        <source>at most 255 bytes long</source>
        <translation>最多 255 字节长</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="144"/>
        <source>a list of names</source>
        <translation>名称列表</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/broadcast.py" line="147"/>
        <source>at least one name</source>
        <translation>至少一个名称</translation>
    </message>
</context>
</TS>
