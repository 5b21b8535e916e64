<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>results</name>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="96"/>
        <source>&lt;{type} that cannot be shown&gt;</source>
        <translation>&lt;无法显示的 {type}&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="236"/>
        <source>unreadable result: expected a task meta object, got {value}</source>
        <translation>无法读取的结果：应为任务元数据对象，实际为 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="305"/>
        <source>result is pickled and pickle is off for this connection (start with --allow-pickle to opt in)</source>
        <translation>结果经过 pickle 序列化，而此连接已关闭 pickle（以 --allow-pickle 启动即可启用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="309"/>
        <source>result looks like a pickle; pickle is off for this connection (start with --allow-pickle to opt in)</source>
        <translation>结果看起来是 pickle；此连接已关闭 pickle（以 --allow-pickle 启动即可启用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="314"/>
        <source>undecodable result ({size} bytes): {problem}</source>
        <translation>无法解码的结果（{size} 字节）：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="316"/>
        <source>{error} result ({size} bytes): {problem}</source>
        <translation>结果出现 {error}（{size} 字节）：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="360"/>
        <source>result is {size} MB; not decoded (limit {limit})</source>
        <translation>结果大小为 {size} MB；未解码（上限 {limit}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="369"/>
        <source>result is {method}-compressed and more than {limit} uncompressed; not decoded (limit {limit})</source>
        <translation>结果以 {method} 压缩，解压后超过 {limit}；未解码（上限 {limit}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="374"/>
        <source>result is {problem}</source>
        <translation>结果{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="376"/>
        <source>unreadable compressed result ({size} bytes): {problem}</source>
        <translation>无法读取的压缩结果（{size} 字节）：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="406"/>
        <source>result is nested more than {levels} levels deep; not shown</source>
        <translation>结果嵌套超过 {levels} 层；不予显示</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/results.py" line="411"/>
        <source>unreadable result: {error}: {problem}</source>
        <translation>无法读取的结果：{error}：{problem}</translation>
    </message>
</context>
</TS>
