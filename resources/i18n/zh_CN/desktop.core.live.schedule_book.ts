<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>schedule_book</name>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="134"/>
        <source>{count} from the app&apos;s beat_schedule (read-only: change them in the app&apos;s code)</source>
        <translation>{count} 个来自应用的 beat_schedule（只读：请在应用代码中修改）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="170"/>
        <source>beat ran in {zone}, the app says {app_zone}</source>
        <translation>beat 在 {zone} 时区运行，而应用设置为 {app_zone}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="174"/>
        <source>{count} in {path} (read-only; beat writes it every 3 minutes)</source>
        <translation>{path} 中有 {count} 个（只读；beat 每 3 分钟写入一次）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="194"/>
        <source>a beat holds RedBeat&apos;s lock</source>
        <translation>有 beat 持有 RedBeat 的锁</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="196"/>
        <source>no beat holds RedBeat&apos;s lock</source>
        <translation>没有 beat 持有 RedBeat 的锁</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="197"/>
        <source>no RedBeat scheduler is running (its lock is free)</source>
        <translation>没有运行中的 RedBeat 调度器（它的锁空闲）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="198"/>
        <source>{count} under {prefix}</source>
        <translation>{prefix} 下有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="215"/>
        <source>{count} in {database}</source>
        <translation>{database} 中有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="242"/>
        <source>no online worker has {task} registered</source>
        <translation>没有在线工作进程注册了 {task}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="251"/>
        <source>no online worker consumes queue {queue}: what beat sends there waits</source>
        <translation>没有在线工作进程消费队列 {queue}：beat 发到那里的任务会一直等待</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="260"/>
        <source>no {task} was seen sent or received since it was due (the events are on)</source>
        <translation>自应运行时间以来，未看到 {task} 被发送或接收（事件已开启）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="308"/>
        <source>{source} entries are read-only here</source>
        <translation>{source} 的定时任务在此处只读</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="312"/>
        <source>the entry changed meanwhile (beat ran it, or someone edited it): read again and retry</source>
        <translation>定时任务在此期间已改变（beat 运行了它，或有人编辑了它）：请重新读取后再试</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/schedule_book.py" line="354"/>
        <source>{error}: install it in the console&apos;s environment</source>
        <translation>{error}：请在控制台的环境中安装它</translation>
    </message>
</context>
</TS>
