<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>presets</name>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="39"/>
        <source>presets file {path} {problem}</source>
        <translation>预设文件 {path}：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="55"/>
        <source>preset {name} for {task} is damaged: {error}</source>
        <translation>{task} 的预设 {name} 已损坏：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="73"/>
        <source>{task} already has a preset called {name}</source>
        <translation>{task} 已有名为 {name} 的预设</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="93"/>
        <source>workflow presets file {path} {problem}</source>
        <translation>工作流预设文件 {path}：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="109"/>
        <source>workflow preset {name} is damaged: {error}</source>
        <translation>工作流预设 {name} 已损坏：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="128"/>
        <source>a preset needs a name</source>
        <translation>预设需要一个名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="132"/>
        <source>no preset {name} for {task}</source>
        <translation>{task} 没有预设 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/presets.py" line="136"/>
        <source>no workflow preset {name}</source>
        <translation>没有工作流预设 {name}</translation>
    </message>
</context>
</TS>
