<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>queues</name>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="42"/>
        <source>queue lengths need a Redis or RabbitMQ (amqp://) broker</source>
        <translation>队列长度需要 Redis 或 RabbitMQ（amqp://）消息代理</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="43"/>
        <source>unacked: RabbitMQ tells only through its management API (add its URL to the connection)</source>
        <translation>未确认数：RabbitMQ 只通过其管理 API 提供（请在连接中添加管理 API 的 URL）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="46"/>
        <source>not declared on the broker yet</source>
        <translation>尚未在消息代理上声明</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="104"/>
        <source>the console&apos;s connections to this broker are closed</source>
        <translation>控制台到此消息代理的连接已关闭</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="468"/>
        <source>{not_redis} ({error})</source>
        <translation>{not_redis}（{error}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="472"/>
        <source>{not_redis} (this broker is {kind})</source>
        <translation>{not_redis}（此消息代理是 {kind}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="481"/>
        <source>could not read {queue}: {error}</source>
        <translation>无法读取 {queue}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="518"/>
        <source>bindings of exchange {exchange}: {error}</source>
        <translation>交换机 {exchange} 的绑定：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="613"/>
        <source>ack emulation is off: the broker keeps no unacked messages</source>
        <translation>ack emulation 已关闭：消息代理不保存未确认的消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="615"/>
        <source>unacked hash unreadable: {error}</source>
        <translation>无法读取未确认消息的哈希：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="618"/>
        <source>{count} unacked in all queues: too many to read per queue (limit {limit})</source>
        <translation>所有队列共 {count} 条未确认：太多，无法逐个队列读取（上限 {limit}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/queues.py" line="627"/>
        <source>{count} unacked message(s) belong to none of these queues</source>
        <translation>{count} 条未确认消息不属于这些队列中的任何一个</translation>
    </message>
</context>
</TS>
