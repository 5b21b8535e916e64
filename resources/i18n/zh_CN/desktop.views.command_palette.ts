<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CommandPalette</name>
    <message>
        <location filename="../../../desktop/views/command_palette.py" line="186"/>
        <source>Type a task, a task id, a worker, a tab or an action…</source>
        <translation>输入任务、任务 ID、工作进程、标签页或操作…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/command_palette.py" line="257"/>
        <source>{shown} of {total} — type to narrow</source>
        <translation>{shown} / {total} — 输入以缩小范围</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/command_palette.py" line="257"/>
        <source>{shown} of {total}</source>
        <translation>{shown} / {total}</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/command_palette.py" line="261"/>
        <source>best {limit} of {matched} matches</source>
        <translation>{matched} 个匹配中最佳的 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/command_palette.py" line="263"/>
        <source>{matched} match</source>
        <translation>{matched} 个匹配</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/command_palette.py" line="263"/>
        <source>{matched} matches</source>
        <translation>{matched} 个匹配</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/command_palette.py" line="264"/>
        <source>{shown} · ↑↓ choose · Enter run · Esc close</source>
        <translation>{shown} · ↑↓ 选择 · Enter 运行 · Esc 关闭</translation>
    </message>
</context>
</TS>
