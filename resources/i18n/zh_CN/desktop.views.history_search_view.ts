<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HistorySearchView</name>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="97"/>
        <source>Search the history and the window (Enter); F1: the query language</source>
        <translation>搜索历史记录和当前窗口（回车）；F1：查询语言</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="100"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="104"/>
        <source>The query language (F1)</source>
        <translation>查询语言（F1）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="116"/>
        <source>Type a query and press Enter: an empty query lists every task, newest first.</source>
        <translation>输入查询并按回车：空查询会列出所有任务，最新的在前。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="125"/>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="126"/>
        <source>The next page of tasks that match</source>
        <translation>下一页匹配的任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="147"/>
        <source>Saved views</source>
        <translation>已保存的视图</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="149"/>
        <source>Click a view to run its query with its sort</source>
        <translation>点击视图以按其排序运行其查询</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="157"/>
        <source>Save view…</source>
        <translation>保存视图…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="158"/>
        <source>Keep the query in the field and the table&apos;s sort under a name (Ctrl+S)</source>
        <translation>将输入框中的查询和表格的排序以一个名称保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="161"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="162"/>
        <source>Delete the selected saved view</source>
        <translation>删除选中的已保存视图</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="197"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="208"/>
        <source>Search: the query language</source>
        <translation>搜索：查询语言</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="226"/>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="226"/>
        <source>Name for this view:</source>
        <translation>此视图的名称：</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="276"/>
        <source>(every task)</source>
        <translation>（所有任务）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="326"/>
        <source>first page in {ms} ms</source>
        <translation>首页用时 {ms} ms</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="345"/>
        <source>{shown} shown</source>
        <translation>已显示 {shown} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="345"/>
        <source> · counting…</source>
        <translation> · 正在统计…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="349"/>
        <source>1 task match</source>
        <translation>1 个任务匹配</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="351"/>
        <source>{count} tasks match</source>
        <translation>{count} 个任务匹配</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/history_search_view.py" line="353"/>
        <source> ({shown} shown)</source>
        <translation>（已显示 {shown} 个）</translation>
    </message>
</context>
</TS>
