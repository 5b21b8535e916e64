<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>rabbitmq</name>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="87"/>
        <source>the answer is not a list of queues (is this RabbitMQ&apos;s management API?)</source>
        <translation>回答不是队列列表（这是 RabbitMQ 的管理 API 吗？）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="153"/>
        <source>the management URL must be http:// or https://, not {url}</source>
        <translation>管理 API 的 URL 必须是 http:// 或 https://，而不是 {url}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="158"/>
        <source>the management URL has no host: {url}</source>
        <translation>管理 API 的 URL 没有主机：{url}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="186"/>
        <source>no answer in {seconds} s</source>
        <translation>{seconds} 秒内无回答</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="188"/>
        <source>cannot resolve host (DNS): {reason}</source>
        <translation>无法解析主机名（DNS）：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="190"/>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="307"/>
        <source>the answer at {where} is larger than {megabytes} MB; not read further</source>
        <translation>{where} 的回答超过 {megabytes} MB；不再继续读取</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="315"/>
        <source>the management API asks for credentials (401) at {where}: the broker&apos;s are sent only over https or to this machine; write them in the management URL (http://user:password@host:15672/) or use https</source>
        <translation>管理 API 在 {where} 要求提供凭据（401）：消息代理的凭据只会通过 https 或发给本机；请把凭据写进管理 API 的 URL（http://user:password@host:15672/），或改用 https</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="321"/>
        <source>the management API refused the credentials (401) at {where}</source>
        <translation>管理 API 在 {where} 拒绝了凭据（401）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="323"/>
        <source>this user may not read the vhost&apos;s queues (403; it needs the management or monitoring tag) at {where}</source>
        <translation>此用户无权读取该 vhost 的队列（403；需要 management 或 monitoring 标签），位置：{where}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="327"/>
        <source>not found (404) at {where}: no such vhost, or not the management API&apos;s URL</source>
        <translation>在 {where} 未找到（404）：没有这个 vhost，或者这不是管理 API 的 URL</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="330"/>
        <source>HTTP {code} {reason} at {where}</source>
        <translation>HTTP {code} {reason}，位置：{where}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="334"/>
        <source>unreachable at {where}: {why}</source>
        <translation>无法连接 {where}：{why}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="338"/>
        <source>the answer at {where} is not JSON (is this RabbitMQ&apos;s management API?)</source>
        <translation>{where} 的回答不是 JSON（这是 RabbitMQ 的管理 API 吗？）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="366"/>
        <source>the management API at {where} redirected to {target}, another server: not followed (give the URL it redirects to)</source>
        <translation>{where} 的管理 API 重定向到另一台服务器 {target}：未跟随（请直接填写它重定向到的 URL）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="375"/>
        <source>no complete answer in {seconds} s at {where}</source>
        <translation>{seconds} 秒内未从 {where} 得到完整回答</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="402"/>
        <source>x-max-priority {priority} (RabbitMQ does not count by priority)</source>
        <translation>x-max-priority {priority}（RabbitMQ 不按优先级计数）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="405"/>
        <source>{kind} queue</source>
        <translation>{kind} 队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="407"/>
        <source>state: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="456"/>
        <source>a management URL is for a RabbitMQ broker; this broker is not one, so it is not used</source>
        <translation>管理 API 的 URL 只用于 RabbitMQ 消息代理；此消息代理不是，因此不使用它</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="464"/>
        <source>management API: {problem}</source>
        <translation>管理 API：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="476"/>
        <source>management API: dead-letter queues not marked: {problem}</source>
        <translation>管理 API：未标出死信队列：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="554"/>
        <source>{error} (exchange {exchange}, routing key {routing_key})</source>
        <translation>{error}（交换机 {exchange}，路由键 {routing_key}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq.py" line="622"/>
        <source>RabbitMQ returned the message for queue {queue}: no queue took it, even after the queue was declared again ({returned}); it was not sent</source>
        <translation>RabbitMQ 退回了发往队列 {queue} 的消息：即使重新声明了该队列，仍没有队列接收它（{returned}）；消息未发送</translation>
    </message>
</context>
</TS>
