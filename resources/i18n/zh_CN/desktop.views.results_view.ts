<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="49"/>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="50"/>
        <source>Last 5 min</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="51"/>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="52"/>
        <source>Last 24 h</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="53"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="272"/>
        <location filename="../../../desktop/views/results_view.py" line="435"/>
        <source>My tasks</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="278"/>
        <location filename="../../../desktop/views/results_view.py" line="435"/>
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="281"/>
        <source>Show every task any program sends (seen through events, and by subscribing to every result key); off: only the tasks this console sent or tracked</source>
        <translation>显示任何程序发送的每个任务（通过事件看到的，以及订阅每个结果键得到的）；关闭时：仅显示本控制台发送或跟踪的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="288"/>
        <source>Track ids…</source>
        <translation>跟踪 ID…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="288"/>
        <source>Follow tasks other programs sent, by id</source>
        <translation>按 ID 跟踪其他程序发送的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="291"/>
        <source>Paste ids…</source>
        <translation>粘贴 ID…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="292"/>
        <source>Import ids from a file…</source>
        <translation>从文件导入 ID…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="296"/>
        <source>Re-send</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="296"/>
        <source>Open the call form with this call&apos;s exact arguments and options</source>
        <translation>用这次调用的原样参数和选项打开调用表单</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="299"/>
        <location filename="../../../desktop/views/results_view.py" line="571"/>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="300"/>
        <source>Revoke: workers discard the task if it has not started</source>
        <translation>撤销：如果任务尚未开始，工作进程会丢弃它</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="304"/>
        <location filename="../../../desktop/views/results_view.py" line="598"/>
        <source>Terminate</source>
        <translation>终止</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="304"/>
        <source>Revoke and kill the process running it</source>
        <translation>撤销并杀死正在运行它的进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="308"/>
        <location filename="../../../desktop/views/results_view.py" line="601"/>
        <source>with {signal}</source>
        <translation>使用 {signal}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="312"/>
        <location filename="../../../desktop/views/results_view.py" line="581"/>
        <source>Forget</source>
        <translation>清除结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="312"/>
        <source>Delete the results from the backend and stop showing them</source>
        <translation>从结果后端删除结果，并不再显示</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="314"/>
        <source>Copy id</source>
        <translation>复制 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="314"/>
        <source>Copy the selected task ids</source>
        <translation>复制所选任务的 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="316"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="317"/>
        <source>Save the selected tasks (or, with none selected, every row shown) to CSV or JSON</source>
        <translation>将所选任务（未选择时为显示的每一行）保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="321"/>
        <location filename="../../../desktop/views/results_view.py" line="604"/>
        <location filename="../../../desktop/views/results_view.py" line="631"/>
        <location filename="../../../desktop/views/results_view.py" line="639"/>
        <source>Watch</source>
        <translation>关注</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="321"/>
        <source>Get a desktop notification when the selected tasks or workflows end</source>
        <translation>所选任务或工作流结束时发出桌面通知</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="326"/>
        <source>Watch selected</source>
        <translation>关注所选</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="327"/>
        <source>Stop watching selected</source>
        <translation>取消关注所选</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="329"/>
        <source>Watch everything I send</source>
        <translation>关注我发送的一切</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="332"/>
        <source>Every task and workflow sent from this console from now on notifies when it ends</source>
        <translation>从现在起，本控制台发送的每个任务和工作流结束时都会通知</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="364"/>
        <source>Search args, kwargs, result…</source>
        <translation>搜索参数、关键字参数、结果…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="364"/>
        <source>Text anywhere in the arguments or the result</source>
        <translation>参数或结果中任意位置的文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="366"/>
        <source>Task name</source>
        <translation>任务名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="366"/>
        <source>Part of the task name</source>
        <translation>任务名称的一部分</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="370"/>
        <source>Any state</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="371"/>
        <source>Only tasks in this state</source>
        <translation>仅显示处于此状态的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="374"/>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="374"/>
        <source>Part of the worker&apos;s hostname</source>
        <translation>工作进程主机名的一部分</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="375"/>
        <source>Id prefix</source>
        <translation>ID 前缀</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="375"/>
        <source>The first characters of the task id</source>
        <translation>任务 ID 的开头字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="381"/>
        <source>Tasks sent (or started, or finished) within this time</source>
        <translation>在此时间内发送（或开始、或结束）的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="384"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="384"/>
        <source>Show every row again</source>
        <translation>重新显示所有行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="437"/>
        <source>({shown} of {total} match)</source>
        <translation>（共 {total} 个，匹配 {shown} 个）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="439"/>
        <source>({shown})</source>
        <translation>（{shown}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="517"/>
        <source>Track tasks by id</source>
        <translation>按 ID 跟踪任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="517"/>
        <source>Task ids (one per line, or separated by spaces or commas):</source>
        <translation>任务 ID（每行一个，或以空格、逗号分隔）：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="524"/>
        <source>Track the tasks in a file</source>
        <translation>跟踪文件中的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="524"/>
        <source>Task ids (*.txt *.csv *.json);;All files (*)</source>
        <translation>任务 ID (*.txt *.csv *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="533"/>
        <location filename="../../../desktop/views/results_view.py" line="536"/>
        <source>Import ids</source>
        <translation>导入 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="536"/>
        <source>No task ids found in {file}.</source>
        <translation>在 {file} 中未找到任务 ID。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="548"/>
        <source>Export {count} task(s)</source>
        <translation>导出 {count} 个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="566"/>
        <source>Terminate {count} task(s) with {signal}?</source>
        <translation>使用 {signal} 终止 {count} 个任务？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="567"/>
        <source>The worker process running each task is killed.</source>
        <translation>运行各个任务的工作进程将被杀死。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="569"/>
        <source>Revoke {count} tasks?</source>
        <translation>撤销 {count} 个任务？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="570"/>
        <source>Workers discard them if they have not started.</source>
        <translation>如果它们尚未开始，工作进程会丢弃它们。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="582"/>
        <source>Delete the stored results of {count} task(s) and stop showing them?</source>
        <translation>删除 {count} 个任务已存储的结果，并不再显示它们？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="604"/>
        <source>Stop watching</source>
        <translation>取消关注</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="631"/>
        <location filename="../../../desktop/views/results_view.py" line="639"/>
        <source>Watching all I send</source>
        <translation>正在关注我发送的一切</translation>
    </message>
</context>
<context>
    <name>_WatchedMark</name>
    <message>
        <location filename="../../../desktop/views/results_view.py" line="154"/>
        <source>Watched: a desktop notification when it ends</source>
        <translation>已关注：结束时发出桌面通知</translation>
    </message>
</context>
</TS>
