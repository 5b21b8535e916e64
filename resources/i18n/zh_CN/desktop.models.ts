<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../../desktop/models.py" line="189"/>
        <source>{seconds} s ago</source>
        <translation>{seconds} 秒前</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="190"/>
        <source>{minutes} min ago</source>
        <translation>{minutes} 分钟前</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="199"/>
        <location filename="../../../desktop/models.py" line="436"/>
        <location filename="../../../desktop/models.py" line="554"/>
        <location filename="../../../desktop/models.py" line="605"/>
        <location filename="../../../desktop/models.py" line="708"/>
        <location filename="../../../desktop/models.py" line="743"/>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="201"/>
        <location filename="../../../desktop/models.py" line="515"/>
        <location filename="../../../desktop/models.py" line="556"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="203"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="205"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="210"/>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="214"/>
        <location filename="../../../desktop/models.py" line="311"/>
        <location filename="../../../desktop/models.py" line="615"/>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="219"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="224"/>
        <source>Last answered</source>
        <translation>最近应答</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="236"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="238"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="249"/>
        <source>soft {seconds} s</source>
        <translation>软限制 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="250"/>
        <source>hard {seconds} s</source>
        <translation>硬限制 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="257"/>
        <source>{count} × {delay} s</source>
        <translation>{count} 次 × {delay} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="263"/>
        <source>no online worker</source>
        <translation>无在线工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="271"/>
        <source>workers: {workers}</source>
        <translation>工作进程：{workers}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="272"/>
        <source>known from: {source}</source>
        <translation>来源：{source}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="282"/>
        <location filename="../../../desktop/models.py" line="429"/>
        <location filename="../../../desktop/models.py" line="494"/>
        <location filename="../../../desktop/models.py" line="657"/>
        <location filename="../../../desktop/models.py" line="740"/>
        <location filename="../../../desktop/models.py" line="840"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="287"/>
        <location filename="../../../desktop/models.py" line="692"/>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="289"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="293"/>
        <source>Rate limit</source>
        <translation>速率限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="294"/>
        <source>Time limits</source>
        <translation>时间限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="295"/>
        <location filename="../../../desktop/models.py" line="715"/>
        <location filename="../../../desktop/models.py" line="848"/>
        <source>Retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="296"/>
        <source>Ignore result</source>
        <translation>忽略结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="297"/>
        <source>Track started</source>
        <translation>跟踪启动</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="298"/>
        <source>Acks late</source>
        <translation>延迟确认</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="299"/>
        <source>Serializer</source>
        <translation>序列化器</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="300"/>
        <location filename="../../../desktop/models.py" line="370"/>
        <location filename="../../../desktop/models.py" line="530"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="313"/>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="314"/>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="342"/>
        <source>dead letters of: {queues}</source>
        <translation>死信来源：{queues}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="349"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="352"/>
        <source>{names} · {count} on the broker</source>
        <translation>{names} · 消息代理 (broker) 上 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="358"/>
        <source>no worker reports consuming it (inspect().active_queues())</source>
        <translation>没有工作进程报告在消费它 (inspect().active_queues())</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="362"/>
        <source>RabbitMQ counts {count} consumer(s), Celery workers or not</source>
        <translation>RabbitMQ 统计到 {count} 个消费者（无论是否为 Celery 工作进程）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="372"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="377"/>
        <source>By priority</source>
        <translation>按优先级</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="382"/>
        <source>RabbitMQ does not count by priority</source>
        <translation>RabbitMQ 不按优先级计数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="384"/>
        <source>no priority messages</source>
        <translation>无带优先级的消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="389"/>
        <source>Unacked</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="392"/>
        <source>delivered to a worker and not acknowledged yet (prefetched, running, or held for an ETA)</source>
        <translation>已投递给工作进程但尚未确认（已预取、正在运行或因 ETA 而暂存）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="397"/>
        <source>Scheduled</source>
        <translation>已计划</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="400"/>
        <source>tasks with an ETA or countdown the workers hold (inspect().scheduled())</source>
        <translation>工作进程持有的带 ETA 或倒计时的任务 (inspect().scheduled())</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="404"/>
        <source>Consumers</source>
        <translation>消费者</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="406"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="420"/>
        <location filename="../../../desktop/models.py" line="453"/>
        <source>in {duration}</source>
        <translation>{duration}后</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="421"/>
        <source>{duration} overdue</source>
        <translation>已逾期 {duration}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="427"/>
        <location filename="../../../desktop/models.py" line="844"/>
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="428"/>
        <location filename="../../../desktop/models.py" line="511"/>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="430"/>
        <location filename="../../../desktop/models.py" line="706"/>
        <location filename="../../../desktop/models.py" line="741"/>
        <source>Task id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="432"/>
        <location filename="../../../desktop/models.py" line="717"/>
        <location filename="../../../desktop/models.py" line="745"/>
        <location filename="../../../desktop/models.py" line="842"/>
        <source>Args</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="446"/>
        <location filename="../../../desktop/models.py" line="458"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="451"/>
        <source>due now</source>
        <translation>即将运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="460"/>
        <source>missed since {time}</source>
        <translation>自 {time} 起未运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="464"/>
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="466"/>
        <source>not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="484"/>
        <source>• nothing the console can see explains it</source>
        <translation>• 控制台看不到任何原因</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="487"/>
        <source>Due {time} and not run.
{reasons}</source>
        <translation>应于 {time} 运行，但未运行。
{reasons}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="493"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="496"/>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="501"/>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="506"/>
        <source>Last run</source>
        <translation>上次运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="517"/>
        <source>Last seen run</source>
        <translation>最近看到的运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="523"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="525"/>
        <source>{source} (from the app)</source>
        <translation>{source}（来自应用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="548"/>
        <source>its clock is {seconds} s ahead</source>
        <translation>其时钟快 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="549"/>
        <source>its clock is {seconds} s behind</source>
        <translation>其时钟慢 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="558"/>
        <source>Last event</source>
        <translation>最近事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="562"/>
        <source>{duration} ago</source>
        <translation>{duration}前</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="568"/>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="570"/>
        <source>Processed</source>
        <translation>已处理</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="575"/>
        <source>Succeeded / failed</source>
        <translation>成功 / 失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="578"/>
        <source>tasks seen finishing on this worker through events, since the console started</source>
        <translation>自控制台启动以来，通过事件看到在此工作进程上结束的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="584"/>
        <source>Load</source>
        <translation>负载</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="588"/>
        <source>Pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="589"/>
        <source>Prefetch</source>
        <translation>预取</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="590"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="592"/>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="607"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="613"/>
        <source>In</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="649"/>
        <source>{count} failed task(s), {retried} of them after retries</source>
        <translation>{count} 个失败任务，其中 {retried} 个经过重试</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="652"/>
        <source>{count} failed task(s)</source>
        <translation>{count} 个失败任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="658"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="662"/>
        <source>Exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="663"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="667"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="669"/>
        <source>{message}

Ids, numbers and times are masked so that one bug makes one group.</source>
        <translation>{message}

ID、数字和时间已被屏蔽，使同一个缺陷归为一组。</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="674"/>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="680"/>
        <source>First seen</source>
        <translation>首次出现</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="686"/>
        <source>Last seen</source>
        <translation>最近出现</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="707"/>
        <location filename="../../../desktop/models.py" line="742"/>
        <location filename="../../../desktop/models.py" line="839"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="710"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="736"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="750"/>
        <source>Result / exception</source>
        <translation>结果 / 异常</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="779"/>
        <source>no online worker reports it</source>
        <translation>没有在线工作进程报告它</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="781"/>
        <source>not reported by a worker yet</source>
        <translation>尚无工作进程报告</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="794"/>
        <source>dead-lettered from {queue} ({reason}, {count} time(s))</source>
        <translation>死信，来自 {queue}（{reason}，{count} 次）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="797"/>
        <source>dead-lettered from {queue} ({reason})</source>
        <translation>死信，来自 {queue}（{reason}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="806"/>
        <source>its ETA ({eta}) is after the visibility timeout ({restore}): a worker&apos;s sweep will deliver it again before it runs, and it will run twice unless visibility_timeout is raised</source>
        <translation>其 ETA（{eta}）晚于可见性超时（{restore}）：工作进程的扫描会在它运行前再次投递它，除非调高 visibility_timeout，否则它会运行两次</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="826"/>
        <source>dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="835"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="841"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="843"/>
        <source>Kwargs</source>
        <translation>关键字参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="846"/>
        <source>Expires</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="850"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="854"/>
        <source>Origin</source>
        <translation>来源主机</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="855"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="857"/>
        <source>Delivered</source>
        <translation>已投递</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="862"/>
        <source>Back in queue after</source>
        <translation>回到队列时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="866"/>
        <source>when a consuming worker&apos;s sweep puts it back (delivery + visibility_timeout)</source>
        <translation>消费它的工作进程扫描时会将其放回队列的时间（投递时间 + visibility_timeout）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="874"/>
        <source>Held by</source>
        <translation>持有者</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="877"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
</TS>
