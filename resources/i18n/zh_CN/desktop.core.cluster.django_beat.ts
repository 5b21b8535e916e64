<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>django_beat</name>
    <message>
        <location filename="../../../desktop/core/cluster/django_beat.py" line="73"/>
        <source>no django-celery-beat tables in this database: run its migrations (manage.py migrate), or check the URL</source>
        <translation>此数据库中没有 django-celery-beat 的表：请运行它的迁移（manage.py migrate），或检查 URL</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/django_beat.py" line="135"/>
        <source>{event} at {latitude}, {longitude}</source>
        <translation>{latitude}, {longitude} 处的 {event}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/django_beat.py" line="140"/>
        <source>once, at a set time</source>
        <translation>在设定的时间运行一次</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/django_beat.py" line="197"/>
        <source>no entry named {name}: deleted meanwhile</source>
        <translation>没有名为 {name} 的定时任务：已在此期间被删除</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/django_beat.py" line="221"/>
        <source>django-celery-beat counts intervals in whole seconds (1 or more)</source>
        <translation>django-celery-beat 以整秒计算间隔（1 秒或以上）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/django_beat.py" line="223"/>
        <source>only an interval or a crontab is written here</source>
        <translation>此处只能写入间隔（interval）或 crontab</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/django_beat.py" line="229"/>
        <source>an entry named {name} exists</source>
        <translation>已存在名为 {name} 的定时任务</translation>
    </message>
</context>
</TS>
