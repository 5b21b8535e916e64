<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>saved_views</name>
    <message>
        <location filename="../../../desktop/core/store/saved_views.py" line="48"/>
        <source>no saved view {name}</source>
        <translation>没有名为 {name} 的已保存视图</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/saved_views.py" line="66"/>
        <source>saved views file {path} {problem}</source>
        <translation>已保存视图文件 {path} {problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/saved_views.py" line="112"/>
        <source>a saved view needs a name</source>
        <translation>已保存的视图需要一个名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/saved_views.py" line="115"/>
        <source>a saved view&apos;s name is at most {count} characters</source>
        <translation>已保存视图的名称最多 {count} 个字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/saved_views.py" line="118"/>
        <source>a saved view&apos;s query is at most {count} characters</source>
        <translation>已保存视图的查询最多 {count} 个字符</translation>
    </message>
</context>
</TS>
