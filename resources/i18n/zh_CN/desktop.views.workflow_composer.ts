<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>WorkflowComposer</name>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="37"/>
        <source>A chain runs its items one after another; each result is passed to the next item (unless it is immutable).</source>
        <translation>chain 依次运行其中各项；每一项的结果都会传给下一项（除非下一项不可变）。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="41"/>
        <source>A group runs its items in parallel.</source>
        <translation>group 并行运行其中各项。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="42"/>
        <source>A chord runs its header in parallel, then calls the body with the list of the header&apos;s results.</source>
        <translation>chord 先并行运行 header，再以 header 各项结果组成的列表调用 body。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="45"/>
        <source>The chord&apos;s header: run in parallel. Add tasks (or groups, chains) here.</source>
        <translation>chord 的 header：并行运行。在此添加任务（或 group、chain）。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="46"/>
        <source>The chord&apos;s body: one task (or chain) called with the list of the header&apos;s results.</source>
        <translation>chord 的 body：一个任务（或 chain），以 header 各项结果组成的列表调用。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="121"/>
        <source>Workflow composer — Celery Desktop</source>
        <translation>工作流编排器 — Celery Desktop</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="134"/>
        <source>Workflow:</source>
        <translation>工作流：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="137"/>
        <source>chain — one after another</source>
        <translation>chain — 依次执行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="137"/>
        <source>group — in parallel</source>
        <translation>group — 并行执行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="137"/>
        <source>chord — group, then a body</source>
        <translation>chord — 先 group，再 body</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="142"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="147"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="148"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="149"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="161"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="161"/>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="169"/>
        <source>The task to add; registered tasks are listed, any name may be typed</source>
        <translation>要添加的任务；列表中为已注册的任务，也可输入任意名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="171"/>
        <source>Add task</source>
        <translation>添加任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="177"/>
        <source>+ Group</source>
        <translation>+ group</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="178"/>
        <source>+ Chain</source>
        <translation>+ chain</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="179"/>
        <source>+ Chord</source>
        <translation>+ chord</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="180"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="181"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="182"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="201"/>
        <source>Immutable (.si): ignore the previous step&apos;s result</source>
        <translation>不可变 (.si)：忽略上一步的结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="212"/>
        <source>Canvas code</source>
        <translation>Canvas 代码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="215"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="216"/>
        <source>Copy the canvas code</source>
        <translation>复制 canvas 代码</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="234"/>
        <source>Send workflow</source>
        <translation>发送工作流</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="301"/>
        <source>header (in parallel)</source>
        <translation>header（并行）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="301"/>
        <source>body</source>
        <translation>body</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="303"/>
        <source>{count} items</source>
        <translation>{count} 项</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="303"/>
        <source>{count} item</source>
        <translation>{count} 项</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="338"/>
        <source>Chord body</source>
        <translation>chord 的 body</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="339"/>
        <source>A chord has one body: make it a chain to call several tasks one after another.</source>
        <translation>一个 chord 只有一个 body：若要依次调用多个任务，请把它做成 chain。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="350"/>
        <source>Choose a task to add</source>
        <translation>请选择要添加的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="411"/>
        <source>{help}

Select a step to edit its arguments and options; add tasks with the picker below the tree.</source>
        <translation>{help}

选择一个步骤以编辑其参数和选项；用树下方的选择框添加任务。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="483"/>
        <source>… and {count} more</source>
        <translation>… 另有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="497"/>
        <source>{count} steps, ready to send</source>
        <translation>{count} 个步骤，可以发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="497"/>
        <source>{count} step, ready to send</source>
        <translation>{count} 个步骤，可以发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="503"/>
        <source>{count} problems to fix before sending</source>
        <translation>发送前需修正 {count} 个问题</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="503"/>
        <source>{count} problem to fix before sending</source>
        <translation>发送前需修正 {count} 个问题</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="514"/>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="521"/>
        <source>Not sent: {error}</source>
        <translation>未发送：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="524"/>
        <source>Sent {workflow} ({count} steps): it is selected in the results</source>
        <translation>已发送 {workflow}（{count} 个步骤）：已在结果中选中</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="546"/>
        <location filename="../../../desktop/views/workflow_composer.py" line="556"/>
        <location filename="../../../desktop/views/workflow_composer.py" line="564"/>
        <source>Workflow preset</source>
        <translation>工作流预设</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="550"/>
        <source>Save workflow preset</source>
        <translation>保存工作流预设</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/workflow_composer.py" line="550"/>
        <source>Name for this workflow:</source>
        <translation>此工作流的名称：</translation>
    </message>
</context>
</TS>
