"""BackgroundTasks: what the GUI starts is kept until it ends, and its failure reaches the window once."""

import asyncio

from desktop.app.background import BackgroundTasks


def run(coro):
    return asyncio.run(coro)


def test_a_failure_is_reported_once_with_what_failed_and_the_traceback():
    reports: list[tuple[str, str]] = []

    async def broken():
        await asyncio.sleep(0)
        raise ValueError("no such queue")

    async def scenario():
        tasks = BackgroundTasks(lambda message, details: reports.append((message, details)))
        task = tasks.run(broken(), "purge")
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)  # done callbacks run on the next turn
        return tasks.running

    assert run(scenario()) == 0
    assert len(reports) == 1
    message, details = reports[0]
    assert message == "purge failed: ValueError: no such queue"
    assert "Traceback" in details and "raise ValueError" in details


def test_a_task_is_held_while_it_runs_and_let_go_when_it_ends():
    """The loop keeps only a weak reference to a task; this is the strong one, until the task ends."""
    gate = None

    async def waits():
        await gate.wait()
        return "done"

    async def scenario():
        nonlocal gate
        gate = asyncio.Event()
        tasks = BackgroundTasks(lambda *_: None)
        task = tasks.run(waits(), "wait")
        await asyncio.sleep(0)
        held_while_running = tasks.running
        gate.set()
        result = await task
        await asyncio.sleep(0)
        return held_while_running, result, tasks.running

    assert run(scenario()) == (1, "done", 0)


def test_cancel_all_ends_what_still_runs_without_reporting_it():
    reports: list = []

    async def forever():
        await asyncio.sleep(3600)

    async def scenario():
        tasks = BackgroundTasks(lambda *args: reports.append(args))
        started = [tasks.run(forever(), "wait") for _ in range(3)]
        await asyncio.sleep(0)
        await tasks.cancel_all()
        await asyncio.sleep(0)
        return started, tasks.running

    started, running = run(scenario())
    assert all(task.cancelled() for task in started) and running == 0
    assert reports == []


def test_a_success_reports_nothing():
    reports: list = []

    async def fine():
        return 42

    async def scenario():
        tasks = BackgroundTasks(lambda *args: reports.append(args))
        result = await tasks.run(fine(), "fine")
        await asyncio.sleep(0)
        return result, tasks.running

    assert run(scenario()) == (42, 0)
    assert reports == []
