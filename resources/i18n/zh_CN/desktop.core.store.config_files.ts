<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>config_files</name>
    <message>
        <location filename="../../../desktop/core/store/config_files.py" line="18"/>
        <source>is not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/config_files.py" line="19"/>
        <source>is larger than {megabytes} MB</source>
        <translation>大于 {megabytes} MB</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/config_files.py" line="20"/>
        <source>could not be read ({error})</source>
        <translation>无法读取（{error}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/config_files.py" line="21"/>
        <source>could not be read (nested too deep)</source>
        <translation>无法读取（嵌套过深）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/store/config_files.py" line="22"/>
        <source>{problem}; moved to {name}</source>
        <translation>{problem}；已移至 {name}</translation>
    </message>
</context>
</TS>
