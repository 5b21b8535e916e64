<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>schedules</name>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="24"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="25"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="26"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="27"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="28"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="29"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="30"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="33"/>
        <source>Jan</source>
        <translation>1月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="34"/>
        <source>Feb</source>
        <translation>2月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="35"/>
        <source>Mar</source>
        <translation>3月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="36"/>
        <source>Apr</source>
        <translation>4月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="37"/>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="38"/>
        <source>Jun</source>
        <translation>6月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="39"/>
        <source>Jul</source>
        <translation>7月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="40"/>
        <source>Aug</source>
        <translation>8月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="41"/>
        <source>Sep</source>
        <translation>9月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="42"/>
        <source>Oct</source>
        <translation>10月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="43"/>
        <source>Nov</source>
        <translation>11月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="44"/>
        <source>Dec</source>
        <translation>12月</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="50"/>
        <source>sunrise</source>
        <translation>日出</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="51"/>
        <source>solar noon</source>
        <translation>正午</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="52"/>
        <source>sunset</source>
        <translation>日落</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="47"/>
        <source>dawn astronomical</source>
        <translation>天文晨光始</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="48"/>
        <source>dawn nautical</source>
        <translation>航海晨光始</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="49"/>
        <source>dawn civil</source>
        <translation>民用晨光始</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="53"/>
        <source>dusk civil</source>
        <translation>民用昏影终</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="54"/>
        <source>dusk nautical</source>
        <translation>航海昏影终</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="55"/>
        <source>dusk astronomical</source>
        <translation>天文昏影终</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="69"/>
        <source>app</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="69"/>
        <source>schedule file</source>
        <translation>计划文件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="149"/>
        <source>not a dict but {type}</source>
        <translation>不是 dict，而是 {type}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="152"/>
        <source>no task name</source>
        <translation>没有任务名称</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="159"/>
        <source>schedule {schedule}: {error}</source>
        <translation>计划 {schedule}：{error}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="162"/>
        <source>schedule {schedule} is neither a number, a timedelta, a crontab nor a solar</source>
        <translation>计划 {schedule} 既不是数字、timedelta、crontab，也不是 solar</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="166"/>
        <source>an interval of {seconds} s never comes round</source>
        <translation>{seconds} 秒的间隔永远不会到来</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="169"/>
        <source>args must be a list, kwargs and options dicts</source>
        <translation>args 必须是列表，kwargs 和 options 必须是字典</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="221"/>
        <source>every {seconds} s</source>
        <translation>每 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="233"/>
        <source>{degrees} N</source>
        <translation>北纬 {degrees}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="233"/>
        <source>{degrees} S</source>
        <translation>南纬 {degrees}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="234"/>
        <source>{degrees} E</source>
        <translation>东经 {degrees}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="234"/>
        <source>{degrees} W</source>
        <translation>西经 {degrees}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="236"/>
        <source>{event} at {latitude} {longitude}</source>
        <translation>{latitude} {longitude} 处的{event}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="242"/>
        <source>every {duration}</source>
        <translation>每 {duration}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="252"/>
        <location filename="../../../desktop/core/domain/schedules.py" line="259"/>
        <location filename="../../../desktop/core/domain/schedules.py" line="269"/>
        <source>{count} s</source>
        <translation>{count} 秒</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="264"/>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="264"/>
        <source>{count} days</source>
        <translation>{count} 天</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="266"/>
        <source>{count} h</source>
        <translation>{count} 小时</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="268"/>
        <source>{count} min</source>
        <translation>{count} 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="279"/>
        <source>on day {days} of the month</source>
        <translation>每月 {days} 日</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="281"/>
        <source>in {months}</source>
        <translation>{months}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="289"/>
        <source>every minute</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="290"/>
        <source>every minute of hour {hours}</source>
        <translation>{hours} 点的每分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="293"/>
        <source>every {count} min</source>
        <translation>每 {count} 分钟</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="295"/>
        <source>every hour at {minutes}</source>
        <translation>每小时的 {minutes}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="298"/>
        <source>every {count} h at {minute}</source>
        <translation>每 {count} 小时的 {minute}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="300"/>
        <source>at {times}</source>
        <translation>在 {times}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/schedules.py" line="301"/>
        <source>minute {minute} of hour {hour}</source>
        <translation>{hour} 时的第 {minute} 分</translation>
    </message>
</context>
</TS>
