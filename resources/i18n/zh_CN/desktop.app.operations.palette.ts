<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>palette</name>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="53"/>
        <source>Tab</source>
        <translation>标签页</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="55"/>
        <source>switch to this tab</source>
        <translation>切换到此标签页</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="63"/>
        <location filename="../../../desktop/app/operations/palette.py" line="175"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="102"/>
        <source>on {count} workers</source>
        <translation>在 {count} 个工作进程上</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="104"/>
        <source>on {count} worker</source>
        <translation>在 {count} 个工作进程上</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="110"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="127"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="127"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="130"/>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="146"/>
        <source>Task id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="146"/>
        <source>unknown task</source>
        <translation>未知任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="166"/>
        <location filename="../../../desktop/app/operations/palette.py" line="186"/>
        <source>(every task)</source>
        <translation>（所有任务）</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="171"/>
        <source>{action} all matches</source>
        <translation>{action}（全部匹配项）</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="177"/>
        <source>Search › {query}</source>
        <translation>搜索 › {query}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="188"/>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="190"/>
        <source>saved view · {query}</source>
        <translation>已保存的视图 · {query}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="237"/>
        <source>Track</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="238"/>
        <source>Track task {task_id}</source>
        <translation>跟踪任务 {task_id}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/operations/palette.py" line="239"/>
        <source>follow its state from the result backend</source>
        <translation>从结果后端跟踪其状态</translation>
    </message>
</context>
</TS>
