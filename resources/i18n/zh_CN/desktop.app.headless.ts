<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>headless</name>
    <message>
        <location filename="../../../desktop/app/headless.py" line="36"/>
        <source>the picture could not be encoded</source>
        <translation>无法编码图片</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="45"/>
        <source>could not write screenshot {path}: {reason}</source>
        <translation>无法写入截图 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="62"/>
        <source>--call {name}: no such task in the app or on the workers</source>
        <translation>--call {name}：应用和工作进程中都没有此任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="79"/>
        <source>self-test FAILED after {elapsed}: {reason}</source>
        <translation>自检失败（用时 {elapsed}）：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="89"/>
        <source>the demo worker exited with code {code}</source>
        <translation>演示工作进程已退出，退出码 {code}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="94"/>
        <source>broker not reachable</source>
        <translation>无法连接消息代理 (broker)</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="95"/>
        <source>no worker answered a ping ({reason})</source>
        <translation>没有工作进程响应 ping（{reason}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="97"/>
        <source>self-test: worker {worker} online after {elapsed}</source>
        <translation>自检：工作进程 {worker} 在 {elapsed} 后上线</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="101"/>
        <source>sending tasks.add failed: {error}</source>
        <translation>发送 tasks.add 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="107"/>
        <source>result of {task_id} unreadable: {error}</source>
        <translation>无法读取 {task_id} 的结果：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="113"/>
        <source>self-test passed: tasks.add(2, 2) = 4 (task {task_id}) in {elapsed}</source>
        <translation>自检通过：tasks.add(2, 2) = 4（任务 {task_id}），用时 {elapsed}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="119"/>
        <source>tasks.add(2, 2) ended {state} with {result}</source>
        <translation>tasks.add(2, 2) 以 {state} 结束，结果为 {result}</translation>
    </message>
    <message>
        <location filename="../../../desktop/app/headless.py" line="125"/>
        <source>tasks.add(2, 2) still {state} after {seconds} s</source>
        <translation>tasks.add(2, 2) 在 {seconds} 秒后仍为 {state}</translation>
    </message>
</context>
</TS>
