<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="41"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="44"/>
        <source>Results and events</source>
        <translation>结果与事件</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="50"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="51"/>
        <source>by backend (0.5 s Redis, 5 s database)</source>
        <translation>按后端（Redis 0.5 秒，数据库 5 秒）</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="55"/>
        <source>set with --poll-interval for this run</source>
        <translation>本次运行已由 --poll-interval 设定</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="56"/>
        <source>Poll interval</source>
        <translation>轮询间隔</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="62"/>
        <source>tasks the live event store holds; the ones that finished longest ago go first</source>
        <translation>实时事件存储保留的任务数；最早结束的任务最先移除</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="63"/>
        <source>Event store holds</source>
        <translation>事件存储保留</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="70"/>
        <source>your tasks shown at once; older finished ones leave the window and stay in the history</source>
        <translation>同时显示的你的任务数；较早结束的任务移出窗口，仍保留在历史记录中</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="72"/>
        <source>Window keeps my last</source>
        <translation>窗口保留我最近的</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="75"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="80"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="82"/>
        <source>Keep tasks for</source>
        <translation>任务保留</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="88"/>
        <source>and at most</source>
        <translation>且最多</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="92"/>
        <source>Clear history…</source>
        <translation>清空历史记录…</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="98"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="101"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="101"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="101"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="103"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="106"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="108"/>
        <source>The window&apos;s language; --lang LANG chooses it for one run</source>
        <translation>窗口语言；--lang LANG 可为单次运行指定语言</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="109"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="110"/>
        <source>A new language applies at the next start.</source>
        <translation>更改语言将在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="115"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="117"/>
        <source>Keep running in the tray when the window is closed</source>
        <translation>关闭窗口后在系统托盘中继续运行</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="123"/>
        <source>Watched tasks still notify; the tray icon&apos;s menu shows the window again or quits</source>
        <translation>关注的任务仍会通知；托盘图标的菜单可重新显示窗口或退出</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="127"/>
        <source>This desktop has no system tray: closing the window quits</source>
        <translation>此桌面没有系统托盘：关闭窗口即退出</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="131"/>
        <source>The poll interval and the event store&apos;s size apply to the connection now; the rest at once.</source>
        <translation>轮询间隔和事件存储大小立即应用于当前连接；其余设置立即生效。</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="154"/>
        <source>Clear history</source>
        <translation>清空历史记录</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="154"/>
        <source>Delete this connection&apos;s whole history (tasks, calls and the graphs&apos; kept trends)?</source>
        <translation>删除此连接的全部历史记录（任务、调用以及图表保存的趋势）？</translation>
    </message>
    <message>
        <location filename="../../../desktop/views/settings_dialog.py" line="157"/>
        <source>cleared</source>
        <translation>已清空</translation>
    </message>
</context>
</TS>
