<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>sentinel</name>
    <message>
        <location filename="../../../desktop/core/connection/sentinel.py" line="30"/>
        <source>sentinel:// {role} without a master name: give master_name in {setting}, or --sentinel-master (the connection&apos;s Sentinel master)</source>
        <translation>sentinel:// {role}缺少主节点名称：请在 {setting} 中提供 master_name，或使用 --sentinel-master（连接的 Sentinel 主节点）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/sentinel.py" line="187"/>
        <source>a sentinel that asks for a password gets it from sentinel_kwargs={&apos;password&apos;: …} in the transport options</source>
        <translation>需要密码的 sentinel 从传输选项中的 sentinel_kwargs={&apos;password&apos;: …} 获取密码</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/sentinel.py" line="204"/>
        <source>Sentinel: no master {name} is up (the sentinels know of none that answers; during a failover, until a replica is promoted)</source>
        <translation>Sentinel：主节点 {name} 未运行（各 sentinel 都不知道有可应答的主节点；故障转移期间会如此，直到某个副本被提升为主节点）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/sentinel.py" line="214"/>
        <source>Sentinel: no master {name}: {failures}</source>
        <translation>Sentinel：找不到主节点 {name}：{failures}</translation>
    </message>
</context>
</TS>
