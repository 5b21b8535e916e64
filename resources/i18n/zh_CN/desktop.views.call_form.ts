<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CallForm</name>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="59"/>
        <location filename="../../../desktop/views/call_form.py" line="419"/>
        <source>app default</source>
        <translation>应用默认</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="60"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="61"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="231"/>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="232"/>
        <source>Timing</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="233"/>
        <source>Routing &amp;&amp; message</source>
        <translation>路由和消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="234"/>
        <source>Retry &amp;&amp; limits</source>
        <translation>重试和限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="235"/>
        <source>Callbacks</source>
        <translation>回调</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="263"/>
        <source>(signature unknown: not in the -A app)</source>
        <translation>（签名未知：不在 -A 应用中）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="299"/>
        <source>Positional arguments as a JSON array</source>
        <translation>位置参数，JSON 数组</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="301"/>
        <source>Keyword arguments as a JSON object</source>
        <translation>关键字参数，JSON 对象</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="303"/>
        <source>args (JSON array)</source>
        <translation>args（JSON 数组）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="304"/>
        <source>kwargs (JSON object)</source>
        <translation>kwargs（JSON 对象）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="307"/>
        <source>This task takes no arguments.</source>
        <translation>此任务不接受参数。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="314"/>
        <source>{parameter}  (required)</source>
        <translation>{parameter}（必填）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="326"/>
        <source>extra positional arguments, JSON array</source>
        <translation>额外的位置参数，JSON 数组</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="328"/>
        <source>extra keyword arguments, JSON object</source>
        <translation>额外的关键字参数，JSON 对象</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="330"/>
        <source>required {kind}</source>
        <translation>必填 {kind}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="332"/>
        <source>default: {value}</source>
        <translation>默认：{value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="334"/>
        <source>{hint} (JSON)</source>
        <translation>{hint}（JSON）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="336"/>
        <source>{kind} value</source>
        <translation>{kind} 值</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="338"/>
        <source>any JSON value</source>
        <translation>任意 JSON 值</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="347"/>
        <source>seconds from now</source>
        <translation>从现在起的秒数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="347"/>
        <source>countdown: the earliest moment the task may run, in seconds from sending</source>
        <translation>countdown：任务最早可运行的时刻，以发送后的秒数计</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="349"/>
        <source>Countdown (s)</source>
        <translation>倒计时（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="351"/>
        <source>run at</source>
        <translation>运行于</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="363"/>
        <source>ETA (local time)</source>
        <translation>ETA（本地时间）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="372"/>
        <source>never</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="372"/>
        <source>seconds after sending</source>
        <translation>发送后若干秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="372"/>
        <source>at a date-time</source>
        <translation>指定日期时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="373"/>
        <source>seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="373"/>
        <source>expires: the task is revoked if it has not started by then</source>
        <translation>expires：到期前仍未开始的任务将被撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="388"/>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="404"/>
        <source>default queue</source>
        <translation>默认队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="404"/>
        <source>queue: where the message goes</source>
        <translation>queue：消息发往的队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="405"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="406"/>
        <source>default exchange</source>
        <translation>默认交换机</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="407"/>
        <source>Exchange</source>
        <translation>交换机</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="408"/>
        <source>default routing key</source>
        <translation>默认路由键</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="409"/>
        <source>Routing key</source>
        <translation>路由键</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="411"/>
        <source>none</source>
        <comment>no priority</comment>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="413"/>
        <source>priority: 0-9 on Redis (see broker_transport_options priority_steps), 0-255 on RabbitMQ (it counts on a queue declared with x-max-priority, up to that value)</source>
        <translation>priority：Redis 上为 0-9（见 broker_transport_options 的 priority_steps），RabbitMQ 上为 0-255（仅对声明了 x-max-priority 的队列有效，最大到该值）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="417"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="422"/>
        <source>Serializer</source>
        <translation>序列化器</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="424"/>
        <source>none</source>
        <comment>no compression</comment>
        <translation>不压缩</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="427"/>
        <source>Compression</source>
        <translation>压缩</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="428"/>
        <source>Extra message headers, a JSON object</source>
        <translation>额外的消息头，JSON 对象</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="429"/>
        <source>Headers (JSON)</source>
        <translation>消息头（JSON）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="430"/>
        <source>generated</source>
        <translation>自动生成</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="430"/>
        <source>A task id of your own (must be unique)</source>
        <translation>自定义任务 ID（必须唯一）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="431"/>
        <source>Task id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="432"/>
        <source>shadow: the name shown in logs and monitors instead of the task name</source>
        <translation>shadow：在日志和监控中代替任务名显示的名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="433"/>
        <source>Shadow name</source>
        <translation>影子名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="434"/>
        <source>ignore_result: do not store this call&apos;s result</source>
        <translation>ignore_result：不保存此次调用的结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="435"/>
        <source>Ignore result</source>
        <translation>忽略结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="441"/>
        <source>retry: retry sending when the broker connection fails</source>
        <translation>retry：消息代理 (broker) 连接失败时重试发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="442"/>
        <source>Retry sending</source>
        <translation>重试发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="445"/>
        <source>interval_start (s)</source>
        <translation>interval_start（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="446"/>
        <source>interval_step (s)</source>
        <translation>interval_step（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="447"/>
        <source>interval_max (s)</source>
        <translation>interval_max（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="449"/>
        <source>default {value}</source>
        <translation>默认 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="453"/>
        <source>hard time limit: the worker kills the process</source>
        <translation>硬时间限制：超时后工作进程会杀掉执行进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="454"/>
        <source>Time limit (s)</source>
        <translation>时间限制（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="455"/>
        <source>soft time limit: SoftTimeLimitExceeded is raised in the task</source>
        <translation>软时间限制：超时后在任务中抛出 SoftTimeLimitExceeded</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="456"/>
        <source>Soft time limit (s)</source>
        <translation>软时间限制（秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="460"/>
        <source>task default ({seconds} s)</source>
        <translation>任务默认（{seconds} 秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="460"/>
        <source>task default</source>
        <translation>任务默认</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="466"/>
        <source>link — on success</source>
        <translation>link — 成功时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="466"/>
        <source>Called with this task&apos;s result as the first argument.</source>
        <translation>以此任务的结果作为第一个参数调用。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="469"/>
        <source>link_error — on failure</source>
        <translation>link_error — 失败时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="471"/>
        <source>A one-argument errback runs as a task with the failed task&apos;s id; one taking (request, exc, traceback) runs inside the worker and stores no result.</source>
        <translation>只接受一个参数的错误回调作为任务运行，参数为失败任务的 ID；接受 (request, exc, traceback) 的错误回调在工作进程内运行，不保存结果。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="497"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="498"/>
        <source>Copy the {title} text</source>
        <translation>复制 {title} 文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="515"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="520"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="521"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="522"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="523"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="536"/>
        <source>times</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="540"/>
        <source>Send the same call N times (each with its own task id)</source>
        <translation>将同一调用发送 N 次（每次使用各自的任务 ID）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="543"/>
        <location filename="../../../desktop/views/call_form.py" line="644"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="559"/>
        <source>the previous step&apos;s result</source>
        <translation>上一步的结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="561"/>
        <source>Celery passes the previous step&apos;s result here (leave it empty, or make the step immutable)</source>
        <translation>Celery 会把上一步的结果传到这里（请留空，或把此步骤设为不可变）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="639"/>
        <source>{field}: {message}</source>
        <translation>{field}：{message}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="642"/>
        <source>a custom task id can only be sent once</source>
        <translation>自定义任务 ID 只能发送一次</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="644"/>
        <source>Send {count}×</source>
        <translation>发送 {count} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="649"/>
        <source>{n} problems to fix before sending: {first}</source>
        <translation>发送前需修正 {n} 个问题：{first}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="651"/>
        <source>{n} problem to fix before sending: {first}</source>
        <translation>发送前需修正 {n} 个问题：{first}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="663"/>
        <source>celery call cannot express: {options}</source>
        <translation>celery call 无法表达：{options}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="668"/>
        <source># fix the form&apos;s errors to see the call</source>
        <translation># 修正表单中的错误后即可看到调用代码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="679"/>
        <source>Time zone: {zone} (UTC{offset})</source>
        <translation>时区：{zone}（UTC{offset}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="688"/>
        <source>Registered on: {workers}</source>
        <translation>已注册于：{workers}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="692"/>
        <source>⚠ No online worker has registered this task: a sent message would wait in the queue.</source>
        <translation>⚠ 没有在线的工作进程注册了此任务：发送的消息将在队列中等待。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="718"/>
        <location filename="../../../desktop/views/call_form.py" line="731"/>
        <location filename="../../../desktop/views/call_form.py" line="743"/>
        <location filename="../../../desktop/views/call_form.py" line="751"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="723"/>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="724"/>
        <source>Name for this {task} call:</source>
        <translation>此 {task} 调用的名称：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="737"/>
        <source>Rename preset</source>
        <translation>重命名预设</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="737"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="764"/>
        <source>Task not on any online worker</source>
        <translation>任务不在任何在线工作进程上</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="766"/>
        <source>No online worker has registered {task}.

The message will wait in the queue until a worker that knows it starts, or a worker will reject it as NotRegistered.

Send anyway?</source>
        <translation>没有在线的工作进程注册了 {task}。

消息将在队列中等待，直到认识此任务的工作进程启动；也可能被某个工作进程以 NotRegistered 拒绝。

仍要发送吗？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="777"/>
        <source>{origin}

Send {task} {count} times with these arguments?</source>
        <translation>{origin}

以这些参数将 {task} 发送 {count} 次吗？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="779"/>
        <source>{origin}

Send {task} with these arguments?</source>
        <translation>{origin}

以这些参数发送 {task} 吗？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="783"/>
        <source>Send a rebuilt call</source>
        <translation>发送重建的调用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="794"/>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="802"/>
        <source>Not sent: {error}</source>
        <translation>未发送：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="807"/>
        <source>Sent {task_id}</source>
        <translation>已发送 {task_id}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="809"/>
        <source>Sent {count} calls ({task_id} …)</source>
        <translation>已发送 {count} 个调用（{task_id} …）</translation>
    </message>
</context>
<context>
    <name>LinkList</name>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="153"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>LinkRow</name>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="112"/>
        <source>[] partial args</source>
        <translation>[] 部分位置参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="113"/>
        <source>Partial positional arguments (JSON array); the parent&apos;s result comes first</source>
        <translation>部分位置参数（JSON 数组）；父任务的结果排在最前</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="116"/>
        <source>{} partial kwargs</source>
        <translation>{} 部分关键字参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="116"/>
        <source>Keyword arguments (JSON object)</source>
        <translation>关键字参数（JSON 对象）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/call_form.py" line="120"/>
        <source>Remove this callback</source>
        <translation>删除此回调</translation>
    </message>
</context>
</TS>
