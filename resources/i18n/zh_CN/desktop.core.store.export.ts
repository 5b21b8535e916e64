<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>export</name>
    <message>
        <location filename="../../../desktop/core/store/export.py" line="136"/>
        <source>{name} {problem}; ids come from a regular file under {megabytes} MB</source>
        <translation>{name} {problem}；任务 id 须来自小于 {megabytes} MB 的普通文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/export.py" line="145"/>
        <source>{name} looks like JSON but is not: {error}</source>
        <translation>{name} 看起来像 JSON，但并不是：{error}</translation>
    </message>
</context>
</TS>
