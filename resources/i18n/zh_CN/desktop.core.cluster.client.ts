<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>client</name>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="45"/>
        <source>read-only profile: {what} refused (profile {name} is read-only)</source>
        <translation>只读连接配置：已拒绝{what}（连接配置 {name} 是只读的）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="46"/>
        <source>answers</source>
        <translation>有响应</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="160"/>
        <source>no reply</source>
        <translation>无回复</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="161"/>
        <source>no reply ({detail})</source>
        <translation>无回复（{detail}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="173"/>
        <source>cannot resolve host (DNS): {reason}</source>
        <translation>无法解析主机名（DNS）：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="174"/>
        <source>cannot resolve host {host} (DNS): {reason}</source>
        <translation>无法解析主机名 {host}（DNS）：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="199"/>
        <source>checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="200"/>
        <source>calls to the broker</source>
        <translation>对消息代理的调用</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="201"/>
        <source>calls</source>
        <translation>调用</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="300"/>
        <source>not started in {seconds} s: {count} earlier {calls} still wait for a reply</source>
        <translation>{seconds} 秒内未能开始：之前的 {count} 个{calls}仍在等待回复</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="316"/>
        <source>no reply in {seconds} s</source>
        <translation>{seconds} 秒内无回复</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="355"/>
        <source>no broker configured</source>
        <translation>未配置消息代理</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="371"/>
        <location filename="../../../desktop/core/cluster/client.py" line="592"/>
        <source>no result backend configured</source>
        <translation>未配置结果后端</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="380"/>
        <source>rpc:// sends results only to the client that sent the task; the console can show results of tasks it sent itself</source>
        <translation>rpc:// 只把结果发给发送任务的客户端；控制台只能显示它自己发送的任务的结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="427"/>
        <source>broker unreachable: {error}</source>
        <translation>消息代理无法连接：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="429"/>
        <source>backend unreachable: {error}</source>
        <translation>结果后端无法连接：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="464"/>
        <source>not sent: it would go pickled and pickle is off for this connection (choose another serializer, or start with --allow-pickle to opt in)</source>
        <translation>未发送：它会以 pickle 序列化发送，而此连接已关闭 pickle（请选择其他序列化器，或以 --allow-pickle 启动以启用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="469"/>
        <source>not sent: it would go pickled (the app&apos;s task_serializer) and pickle is off for this connection (choose another serializer, or start with --allow-pickle to opt in)</source>
        <translation>未发送：它会以 pickle 序列化发送（应用的 task_serializer），而此连接已关闭 pickle（请选择其他序列化器，或以 --allow-pickle 启动以启用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="491"/>
        <source>sending {task}</source>
        <translation>发送 {task}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="513"/>
        <source>sending {count} call(s)</source>
        <translation>发送 {count} 个调用</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="523"/>
        <source>sending a workflow</source>
        <translation>发送工作流</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="552"/>
        <source>{error} (given up after {seconds} s of retries, as task_publish_retry_policy allows)</source>
        <translation>{error}（按 task_publish_retry_policy 的允许重试 {seconds} 秒后放弃）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="563"/>
        <source>terminate of {count} task(s)</source>
        <translation>终止 {count} 个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="565"/>
        <source>revoke of {count} task(s)</source>
        <translation>撤销 {count} 个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/client.py" line="574"/>
        <source>forget of {count} result(s)</source>
        <translation>清除 {count} 个结果</translation>
    </message>
</context>
</TS>
