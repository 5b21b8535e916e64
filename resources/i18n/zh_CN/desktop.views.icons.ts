<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>icons</name>
    <message>
        <location filename="../../../desktop/views/icons.py" line="31"/>
        <location filename="../../../desktop/views/icons.py" line="98"/>
        <source>refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="32"/>
        <source>settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="33"/>
        <source>quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="34"/>
        <source>new workflow</source>
        <translation>新建工作流</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="35"/>
        <source>search tasks</source>
        <translation>搜索任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="36"/>
        <source>new connection</source>
        <translation>新建连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="37"/>
        <source>edit this connection</source>
        <translation>编辑此连接</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="38"/>
        <source>save this connection as</source>
        <translation>将此连接另存为</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="39"/>
        <source>open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="40"/>
        <source>about celery desktop</source>
        <translation>关于 Celery Desktop</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="41"/>
        <source>paste ids</source>
        <translation>粘贴 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="42"/>
        <source>import ids from a file</source>
        <translation>从文件导入 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="44"/>
        <source>find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="45"/>
        <source>search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="46"/>
        <source>clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="47"/>
        <source>clear history</source>
        <translation>清空历史记录</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="48"/>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="49"/>
        <source>forget</source>
        <translation>清除结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="50"/>
        <source>forget all</source>
        <translation>全部清除结果</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="51"/>
        <source>purge</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="52"/>
        <source>copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="53"/>
        <source>copy id</source>
        <translation>复制 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="54"/>
        <source>copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="55"/>
        <source>copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="56"/>
        <source>copy to call form</source>
        <translation>复制到调用表单</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="57"/>
        <source>export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="58"/>
        <source>browse</source>
        <translation>浏览</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="59"/>
        <source>run now</source>
        <translation>立即运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="60"/>
        <source>new</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="61"/>
        <source>add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="62"/>
        <source>add task</source>
        <translation>添加任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="63"/>
        <source>track ids</source>
        <translation>跟踪 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="64"/>
        <source>edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="65"/>
        <source>save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="66"/>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="67"/>
        <source>send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="68"/>
        <source>send workflow</source>
        <translation>发送工作流</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="69"/>
        <source>re-send</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="70"/>
        <source>re-send all (same args)</source>
        <translation>全部重新发送（相同参数）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="71"/>
        <source>revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="72"/>
        <source>cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/icons.py" line="75"/>
        <source>delete profile</source>
        <translation>删除连接配置</translation>
    </message>
</context>
</TS>
