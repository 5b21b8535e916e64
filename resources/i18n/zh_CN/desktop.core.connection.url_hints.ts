<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>url_hints</name>
    <message>
        <location filename="../../../desktop/core/connection/url_hints.py" line="25"/>
        <source>broker</source>
        <translation>消息代理</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/url_hints.py" line="25"/>
        <source>result backend</source>
        <translation>结果后端</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/url_hints.py" line="44"/>
        <source>login refused</source>
        <translation>登录被拒绝</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/url_hints.py" line="45"/>
        <source>Connect without the user name?</source>
        <translation>不带用户名连接？</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/url_hints.py" line="98"/>
        <source>unknown {role} scheme {scheme}: did you mean {guess}://? Schemes that work: {listed}</source>
        <translation>未知的{role}协议 {scheme}：是否想用 {guess}://？可用的协议：{listed}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/url_hints.py" line="100"/>
        <source>unknown {role} scheme {scheme}. Schemes that work: {listed}</source>
        <translation>未知的{role}协议 {scheme}。可用的协议：{listed}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/url_hints.py" line="211"/>
        <source>{refused}: the server has no user {user}: it takes the password alone (Redis requirepass). {offer}</source>
        <translation>{refused}：服务器没有用户 {user}：它只接受密码（Redis requirepass）。{offer}</translation>
    </message>
</context>
</TS>
