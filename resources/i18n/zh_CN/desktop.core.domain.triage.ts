<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>triage</name>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="242"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="252"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="258"/>
        <source>Task: {task}</source>
        <translation>任务：{task}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="258"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="259"/>
        <source>Exception: {type}</source>
        <translation>异常：{type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="260"/>
        <source>Message: {message}</source>
        <translation>消息：{message}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="256"/>
        <source>Count: {count}</source>
        <translation>次数：{count}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="254"/>
        <source>Count: {count} ({retried} after retries)</source>
        <translation>次数：{count}（{retried} 个经过重试）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="262"/>
        <source>First seen: {moment}</source>
        <translation>首次出现：{moment}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="263"/>
        <source>Last seen: {moment}</source>
        <translation>最近出现：{moment}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="264"/>
        <source>Workers: {workers}</source>
        <translation>工作进程：{workers}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="265"/>
        <source>Task ids:</source>
        <translation>任务 ID：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="276"/>
        <source>retries {count}</source>
        <translation>重试 {count} 次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="279"/>
        <source>… and {count} more</source>
        <translation>… 还有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="281"/>
        <source>Sample traceback:</source>
        <translation>示例回溯：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="282"/>
        <source>(none recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="286"/>
        <source>A rebuilt call is what the result backend recorded for the task (its name, args and kwargs), not a call this console sent: whoever can write to the backend chooses it.</source>
        <translation>重建的调用是结果后端为该任务记录的内容（名称、args 和 kwargs），而不是本控制台发送的调用：能写入结果后端的任何人都可以决定它。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="295"/>
        <source>Rebuilt from the result backend&apos;s record of {task_id}. {rebuilt} Check it before sending.</source>
        <translation>根据结果后端中 {task_id} 的记录重建。{rebuilt}发送前请检查。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="330"/>
        <source>and {count} more</source>
        <translation>以及另外 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="331"/>
        <source>Send {count} task(s) again, with the same arguments and options (new task ids)?</source>
        <translation>以相同的参数和选项重新发送 {count} 个任务（使用新的任务 ID）？</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="335"/>
        <source>Task name(s), {count}: {names}</source>
        <translation>任务名称（{count} 个）：{names}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="336"/>
        <source>Calls this console sent: {count}</source>
        <translation>本控制台发送的调用：{count}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="337"/>
        <source>Calls rebuilt from the result backend: {count}</source>
        <translation>根据结果后端重建的调用：{count}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="340"/>
        <source>{rebuilt} Check the tasks of the group before sending.</source>
        <translation>{rebuilt}发送前请检查该分组中的任务。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/triage.py" line="343"/>
        <source>Not re-sent, their arguments are unknown: {count}</source>
        <translation>参数未知、不会重新发送的任务：{count}</translation>
    </message>
</context>
</TS>
