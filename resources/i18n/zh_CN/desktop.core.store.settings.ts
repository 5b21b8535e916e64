<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>settings</name>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="32"/>
        <source>poll interval</source>
        <translation>轮询间隔</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="33"/>
        <source>event tasks</source>
        <translation>事件存储任务数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="34"/>
        <source>window rows</source>
        <translation>窗口保留任务数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="35"/>
        <source>history days</source>
        <translation>历史保留天数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="36"/>
        <source>history rows</source>
        <translation>历史保留任务数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="37"/>
        <source>watch sent</source>
        <translation>关注所有发送的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="38"/>
        <source>keep in tray</source>
        <translation>在托盘中继续运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="75"/>
        <source>{setting} must be between {low} and {high}, not {value}</source>
        <translation>{setting}必须在 {low} 到 {high} 之间，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="79"/>
        <source>{setting} must be true or false, not {value}</source>
        <translation>{setting}必须是 true 或 false，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="83"/>
        <source>watch sent by profile must map profile names to true or false</source>
        <translation>按连接配置关注所有发送的任务：必须把连接配置名称映射为 true 或 false</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="85"/>
        <source>theme must be one of {choices}, not {value}</source>
        <translation>主题必须是 {choices} 之一，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="88"/>
        <source>language must be one of {choices}, not {value}</source>
        <translation>语言必须是 {choices} 之一，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="127"/>
        <source>settings file {path} {problem}, defaults used</source>
        <translation>设置文件 {path}：{problem}，已使用默认设置</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="135"/>
        <source>settings file {path} holds no settings; defaults used</source>
        <translation>设置文件 {path} 中没有设置；已使用默认设置</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/settings.py" line="141"/>
        <source>settings: {problems} (defaults used for those)</source>
        <translation>设置：{problems}（这些项已使用默认值）</translation>
    </message>
</context>
</TS>
