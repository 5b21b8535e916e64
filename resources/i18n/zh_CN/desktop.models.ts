<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RecordTableModel</name>
    <message>
        <location filename="../../../desktop/models.py" line="188"/>
        <source>{seconds} s ago</source>
        <translation>{seconds} 秒前</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="189"/>
        <source>{minutes} min ago</source>
        <translation>{minutes} 分钟前</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="198"/>
        <location filename="../../../desktop/models.py" line="435"/>
        <location filename="../../../desktop/models.py" line="555"/>
        <location filename="../../../desktop/models.py" line="606"/>
        <location filename="../../../desktop/models.py" line="709"/>
        <location filename="../../../desktop/models.py" line="744"/>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="200"/>
        <location filename="../../../desktop/models.py" line="514"/>
        <location filename="../../../desktop/models.py" line="557"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="202"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="204"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="209"/>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="213"/>
        <location filename="../../../desktop/models.py" line="310"/>
        <location filename="../../../desktop/models.py" line="616"/>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="218"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="223"/>
        <source>Last answered</source>
        <translation>最近应答</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="235"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="237"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="248"/>
        <source>soft {seconds} s</source>
        <translation>软限制 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="249"/>
        <source>hard {seconds} s</source>
        <translation>硬限制 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="256"/>
        <source>{count} × {delay} s</source>
        <translation>{count} 次 × {delay} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="262"/>
        <source>no online worker</source>
        <translation>无在线工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="270"/>
        <source>workers: {workers}</source>
        <translation>工作进程：{workers}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="271"/>
        <source>known from: {source}</source>
        <translation>来源：{source}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="281"/>
        <location filename="../../../desktop/models.py" line="428"/>
        <location filename="../../../desktop/models.py" line="493"/>
        <location filename="../../../desktop/models.py" line="658"/>
        <location filename="../../../desktop/models.py" line="741"/>
        <location filename="../../../desktop/models.py" line="841"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="286"/>
        <location filename="../../../desktop/models.py" line="693"/>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="288"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="292"/>
        <source>Rate limit</source>
        <translation>速率限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="293"/>
        <source>Time limits</source>
        <translation>时间限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="294"/>
        <location filename="../../../desktop/models.py" line="716"/>
        <location filename="../../../desktop/models.py" line="849"/>
        <source>Retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="295"/>
        <source>Ignore result</source>
        <translation>忽略结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="296"/>
        <source>Track started</source>
        <translation>跟踪启动</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="297"/>
        <source>Acks late</source>
        <translation>延迟确认</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="298"/>
        <source>Serializer</source>
        <translation>序列化器</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="299"/>
        <location filename="../../../desktop/models.py" line="369"/>
        <location filename="../../../desktop/models.py" line="531"/>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="312"/>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="313"/>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="341"/>
        <source>dead letters of: {queues}</source>
        <translation>死信来源：{queues}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="348"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="351"/>
        <source>{names} · {count} on the broker</source>
        <translation>{names} · 消息代理 (broker) 上 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="357"/>
        <source>no worker reports consuming it (inspect().active_queues())</source>
        <translation>没有工作进程报告在消费它 (inspect().active_queues())</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="361"/>
        <source>RabbitMQ counts {count} consumer(s), Celery workers or not</source>
        <translation>RabbitMQ 统计到 {count} 个消费者（无论是否为 Celery 工作进程）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="371"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="376"/>
        <source>By priority</source>
        <translation>按优先级</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="381"/>
        <source>RabbitMQ does not count by priority</source>
        <translation>RabbitMQ 不按优先级计数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="383"/>
        <source>no priority messages</source>
        <translation>无带优先级的消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="388"/>
        <source>Unacked</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="391"/>
        <source>delivered to a worker and not acknowledged yet (prefetched, running, or held for an ETA)</source>
        <translation>已投递给工作进程但尚未确认（已预取、正在运行或因 ETA 而暂存）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="396"/>
        <source>Scheduled</source>
        <translation>已计划</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="399"/>
        <source>tasks with an ETA or countdown the workers hold (inspect().scheduled())</source>
        <translation>工作进程持有的带 ETA 或倒计时的任务 (inspect().scheduled())</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="403"/>
        <source>Consumers</source>
        <translation>消费者</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="405"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="419"/>
        <location filename="../../../desktop/models.py" line="452"/>
        <source>in {duration}</source>
        <translation>{duration}后</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="420"/>
        <source>{duration} overdue</source>
        <translation>已逾期 {duration}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="426"/>
        <location filename="../../../desktop/models.py" line="845"/>
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="427"/>
        <location filename="../../../desktop/models.py" line="510"/>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="429"/>
        <location filename="../../../desktop/models.py" line="707"/>
        <location filename="../../../desktop/models.py" line="742"/>
        <source>Task id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="431"/>
        <location filename="../../../desktop/models.py" line="718"/>
        <location filename="../../../desktop/models.py" line="746"/>
        <location filename="../../../desktop/models.py" line="843"/>
        <source>Args</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="445"/>
        <location filename="../../../desktop/models.py" line="457"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="450"/>
        <source>due now</source>
        <translation>即将运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="459"/>
        <source>missed since {time}</source>
        <translation>自 {time} 起未运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="463"/>
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="465"/>
        <source>not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="483"/>
        <source>• nothing the console can see explains it</source>
        <translation>• 控制台看不到任何原因</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="486"/>
        <source>Due {time} and not run.
{reasons}</source>
        <translation>应于 {time} 运行，但未运行。
{reasons}</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="492"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="495"/>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="500"/>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="505"/>
        <source>Last run</source>
        <translation>上次运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="516"/>
        <source>Last seen run</source>
        <translation>最近看到的运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="522"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="524"/>
        <source>{source} (from the app)</source>
        <translation>{source}（来自应用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="549"/>
        <source>its clock is {seconds} s ahead</source>
        <translation>其时钟快 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="550"/>
        <source>its clock is {seconds} s behind</source>
        <translation>其时钟慢 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="559"/>
        <source>Last event</source>
        <translation>最近事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="563"/>
        <source>{duration} ago</source>
        <translation>{duration}前</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="569"/>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="571"/>
        <source>Processed</source>
        <translation>已处理</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="576"/>
        <source>Succeeded / failed</source>
        <translation>成功 / 失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="579"/>
        <source>tasks seen finishing on this worker through events, since the console started</source>
        <translation>自控制台启动以来，通过事件看到在此工作进程上结束的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="585"/>
        <source>Load</source>
        <translation>负载</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="589"/>
        <source>Pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="590"/>
        <source>Prefetch</source>
        <translation>预取</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="591"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="593"/>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="608"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="614"/>
        <source>In</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="650"/>
        <source>{count} failed task(s), {retried} of them after retries</source>
        <translation>{count} 个失败任务，其中 {retried} 个经过重试</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="653"/>
        <source>{count} failed task(s)</source>
        <translation>{count} 个失败任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="659"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="663"/>
        <source>Exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="664"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="668"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="670"/>
        <source>{message}

Ids, numbers and times are masked so that one bug makes one group.</source>
        <translation>{message}

ID、数字和时间已被屏蔽，使同一个缺陷归为一组。</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="675"/>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="681"/>
        <source>First seen</source>
        <translation>首次出现</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="687"/>
        <source>Last seen</source>
        <translation>最近出现</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="708"/>
        <location filename="../../../desktop/models.py" line="743"/>
        <location filename="../../../desktop/models.py" line="840"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="711"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="737"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="751"/>
        <source>Result / exception</source>
        <translation>结果 / 异常</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="780"/>
        <source>no online worker reports it</source>
        <translation>没有在线工作进程报告它</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="782"/>
        <source>not reported by a worker yet</source>
        <translation>尚无工作进程报告</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="795"/>
        <source>dead-lettered from {queue} ({reason}, {count} time(s))</source>
        <translation>死信，来自 {queue}（{reason}，{count} 次）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="798"/>
        <source>dead-lettered from {queue} ({reason})</source>
        <translation>死信，来自 {queue}（{reason}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="807"/>
        <source>its ETA ({eta}) is after the visibility timeout ({restore}): a worker&apos;s sweep will deliver it again before it runs, and it will run twice unless visibility_timeout is raised</source>
        <translation>其 ETA（{eta}）晚于可见性超时（{restore}）：工作进程的扫描会在它运行前再次投递它，除非调高 visibility_timeout，否则它会运行两次</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="827"/>
        <source>dead letter</source>
        <translation>死信</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="836"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="842"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="844"/>
        <source>Kwargs</source>
        <translation>关键字参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="847"/>
        <source>Expires</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="851"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="855"/>
        <source>Origin</source>
        <translation>来源主机</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="856"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="858"/>
        <source>Delivered</source>
        <translation>已投递</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="863"/>
        <source>Back in queue after</source>
        <translation>回到队列时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="867"/>
        <source>when a consuming worker&apos;s sweep puts it back (delivery + visibility_timeout)</source>
        <translation>消费它的工作进程扫描时会将其放回队列的时间（投递时间 + visibility_timeout）</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="875"/>
        <source>Held by</source>
        <translation>持有者</translation>
    </message>
    <message>
        <location filename="../../../desktop/models.py" line="878"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
</TS>
