<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>canvas</name>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="87"/>
        <source>workflow</source>
        <translation>工作流</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="119"/>
        <source>{where}: {field}: {message}</source>
        <translation>{where}：{field}：{message}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="120"/>
        <source>{where}: {message}</source>
        <translation>{where}：{message}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="150"/>
        <source>too many steps: {count} (at most {maximum})</source>
        <translation>步骤过多：{count} 个（最多 {maximum} 个）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="170"/>
        <source>the same task id as {other}: every task needs its own</source>
        <translation>与 {other} 的任务 ID 相同：每个任务都需要自己的 ID</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="174"/>
        <source>a chord waits for its header&apos;s results: ignoring them may stop the body</source>
        <translation>chord 会等待其 header 的结果：忽略结果可能导致 body 无法运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="181"/>
        <source>Celery passes the previous step&apos;s result here: leave it empty, or make this step immutable (.si)</source>
        <translation>Celery 会把上一步的结果传到这里：请留空，或将此步骤设为不可变（.si）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="252"/>
        <source>nested too deeply: at most {maximum} chains, groups and chords inside each other</source>
        <translation>嵌套过深：chain、group 和 chord 最多相互嵌套 {maximum} 层</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="256"/>
        <source>a chain needs at least one step</source>
        <translation>chain 至少需要一个步骤</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="258"/>
        <source>a group needs at least one step</source>
        <translation>group 至少需要一个步骤</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="261"/>
        <source>a chord needs at least one step in its header</source>
        <translation>chord 的 header 中至少需要一个步骤</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="263"/>
        <source>a chord needs a body, called with the header&apos;s results</source>
        <translation>chord 需要一个 body，它将以 header 的结果调用</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="411"/>
        <source>a workflow preset must be an object with a workflow</source>
        <translation>工作流预设必须是包含 workflow 的对象</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="414"/>
        <source>a workflow preset needs a version number</source>
        <translation>工作流预设需要版本号</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="416"/>
        <source>this workflow preset was saved by a newer version (format {version}; this one reads {known})</source>
        <translation>此工作流预设由更新的版本保存（格式 {version}；本版本可读取 {known}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="426"/>
        <source>{where}: nested too deeply</source>
        <translation>{where}：嵌套过深</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="429"/>
        <source>{where}: expected an object, not {type}</source>
        <translation>{where}：应为对象，而不是 {type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="433"/>
        <source>{where}: expected exactly one of step, chain, group or chord</source>
        <translation>{where}：应恰好为 step、chain、group 或 chord 之一</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="437"/>
        <source>{where}: unknown key {key}</source>
        <translation>{where}：未知的键 {key}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="442"/>
        <source>{where}: immutable must be true or false</source>
        <translation>{where}：immutable 必须为 true 或 false</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="449"/>
        <source>{where}: {kind} must be a list</source>
        <translation>{where}：{kind} 必须是列表</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/canvas.py" line="453"/>
        <source>{where}: a chord must be an object with a header list and a body</source>
        <translation>{where}：chord 必须是包含 header 列表和 body 的对象</translation>
    </message>
</context>
</TS>
