"""Every path of the core that changes the cluster passes through ClusterClient.run_mutation.

The paths are found from the code, not listed by hand: an AST scan of desktop/core finds each call
to an API that changes the broker, the result backend, a worker or a periodic schedule (send_task,
apply_async, remote-control broadcast and revoke, purges, LREM/EVAL/HSET/ZREM/DEL…, AMQP publish,
ack and reject, the management API's POST/PUT/DELETE, SQL INSERT/UPDATE/DELETE, the backend's
forget). From each call it walks up through the functions that reach it (by name, across the whole
core) until every way up goes through ``run_mutation``: a reference inside run_mutation's
arguments, or an argument to a function that hands its work to run_mutation (``_change``). A
function nothing in the core calls is an entry point: reaching one unguarded fails the test, with
the path.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import desktop.core

CORE = Path(desktop.core.__file__).parent
GUARD = "run_mutation"

# Methods whose very name says they change something on a broker, backend or worker.
MUTATING_METHODS = {
    "send_task",
    "apply_async",
    "broadcast",  # app.control.broadcast: every remote-control command
    "queue_purge",
    "queue_delete",
    "exchange_delete",
    "basic_publish",
    "basic_publish_confirm",
    "basic_ack",
    "basic_reject",
    "basic_nack",
    "hset",
    "hsetnx",
    "hdel",
    "hmset",
    "zadd",
    "zrem",
    "lpush",
    "rpush",
    "lrem",
    "ltrim",
    "lmove",
    "rpoplpush",
    "eval",
    "evalsha",
    "setex",
    "expire",
    "flushdb",
}
# Redis commands that write, as given to execute_command.
WRITE_COMMANDS = {
    "DEL",
    "UNLINK",
    "LREM",
    "LPUSH",
    "RPUSH",
    "LMOVE",
    "RPOPLPUSH",
    "LTRIM",
    "HSET",
    "HSETNX",
    "HDEL",
    "ZADD",
    "ZREM",
    "SET",
    "EVAL",
    "EVALSHA",
    "FLUSHDB",
    "EXPIRE",
}
SQL_WRITES = {"insert", "update", "delete"}  # table.insert() / .update() / .delete(): SQLAlchemy statements (no arguments)
HTTP_WRITES = {"POST", "PUT", "DELETE", "PATCH"}

# Calls that use a mutating API to read, each with why it changes nothing a read-only profile protects.
READS = {
    ("queue_browser", "_read_windows"): "EVAL of CAPPED_RANGE: an LRANGE that caps each message's size, read-only",
    ("rabbitmq_messages", "_put_back"): "a browse puts back (reject, requeue) exactly the messages it took to read them",
    ("rabbitmq_messages", "browse_rabbitmq"): "the management API's read: POST …/get with ackmode ack_requeue_true",
}
# Core entry points that are not a console's path: blocking building blocks given a bare Celery app.
NOT_A_CONSOLE_PATH = {
    ("control", "run_command"): "blocking, given a Celery app and no profile; the console sends through send_command",
}


@dataclass
class Function:
    module: str  # the module's name (file stem, unique in desktop/core)
    cls: str  # the class it is a method of, or ""
    path: str  # dotted, for messages
    node: ast.AST
    parent: Function | None  # the def it is nested in

    @property
    def name(self) -> str:
        return self.node.name


@dataclass
class Site:
    module: str
    cls: str  # the innermost class around it, or ""
    function: Function | None  # the innermost def around it
    node: ast.AST
    ancestors: list[ast.AST]  # from the module down to the node's parent


class _Walker(ast.NodeVisitor):
    """Every function (with its parent) and every node with its ancestors, class and enclosing function."""

    def __init__(self, module: str):
        self.module = module
        self.functions: list[Function] = []
        self.nodes: list[Site] = []
        self.imports: dict[str, str] = {}  # a name imported from a core module -> that module
        self._stack: list[ast.AST] = []
        self._functions: list[Function] = []
        self._classes: list[str] = []

    def generic_visit(self, node: ast.AST) -> None:
        function = self._functions[-1] if self._functions else None
        cls = self._classes[-1] if self._classes else ""
        self.nodes.append(Site(self.module, cls, function, node, list(self._stack)))
        self._stack.append(node)
        super().generic_visit(node)
        self._stack.pop()

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and node.module.startswith("desktop.core."):
            for alias in node.names:
                is_module = (CORE / node.module.removeprefix("desktop.core.").replace(".", "/") / f"{alias.name}.py").exists()
                self.imports[alias.asname or alias.name] = alias.name if is_module else node.module.rsplit(".", 1)[-1]
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._classes.append(node.name)
        self.generic_visit(node)
        self._classes.pop()

    def _function(self, node) -> None:
        parent = self._functions[-1] if self._functions else None
        cls = "" if parent else (self._classes[-1] if self._classes else "")
        prefix = parent.path if parent else ".".join([self.module, *self._classes])
        function = Function(self.module, cls, f"{prefix}.{node.name}", node, parent)
        self.functions.append(function)
        self._functions.append(function)
        self.generic_visit(node)
        self._functions.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _text(node: ast.AST) -> str:
    return ast.unparse(node)


def is_mutating(node: ast.AST, ancestors: list[ast.AST]) -> str:
    """What the call changes, or "" for a call that changes nothing."""
    if not isinstance(node, ast.Call):
        return ""
    name = _called_name(node)
    first = node.args[0] if node.args else None
    literal = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    receiver = _text(node.func.value) if isinstance(node.func, ast.Attribute) else ""
    if name in MUTATING_METHODS:
        return name
    if name == "execute_command" and literal and literal.upper() in WRITE_COMMANDS:
        return literal.upper()
    if name == "delete" and node.args:  # a Redis client's or pipeline's DEL
        return "DEL"
    executed = any(isinstance(a, ast.Call) and _called_name(a) == "execute" for a in ancestors)
    if name in SQL_WRITES and executed and receiver and not node.args and not node.keywords:
        return f"SQL {name.upper()}"
    if name == "call" and literal in HTTP_WRITES:
        return f"HTTP {literal}"
    if name == "revoke" and receiver.endswith("control"):
        return "control.revoke"
    if name == "forget" and receiver.endswith("backend"):
        return "backend.forget"
    return ""


@dataclass
class Core:
    functions: list[Function]
    sites: list[Site]
    imports: dict[str, dict[str, str]]  # module -> its names imported from core modules -> their module

    @classmethod
    def scan(cls, root: Path | None = None) -> Core:
        functions, sites, imports = [], [], {}
        for path in sorted((root or CORE).rglob("*.py")):
            walker = _Walker(path.stem)
            walker.visit(ast.parse(path.read_text(), str(path)))
            functions += walker.functions
            sites += walker.nodes
            imports[path.stem] = walker.imports
        return cls(functions, sites, imports)

    def mutations(self) -> list[tuple[Site, str]]:
        return [(site, what) for site in self.sites if (what := is_mutating(site.node, site.ancestors))]

    def resolve(self, site: Site, func: ast.AST) -> list[Function]:
        """The core functions a called expression names: f, module.f, self.method (what an unknown receiver names is not known)."""
        if isinstance(func, ast.Name):
            module = self.imports[site.module].get(func.id, site.module)
            return [f for f in self.functions if f.module == module and not f.cls and not f.parent and f.name == func.id]
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = func.value.id
            if owner == "self":
                return [f for f in self.functions if f.module == site.module and f.cls == site.cls and f.name == func.attr]
            module = self.imports[site.module].get(owner)
            if module is not None or any(f.module == owner for f in self.functions):
                module = module or owner
                return [f for f in self.functions if f.module == module and not f.cls and not f.parent and f.name == func.attr]
        return []

    def guards(self, site: Site, call: ast.Call) -> bool:
        """The call is run_mutation, or a core function that hands its work to run_mutation (``ScheduleBook._change``)."""
        if _called_name(call) == GUARD:
            return True
        return any(
            any(isinstance(n, ast.Call) and _called_name(n) == GUARD for n in ast.walk(f.node))
            for f in self.resolve(site, call.func)
        )

    def guarded(self, site: Site) -> bool:
        """The node sits inside the arguments of run_mutation, or of a function that hands its work to it."""
        chain = [*site.ancestors, site.node]
        return any(
            isinstance(a, ast.Call) and chain[i + 1] is not a.func and self.guards(site, a) for i, a in enumerate(chain[:-1])
        )

    def references(self, function: Function) -> list[Site]:
        """Where the function is named, as precisely as the code says it.

        A nested def: its name within its parent. A module's function: its name in its module or
        where it is imported, ``module.name`` anywhere. A method: ``self.name`` within its class,
        and any ``x.name`` within the module of a private class (``_Confirmed``). A public method
        reached by a change it does not guard is an entry point: it must guard it itself.
        """
        found = []
        for site in self.sites:
            node = site.node
            if _within(site, function):
                continue
            if function.parent is not None:
                if isinstance(node, ast.Name) and node.id == function.name and _within(site, function.parent):
                    found.append(site)
            elif not function.cls:
                if isinstance(node, ast.Name) and node.id == function.name:
                    if site.module == function.module or self.imports[site.module].get(node.id) == function.module:
                        found.append(site)
                elif isinstance(node, ast.Attribute) and node.attr == function.name and isinstance(node.value, ast.Name):
                    owner = node.value.id
                    if self.imports[site.module].get(owner, owner) == function.module:
                        found.append(site)
            elif isinstance(node, ast.Attribute) and node.attr == function.name and site.module == function.module:
                is_self = isinstance(node.value, ast.Name) and node.value.id == "self"
                if (is_self and site.cls == function.cls) or (not is_self and function.cls.startswith("_")):
                    found.append(site)
        return found

    def unguarded_paths(self, site: Site, what: str) -> list[str]:
        """The ways from a mutating call up to an entry point of the core that do not pass run_mutation."""
        failures: list[str] = []
        seen: set[int] = set()

        def up(at: Site, path: list[str]) -> None:
            if self.guarded(at):
                return
            function = at.function
            if function is None:
                failures.append(" <- ".join([*path, f"{at.module} (module level)"]))
                return
            if id(function.node) in seen:
                return
            seen.add(id(function.node))
            if (function.module, function.name) in READS and len(path) == 1:
                return
            if (function.module, function.name) in NOT_A_CONSOLE_PATH:
                return
            refs = self.references(function)
            if not refs:
                failures.append(" <- ".join([*path, function.path, "(entry point, unguarded)"]))
                return
            for ref in refs:
                up(ref, [*path, function.path])

        up(site, [what])
        return failures


def _within(site: Site, function: Function | None) -> bool:
    return function is not None and any(a is function.node for a in site.ancestors)


def test_every_mutating_call_in_the_core_goes_through_run_mutation():
    core = Core.scan()
    mutations = core.mutations()
    found = {(site.module, what) for site, what in mutations}
    # The scan sees the paths it must: a send, a revoke, a purge, a queue edit, a schedule edit, a worker command.
    for expected in [
        ("client", "send_task"),
        ("client", "apply_async"),
        ("client", "control.revoke"),
        ("client", "backend.forget"),
        ("queues", "queue_purge"),
        ("queues", "DEL"),
        ("queue_browser", "LREM"),
        ("queue_browser", "EVAL"),
        ("rabbitmq_messages", "basic_publish_confirm"),
        ("rabbitmq_messages", "basic_ack"),
        ("redbeat", "hset"),
        ("redbeat", "zrem"),
        ("django_beat", "SQL DELETE"),
        ("django_beat", "SQL INSERT"),
        ("control", "broadcast"),
    ]:
        assert expected in found, f"the scan no longer finds {expected}: {sorted(found)}"
    failures = [f for site, what in mutations for f in core.unguarded_paths(site, what)]
    assert not failures, "mutating paths that do not pass ClusterClient.run_mutation:\n" + "\n".join(failures)


def test_the_scan_catches_an_unguarded_path(tmp_path):
    """The scan itself: a send the guard does not see is reported with its path."""
    source = (
        "class Session:\n"
        "    async def sneaky(self, spec):\n"
        "        return await self.client.run_blocking(lambda: self.client.app.send_task(spec.task))\n"
        "    async def fine(self, spec):\n"
        "        return await self.client.run_mutation('x', lambda: self.client.app.send_task(spec.task))\n"
    )
    (tmp_path / "fake.py").write_text(source)
    core = Core.scan(tmp_path)
    failures = [f for site, what in core.mutations() for f in core.unguarded_paths(site, what)]
    assert failures == ["send_task <- fake.Session.sneaky <- (entry point, unguarded)"]


def test_every_worker_command_but_ping_changes_workers():
    from desktop.core.cluster.control import COMMANDS, WorkerCommand

    unchanged = {name for name in COMMANDS if not WorkerCommand(name, _sample_arguments(name)).changes_workers}
    assert unchanged == {"ping"}


def _sample_arguments(name: str) -> dict:
    return {
        "pool_grow": {"n": 1},
        "pool_shrink": {"n": 1},
        "autoscale": {"max": 2, "min": 1},
        "add_consumer": {"queue": "q"},
        "cancel_consumer": {"queue": "q"},
        "rate_limit": {"task_name": "t", "rate_limit": "1/s"},
        "time_limit": {"task_name": "t", "soft": 1, "hard": 2},
        "pool_restart": {},
        "revoke": {"task_id": ["x"]},
    }.get(name, {})
