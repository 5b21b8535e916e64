<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BulkActionsBar</name>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="34"/>
        <source>Act on all matches ▾</source>
        <translation>对全部匹配项操作 ▾</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="36"/>
        <source>Send every task the query matches again, exactly as it was, each with a new id (asks first, with the count)</source>
        <translation>将查询匹配的每个任务按原样重新发送，各用一个新 id（先询问，并给出数量）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="40"/>
        <source>Revoke every task the query matches that has not ended (asks first, with the count)</source>
        <translation>撤销查询匹配的所有尚未结束的任务（先询问，并给出数量）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="43"/>
        <source>Kill the running tasks the query matches (SIGTERM) and revoke the others not ended (asks first)</source>
        <translation>终止查询匹配的正在运行的任务（SIGTERM），并撤销其余尚未结束的任务（先询问）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="46"/>
        <source>Delete the results of every task the query matches from the backend and the history (asks first)</source>
        <translation>从结果后端和历史中删除查询匹配的每个任务的结果（先询问）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="49"/>
        <source>Write every task the query matches to a CSV or JSON file (asks where)</source>
        <translation>将查询匹配的每个任务写入 CSV 或 JSON 文件（会询问保存位置）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="50"/>
        <source>Follow every task the query matches that has not ended: tell me when each ends</source>
        <translation>关注查询匹配的所有尚未结束的任务：每个任务结束时通知我</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="54"/>
        <source>Run a query first: the actions take every task it matches</source>
        <translation>请先运行查询：这些操作作用于查询匹配的每个任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="55"/>
        <source>No task matches the query</source>
        <translation>没有任务匹配该查询</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="56"/>
        <source>A bulk action is running: wait for it or cancel it</source>
        <translation>批量操作正在进行：请等待其完成或将其取消</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="76"/>
        <source>{verb}: {done} of {total}</source>
        <translation>{verb}：{done} / {total}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="119"/>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="161"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="120"/>
        <source>Stop after the chunk under way: what is done stays done, the rest is not done</source>
        <translation>在当前这一批完成后停止：已完成的保持完成，其余不再执行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="190"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="201"/>
        <source>Act on the 1 task the query matches</source>
        <translation>对查询匹配的 1 个任务操作</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="203"/>
        <source>Act on the {count} tasks the query matches</source>
        <translation>对查询匹配的 {count} 个任务操作</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="271"/>
        <source>Export {count} task(s)</source>
        <translation>导出 {count} 个任务</translation>
    </message>
</context>
<context>
    <name>BulkConfirmDialog</name>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="218"/>
        <source>{verb} all matches</source>
        <translation>{verb}全部匹配项</translation>
    </message>
</context>
<context>
    <name>BulkSummaryDialog</name>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="244"/>
        <source>{verb}: summary</source>
        <translation>{verb}：摘要</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="258"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/bulk_actions_view.py" line="259"/>
        <source>The whole summary to the clipboard</source>
        <translation>将完整摘要复制到剪贴板</translation>
    </message>
</context>
</TS>
