"""The Search tab's bulk actions, the graphs, the alert rules and log, toasts: in Chinese, nothing left in English
but data and product names; each rendered to PNG."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from desktop.core.domain.alert_rules import OPENS_TASK, OPENS_WORKERS, AlertRule, FiredAlert
from desktop.core.domain.metrics import Metrics
from desktop.core.domain.watch import Notification
from desktop.core.live.bulk_actions import BulkKind, BulkPlan, BulkSummary
from tests.support.required import import_or_require
from tests.support.windows import shots_folder

import_or_require("PySide6.QtCharts", "qtcharts")

from desktop.views.alert_rules_dialog import AlertRulesDialog  # noqa: E402 - after the QtCharts check
from desktop.views.alerts_log_view import AlertsLogView  # noqa: E402
from desktop.views.bulk_actions_view import BulkConfirmDialog, BulkSummaryDialog  # noqa: E402
from desktop.views.graphs_view import GraphsView  # noqa: E402
from desktop.views.history_search_view import HistorySearchView  # noqa: E402
from desktop.views.notifier import Toast  # noqa: E402

pytestmark = [pytest.mark.gui]

NOW = 1_700_000_000.0


@pytest.fixture
def shots(chinese, tmp_path):
    """Where this module's pictures go, the window in Chinese."""
    return shots_folder(tmp_path)


def shot(widget: QWidget, folder: Path, name: str) -> None:
    assert widget.grab().save(str(folder / name))


def label_texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible() and label.text()]


def test_search_tab_and_its_bulk_actions_in_chinese(shots, qtbot):
    view = HistorySearchView()
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    qtbot.waitExposed(view)
    assert view.search_button.text() == "搜索" and view.more_button.text() == "更多"
    assert view.bulk.button.text() == "对全部匹配项操作 ▾"
    assert view.bulk.button.toolTip() == "请先运行查询：这些操作作用于查询匹配的每个任务"
    view.bulk.set_count(1234)
    assert view.bulk.button.toolTip() == "对查询匹配的 1,234 个任务操作"
    assert [a.text() for a in view.bulk.menu.actions() if a.text()] == [
        "重新发送…",
        "撤销…",
        "终止…",
        "清除结果…",
        "导出…",
        "关注",
    ]
    shot(view, shots, "search_tab.png")

    plan = BulkPlan(BulkKind.REVOKE, "state:STARTED", act_on=("a", "b"), skipped=(("c", "ended"),))
    confirm = BulkConfirmDialog(plan)
    qtbot.addWidget(confirm)
    confirm.show()
    assert confirm.windowTitle() == "撤销全部匹配项" and confirm.ok_button.text() == "撤销"
    shot(confirm, shots, "bulk_confirm.png")

    summary = BulkSummary(BulkKind.RESEND, "state:FAILURE", done=("a",), failed=(("b", "broker down"),))
    dialog = BulkSummaryDialog(summary)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "重新发送：摘要" and dialog.copy_button.text() == "复制"
    shot(dialog, shots, "bulk_summary.png")


def test_graphs_in_chinese(shots, qtbot):
    metrics = Metrics(gauge_interval=1.0)
    for second in range(301):
        t = NOW - 300 + second
        metrics.task_finished(t, "tasks.add", "SUCCESS", 0.02)
        if second > 240:
            metrics.task_finished(t, "tasks.always_fails", "FAILURE", 0.1)
        metrics.sample_queues(t, {"celery": second})
        metrics.sample_active(t, 2)
    view = GraphsView(metrics, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    qtbot.waitExposed(view)
    view.window_box.setCurrentIndex(view.window_box.findData("5 min"))
    assert view.window_box.currentText() == "5 分钟" and view.window_seconds == 300
    assert view.totals.text().startswith("最近 5 分钟：成功 300 · 失败 60 · 失败率")
    assert set(view.throughput.lines) == {"成功 / 秒", "失败 / 秒"}
    assert view.runtime_summary.text().startswith("300 次运行 · p50")
    qtbot.wait(300)  # the charts lay out their legends and axes
    shot(view, shots, "graphs.png")
    assert view.choose("worker", "w1@host") is False  # no such series: the cluster stays
    assert view.subject_box.itemText(0) == "整个集群"


def test_alert_rules_and_the_alerts_log_in_chinese(shots, qtbot):
    rules = [AlertRule("Billing failures", "state", pattern="proj.billing.*"), AlertRule("Slow", "runtime", pattern="*")]
    dialog = AlertRulesDialog(rules)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "告警规则" and dialog.save_button.text() == "保存规则"
    assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())][0] == "任务进入某个状态"
    assert "“测试”会显示此规则现在会对哪些对象触发（不会发送告警）" in label_texts(dialog)
    shot(dialog, shots, "alert_rules.png")
    dialog.kind.setCurrentIndex(dialog.kind.findData("queue_length"))
    assert "队列" in label_texts(dialog) and "消息数超过" in label_texts(dialog)
    shot(dialog, shots, "alert_rules_queue.png")

    log = AlertsLogView()
    qtbot.addWidget(log)
    log.resize(1000, 300)
    log.show()
    assert log.summary.text() == "尚未触发任何告警。可在“告警规则…”中设置要通知的内容。"
    log.show_alerts(
        [
            FiredAlert(
                time.time(), "Workers down", "worker_offline", "w1@host", "worker w1@host offline", "61 s", 1, opens=OPENS_WORKERS
            ),
            FiredAlert(
                time.time(),
                "Billing failures",
                "state",
                "tasks.pay",
                "tasks.pay failed",
                "boom",
                1,
                task_id="t1",
                opens=OPENS_TASK,
            ),
        ]
    )
    assert log.summary.text() == "已触发 2 条告警，最新的在前"
    assert [log.table.horizontalHeaderItem(i).text() for i in range(4)] == ["时间", "规则", "告警", "详情"]
    assert log.table.item(0, 1).toolTip() == "点击打开“工作进程”标签页"
    shot(log, shots, "alerts_log.png")


def test_a_toast_in_chinese(shots, qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(500, 200)
    window.show()
    toast = Toast(Notification("tasks.add finished", "result 4 · took 0.25 s", "a", failed=False), window)
    toast.show()
    assert toast.toolTip() == "点击打开该任务"
    shot(toast, shots, "toast.png")
