<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>watch_store</name>
    <message>
        <location filename="../../../desktop/core/store/watch_store.py" line="69"/>
        <source>watched tasks file {path} {problem}; its watches are lost</source>
        <translation>关注任务文件 {path}：{problem}；其中的关注已丢失</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/watch_store.py" line="80"/>
        <source>watched tasks file {path} holds no watches of this connection; moved to {name}</source>
        <translation>关注任务文件 {path} 中没有此连接的关注；已移至 {name}</translation>
    </message>
</context>
</TS>
