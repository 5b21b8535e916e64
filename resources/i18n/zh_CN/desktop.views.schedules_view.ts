<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SchedulesView</name>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="59"/>
        <source>beat&apos;s schedule file (celerybeat-schedule): the app&apos;s beat_schedule_filename when empty</source>
        <translation>beat 的计划文件 (celerybeat-schedule)：留空时使用应用的 beat_schedule_filename</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="61"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="64"/>
        <source>django-celery-beat&apos;s database: {examples}</source>
        <translation>django-celery-beat 的数据库：{examples}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="69"/>
        <source>Its password is shown masked once entered; the console keeps it for this window only</source>
        <translation>输入后密码以掩码显示；控制台只在此窗口中保留它</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="71"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="72"/>
        <source>Run now…</source>
        <translation>立即运行…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="74"/>
        <source>Open the call form filled with this entry&apos;s task, arguments and options; Send sends that call</source>
        <translation>打开调用表单，并填入此定时任务的任务、参数和选项；点击“发送”即发出该调用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="76"/>
        <location filename="../../../desktop/views/schedules_view.py" line="196"/>
        <location filename="../../../desktop/views/schedules_view.py" line="202"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="77"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="78"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="79"/>
        <source>A new RedBeat entry (needs RedBeat on this Redis)</source>
        <translation>新建 RedBeat 定时任务（需要此 Redis 上有 RedBeat）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="81"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="91"/>
        <source>&lt;b&gt;Schedules&lt;/b&gt;</source>
        <translation>&lt;b&gt;定时任务&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="101"/>
        <source>Schedule file:</source>
        <translation>计划文件：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="104"/>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="170"/>
        <source>{source} not read: {reason}</source>
        <translation>{source} 未读取：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="174"/>
        <source>No periodic entries found: start with -A to read the app&apos;s beat_schedule, choose beat&apos;s schedule file, or use RedBeat</source>
        <translation>未找到定时任务：用 -A 启动以读取应用的 beat_schedule，或选择 beat 的计划文件，或使用 RedBeat</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="185"/>
        <source>1 entry</source>
        <translation>1 个定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="185"/>
        <source>{count} entries</source>
        <translation>{count} 个定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="186"/>
        <source>{count} missed</source>
        <translation>{count} 个错过</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="198"/>
        <source>Select an entry to see its next runs, its arguments and what the console sees of it.</source>
        <translation>选择一个定时任务，查看它接下来的运行时间、参数，以及控制台看到的相关情况。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="202"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="206"/>
        <source>Schedule: {schedule}   as written: {written}   time zone: {zone}</source>
        <translation>计划：{schedule}   原始写法：{written}   时区：{zone}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="207"/>
        <source>the app’s</source>
        <translation>应用的时区</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="209"/>
        <source>Args: {args}   kwargs: {kwargs}   options: {options}</source>
        <translation>位置参数：{args}   关键字参数：{kwargs}   选项：{options}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="212"/>
        <source>Last run: {when}</source>
        <translation>上次运行：{when}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="212"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="214"/>
        <source>   runs: {count}</source>
        <translation>   运行次数：{count}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="218"/>
        <source>Next runs: {when}</source>
        <translation>接下来的运行：{when}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="220"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="220"/>
        <source>none known</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="225"/>
        <source>Runs seen (events and history): {runs}</source>
        <translation>看到的运行（事件和历史）：{runs}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="228"/>
        <source>Runs seen (events and history): no {task} among the tasks the console holds or kept</source>
        <translation>看到的运行（事件和历史）：控制台持有或保存的任务中没有 {task}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="234"/>
        <source>Due times and what ran:</source>
        <translation>应运行时间与实际运行：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="237"/>
        <source>{state} at {when}</source>
        <translation>{when} {state}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="239"/>
        <source>nothing seen</source>
        <translation>未看到运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="242"/>
        <source>Note: {note}</source>
        <translation>备注：{note}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="244"/>
        <source>Missed: due {when} and not run.</source>
        <translation>错过：应于 {when} 运行，但未运行。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="245"/>
        <source>nothing the console can see explains it</source>
        <translation>控制台看不到任何原因</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="249"/>
        <source>From the app&apos;s beat_schedule: RedBeat writes it again when beat starts, so a change here lasts until then.</source>
        <translation>来自应用的 beat_schedule：beat 启动时 RedBeat 会重新写入它，因此在这里的修改只保持到那时。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="253"/>
        <source>Read-only here ({source}).</source>
        <translation>此处只读（{source}）。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="267"/>
        <source>Beat&apos;s schedule file</source>
        <translation>beat 的计划文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="267"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="284"/>
        <source>Enable schedule entry</source>
        <translation>启用定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="285"/>
        <source>Enable the {source} entry “{name}” ({task}, {schedule})?</source>
        <translation>启用 {source} 定时任务“{name}”（{task}，{schedule}）？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="286"/>
        <source>Beat sends it again from its next due time.</source>
        <translation>beat 会从下一个应运行时间起重新发送它。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="288"/>
        <source>Disable schedule entry</source>
        <translation>停用定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="289"/>
        <source>Disable the {source} entry “{name}” ({task}, {schedule})?</source>
        <translation>停用 {source} 定时任务“{name}”（{task}，{schedule}）？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="290"/>
        <source>Beat stops sending it at its next tick.</source>
        <translation>beat 会在下一次 tick 时停止发送它。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="306"/>
        <source>It comes from the app&apos;s beat_schedule: RedBeat writes it again when beat next starts.</source>
        <translation>它来自应用的 beat_schedule：beat 下次启动时 RedBeat 会重新写入它。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="310"/>
        <source>Delete the {source} entry “{name}” ({task}, {schedule})?</source>
        <translation>删除 {source} 定时任务“{name}”（{task}，{schedule}）？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="318"/>
        <source>Delete schedule entry</source>
        <translation>删除定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/schedules_view.py" line="319"/>
        <source>Beat stops sending it at its next tick. This cannot be undone.</source>
        <translation>beat 会在下一次 tick 时停止发送它。此操作无法撤消。</translation>
    </message>
</context>
</TS>
