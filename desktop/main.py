"""Entry point: the command line and start-up; the console itself is built by ``desktop.app``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import replace

from desktop import __version__
from desktop.core.runtime.platform_check import display_problem

log = logging.getLogger("desktop")
PROCESS_STARTED = time.monotonic()

EXIT_USAGE, EXIT_NO_DISPLAY = 2, 3
LANGUAGES = ("en", "zh_CN")  # desktop.app.translation.LANGUAGES, named here so --help imports no Qt


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="celery-desktop",
        description="A desktop console for Celery: workers, registered tasks, results.",
        epilog=(
            "Without --broker/--backend/-A the console reads CELERY_BROKER_URL and CELERY_RESULT_BACKEND, "
            "then CACHE_REDIS_HOST/PORT/PASSWORD (broker on DB 10, backend on DB 11)."
        ),
    )
    where = p.add_argument_group("connection")
    where.add_argument(
        "-A",
        "--app",
        dest="app_module",
        metavar="MODULE",
        help="import your Celery app and use its configuration, like celery -A",
    )
    where.add_argument("-b", "--broker", metavar="URL", help="broker URL, e.g. redis://:password@host:6379/10")
    where.add_argument("--backend", "--result-backend", dest="backend", metavar="URL", help="result backend URL")
    where.add_argument(
        "--demo", action="store_true", help="start a private Redis server and a worker on the demo tasks, and connect to them"
    )
    where.add_argument(
        "--allow-pickle", action="store_true", help="decode pickled results for this connection (only for a backend you trust)"
    )
    where.add_argument(
        "--read-only",
        action="store_true",
        help="inspect, events, search and export only: nothing is sent, revoked, forgotten, purged or changed",
    )
    where.add_argument(
        "--production",
        action="store_true",
        help="mark the connection as production: a warning colour, and destructive actions ask for its name first",
    )
    where.add_argument(
        "--sentinel-master",
        metavar="NAME",
        help="the master's name (master_name) for sentinel:// URLs, e.g. mymaster",
    )
    where.add_argument(
        "--management-url",
        metavar="URL",
        help="RabbitMQ's management API, e.g. http://user:password@host:15672/ (queue lengths and consumers)",
    )
    where.add_argument(
        "--poll-interval",
        type=float,
        metavar="SECONDS",
        help="result polling interval (default: 0.5 for Redis, 5 for database backends)",
    )
    where.add_argument(
        "--event-tasks",
        type=int,
        metavar="N",
        help="tasks the live event store holds; the ones that finished longest ago go first (default: Settings, 100000)",
    )
    where.add_argument(
        "--refresh-interval", type=float, default=5.0, metavar="SECONDS", help="worker/broker check interval (default 5)"
    )
    out = p.add_argument_group("headless runs")
    out.add_argument("--screenshot", metavar="PATH", help="render the main window offscreen to a PNG and exit")
    out.add_argument("--dump", metavar="PATH", help="write what the window shows as JSON and exit")
    out.add_argument("--call", metavar="TASK", help="open the call form of TASK once it is known (e.g. for --screenshot)")
    out.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="with --screenshot/--dump: capture once the first picture is complete, or after SECONDS at the latest (default 15); alone: quit after SECONDS",
    )
    out.add_argument(
        "--self-test", action="store_true", help="start the demo, run tasks.add(2, 2), expect SUCCESS 4, exit 0 (offscreen)"
    )
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the window's language for this run: en or zh_CN (Simplified Chinese); default: Settings, else the system's",
    )
    p.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    p.add_argument("--version", action="version", version=f"celery-desktop {__version__}")
    return p


def fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"celery-desktop: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from desktop.core.runtime import app_log

    app_log.install(args.log_level)
    from desktop.core.connection.url_hints import scheme_problem

    for role, url in (("broker", args.broker), ("backend", args.backend)):  # a typo is said before anything else
        if problem := scheme_problem(role, url):
            return fail(problem)
    headless = bool(args.screenshot or args.dump or args.self_test)
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        problem = display_problem()
        if problem:
            return fail(problem, EXIT_NO_DISPLAY)
    for name in ("poll_interval", "refresh_interval", "quit_after"):
        value = getattr(args, name)
        if value is not None and not (0 < value < 86400):
            return fail(f"--{name.replace('_', '-')} must be a number of seconds between 0 and 86400, not {value:g}")
    if args.event_tasks is not None and not 100 <= args.event_tasks <= 10_000_000:
        return fail(f"--event-tasks must be between 100 and 10000000, not {args.event_tasks}")

    from desktop.core.connection.profiles import ProfileError
    from desktop.core.runtime.demo import DemoCluster, DemoError

    demo = prepare = None
    try:
        profile, user_app = _resolve(args)
        if args.demo or args.self_test:
            demo = DemoCluster()
            prepare = lambda: _start_demo(demo, args)  # noqa: E731 - after the window shows, off the GUI thread
        from desktop.app.run import run_console

        return run_console(args, profile, user_app, demo, started=PROCESS_STARTED, prepare=prepare)
    except (ProfileError, DemoError) as exc:
        return fail(str(exc))
    finally:
        if demo is not None:
            demo.stop()
        app_log.uninstall()


def _start_demo(demo, args):
    """Start the demo's Redis and worker; its profile and app (the demo's own tasks: signatures and docstrings)."""
    from desktop.core.cluster.celery_app import load_user_app
    from desktop.core.runtime.demo import DEMO_APP

    user_app = load_user_app(DEMO_APP, from_cwd=False)
    started = time.perf_counter()
    demo.start()
    log.info("demo Redis up in %.0f ms; worker starting", (time.perf_counter() - started) * 1000)
    profile = demo.profile(
        app_module=DEMO_APP,
        allow_pickle=args.allow_pickle,
        poll_interval=args.poll_interval,
        refresh_interval=args.refresh_interval,
    )
    return replace(profile, read_only=args.read_only, production=args.production), user_app


def _resolve(args):
    """The profile from args and environment; the user's app when -A was given."""
    from desktop.core.connection.profiles import resolve_profile

    user_app = None
    app_urls: tuple[str | None, str | None] = (None, None)
    if args.app_module:
        from desktop.core.cluster.celery_app import load_user_app

        user_app = load_user_app(args.app_module)
        app_urls = (user_app.conf.broker_url, user_app.conf.result_backend)
    profile = resolve_profile(
        broker=args.broker,
        backend=args.backend,
        app_module=args.app_module,
        app_urls=app_urls,
        allow_pickle=args.allow_pickle,
    )
    return replace(
        profile,
        poll_interval=args.poll_interval,
        refresh_interval=args.refresh_interval,
        sentinel_master=args.sentinel_master,
        management_url=args.management_url,
        read_only=args.read_only,
        production=args.production,
    ), user_app


if __name__ == "__main__":
    sys.exit(main())
