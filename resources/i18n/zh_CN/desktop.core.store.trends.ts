<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>trends</name>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="51"/>
        <source>{kept} by second</source>
        <translation>按秒保留 {kept}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="52"/>
        <source>{kept} by minute</source>
        <translation>按分钟保留 {kept}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="53"/>
        <source>{kept} by hour</source>
        <translation>按小时保留 {kept}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="71"/>
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="73"/>
        <source>{hours} h</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="75"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="76"/>
        <source>Trends: {size} MB, {levels}</source>
        <translation>趋势数据：{size} MB，{levels}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="114"/>
        <source>trends folder {folder} cannot be created: {error}</source>
        <translation>无法创建趋势数据文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="117"/>
        <source>trends folder {folder} is read-only</source>
        <translation>趋势数据文件夹 {folder} 是只读的</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="122"/>
        <source>trends file {path} cannot be written: {error}</source>
        <translation>无法写入趋势数据文件 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="136"/>
        <source>it holds triggers, which Celery Desktop never writes</source>
        <translation>它含有触发器，而 Celery Desktop 从不写入触发器</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="139"/>
        <source>it was written by a newer version of Celery Desktop (schema {version})</source>
        <translation>它由更新版本的 Celery Desktop 写入（schema {version}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="157"/>
        <source>trends file {path}: {why}, and it cannot be moved aside: {error}</source>
        <translation>趋势数据文件 {path}：{why}，且无法将其移开：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="160"/>
        <source>the trends file {path} was moved to {aside}: {why}; graphs start empty</source>
        <translation>趋势数据文件 {path} 已移至 {aside}：{why}；图表将从空白开始</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="413"/>
        <source>trends are not kept this session: writing {path} failed: {error}</source>
        <translation>本次会话不保存趋势数据：写入 {path} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/trends.py" line="428"/>
        <source>{error}; graphs are not kept this session</source>
        <translation>{error}；本次会话不保存图表数据</translation>
    </message>
</context>
</TS>
