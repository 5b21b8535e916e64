<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="77"/>
        <source>Graphs need QtCharts (the PySide6-Addons package): {error}</source>
        <translation>图表需要 QtCharts（PySide6-Addons 包）：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="95"/>
        <source>Calls &amp;&amp; results</source>
        <translation>调用与结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="96"/>
        <location filename="../../../desktop/views/main_window.py" line="211"/>
        <source>Failures</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="97"/>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="98"/>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="99"/>
        <source>Schedules</source>
        <translation>定时任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="100"/>
        <source>Graphs</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="101"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="102"/>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="150"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="151"/>
        <source>Celery Desktop — {connected_to}</source>
        <translation>Celery Desktop — {connected_to}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="200"/>
        <source>New workflow…</source>
        <translation>新建工作流…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="201"/>
        <source>Compose a chain, group or chord of tasks (Ctrl+Shift+N)</source>
        <translation>将任务组合为 chain、group 或 chord（Ctrl+Shift+N）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="211"/>
        <source>Failures ({count})</source>
        <translation>失败（{count}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="265"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="266"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="269"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="273"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="276"/>
        <source>&amp;Workflow</source>
        <translation>工作流(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="277"/>
        <source>&amp;New workflow…</source>
        <translation>新建工作流(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="280"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="281"/>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="283"/>
        <source>Size, splitters, columns, tab and filter back to the defaults; the saved layout forgotten</source>
        <translation>窗口大小、分隔条、列、标签页和筛选恢复默认，并清除已保存的布局</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="286"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="287"/>
        <source>Command palette…</source>
        <translation>命令面板…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="291"/>
        <source>Search tasks…</source>
        <translation>搜索任务…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="292"/>
        <source>Search the history and the window with a query (the Search tab)</source>
        <translation>用查询语句搜索历史记录和窗口中的任务（“搜索”标签页）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="295"/>
        <source>Alert rules…</source>
        <translation>告警规则…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="296"/>
        <source>&amp;Connection</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="298"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="299"/>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="300"/>
        <source>&amp;About Celery Desktop</source>
        <translation>关于 Celery Desktop(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="314"/>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="314"/>
        <source>The log is in {folder}</source>
        <translation>日志位于 {folder}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="325"/>
        <source>A desktop console for Celery task queues.</source>
        <translation>Celery 任务队列的桌面控制台。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="327"/>
        <source>About Celery Desktop</source>
        <translation>关于 Celery Desktop</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="334"/>
        <source>Licences…</source>
        <translation>许可证…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="349"/>
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="355"/>
        <source>(no licence file shipped with the package)</source>
        <translation>（该软件包未附带许可证文件）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="374"/>
        <source>No saved profiles</source>
        <translation>没有已保存的连接配置</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="376"/>
        <source>New connection…</source>
        <translation>新建连接…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="377"/>
        <source>Edit this connection…</source>
        <translation>编辑此连接…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="378"/>
        <source>Save this connection as…</source>
        <translation>将此连接另存为…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="379"/>
        <source>Delete profile {name}…</source>
        <translation>删除连接配置 {name}…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/main_window.py" line="380"/>
        <source>Delete profile…</source>
        <translation>删除连接配置…</translation>
    </message>
</context>
</TS>
