<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="50"/>
        <source>required (verify the server&apos;s certificate)</source>
        <translation>required（校验服务器证书）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="51"/>
        <source>optional (verify it when the server sends one)</source>
        <translation>optional（服务器发送证书时才校验）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="52"/>
        <source>none (no verification: anyone in between can read the traffic)</source>
        <translation>none（不校验：中间任何人都能读取流量）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="65"/>
        <source>New connection</source>
        <translation>新建连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="76"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="76"/>
        <source>e.g. production</source>
        <translation>例如 production</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="78"/>
        <source>Broker URL</source>
        <translation>消息代理 (broker) URL</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="83"/>
        <source>or in the URL</source>
        <translation>或写在 URL 中</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="87"/>
        <source>Broker password</source>
        <translation>消息代理密码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="88"/>
        <source>or in the URL; kept in the system&apos;s password store</source>
        <translation>或写在 URL 中；保存在系统的密码存储中</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="91"/>
        <source>Result backend URL</source>
        <translation>结果后端 URL</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="91"/>
        <source>redis://host:6379/1 (optional)</source>
        <translation>redis://host:6379/1（可选）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="92"/>
        <source>Backend password</source>
        <translation>结果后端密码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="93"/>
        <source>App module (-A)</source>
        <translation>应用模块 (-A)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="93"/>
        <source>optional, e.g. proj.celery</source>
        <translation>可选，例如 proj.celery</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="94"/>
        <source>Poll interval (s)</source>
        <translation>轮询间隔（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="94"/>
        <source>by backend: 0.5 s Redis, 5 s database</source>
        <translation>按结果后端：Redis 0.5 秒，数据库 5 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="96"/>
        <source>Sentinel master</source>
        <translation>Sentinel 主节点</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="96"/>
        <source>the master_name Sentinel watches, e.g. mymaster</source>
        <translation>Sentinel 监控的 master_name，例如 mymaster</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="101"/>
        <source>Sentinel password</source>
        <translation>Sentinel 密码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="102"/>
        <source>only if the sentinels ask for one of their own</source>
        <translation>仅当 Sentinel 自身要求密码时填写</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="108"/>
        <source>Management API</source>
        <translation>管理 API</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="109"/>
        <source>optional: http://host:15672/ (queue lengths and consumers)</source>
        <translation>可选：http://host:15672/（队列长度和消费者）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="111"/>
        <source>Management password</source>
        <translation>管理 API 密码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="112"/>
        <source>Allow pickle (only for a backend you trust)</source>
        <translation>允许 pickle（仅用于你信任的结果后端）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="114"/>
        <source>Pickled results are decoded only with this on: unpickling runs whatever code the writer chose</source>
        <translation>只有勾选此项才会解码 pickle 结果：反序列化 pickle 会运行写入者选择的任意代码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="117"/>
        <source>Read-only (inspect, events, search and export only)</source>
        <translation>只读（仅查看、事件、搜索和导出）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="120"/>
        <source>Nothing is sent, re-sent, revoked, terminated, forgotten or purged through this connection; queues, schedules and workers are not changed</source>
        <translation>不会通过此连接发送、重新发送、撤销、终止、清除结果或清空任何内容；队列、定时任务和工作进程都不会被更改</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="125"/>
        <source>Production (marked in the window; destructive actions ask for its name first)</source>
        <translation>生产环境（在窗口中标出；破坏性操作会先要求输入其名称）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="127"/>
        <source>Purge, delete, forget, terminate, revoke, bulk re-send, shutdown and schedule delete ask to type the name</source>
        <translation>清空队列、删除、清除结果、终止、撤销、批量重新发送、关闭工作进程和删除定时任务前都要求输入名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="132"/>
        <source>TLS (rediss://, amqps://)</source>
        <translation>TLS（rediss://、amqps://）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="135"/>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="135"/>
        <source>Choose the ca file</source>
        <translation>选择 CA 文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="136"/>
        <source>Client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="136"/>
        <source>Choose the client certificate</source>
        <translation>选择客户端证书</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="137"/>
        <source>Client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="137"/>
        <source>Choose the client key</source>
        <translation>选择客户端私钥</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="139"/>
        <source>optional: a PEM file</source>
        <translation>可选：PEM 文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="143"/>
        <source>Certificate check</source>
        <translation>证书校验</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="145"/>
        <source>Applied to every rediss:// and amqps:// URL above; a setting written in a URL itself (?ssl_…=) wins.</source>
        <translation>应用于上面所有 rediss:// 和 amqps:// URL；URL 中自带的设置（?ssl_…=）优先。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="154"/>
        <source>Save and connect</source>
        <translation>保存并连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="206"/>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/connection_dialog.py" line="248"/>
        <source>Broker: {kind}</source>
        <translation>消息代理：{kind}</translation>
    </message>
</context>
</TS>
