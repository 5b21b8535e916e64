<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>beat_file</name>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="63"/>
        <source>holds getattr(…, {name}), which the console does not unpickle</source>
        <translation>包含 getattr(…, {name})，控制台不会反序列化它</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="93"/>
        <source>holds a {name}, which the console does not unpickle</source>
        <translation>包含 {name}，控制台不会反序列化它</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="116"/>
        <source>no schedule file at {path}</source>
        <translation>{path} 处没有计划文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="118"/>
        <source>{path} is over {size} MB: not a schedule file</source>
        <translation>{path} 超过 {size} MB：不是计划文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="122"/>
        <source>{path} is not a schedule file beat wrote (no dbm database)</source>
        <translation>{path} 不是 beat 写入的计划文件（不是 dbm 数据库）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="130"/>
        <source>{path} holds no entries: beat has not written it yet</source>
        <translation>{path} 中没有定时任务：beat 还没有写入它</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="139"/>
        <source>{path}: its entries are a {type}, not beat&apos;s</source>
        <translation>{path}：其中的定时任务是 {type}，不是 beat 的</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/beat_file.py" line="158"/>
        <source>not one of beat&apos;s entries but {type}</source>
        <translation>不是 beat 的定时任务，而是 {type}</translation>
    </message>
</context>
</TS>
