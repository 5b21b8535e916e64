<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>rabbitmq_messages</name>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="81"/>
        <source>read over AMQP: AMQP has no browse, reading a message means taking it, so each was taken and then put back (RabbitMQ marks them redelivered); only the first {limit} can be read this way, no paging further. Add the management URL to the connection to see a queue&apos;s type and dead-letter sources (a quorum queue counts each read as a delivery of every message read)</source>
        <translation>通过 AMQP 读取：AMQP 没有浏览功能，读取消息就是取走消息，因此每条消息都先被取走再放回（RabbitMQ 会把它们标记为重新投递）；这种方式只能读取前 {limit} 条，无法继续翻页。在连接中添加管理 API 的 URL 可以看到队列的类型和死信来源（quorum 队列会把每次读取算作对所读每条消息的一次投递）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="88"/>
        <source>RabbitMQ&apos;s management API reads messages by taking them and putting them back (requeue), so RabbitMQ marks every message read here redelivered; only the first {limit} can be read this way, no paging further</source>
        <translation>RabbitMQ 的管理 API 读取消息的方式是先取走再放回（requeue），因此 RabbitMQ 会把这里读取的每条消息标记为重新投递；这种方式只能读取前 {limit} 条，无法继续翻页</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="94"/>
        <source>not a RabbitMQ broker</source>
        <translation>不是 RabbitMQ 消息代理</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="142"/>
        <source>the management API at {where} redirected to {target}, another server: not followed</source>
        <translation>{where} 的管理 API 重定向到另一台服务器 {target}：未跟随</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="152"/>
        <source>no complete answer in {seconds} s at {where}</source>
        <translation>{seconds} 秒内未从 {where} 得到完整回答</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="156"/>
        <source>no usable answer at {where}: {error}</source>
        <translation>{where} 没有可用的回答：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="165"/>
        <source>this user may not do this (403; it needs the management tag and the vhost&apos;s permissions) at {where}</source>
        <translation>此用户无权执行此操作（403；需要 management 标签和该 vhost 的权限），位置：{where}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="375"/>
        <source>a message of {size}: too large to read here (shown by its size)</source>
        <translation>一条 {size} 的消息：太大，无法在此读取（只显示大小）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="379"/>
        <source>only the first {read} of its {size} bytes were read (the management API cuts each message): not decoded</source>
        <translation>只读取了其 {size} 字节中的前 {read} 字节（管理 API 会截断每条消息）：未解码</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="414"/>
        <source>the management API sent a body that is not base64</source>
        <translation>管理 API 发来的消息体不是 base64</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="418"/>
        <source>the management API sent the body in an unknown encoding ({encoding})</source>
        <translation>管理 API 以未知编码发来消息体（{encoding}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="513"/>
        <source>{queue} is a stream: it is read by a consumer at an offset, not by taking messages; not read here</source>
        <translation>{queue} 是 stream 队列：由消费者从某个偏移量读取，而不是取走消息；这里不读取</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="519"/>
        <source>{queue} is a quorum queue with a delivery limit of {limit}: each message taken and put back counts as a delivery, and one delivered too often is dropped or dead-lettered, so it is not read or changed here</source>
        <translation>{queue} 是投递上限为 {limit} 的 quorum 队列：每条被取走再放回的消息都算一次投递，投递次数过多的消息会被丢弃或转为死信，因此这里不读取也不修改它</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="586"/>
        <source>the queues dead-lettering into this one are not known: {error}</source>
        <translation>不知道哪些队列会把死信转入此队列：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="600"/>
        <source>{no_such_queue} (deleted meanwhile?)</source>
        <translation>{no_such_queue}（期间被删除了？）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="615"/>
        <source>a quorum queue: each read counts as a delivery of every message read (x-delivery-count)</source>
        <translation>quorum 队列：每次读取都算作对所读每条消息的一次投递（x-delivery-count）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="625"/>
        <source>cannot read messages: {why}</source>
        <translation>无法读取消息：{why}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="630"/>
        <source>no queue named {queue} in vhost {vhost}</source>
        <translation>vhost {vhost} 中没有名为 {queue} 的队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="637"/>
        <source>the management API described this message in a shape it never uses</source>
        <translation>管理 API 描述此消息的格式是它从不使用的</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="654"/>
        <source>no queue named {queue}</source>
        <translation>没有名为 {queue} 的队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="667"/>
        <source>stopped after {count} messages: {size} read</source>
        <translation>读取 {count} 条消息后停止：已读 {size}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="734"/>
        <source>RabbitMQ refused it (nack) for queue {queue}</source>
        <translation>RabbitMQ 拒绝了发往队列 {queue} 的消息（nack）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="736"/>
        <source>no queue named {queue} took it ({returned})</source>
        <translation>没有名为 {queue} 的队列接收它（{returned}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="752"/>
        <source>no task id, and its body was not read whole: it cannot be picked out</source>
        <translation>没有任务 ID，且消息体未被完整读取：无法挑出它</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="810"/>
        <source>not among the first {count} messages of the queue</source>
        <translation>不在队列的前 {count} 条消息中</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="837"/>
        <source>no target queue</source>
        <translation>没有目标队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="839"/>
        <source>the target is the queue itself</source>
        <translation>目标就是该队列本身</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="863"/>
        <source>no x-death header: not a dead letter RabbitMQ wrote, its queue is not known</source>
        <translation>没有 x-death 头：不是 RabbitMQ 写入的死信，不知道它原来的队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="893"/>
        <source>there is no queue {queue} yet: sending declares it without x-max-priority, so RabbitMQ will ignore the message&apos;s priority (messages are delivered in the order they were sent)</source>
        <translation>还没有队列 {queue}：发送时会不带 x-max-priority 声明它，因此 RabbitMQ 会忽略消息的优先级（消息按发送顺序投递）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="907"/>
        <source>queue {queue} is a {kind} queue: RabbitMQ ignores a message&apos;s priority there</source>
        <translation>队列 {queue} 是 {kind} 队列：RabbitMQ 在这里会忽略消息的优先级</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/rabbitmq_messages.py" line="909"/>
        <source>queue {queue} exists without x-max-priority, so RabbitMQ ignores a message&apos;s priority there (messages are delivered in the order they were sent)</source>
        <translation>队列 {queue} 已存在但没有 x-max-priority，因此 RabbitMQ 在这里会忽略消息的优先级（消息按发送顺序投递）</translation>
    </message>
</context>
</TS>
