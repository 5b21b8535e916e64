<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>alert_rules</name>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="40"/>
        <source>Task reaches a state</source>
        <translation>任务进入某个状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="41"/>
        <source>Task runs longer than N s</source>
        <translation>任务运行超过 N 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="42"/>
        <source>Task retried more than N times</source>
        <translation>任务重试超过 N 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="43"/>
        <source>Task fails more than N times a minute</source>
        <translation>任务每分钟失败超过 N 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="44"/>
        <source>Queue longer than N for M minutes</source>
        <translation>队列长度超过 N 持续 M 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="45"/>
        <source>Worker offline for N s</source>
        <translation>工作进程离线 N 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="46"/>
        <source>Schedule run missed</source>
        <translation>定时任务错过运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="97"/>
        <source>not a rule</source>
        <translation>不是一条规则</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="102"/>
        <source>{key} is not a number</source>
        <translation>{key} 不是数字</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="127"/>
        <source>{rule} · quiet {span}</source>
        <translation>{rule} · 静默 {span}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="131"/>
        <source>{pattern} reaches {state}</source>
        <translation>{pattern} 进入 {state}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="132"/>
        <source>{pattern} runs over {n} s</source>
        <translation>{pattern} 运行超过 {n} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="133"/>
        <source>{pattern} retried over {n} times</source>
        <translation>{pattern} 重试超过 {n} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="134"/>
        <source>{pattern} fails over {n} times a minute</source>
        <translation>{pattern} 每分钟失败超过 {n} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="135"/>
        <source>queue {pattern} over {n} messages for {minutes} min</source>
        <translation>队列 {pattern} 超过 {n} 条消息持续 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="136"/>
        <source>worker {pattern} offline for {n} s</source>
        <translation>工作进程 {pattern} 离线 {n} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="137"/>
        <source>schedule {pattern} misses a run</source>
        <translation>定时任务 {pattern} 错过一次运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="154"/>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="773"/>
        <source>{count} s</source>
        <translation>{count} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="156"/>
        <source>{count} min</source>
        <translation>{count} 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="158"/>
        <source>{count} h</source>
        <translation>{count} 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="166"/>
        <source>a rule needs a name</source>
        <translation>规则需要一个名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="168"/>
        <source>a rule&apos;s name is at most {max} characters</source>
        <translation>规则名称最多 {max} 个字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="170"/>
        <source>unknown kind {kind}: one of {kinds}</source>
        <translation>未知类型 {kind}：应为 {kinds} 之一</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="178"/>
        <source>at most {max} characters</source>
        <translation>最多 {max} 个字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="180"/>
        <source>{state} is not a state: one of {states} (or a custom state in capitals)</source>
        <translation>{state} 不是状态：应为 {states} 之一（或全大写的自定义状态）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="185"/>
        <source>seconds must be a number above 0</source>
        <translation>秒数必须是大于 0 的数字</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="187"/>
        <source>N must be a number, 0 or more</source>
        <translation>N 必须是大于或等于 0 的数字</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="189"/>
        <source>N must be a whole number</source>
        <translation>N 必须是整数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="191"/>
        <source>minutes must be a number from 0 to 1,440</source>
        <translation>分钟数必须是 0 到 1,440 之间的数字</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="193"/>
        <source>the quiet period is 0 to 24 hours (1,440 min)</source>
        <translation>静默期为 0 到 24 小时（1,440 分钟）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="197"/>
        <source>give a task name or a glob (* for any)</source>
        <translation>请填写任务名称或通配符（* 表示任意）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="199"/>
        <source>give a queue or a glob (* for any)</source>
        <translation>请填写队列或通配符（* 表示任意）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="200"/>
        <source>give a worker or a glob (* for any)</source>
        <translation>请填写工作进程或通配符（* 表示任意）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="201"/>
        <source>give a schedule entry or a glob (* for any)</source>
        <translation>请填写定时任务或通配符（* 表示任意）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="236"/>
        <source>{text} is not a number of minutes</source>
        <translation>{text} 不是分钟数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="238"/>
        <source>{text} is not a number</source>
        <translation>{text} 不是数字</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="351"/>
        <source>{subject} failed</source>
        <translation>{subject} 失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="352"/>
        <source>{subject} succeeded</source>
        <translation>{subject} 成功</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="353"/>
        <source>{subject} was retried</source>
        <translation>{subject} 已重试</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="354"/>
        <source>{subject} was revoked</source>
        <translation>{subject} 已撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="355"/>
        <source>{subject} was rejected</source>
        <translation>{subject} 被拒绝</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="356"/>
        <source>{subject} started</source>
        <translation>{subject} 已开始</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="357"/>
        <source>{subject} was received</source>
        <translation>{subject} 已接收</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="372"/>
        <source>{subject} reached {state}</source>
        <translation>{subject} 进入 {state}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="373"/>
        <source>{title} {count} times in {span}</source>
        <translation>{title}（{span}内 {count} 次）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="376"/>
        <source>{subject} ran over {n} s</source>
        <translation>{subject} 运行超过 {n} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="377"/>
        <source>{subject}: {count} runs over {n} s in {span}</source>
        <translation>{subject}：{span}内 {count} 次运行超过 {n} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="381"/>
        <source>{subject} retried over {n} times</source>
        <translation>{subject} 重试超过 {n} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="382"/>
        <source>{subject}: {count} tasks retried over {n} times in {span}</source>
        <translation>{subject}：{span}内 {count} 个任务重试超过 {n} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="386"/>
        <source>{subject} failed over {n} times a minute</source>
        <translation>{subject} 每分钟失败超过 {n} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="387"/>
        <source>{subject} failed {count} times in {span} (over {n} a minute)</source>
        <translation>{subject} 在{span}内失败 {count} 次（每分钟超过 {n} 次）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="390"/>
        <source>queue {subject} over {n} messages for {minutes} min</source>
        <translation>队列 {subject} 超过 {n} 条消息持续 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="393"/>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="396"/>
        <source>{title}, {count} times in {span}</source>
        <translation>{title}，{span}内 {count} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="395"/>
        <source>worker {subject} offline for over {n} s</source>
        <translation>工作进程 {subject} 离线超过 {n} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="398"/>
        <source>schedule {subject} missed a run</source>
        <translation>定时任务 {subject} 错过一次运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="399"/>
        <source>schedule {subject} missed {count} runs in {span}</source>
        <translation>定时任务 {subject} 在{span}内错过 {count} 次运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="434"/>
        <source>1 retry</source>
        <translation>重试 1 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="434"/>
        <source>{count} retries</source>
        <translation>重试 {count} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="436"/>
        <source>1 failure in the last minute</source>
        <translation>最近一分钟失败 1 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="437"/>
        <source>{count} failures in the last minute</source>
        <translation>最近一分钟失败 {count} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="440"/>
        <source>1 message waiting</source>
        <translation>1 条消息等待中</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="441"/>
        <source>{count} messages waiting</source>
        <translation>{count} 条消息等待中</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="547"/>
        <source>took {seconds} s</source>
        <translation>耗时 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="571"/>
        <source>running for {seconds} s</source>
        <translation>已运行 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="601"/>
        <source>offline for {seconds} s</source>
        <translation>已离线 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="609"/>
        <source>{task} was due at {due}</source>
        <translation>{task} 应于 {due} 运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="660"/>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="665"/>
        <source>under 1 s</source>
        <translation>不到 1 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="668"/>
        <source>rule {rule}</source>
        <translation>规则 {rule}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="670"/>
        <source>{detail} · rule {rule}</source>
        <translation>{detail} · 规则 {rule}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="672"/>
        <source>latest: {detail} · rule {rule}</source>
        <translation>最近一次：{detail} · 规则 {rule}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="714"/>
        <source>would not fire now: no task in the window {what}</source>
        <translation>现在不会触发：窗口中没有{what}的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="719"/>
        <source>{names} and {count} more</source>
        <translation>{names} 等另外 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="721"/>
        <source>would fire: 1 task matched ({names})</source>
        <translation>会触发：匹配 1 个任务（{names}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="723"/>
        <source>would fire: {count} tasks matched ({names})</source>
        <translation>会触发：匹配 {count} 个任务（{names}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="730"/>
        <source>matching {pattern} is {state}</source>
        <translation>匹配 {pattern} 且状态为 {state}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="740"/>
        <source>matching {pattern} ran over {n} s</source>
        <translation>匹配 {pattern} 且运行超过 {n} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="743"/>
        <source>matching {pattern} retried over {n} times</source>
        <translation>匹配 {pattern} 且重试超过 {n} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="752"/>
        <source>would fire: {name} failed {count} times in the last minute</source>
        <translation>会触发：{name} 在最近一分钟失败 {count} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="755"/>
        <source>would not fire now: at most {count} failures in the last minute (over {n} fires)</source>
        <translation>现在不会触发：最近一分钟最多失败 {count} 次（超过 {n} 次才触发）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="761"/>
        <source>would not fire now: {count} queue(s) match, none over {n} messages</source>
        <translation>现在不会触发：{count} 个队列匹配，没有一个超过 {n} 条消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="765"/>
        <source>would fire if it lasts {minutes} min: over {n} now: {queues}</source>
        <translation>若持续 {minutes} 分钟则会触发：当前超过 {n}：{queues}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="767"/>
        <source>would fire: over {n} now: {queues}</source>
        <translation>会触发：当前超过 {n}：{queues}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="780"/>
        <source>would fire: offline for over {n} s: {workers}</source>
        <translation>会触发：离线超过 {n} 秒：{workers}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="783"/>
        <source>would not fire yet: {count} worker(s) offline for less than {n} s</source>
        <translation>暂不会触发：{count} 个工作进程离线不到 {n} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="785"/>
        <source>would not fire now: {count} known worker(s) match, all online</source>
        <translation>现在不会触发：{count} 个已知工作进程匹配，全部在线</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="790"/>
        <source>would fire: {count} missed run(s): {entries}</source>
        <translation>会触发：错过 {count} 次运行：{entries}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/alert_rules.py" line="794"/>
        <source>would not fire now: no schedule entry read has a missed run (the Schedules tab reads them)</source>
        <translation>现在不会触发：已读取的定时任务都没有错过运行（“定时任务”标签页会读取它们）</translation>
    </message>
</context>
</TS>
