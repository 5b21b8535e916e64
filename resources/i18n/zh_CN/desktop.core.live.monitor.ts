<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>monitor</name>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="243"/>
        <location filename="../../../desktop/core/live/monitor.py" line="271"/>
        <source>queue lengths: {error}</source>
        <translation>队列长度：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="315"/>
        <source>{worker} uses {option}={theirs}, this connection {ours}</source>
        <translation>{worker} 使用 {option}={theirs}，此连接为 {ours}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="323"/>
        <source>{problems} — start the console with -A your app (or the same broker_transport_options)</source>
        <translation>{problems} —— 请用 -A 加上你的应用启动控制台（或使用相同的 broker_transport_options）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="375"/>
        <location filename="../../../desktop/core/live/monitor.py" line="381"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="377"/>
        <source>online · heartbeats stopped</source>
        <translation>在线 · 心跳已停止</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="379"/>
        <source>online · no events</source>
        <translation>在线 · 无事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="384"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="386"/>
        <source>offline · last heartbeat {age} ago</source>
        <translation>离线 · 最后心跳于 {age}前</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="416"/>
        <source>purge of queue {queue}</source>
        <translation>清空队列 {queue}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="426"/>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/monitor.py" line="427"/>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
</context>
</TS>
