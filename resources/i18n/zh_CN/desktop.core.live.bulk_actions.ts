<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>bulk_actions</name>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="46"/>
        <source>Re-send</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="47"/>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="48"/>
        <source>Terminate</source>
        <translation>终止</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="49"/>
        <source>Forget</source>
        <translation>清除结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="50"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="51"/>
        <source>Watch</source>
        <translation>关注</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="54"/>
        <source>{count} re-sent</source>
        <translation>已重新发送 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="55"/>
        <source>{count} revoked</source>
        <translation>已撤销 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="56"/>
        <source>{count} terminated</source>
        <translation>已终止 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="57"/>
        <source>{count} forgotten</source>
        <translation>已清除结果 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="58"/>
        <source>{count} exported</source>
        <translation>已导出 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="59"/>
        <source>{count} watched</source>
        <translation>已关注 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="61"/>
        <source>(every task)</source>
        <translation>（所有任务）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="125"/>
        <source>{verb} 1 task matching the query:</source>
        <translation>{verb}与查询匹配的 1 个任务：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="127"/>
        <source>{verb} {count} tasks matching the query:</source>
        <translation>{verb}与查询匹配的 {count} 个任务：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="130"/>
        <source>Each is sent again exactly as it was, with a new task id.</source>
        <translation>每个任务都按原样再次发送，使用新的任务 id。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="132"/>
        <source>{count} of these calls are rebuilt from the result backend&apos;s record (task name, args, kwargs), not sent from this console: whoever can write to the backend chose them.</source>
        <translation>其中 {count} 个调用是根据结果后端的记录（任务名、args、kwargs）重建的，并非由本控制台发送：能写入结果后端的人决定了它们的内容。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="139"/>
        <source>Running ones are killed with {signal}; the others are revoked.</source>
        <translation>正在运行的任务用 {signal} 终止；其余的被撤销。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="143"/>
        <source>Their results are deleted from the result backend and they leave the history.</source>
        <translation>它们的结果将从结果后端删除，并从历史记录中移除。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="146"/>
        <source>To {path}</source>
        <translation>写入 {path}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="148"/>
        <source>{count} skipped: {reasons}</source>
        <translation>跳过 {count} 个：{reasons}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="151"/>
        <source>More than {limit} tasks match: only the newest {limit} are taken.</source>
        <translation>匹配的任务超过 {limit} 个：只取最新的 {limit} 个。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="187"/>
        <source>{count} failed</source>
        <translation>失败 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="188"/>
        <source>{count} skipped</source>
        <translation>跳过 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="193"/>
        <source>{count} not done (cancelled)</source>
        <translation>未执行 {count} 个（已取消）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="194"/>
        <source>{verb}: {done}, {failed}, {skipped}, {not_done} (of {total}) in {seconds} s</source>
        <translation>{verb}：{done}，{failed}，{skipped}，{not_done}（共 {total} 个），用时 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="196"/>
        <source>{verb}: {done}, {failed}, {skipped} (of {total}) in {seconds} s</source>
        <translation>{verb}：{done}，{failed}，{skipped}（共 {total} 个），用时 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="201"/>
        <source>query: {query}</source>
        <translation>查询：{query}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="204"/>
        <source>failed ({count}):</source>
        <translation>失败（{count} 个）：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="204"/>
        <source>skipped ({count}):</source>
        <translation>跳过（{count} 个）：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="212"/>
        <source>  … and {count} more: {reasons}</source>
        <translation>  … 另有 {count} 个：{reasons}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="217"/>
        <source>not done, cancelled ({count}): {ids}</source>
        <translation>未执行，已取消（{count} 个）：{ids}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="221"/>
        <source>re-sent as ({count}):</source>
        <translation>重新发送后的新 id（{count} 个）：</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="224"/>
        <source>  … and {count} more</source>
        <translation>  … 另有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="237"/>
        <source>{count} other reasons</source>
        <translation>另有 {count} 种原因</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="252"/>
        <source>already ended ({state}): nothing to revoke</source>
        <translation>已结束（{state}）：无需撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="253"/>
        <source>already ended ({state}): nothing left to tell</source>
        <translation>已结束（{state}）：没有可通知的了</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="267"/>
        <source>not planned: {error}</source>
        <translation>未能规划：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="289"/>
        <source>arguments unknown (the backend keeps them with result_extended=True)</source>
        <translation>参数未知（结果后端在 result_extended=True 时才保存参数）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="346"/>
        <source>not written</source>
        <translation>未写入</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="349"/>
        <source>written to {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="351"/>
        <source>not written to {path}: {error}</source>
        <translation>未写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/live/bulk_actions.py" line="421"/>
        <source>no file chosen</source>
        <translation>未选择文件</translation>
    </message>
</context>
</TS>
