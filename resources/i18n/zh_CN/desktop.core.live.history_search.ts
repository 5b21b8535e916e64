<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>history_search</name>
    <message>
        <location filename="../../../desktop/core/live/history_search.py" line="27"/>
        <source>no history: only the window&apos;s rows are searched</source>
        <translation>没有历史记录：只搜索窗口中的行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/history_search.py" line="122"/>
        <source>the history could not be read ({error}): only the window&apos;s rows are searched</source>
        <translation>无法读取历史记录（{error}）：只搜索窗口中的行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/history_search.py" line="150"/>
        <source>the history could not be read: {error}</source>
        <translation>无法读取历史记录：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/history_search.py" line="171"/>
        <source>not counted: {error}</source>
        <translation>未统计：{error}</translation>
    </message>
</context>
</TS>
