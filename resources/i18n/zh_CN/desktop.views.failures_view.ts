<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FailuresView</name>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="34"/>
        <source>No failed tasks yet. Failures of tasks you send or see in events are grouped here by cause.</source>
        <translation>还没有失败的任务。你发送的任务或在事件中看到的任务一旦失败，会按原因分组显示在这里。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="37"/>
        <source>A group gathers the failures of one task with the same exception and message (ids, numbers and times masked). From a group: list its tasks, re-send them all with the same arguments, forget them, or copy a report for a ticket.</source>
        <translation>一个分组汇集同一任务中异常类型和消息相同的失败（ID、数字和时间已屏蔽）。对一个分组，你可以：列出其任务、用相同参数全部重新发送、清除结果，或复制一份报告用于提交工单。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="99"/>
        <source>&lt;b&gt;Failures&lt;/b&gt;</source>
        <translation>&lt;b&gt;失败&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="108"/>
        <source>Double-click a task to open it in Calls &amp; results</source>
        <translation>双击任务可在“调用与结果”中打开</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="113"/>
        <source>Re-send all (same args)</source>
        <translation>全部重新发送（相同参数）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="115"/>
        <source>Send every task of this group again: same task, arguments and options, new task ids</source>
        <translation>重新发送此分组中的每个任务：相同的任务、参数和选项，新的任务 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="117"/>
        <source>Forget all…</source>
        <translation>全部清除结果…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="119"/>
        <source>Delete the results of every task of this group from the backend, and stop showing them</source>
        <translation>从结果后端删除此分组中每个任务的结果，并不再显示它们</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="121"/>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="122"/>
        <source>Copy a plain-text report of this group (for a ticket) to the clipboard</source>
        <translation>将此分组的纯文本报告（用于工单）复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="206"/>
        <source>{groups} group(s) · {failed} failed task(s)</source>
        <translation>{groups} 个分组 · {failed} 个失败任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="242"/>
        <source>Select a group to list its tasks.</source>
        <translation>选择一个分组以列出其任务。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="245"/>
        <source>({count} after retries)</source>
        <translation>（其中 {count} 个经过重试）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="247"/>
        <source>on {workers}</source>
        <translation>位于 {workers}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="251"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="252"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="253"/>
        <source>{count} failure(s)</source>
        <translation>{count} 次失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="264"/>
        <source>&lt;b&gt;Traceback&lt;/b&gt; of {task_id}</source>
        <translation>{task_id} 的&lt;b&gt;回溯&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="266"/>
        <source>(no traceback recorded for this task)</source>
        <translation>（此任务没有记录回溯）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="268"/>
        <source>&lt;b&gt;Sample traceback&lt;/b&gt; (the newest failure that has one)</source>
        <translation>&lt;b&gt;示例回溯&lt;/b&gt;（取自最近一次有回溯的失败）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="269"/>
        <source>(no traceback recorded for this group)</source>
        <translation>（此分组没有记录回溯）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="271"/>
        <source>&lt;b&gt;Traceback&lt;/b&gt;</source>
        <translation>&lt;b&gt;回溯&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="295"/>
        <source>Re-send failures</source>
        <translation>重新发送失败的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="312"/>
        <source>Forget failures</source>
        <translation>清除失败任务的结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="314"/>
        <source>Delete the stored results of the {count} failed task(s) in this group from the result backend, and stop showing them?</source>
        <translation>从结果后端删除此分组中 {count} 个失败任务已存储的结果，并不再显示它们？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="318"/>
        <source>This cannot be undone.</source>
        <translation>此操作无法撤消。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/failures_view.py" line="331"/>
        <source>report on {count} failure(s) copied</source>
        <translation>已复制关于 {count} 次失败的报告</translation>
    </message>
</context>
</TS>
