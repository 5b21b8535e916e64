<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Console</name>
    <message>
        <location filename="../../../desktop/app/console.py" line="212"/>
        <source>refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="216"/>
        <source>send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="237"/>
        <source>terminate {count} task(s)</source>
        <translation>终止 {count} 个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="239"/>
        <source>revoke {count} task(s)</source>
        <translation>撤销 {count} 个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="242"/>
        <source>revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="247"/>
        <location filename="../../../desktop/app/console.py" line="280"/>
        <source>forget {count} task(s)</source>
        <translation>清除 {count} 个任务的结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="248"/>
        <location filename="../../../desktop/app/console.py" line="281"/>
        <source>forget</source>
        <translation>清除结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="253"/>
        <source>export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="271"/>
        <source>re-send {count} task(s)</source>
        <translation>重新发送 {count} 个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="274"/>
        <source>re-send</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="293"/>
        <source>read schedules</source>
        <translation>读取定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="297"/>
        <source>read schedule file</source>
        <translation>读取定时任务文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="303"/>
        <source>change schedule</source>
        <translation>更改定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="309"/>
        <source>delete the schedule entry {name}</source>
        <translation>删除定时任务 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="311"/>
        <source>delete schedule entry</source>
        <translation>删除定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="317"/>
        <source>read django-celery-beat</source>
        <translation>读取 django-celery-beat</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="329"/>
        <source>search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="345"/>
        <source>count saved views</source>
        <translation>统计已保存视图</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="378"/>
        <source>{action} all matches</source>
        <translation>{action}（全部匹配项）</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="438"/>
        <source>save schedule</source>
        <translation>保存定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="455"/>
        <source>inspect {method}</source>
        <translation>inspect {method}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="460"/>
        <source>shut the workers down</source>
        <translation>关闭工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="462"/>
        <source>worker command</source>
        <translation>工作进程命令</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="468"/>
        <source>enable events</source>
        <translation>启用事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="481"/>
        <source>purge the queue {name}</source>
        <translation>清空队列 {name}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="482"/>
        <source>purge</source>
        <translation>清空队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="486"/>
        <source>refresh queues</source>
        <translation>刷新队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="514"/>
        <source>read messages</source>
        <translation>读取消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="518"/>
        <source>read held messages</source>
        <translation>读取未确认的消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="523"/>
        <source>delete {count} message(s) from {queue}</source>
        <translation>从 {queue} 删除 {count} 条消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="527"/>
        <source>delete messages</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="532"/>
        <source>move messages</source>
        <translation>移动消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="537"/>
        <source>restore messages</source>
        <translation>恢复消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="543"/>
        <source>requeue dead letters</source>
        <translation>重新入队死信</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="551"/>
        <source>changing a queue&apos;s messages</source>
        <translation>更改队列中的消息</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="582"/>
        <source>send workflow</source>
        <translation>发送工作流</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="588"/>
        <location filename="../../../desktop/app/console.py" line="634"/>
        <source>sending</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="628"/>
        <location filename="../../../desktop/app/console.py" line="663"/>
        <source>re-sending, revoking, terminating and forgetting</source>
        <translation>重新发送、撤销、终止和清除结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="643"/>
        <source>re-sending and forgetting</source>
        <translation>重新发送和清除结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="650"/>
        <source>every worker command but ping</source>
        <translation>除 ping 以外的所有工作进程命令</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="655"/>
        <source>enabling events</source>
        <translation>启用事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="659"/>
        <source>purging</source>
        <translation>清空队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/console.py" line="669"/>
        <source>running and changing schedule entries</source>
        <translation>运行和更改定时任务</translation>
    </message>
</context>
</TS>
