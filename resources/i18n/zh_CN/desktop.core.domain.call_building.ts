<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>call_building</name>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="66"/>
        <source>must be a finite number (JSON has no inf or NaN)</source>
        <translation>必须是有限数（JSON 没有 inf 或 NaN）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="74"/>
        <source>not true or false: {value}</source>
        <translation>不是 true 或 false：{value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="82"/>
        <source>invalid JSON at line {line} column {column}: {reason}</source>
        <translation>JSON 无效，位于第 {line} 行第 {column} 列：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="85"/>
        <source>invalid JSON: nested too deeply</source>
        <translation>JSON 无效：嵌套过深</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="88"/>
        <source>invalid JSON: a whole number longer than {digits} digits</source>
        <translation>JSON 无效：整数超过 {digits} 位</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="105"/>
        <source>not a whole number: {value}</source>
        <translation>不是整数：{value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="106"/>
        <source>not a number: {value}</source>
        <translation>不是数字：{value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="110"/>
        <source>expires before the task may start (ETA/countdown): it would be revoked unrun</source>
        <translation>在任务可开始之前（ETA/countdown）就已过期：任务会未运行即被撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="117"/>
        <source>invalid JSON: {value} does not fit in a 64-bit float</source>
        <translation>JSON 无效：{value} 超出 64 位浮点数的范围</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="123"/>
        <source>invalid JSON: {name} is not a JSON value</source>
        <translation>JSON 无效：{name} 不是 JSON 值</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="154"/>
        <source>must be a finite number</source>
        <translation>必须是有限数</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="157"/>
        <source>must be greater than 0</source>
        <translation>必须大于 0</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="162"/>
        <source>must not be negative (got {value})</source>
        <translation>不能为负数（输入为 {value}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="165"/>
        <source>must be at least {minimum}</source>
        <translation>至少为 {minimum}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="168"/>
        <source>too large: {value} (at most {maximum})</source>
        <translation>过大：{value}（最多 {maximum}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="183"/>
        <source>must be a JSON array, not {type}</source>
        <translation>必须是 JSON 数组，而不是 {type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="185"/>
        <source>must be a JSON object, not {type}</source>
        <translation>必须是 JSON 对象，而不是 {type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="206"/>
        <source>not a date-time (use ISO 8601, e.g. 2026-11-25T14:30:00+01:00): {value}</source>
        <translation>不是日期时间（请使用 ISO 8601 格式，例如 2026-11-25T14:30:00+01:00）：{value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="213"/>
        <source>date-time out of range: {value}</source>
        <translation>日期时间超出范围：{value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="229"/>
        <location filename="../../../desktop/core/domain/call_building.py" line="430"/>
        <source>choose a task</source>
        <translation>请选择任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="235"/>
        <source>set either a countdown or an ETA, not both</source>
        <translation>countdown 和 ETA 只能设置其一，不能同时设置</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="240"/>
        <source>the ETA is in the past: the task runs as soon as a worker takes it</source>
        <translation>ETA 已是过去的时间：工作进程一接收任务就会运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="250"/>
        <source>must be between {low} and {high} for a {scheme} broker</source>
        <translation>对于 {scheme} 消息代理，必须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="260"/>
        <source>unknown compression {value}; choose {choices} or none</source>
        <translation>未知的压缩方式 {value}；请选择 {choices} 或 none</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="272"/>
        <source>a retry policy is set but retry is off</source>
        <translation>设置了重试策略，但重试已关闭</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="280"/>
        <source>a task id is up to 255 printable characters without spaces</source>
        <translation>任务 ID 最多 255 个可打印字符，且不能含空格</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="288"/>
        <source>the soft time limit must be shorter than the hard time limit</source>
        <translation>软时间限制必须短于硬时间限制</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="336"/>
        <source>extra positional arguments need every parameter before them filled in</source>
        <translation>额外的位置参数要求其前面的每个参数都已填写</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="343"/>
        <source>{name} is a parameter of its own: fill it in above</source>
        <translation>{name} 是单独的参数：请在上方填写</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="349"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="366"/>
        <source>arguments do not match {signature}: {reason}</source>
        <translation>参数与 {signature} 不匹配：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="382"/>
        <source>this moment has already passed: the task would be revoked at once</source>
        <translation>该时刻已经过去：任务会被立即撤销</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="387"/>
        <source>must be a number of seconds greater than 0, or a date-time</source>
        <translation>必须是大于 0 的秒数，或一个日期时间</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="390"/>
        <source>too large: {value} (at most {maximum} seconds)</source>
        <translation>过大：{value}（最多 {maximum} 秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="400"/>
        <source>unknown serializer {value}; choose {choices}</source>
        <translation>未知的序列化器 {value}；请选择 {choices}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="406"/>
        <source>pickle is off for this connection: workers must accept it, and unpickling runs arbitrary code (start with --allow-pickle to opt in)</source>
        <translation>此连接已关闭 pickle：工作进程必须接受它，而且反序列化 pickle 会运行任意代码（以 --allow-pickle 启动即可启用）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="414"/>
        <source>the workers do not accept {serializer} (accept_content: {accepted})</source>
        <translation>工作进程不接受 {serializer}（accept_content：{accepted}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="421"/>
        <source>{serializer} is not available here (pip install {package})</source>
        <translation>此处无法使用 {serializer}（pip install {package}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/call_building.py" line="445"/>
        <source>between 1 and {maximum}</source>
        <translation>介于 1 和 {maximum} 之间</translation>
    </message>
</context>
</TS>
