<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>schedule_drafts</name>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="21"/>
        <source>minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="22"/>
        <source>hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="23"/>
        <source>day of week</source>
        <translation>星期</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="24"/>
        <source>day of month</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="25"/>
        <source>month of year</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="74"/>
        <source>a name is needed</source>
        <translation>需要名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="76"/>
        <source>at most {max} printable characters</source>
        <translation>最多 {max} 个可打印字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="79"/>
        <source>a task name is needed</source>
        <translation>需要任务名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="100"/>
        <source>not JSON: {error}</source>
        <translation>不是 JSON：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="104"/>
        <source>must be a JSON list, e.g. [2, 3]</source>
        <translation>必须是 JSON 列表，例如 [2, 3]</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="106"/>
        <source>must be a JSON object, e.g. {&quot;x&quot;: 1}</source>
        <translation>必须是 JSON 对象，例如 {&quot;x&quot;: 1}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="116"/>
        <source>seconds, a number such as 30 or 0.5</source>
        <translation>秒数，例如 30 或 0.5 这样的数字</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="119"/>
        <source>an interval of 0 s or less never comes round</source>
        <translation>0 秒或更短的间隔永远不会到来</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="122"/>
        <source>at most a year</source>
        <translation>最多一年</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="132"/>
        <source>not a crontab {field}: {error}</source>
        <translation>不是有效的 crontab {field}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedule_drafts.py" line="136"/>
        <source>unknown kind {kind}</source>
        <translation>未知类型 {kind}</translation>
    </message>
</context>
</TS>
