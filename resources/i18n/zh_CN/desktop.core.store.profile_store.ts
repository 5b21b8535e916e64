<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>profile_store</name>
    <message>
        <location filename="../../../desktop/core/store/profile_store.py" line="26"/>
        <source>this system has no password store (keyring): passwords are not saved, the console asks for them when a profile opens</source>
        <translation>本系统没有密码存储（keyring）：密码不会保存，打开连接配置时控制台会询问密码</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/profile_store.py" line="72"/>
        <source>the servers of one URL list must share one password (or none) to be saved</source>
        <translation>同一 URL 列表中的服务器必须使用同一个密码（或都不用密码）才能保存</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/profile_store.py" line="238"/>
        <source>no connection profile called {name}</source>
        <translation>没有名为 {name} 的连接配置</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/profile_store.py" line="245"/>
        <source>a saved connection profile needs a name (not &apos;default&apos;)</source>
        <translation>保存的连接配置需要一个名称（不能是“default”）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/profile_store.py" line="352"/>
        <source>profiles file {path} {problem}</source>
        <translation>连接配置文件 {path}：{problem}</translation>
    </message>
</context>
</TS>
