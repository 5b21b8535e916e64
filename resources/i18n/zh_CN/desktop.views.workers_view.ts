<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>WorkersView</name>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="41"/>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="42"/>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="43"/>
        <source>Scheduled</source>
        <translation>已计划</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="44"/>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="45"/>
        <source>Registered</source>
        <translation>已注册</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="46"/>
        <source>Stats</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="47"/>
        <source>Conf</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="48"/>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="51"/>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="52"/>
        <source>Pool: grow</source>
        <translation>进程池：扩大</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="53"/>
        <source>Pool: shrink</source>
        <translation>进程池：缩小</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="54"/>
        <source>Autoscale</source>
        <translation>自动伸缩</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="55"/>
        <source>Add consumer</source>
        <translation>添加消费者</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="56"/>
        <source>Cancel consumer</source>
        <translation>取消消费者</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="57"/>
        <source>Task rate limit</source>
        <translation>任务速率限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="58"/>
        <source>Task time limits</source>
        <translation>任务时间限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="59"/>
        <location filename="../../../desktop/views/workers_view.py" line="129"/>
        <source>Enable events</source>
        <translation>启用事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="60"/>
        <source>Disable events</source>
        <translation>停用事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="61"/>
        <source>Pool restart</source>
        <translation>重启进程池</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="62"/>
        <source>Shut down</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="66"/>
        <source>most processes</source>
        <translation>最多进程数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="67"/>
        <source>fewest processes</source>
        <translation>最少进程数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="68"/>
        <source>queue name</source>
        <translation>队列名</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="69"/>
        <source>(optional) exchange</source>
        <translation>（可选）交换机</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="71"/>
        <source>(optional) routing key</source>
        <translation>（可选）路由键</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="73"/>
        <source>10/m (empty: no limit)</source>
        <translation>10/m（留空：不限制）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="74"/>
        <location filename="../../../desktop/views/workers_view.py" line="75"/>
        <source>seconds (empty: none)</source>
        <translation>秒（留空：无）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="76"/>
        <source>(optional) modules to reload, comma-separated</source>
        <translation>（可选）要重新加载的模块，以逗号分隔</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="81"/>
        <source>n</source>
        <translation>数量 (n)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="82"/>
        <source>max</source>
        <translation>最大 (max)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="83"/>
        <source>min</source>
        <translation>最小 (min)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="84"/>
        <source>queue</source>
        <translation>队列 (queue)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="85"/>
        <source>exchange</source>
        <translation>交换机 (exchange)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="86"/>
        <source>exchange type</source>
        <translation>交换机类型 (exchange_type)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="87"/>
        <source>routing key</source>
        <translation>路由键 (routing_key)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="88"/>
        <source>task name</source>
        <translation>任务名 (task_name)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="89"/>
        <source>rate limit</source>
        <translation>速率限制 (rate_limit)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="90"/>
        <source>soft</source>
        <translation>软限制 (soft)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="91"/>
        <source>hard</source>
        <translation>硬限制 (hard)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="92"/>
        <source>modules</source>
        <translation>模块 (modules)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="93"/>
        <source>reload</source>
        <translation>重新加载 (reload)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="130"/>
        <source>Ask the silent workers to send task events (control.enable_events)</source>
        <translation>要求没有发送事件的工作进程发送任务事件 (control.enable_events)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="156"/>
        <location filename="../../../desktop/views/workers_view.py" line="267"/>
        <source>select a worker</source>
        <translation>请选择一个工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="171"/>
        <source>Selected workers</source>
        <translation>所选工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="172"/>
        <source>All workers</source>
        <translation>所有工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="174"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="190"/>
        <source>&lt;b&gt;Control&lt;/b&gt;</source>
        <translation>&lt;b&gt;远程控制&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="216"/>
        <source>&lt;b&gt;Workers&lt;/b&gt;</source>
        <translation>&lt;b&gt;工作进程&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="269"/>
        <source>asking {workers}…</source>
        <translation>正在询问 {workers}…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="283"/>
        <source>{worker} answered; waiting for the others…</source>
        <translation>{worker} 已应答；正在等待其余工作进程…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="292"/>
        <source>failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="296"/>
        <source>no worker asked</source>
        <translation>未询问任何工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="316"/>
        <source>No events from {workers}: tasks others send and live worker figures cannot be seen. Start workers with -E (worker_send_task_events), or enable events now.</source>
        <translation>没有收到来自 {workers} 的事件：看不到别人发送的任务，也看不到工作进程的实时数据。请用 -E (worker_send_task_events) 启动工作进程，或现在就启用事件。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="336"/>
        <source>{setting}: off on {workers}</source>
        <translation>{setting}：在 {workers} 上关闭</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="339"/>
        <source>{setting}: not reported</source>
        <translation>{setting}：未报告</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="341"/>
        <source>Settings for a complete picture: </source>
        <translation>获得完整视图所需的设置：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="351"/>
        <source>{online} online of {total} · {active} tasks running</source>
        <translation>{online}/{total} 在线 · {active} 个任务正在运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="409"/>
        <source>every worker</source>
        <translation>所有工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="412"/>
        <source>Shut down workers</source>
        <translation>关闭工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="414"/>
        <source>Shut down {workers}?

A worker that shuts down stops taking tasks and exits; only whatever started it (systemd, supervisor, a container) can bring it back.</source>
        <translation>关闭 {workers}？

关闭的工作进程会停止接收任务并退出；只有启动它的程序（systemd、supervisor、容器）才能让它重新运行。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="422"/>
        <source>sending {command}…</source>
        <translation>正在发送 {command}…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workers_view.py" line="430"/>
        <source>no reply from {workers}</source>
        <translation>{workers} 没有回复</translation>
    </message>
</context>
</TS>
