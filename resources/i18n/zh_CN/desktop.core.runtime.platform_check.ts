<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>platform_check</name>
    <message>
        <location filename="../../../desktop/core/runtime/platform_check.py" line="133"/>
        <source>No display found (DISPLAY and WAYLAND_DISPLAY are unset). Run this from a desktop session, under `xvfb-run`, or use --screenshot PATH / --self-test, which render offscreen.</source>
        <translation>未找到显示器（DISPLAY 和 WAYLAND_DISPLAY 均未设置）。请在桌面会话中运行，或在 `xvfb-run` 下运行，或使用在屏幕外渲染的 --screenshot PATH / --self-test。</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/runtime/platform_check.py" line="144"/>
        <source>Qt&apos;s {plugin} platform plugin cannot load: missing {libraries}.
Install them with:
    {command}</source>
        <translation>Qt 的 {plugin} 平台插件无法加载：缺少 {libraries}。
安装方法：
    {command}</translation>
    </message>
</context>
</TS>
