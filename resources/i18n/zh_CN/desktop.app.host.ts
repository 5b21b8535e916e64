<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConsoleHost</name>
    <message>
        <location filename="../../../desktop/app/host.py" line="98"/>
        <location filename="../../../desktop/app/host.py" line="107"/>
        <source>profile {name}: {error}</source>
        <translation>连接配置 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="138"/>
        <source>Open {name}</source>
        <translation>打开 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="139"/>
        <source>Password for the {role} of {name} (not saved: this system has no password store):</source>
        <translation>{name} 的 {role} 密码（不会保存：本系统没有密码存储）：</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="154"/>
        <source>Save connection</source>
        <translation>保存连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="155"/>
        <source>Profile name:</source>
        <translation>连接配置名称：</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="163"/>
        <location filename="../../../desktop/app/host.py" line="201"/>
        <source>profile not saved: {error}</source>
        <translation>连接配置未保存：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="183"/>
        <source>New connection</source>
        <translation>新建连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="185"/>
        <source>Edit connection {name}</source>
        <translation>编辑连接 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="187"/>
        <source>Edit this connection</source>
        <translation>编辑此连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="214"/>
        <source>Delete the saved profile {name} and its stored passwords?</source>
        <translation>删除已保存的连接配置 {name} 及其存储的密码吗？</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/host.py" line="217"/>
        <source>Delete profile</source>
        <translation>删除连接配置</translation>
    </message>
</context>
</TS>
