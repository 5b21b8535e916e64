<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>history</name>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="194"/>
        <source>this SQLite has no FTS5: the history&apos;s text is searched by LIKE (substrings), slower</source>
        <translation>此 SQLite 不支持 FTS5：历史记录中的文本改用 LIKE（子串）搜索，较慢</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="354"/>
        <source>history folder {folder} cannot be created: {error}</source>
        <translation>无法创建历史记录文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="357"/>
        <source>history folder {folder} is read-only</source>
        <translation>历史记录文件夹 {folder} 是只读的</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="365"/>
        <source>history file {path} cannot be written: {error}</source>
        <translation>无法写入历史记录文件 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="367"/>
        <source>it is not a readable history file ({error})</source>
        <translation>它不是可读取的历史记录文件（{error}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="371"/>
        <source>it was written by a newer version of Celery Desktop (schema {version})</source>
        <translation>它由更新版本的 Celery Desktop 写入（schema {version}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="397"/>
        <source>it holds triggers, which Celery Desktop never writes (someone else changed it)</source>
        <translation>它含有触发器，而 Celery Desktop 从不写入触发器（有人改动过它）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="427"/>
        <source>history file {path}: {why}, and it cannot be moved aside: {error}</source>
        <translation>历史记录文件 {path}：{why}，且无法将其移开：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="432"/>
        <source>the history file {path} was moved to {aside}: {why}; a new history starts</source>
        <translation>历史记录文件 {path} 已移至 {aside}：{why}；将开始新的历史记录</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="959"/>
        <source>history is off for this session: writing {path} failed: {error}</source>
        <translation>本次会话的历史记录已关闭：写入 {path} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/history.py" line="978"/>
        <source>{problem}; the console runs without history</source>
        <translation>{problem}；控制台将在没有历史记录的情况下运行</translation>
    </message>
</context>
</TS>
