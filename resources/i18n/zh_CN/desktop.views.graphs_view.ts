<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GraphsView</name>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="81"/>
        <source>5 min</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="82"/>
        <source>15 min</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="83"/>
        <source>1 h</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="84"/>
        <source>6 h</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="85"/>
        <source>24 h</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="86"/>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="87"/>
        <source>90 days</source>
        <translation>90 天</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="373"/>
        <location filename="../../../desktop/views/graphs_view.py" line="553"/>
        <source>the whole cluster</source>
        <translation>整个集群</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="377"/>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="378"/>
        <source>Show the whole window again (or double-click a chart); the wheel zooms, a drag pans</source>
        <translation>重新显示整个时间窗口（或双击图表）；滚轮缩放，拖动平移</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="382"/>
        <location filename="../../../desktop/views/graphs_view.py" line="589"/>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="382"/>
        <location filename="../../../desktop/views/graphs_view.py" line="571"/>
        <source>tasks / s</source>
        <translation>任务数 / 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="383"/>
        <location filename="../../../desktop/views/graphs_view.py" line="627"/>
        <source>Queue depth and active tasks</source>
        <translation>队列深度与活动任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="383"/>
        <location filename="../../../desktop/views/graphs_view.py" line="627"/>
        <source>messages / tasks</source>
        <translation>消息数 / 任务数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="397"/>
        <source>Graphs</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="400"/>
        <source>Window:</source>
        <translation>时间窗口：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="402"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="409"/>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="478"/>
        <source>trends could not be read: {error}</source>
        <translation>无法读取趋势数据：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="555"/>
        <source>worker: {name}</source>
        <translation>工作进程：{name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="557"/>
        <source>task: {name}</source>
        <translation>任务：{name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="568"/>
        <source>in the last {window}</source>
        <translation>最近 {window}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="570"/>
        <source>from {start} to {end}</source>
        <translation>从 {start} 到 {end}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="574"/>
        <source>Processed by {worker}</source>
        <translation>{worker} 处理的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="577"/>
        <source>processed / s</source>
        <translation>已处理 / 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="579"/>
        <source>{where}: {count} processed by {worker}</source>
        <translation>{where}：{worker} 处理了 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="586"/>
        <source>Rate of {task}</source>
        <translation>{task} 的速率</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="591"/>
        <source>succeeded / s</source>
        <translation>成功 / 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="591"/>
        <source>failed / s</source>
        <translation>失败 / 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="594"/>
        <source> · failure rate {rate}</source>
        <translation> · 失败率 {rate}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="596"/>
        <source>{where}: {succeeded} succeeded · {failed} failed{rate}</source>
        <translation>{where}：成功 {succeeded} · 失败 {failed}{rate}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="607"/>
        <source>Active tasks and load of {worker}</source>
        <translation>{worker} 的活动任务与负载</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="608"/>
        <source>tasks / load</source>
        <translation>任务数 / 负载</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="612"/>
        <location filename="../../../desktop/views/graphs_view.py" line="628"/>
        <source>active tasks</source>
        <translation>活动任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="613"/>
        <source>load (1 min)</source>
        <translation>负载（1 分钟）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="620"/>
        <source>Runtime of {task}</source>
        <translation>{task} 的运行时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="620"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="631"/>
        <source>queue {name}</source>
        <translation>队列 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="667"/>
        <source>no task succeeded in this window this session (from task events; the kept p50 and p95: Show a task)</source>
        <translation>本次会话在此时间窗口内没有成功的任务（来自任务事件；保存的 p50 和 p95：在“显示”中选择一个任务）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="671"/>
        <source>last {count} runs · p50 {p50} · p90 {p90} · p99 {p99} · max {max}</source>
        <translation>最近 {count} 次运行 · p50 {p50} · p90 {p90} · p99 {p99} · 最大 {max}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="673"/>
        <source>{count} runs · p50 {p50} · p90 {p90} · p99 {p99} · max {max}</source>
        <translation>{count} 次运行 · p50 {p50} · p90 {p90} · p99 {p99} · 最大 {max}</translation>
    </message>
</context>
<context>
    <name>_RuntimeChart</name>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="311"/>
        <source>Runtime distribution</source>
        <translation>运行时间分布</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/graphs_view.py" line="315"/>
        <location filename="../../../desktop/views/graphs_view.py" line="322"/>
        <source>tasks</source>
        <translation>任务数</translation>
    </message>
</context>
</TS>
