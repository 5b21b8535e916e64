<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>payloads</name>
    <message>
        <location filename="../../../desktop/core/domain/payloads.py" line="82"/>
        <source>{method} body is more than {size} uncompressed; not decompressed</source>
        <translation>{method} 消息体解压后超过 {size}；未解压</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/payloads.py" line="91"/>
        <source>compressed with {method}, which the console does not decompress (only {known})</source>
        <translation>以 {method} 压缩，控制台不解压这种压缩（只解压 {known}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/payloads.py" line="144"/>
        <source>corrupt {method} body: {error}</source>
        <translation>{method} 消息体已损坏：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/payloads.py" line="154"/>
        <source>truncated {method} body</source>
        <translation>{method} 消息体不完整</translation>
    </message>
</context>
</TS>
