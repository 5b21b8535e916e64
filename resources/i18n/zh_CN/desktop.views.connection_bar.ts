<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConnectionBar</name>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="28"/>
        <source>answers</source>
        <translation>有响应</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="29"/>
        <source>unreachable</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="30"/>
        <source>checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="31"/>
        <source>not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="32"/>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="52"/>
        <source>Broker</source>
        <translation>消息代理</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="52"/>
        <source>Result backend</source>
        <translation>结果后端</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="65"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="66"/>
        <source>Check the broker and backend and ping the workers now</source>
        <translation>立即检查消息代理和结果后端，并 ping 工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="76"/>
        <source>Production: destructive actions ask for the connection&apos;s name first</source>
        <translation>生产环境：破坏性操作需先输入连接名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="77"/>
        <source>Read-only: nothing is sent, revoked, forgotten, purged or changed from this window</source>
        <translation>只读：此窗口不会发送、撤销、清除结果、清空或更改任何内容</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="83"/>
        <source>Connect without the user name</source>
        <translation>不带用户名连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="85"/>
        <source>Reconnect with the password alone; the saved connection changes only if you save it</source>
        <translation>仅用密码重新连接；只有在你保存后，已保存的连接才会改变</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="105"/>
        <source>from {source}</source>
        <translation>来自 {source}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="109"/>
        <source>answers in {latency} ms</source>
        <translation>{latency} ms 内响应</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="117"/>
        <source>reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="135"/>
        <source>1 worker online</source>
        <translation>1 个工作进程在线</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="135"/>
        <source>{count} workers online</source>
        <translation>{count} 个工作进程在线</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="137"/>
        <source>{count} offline</source>
        <translation>{count} 个离线</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="139"/>
        <source>{count} registered tasks</source>
        <translation>{count} 个已注册任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="141"/>
        <source>app {module}</source>
        <translation>应用 {module}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="143"/>
        <source>checked {time}</source>
        <translation>检查于 {time}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_bar.py" line="146"/>
        <source>No broker configured: start with --broker URL, -A proj, CELERY_BROKER_URL, CACHE_REDIS_HOST, or --demo</source>
        <translation>未配置消息代理：启动时使用 --broker URL、-A proj、CELERY_BROKER_URL、CACHE_REDIS_HOST 或 --demo</translation>
    </message>
</context>
</TS>
