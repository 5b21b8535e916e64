<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>control</name>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="70"/>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="72"/>
        <source>at least {minimum}</source>
        <translation>至少 {minimum}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="74"/>
        <source>at most {maximum}</source>
        <translation>至多 {maximum}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="87"/>
        <location filename="../../../desktop/core/cluster/control.py" line="89"/>
        <source>a number of seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="91"/>
        <source>more than 0 seconds (leave it empty for no limit)</source>
        <translation>大于 0 秒（留空表示不限制）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="106"/>
        <source>a positive rate like &quot;10/m&quot; (per s, m or h), or empty to remove the limit</source>
        <translation>正的速率，如 &quot;10/m&quot;（每 s、m 或 h），或留空以取消限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="118"/>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="122"/>
        <source>one of {names}</source>
        <translation>{names} 之一</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="144"/>
        <source>autoscale: give max, min or both</source>
        <translation>autoscale：请给出 max、min 或两者</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="147"/>
        <source>autoscale: min ({low}) must not be above max ({high})</source>
        <translation>autoscale：min（{low}）不能大于 max（{high}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="170"/>
        <source>time_limit: the soft limit ({soft} s) must be below the hard limit ({hard} s), which kills the task first</source>
        <translation>time_limit：软时间限制（{soft} 秒）必须短于硬时间限制（{hard} 秒），否则硬限制会先杀掉任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="182"/>
        <source>dotted module names</source>
        <translation>以点分隔的模块名</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="293"/>
        <source>{count} ok</source>
        <translation>{count} 个成功</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="295"/>
        <source>{count} failed</source>
        <translation>{count} 个失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="297"/>
        <source>{count} {no_reply}</source>
        <translation>{count} 个{no_reply}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="298"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="298"/>
        <source>no worker answered</source>
        <translation>没有工作进程应答</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="317"/>
        <source>this worker does not know the {command} command (an older Celery?)</source>
        <translation>此工作进程不认识 {command} 命令（Celery 版本较旧？）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="324"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="332"/>
        <source>sent; workers do not answer a shutdown: watch them go offline</source>
        <translation>已发送；工作进程不会应答关闭命令：请留意它们下线</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/control.py" line="416"/>
        <source>the worker command {command}</source>
        <translation>工作进程命令 {command}</translation>
    </message>
</context>
</TS>
