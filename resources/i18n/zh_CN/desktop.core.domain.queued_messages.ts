<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>queued_messages</name>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="52"/>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="53"/>
        <source>stuck</source>
        <translation>卡住</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="54"/>
        <source>unacked</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="55"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="59"/>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="60"/>
        <source>move</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="61"/>
        <source>requeue</source>
        <translation>重新放回</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="62"/>
        <source>restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="210"/>
        <source>a message of {size}: too large to read here (shown by its size)</source>
        <translation>大小为 {size} 的消息：太大，此处不读取（仅显示其大小）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="216"/>
        <source>not a kombu message: {size} bytes that are not JSON</source>
        <translation>不是 kombu 消息：{size} 字节的非 JSON 数据</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="219"/>
        <source>not a kombu message: JSON {type} without a body</source>
        <translation>不是 kombu 消息：没有 body 的 JSON {type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="237"/>
        <source>a body that is not base64</source>
        <translation>消息体不是 base64</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="243"/>
        <source>a body that is not text</source>
        <translation>消息体不是文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="347"/>
        <source>a protocol 2 body that is not [args, kwargs, embed]</source>
        <translation>协议 2 的消息体不是 [args, kwargs, embed]</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="362"/>
        <source>a protocol 1 body whose args or kwargs are of the wrong type</source>
        <translation>协议 1 的消息体中 args 或 kwargs 类型错误</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="364"/>
        <source>not a Celery task message (no task name in the headers or the body)</source>
        <translation>不是 Celery 任务消息（headers 和消息体中都没有任务名称）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="424"/>
        <source>compressed ({compression}) to more than {size}: not decompressed</source>
        <translation>已压缩（{compression}），解压后超过 {size}：未解压</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="427"/>
        <source>compressed with {compression}, which the console does not decompress</source>
        <translation>以 {compression} 压缩，控制台不解压这种压缩</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="430"/>
        <source>a corrupt {compression} body: {problem}</source>
        <translation>{compression} 消息体已损坏：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="433"/>
        <source>pickled, not decoded (pickle is off for this connection)</source>
        <translation>经过 pickle 序列化，未解码（此连接已关闭 pickle）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="442"/>
        <source>content type {type} is not decoded</source>
        <translation>不解码内容类型 {type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="447"/>
        <source>a body that does not decode as {type}: {problem}</source>
        <translation>消息体无法按 {type} 解码：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="449"/>
        <source>a body that does not decode as its content type: {problem}</source>
        <translation>消息体无法按其内容类型解码：{problem}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="452"/>
        <source>a body that does not decode: {error}</source>
        <translation>消息体无法解码：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="459"/>
        <source>{type} body: no decoder for it installed here</source>
        <translation>{type} 消息体：此处未安装对应的解码器</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="461"/>
        <source>{name} body: no {name} decoder installed here (pip install {package})</source>
        <translation>{name} 消息体：此处未安装 {name} 解码器（pip install {package}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="521"/>
        <source>{action}: {count} done</source>
        <translation>{action}：{count} 条已完成</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="524"/>
        <source>{count} no longer there (taken by a worker or removed)</source>
        <translation>{count} 条已不在（已被工作进程取走或已被删除）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="528"/>
        <source>{count} failed: {reasons}</source>
        <translation>{count} 条失败：{reasons}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/queued_messages.py" line="530"/>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
</TS>
