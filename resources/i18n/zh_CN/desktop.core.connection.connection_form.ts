<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>connection_form</name>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="40"/>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="41"/>
        <source>client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="42"/>
        <source>client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="219"/>
        <source>give the connection a name</source>
        <translation>请为连接命名</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="223"/>
        <source>&apos;default&apos; is the unnamed connection from the command line: choose another name</source>
        <translation>“default”是命令行中未命名的连接：请另选一个名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="226"/>
        <source>a name is at most {limit} characters</source>
        <translation>名称最多 {limit} 个字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="228"/>
        <source>a name cannot hold control characters</source>
        <translation>名称不能包含控制字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="231"/>
        <source>a connection called {name} already exists</source>
        <translation>名为 {name} 的连接已存在</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="243"/>
        <source>not a Python module path (e.g. proj, proj.celery or proj.celery:app)</source>
        <translation>不是 Python 模块路径（例如 proj、proj.celery 或 proj.celery:app）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="258"/>
        <source>poll interval must be a number of seconds between {low} and {high}</source>
        <translation>轮询间隔必须是 {low} 到 {high} 之间的秒数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="269"/>
        <source>Sentinel needs the name of the master it watches (master_name, e.g. mymaster)</source>
        <translation>Sentinel 需要它所监控的主节点名称（master_name，例如 mymaster）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="275"/>
        <source>a master name is one word of printable characters (e.g. mymaster)</source>
        <translation>主节点名称是由可打印字符组成的一个词（例如 mymaster）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="293"/>
        <source>there is no management URL for this password</source>
        <translation>没有与此密码对应的管理 API URL</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="297"/>
        <source>the management URL cannot hold spaces or control characters</source>
        <translation>管理 API URL 不能包含空格或控制字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="304"/>
        <source>the management API is an http:// or https:// URL (e.g. http://host:15672/)</source>
        <translation>管理 API 是 http:// 或 https:// URL（例如 http://host:15672/）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="313"/>
        <source>the management URL holds a password already: remove it there or leave this empty</source>
        <translation>管理 API URL 中已包含密码：请从 URL 中删除，或将此处留空</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="322"/>
        <source>management</source>
        <translation>管理 API</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="326"/>
        <source>the management URL needs a host (e.g. http://host:15672/)</source>
        <translation>管理 API URL 需要主机（例如 http://host:15672/）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="339"/>
        <source>certificate check must be required, optional or none</source>
        <translation>证书校验必须是 required、optional 或 none</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="347"/>
        <source>a client key needs a client certificate</source>
        <translation>客户端私钥需要配合客户端证书</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="356"/>
        <source>{what}: not a file path</source>
        <translation>{what}：不是文件路径</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="364"/>
        <source>{what} not found: {path}</source>
        <translation>找不到{what}：{path}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="367"/>
        <source>{what} cannot be read (permissions): {path}</source>
        <translation>无法读取{what}（权限不足）：{path}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="376"/>
        <source>a password is at most {limit} printable characters (no control characters)</source>
        <translation>密码最多 {limit} 个可打印字符（不能包含控制字符）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="381"/>
        <source>a {role} URL is needed (e.g. {example})</source>
        <translation>需要{role} URL（例如 {example}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="384"/>
        <source>there is no {role} URL for this password</source>
        <translation>没有与此密码对应的{role} URL</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="387"/>
        <source>{role} URL is too long (at most {limit} characters)</source>
        <translation>{role} URL 过长（最多 {limit} 个字符）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="392"/>
        <source>{role} URL cannot hold spaces or control characters</source>
        <translation>{role} URL 不能包含空格或控制字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="415"/>
        <source>{role} URL has no scheme (expected {example})</source>
        <translation>{role} URL 缺少协议（应为 {example} 这样的形式）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="419"/>
        <source>{role} URL must start with a scheme such as redis:// (expected {example})</source>
        <translation>{role} URL 必须以 redis:// 之类的协议开头（应为 {example} 这样的形式）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="430"/>
        <source>the {role} URL holds a password already: remove it there or leave this empty</source>
        <translation>{role} URL 中已包含密码：请从 URL 中删除，或将此处留空</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="445"/>
        <source>Redis database must be a whole number, as the 0 in {example} (got {db})</source>
        <translation>Redis 数据库必须是整数，如 {example} 中的 0（实际为 {db}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="467"/>
        <source>{role} URL cannot be read: check its host and port (expected {example})</source>
        <translation>无法解析{role} URL：请检查主机和端口（应为 {example} 这样的形式）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="478"/>
        <source>{role} URL: an IPv6 address needs a closing ] (e.g. redis://[::1]:6379/0)</source>
        <translation>{role} URL：IPv6 地址缺少结尾的 ]（例如 redis://[::1]:6379/0）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="486"/>
        <source>{role} URL: expected :port after the IPv6 address</source>
        <translation>{role} URL：IPv6 地址后应为 :端口</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="493"/>
        <source>{role} URL: the host name holds characters a host name cannot</source>
        <translation>{role} URL：主机名包含主机名中不允许的字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="499"/>
        <source>{role} URL: the port after &apos;:&apos; is empty (port must be 1–65535)</source>
        <translation>{role} URL：“:”后的端口为空（端口必须是 1–65535）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="503"/>
        <source>{role} URL: port must be a number 1–65535, not {port}</source>
        <translation>{role} URL：端口必须是 1–65535 之间的数字，而不是 {port}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="507"/>
        <source>{role} URL: port must be 1–65535 (got {port})</source>
        <translation>{role} URL：端口必须是 1–65535（实际为 {port}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="518"/>
        <source>{role} URL: ssl_cert_reqs must be CERT_REQUIRED, CERT_OPTIONAL or CERT_NONE</source>
        <translation>{role} URL：ssl_cert_reqs 必须是 CERT_REQUIRED、CERT_OPTIONAL 或 CERT_NONE</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="529"/>
        <source>{role} URL: {key} is empty (the path of the {label})</source>
        <translation>{role} URL：{key} 为空（应为{label}的路径）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="532"/>
        <source>{role} URL&apos;s {label} ({key})</source>
        <translation>{role} URL 中的{label}（{key}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="545"/>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="546"/>
        <source>Redis over TLS</source>
        <translation>Redis（TLS）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="547"/>
        <source>Redis Sentinel</source>
        <translation>Redis Sentinel</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="548"/>
        <location filename="../../../desktop/core/connection/connection_form.py" line="549"/>
        <location filename="../../../desktop/core/connection/connection_form.py" line="550"/>
        <source>RabbitMQ (AMQP)</source>
        <translation>RabbitMQ（AMQP）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="551"/>
        <source>RabbitMQ over TLS (AMQPS)</source>
        <translation>RabbitMQ（TLS，AMQPS）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="552"/>
        <source>Amazon SQS (untested)</source>
        <translation>Amazon SQS（未经测试）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="553"/>
        <source>in-memory (this process only)</source>
        <translation>内存（仅限本进程）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/connection_form.py" line="570"/>
        <source>a password is at most {limit} printable characters</source>
        <translation>密码最多 {limit} 个可打印字符</translation>
    </message>
</context>
</TS>
