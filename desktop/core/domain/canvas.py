"""A workflow of task calls: chains, groups and chords of steps, nested as Celery allows.

Each step is a CallDraft (the single-call form's text) plus whether its signature is
immutable (``.si``), so a step is validated by ``build_call`` exactly like a single call.
The tree is previewed as the canvas code a Celery user would write, stored in presets as
JSON, and turned into Celery's own canvas objects for sending.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

from desktop.core.domain.call_building import build_call
from desktop.core.domain.calls import CallContext, CallDraft, CallSpec, LinkSpec, TaskSignature, _py
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

MAX_DEPTH = 8  # containers nested inside each other; deeper is unreadable in a form, and likely a mistake
MAX_STEPS = 500  # a workflow sent by hand; beyond that a script is the better tool
JSON_VERSION = 1
_JSON_MAX_DEPTH = 64  # a preset nested deeper than this is damaged, not merely too deep to send
_SEP = " › "


@dataclass(frozen=True)
class Step:
    """One task call in a workflow; immutable steps ignore the previous step's result (``.si``)."""

    draft: CallDraft
    immutable: bool = False


@dataclass(frozen=True)
class Chain:
    """Items run one after another, each result passed to the next (unless it is immutable)."""

    items: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Group:
    """Items run in parallel."""

    items: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Chord:
    """A header run in parallel, then the body called with the list of their results."""

    header: tuple[Node, ...] = ()
    body: Node | None = None


Node: TypeAlias = "Step | Chain | Group | Chord"


# -- walking the tree ---------------------------------------------------------------


def iter_steps(node: Node, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Step]]:
    """Every step with its path, depth first in the order the preview lists them (chord: header, then body)."""
    if isinstance(node, Step):
        yield path, node
        return
    for segment, child in _children(node):
        yield from iter_steps(child, (*path, segment))


def _children(node: Node) -> list[tuple[str, Node]]:
    if isinstance(node, Chain):
        return [(f"chain[{i}]", item) for i, item in enumerate(node.items)]
    if isinstance(node, Group):
        return [(f"group[{i}]", item) for i, item in enumerate(node.items)]
    if isinstance(node, Chord):
        children = [(f"chord.header[{i}]", item) for i, item in enumerate(node.header)]
        if node.body is not None:
            children.append(("chord.body", node.body))
        return children
    return []


def path_text(path: tuple[str, ...]) -> str:
    """``chain[1] › group[0]``; the whole workflow when the path is empty."""
    return _SEP.join(path) if path else translate("canvas", "workflow")


def uses_chord(node: Node) -> bool:
    """Whether sending needs a result backend: a chord, or a group followed by a step in a chain (Celery makes that a chord)."""
    if isinstance(node, Chord):
        return True
    if isinstance(node, Chain):
        items = node.items
        if any(isinstance(a, Group) for a in items[:-1]):
            return True
        return any(uses_chord(item) for item in items)
    if isinstance(node, Group):
        return any(uses_chord(item) for item in node.items)
    return False


# -- validation --------------------------------------------------------------------


@dataclass(frozen=True)
class WorkflowError:
    """A problem at one place in the tree: a step's field, or a container's structure (``field`` empty)."""

    path: tuple[str, ...]
    field: str
    message: str

    def __str__(self) -> str:
        where = path_text(self.path)
        label = self.field.removesuffix("_json")
        if label:
            return translate("canvas", "{where}: {field}: {message}").format(where=where, field=label, message=self.message)
        return translate("canvas", "{where}: {message}").format(where=where, message=self.message)


@dataclass(frozen=True)
class WorkflowResult:
    """The specs of every step in ``iter_steps`` order when valid, else every error found."""

    specs: tuple[CallSpec, ...] | None
    errors: tuple[WorkflowError, ...] = ()
    warnings: tuple[WorkflowError, ...] = ()

    @property
    def ok(self) -> bool:
        return self.specs is not None and not self.errors

    def errors_at(self, path: tuple[str, ...]) -> tuple[WorkflowError, ...]:
        return tuple(e for e in self.errors if e.path == path)


ContextFor = CallContext | Callable[[str], CallContext] | None


def validate(node: Node, context: ContextFor = None) -> WorkflowResult:
    """Check the structure, then each step with ``build_call``; ``context`` may be per task name (its signature)."""
    errors: list[WorkflowError] = []
    warnings: list[WorkflowError] = []
    bounds: list[WorkflowError] = []  # too deep or too big: the steps are then not checked one by one
    _check_structure(node, (), 1, errors, bounds)
    count = _count_steps(node)
    if count > MAX_STEPS:
        too_many = translate("canvas", "too many steps: {count} (at most {maximum})")
        bounds.append(WorkflowError((), "", too_many.format(count=f"{count:,}", maximum=MAX_STEPS)))
    if bounds:
        return WorkflowResult(None, tuple(errors + bounds), ())
    specs: list[CallSpec] = []
    seen_ids: dict[str, tuple[str, ...]] = {}
    receiving = receiving_paths(node)
    for path, step in iter_steps(node):
        step_context, filled = _step_context(step, _context(context, step.draft.task.strip()), path in receiving)
        result = build_call(step.draft, step_context)
        if filled:
            errors.append(WorkflowError(path, f"param:{filled}", result_param_message()))
        errors += [WorkflowError(path, e.field, e.message) for e in result.errors]
        warnings += [WorkflowError(path, e.field, e.message) for e in result.warnings]
        if result.spec is None:
            continue
        specs.append(result.spec)
        if result.spec.task_id is not None:
            if result.spec.task_id in seen_ids:
                other = path_text(seen_ids[result.spec.task_id])
                same = translate("canvas", "the same task id as {other}: every task needs its own")
                errors.append(WorkflowError(path, "task_id", same.format(other=other)))
            seen_ids.setdefault(result.spec.task_id, path)
        if result.spec.ignore_result and any(s.startswith("chord.header") for s in path):
            waits = translate("canvas", "a chord waits for its header's results: ignoring them may stop the body")
            warnings.append(WorkflowError(path, "ignore_result", waits))
    if errors:
        return WorkflowResult(None, tuple(errors), tuple(warnings))
    return WorkflowResult(tuple(specs), (), tuple(warnings))


RESULT_PARAM = QT_TRANSLATE_NOOP(
    "canvas", "Celery passes the previous step's result here: leave it empty, or make this step immutable (.si)"
)


def result_param_message() -> str:
    """Why a receiving step's first parameter stays empty, in the window's language."""
    return translate("canvas", RESULT_PARAM)


def receiving_paths(node: Node, receives: bool = False, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """The steps Celery calls with a result before their own arguments (``iter_steps`` paths).

    In a chain every item after the first gets the previous one's result (a group's results as a
    list); a chord's body gets its header's results; a group passes what it gets to each member.
    An immutable step (``.si``) takes none.
    """
    if isinstance(node, Step):
        return {path} if receives and not node.immutable else set()
    found: set[tuple[str, ...]] = set()
    for segment, child in _children(node):
        gets = receives
        if segment == "chord.body" or (segment.startswith("chain[") and segment != "chain[0]"):
            gets = True
        found |= receiving_paths(child, gets, (*path, segment))
    return found


def result_param(signature: TaskSignature | None) -> str:
    """The parameter a received result fills: the first one, when it is positional ("" for *args first, or none)."""
    if signature is None or not signature.params:
        return ""
    first = signature.params[0]
    return first.name if first.positional and not first.variadic else ""


def without_param(signature: TaskSignature, name: str) -> TaskSignature:
    """The signature less one parameter: what the user still fills in when the result fills ``name``."""
    python = signature.python
    if python is not None:
        python = python.replace(parameters=[q for q in python.parameters.values() if q.name != name])
    return TaskSignature(tuple(p for p in signature.params if p.name != name), signature.text, python)


def _step_context(step: Step, context: CallContext, receives: bool) -> tuple[CallContext, str]:
    """A receiving step's context: its first positional parameter left out (the result fills it).

    Also the name of that parameter when the user filled it anyway ("" otherwise): the result and
    the value would both go to the worker, one argument too many.
    """
    name = result_param(context.signature) if receives else ""
    if not name:
        return context, ""
    trimmed = replace(context, signature=without_param(context.signature, name))
    return trimmed, name if step.draft.param(name).strip() else ""


def _context(context: ContextFor, task: str) -> CallContext:
    if context is None:
        return CallContext()
    if isinstance(context, CallContext):
        return context
    return context(task)


def _check_structure(
    node: Node, path: tuple[str, ...], depth: int, errors: list[WorkflowError], bounds: list[WorkflowError]
) -> None:
    if isinstance(node, Step):
        return
    if depth > MAX_DEPTH:
        too_deep = translate("canvas", "nested too deeply: at most {maximum} chains, groups and chords inside each other")
        bounds.append(WorkflowError(path, "", too_deep.format(maximum=MAX_DEPTH)))
        return
    if isinstance(node, Chain) and not node.items:
        errors.append(WorkflowError(path, "", translate("canvas", "a chain needs at least one step")))
    elif isinstance(node, Group) and not node.items:
        errors.append(WorkflowError(path, "", translate("canvas", "a group needs at least one step")))
    elif isinstance(node, Chord):
        if not node.header:
            errors.append(WorkflowError(path, "", translate("canvas", "a chord needs at least one step in its header")))
        if node.body is None:
            errors.append(WorkflowError(path, "", translate("canvas", "a chord needs a body, called with the header's results")))
    for segment, child in _children(node):
        _check_structure(child, (*path, segment), depth + 1, errors, bounds)


def _count_steps(node: Node, depth: int = 0) -> int:
    if isinstance(node, Step):
        return 1
    if depth > MAX_DEPTH:
        return 0
    return sum(_count_steps(child, depth + 1) for _, child in _children(node))


# -- preview -----------------------------------------------------------------------


def preview(node: Node, context: ContextFor = None, receives: bool = False) -> str:
    """The workflow as canvas code, e.g. ``chain(add.s(2, 2), mul.s(4))``; a step that does not validate shows ``…``."""
    if isinstance(node, Step):
        step_context, filled = _step_context(node, _context(context, node.draft.task.strip()), receives and not node.immutable)
        result = build_call(node.draft, step_context)
        return _step_code(node.draft.task.strip(), None if filled else result.spec, node.immutable)
    if isinstance(node, Chain):
        items = (preview(item, context, receives if i == 0 else True) for i, item in enumerate(node.items))
        return f"chain({', '.join(items)})"
    if isinstance(node, Group):
        return f"group({', '.join(preview(item, context, receives) for item in node.items)})"
    header = f"[{', '.join(preview(item, context, receives) for item in node.header)}]"
    body = preview(node.body, context, True) if node.body is not None else "…"
    return f"chord({header}, {body})"


def _short_name(task: str) -> str | None:
    """``add`` for ``tasks.add``: the name a Celery user imports, when it is a Python identifier."""
    name = task.rpartition(".")[2]
    return name if name.isidentifier() and not keyword.iskeyword(name) else None


def _step_code(task: str, spec: CallSpec | None, immutable: bool) -> str:
    name = _short_name(task)
    if spec is None:
        return f"{name}.{'si' if immutable else 's'}(…)" if name else f"signature({task or '?'!r}, …)"
    return _signature_code(task, spec.args, spec.kwargs, immutable) + _set_code(spec)


def _signature_code(task: str, args: Sequence, kwargs: dict, immutable: bool) -> str:
    name = _short_name(task)
    if name is None:
        parts = [repr(task)]
        if args:
            parts.append(f"args={tuple(args)!r}")
        if kwargs:
            parts.append(f"kwargs={kwargs!r}")
        if immutable:
            parts.append("immutable=True")
        return f"signature({', '.join(parts)})"
    parts = [repr(value) for value in args]
    named = {k: v for k, v in kwargs.items() if k.isidentifier() and not keyword.iskeyword(k)}
    parts += [f"{k}={v!r}" for k, v in named.items()]
    other = {k: v for k, v in kwargs.items() if k not in named}
    if other:
        parts.append(f"**{other!r}")
    return f"{name}.{'si' if immutable else 's'}({', '.join(parts)})"


def _link_code(link: LinkSpec) -> str:
    return _signature_code(link.task, link.args, link.kwargs, False)


def _set_code(spec: CallSpec) -> str:
    options = [f"{key}={_py(value)}" for key, value in spec.options().items()]
    for key, links in (("link", spec.link), ("link_error", spec.link_error)):
        if links:
            options.append(f"{key}=[{', '.join(_link_code(link) for link in links)}]")
    return f".set({', '.join(options)})" if options else ""


# -- sending -----------------------------------------------------------------------


def to_signature(node: Node, app: Any, specs: Sequence[CallSpec], group_ids: Mapping[tuple[str, ...], str] | None = None) -> Any:
    """Celery's canvas for a validated workflow (``specs`` from ``validate``, in ``iter_steps`` order).

    Built as a user would write it, so Celery's own rules apply: ``chain(group(...), task)``
    becomes a chord, nested chains are flattened, and a group of one is unrolled when chained.
    ``group_ids`` (by path; a chord's header at ``(*path, "chord.header")``) gives each group
    the id of the row that shows it; Celery keeps it for a group sent as a group (when it turns
    a group into a chord's header it chooses the header's id itself).
    """
    from celery import chain, chord, group

    remaining = iter(specs)
    group_ids = group_ids or {}

    def group_of(items: list, path: tuple[str, ...]) -> Any:
        gid = group_ids.get(path)
        return group(*items, task_id=gid) if gid else group(*items)

    def build(item: Node, path: tuple[str, ...]) -> Any:
        if isinstance(item, Step):
            spec = next(remaining, None)
            if spec is None:
                raise ValueError("fewer validated specs than steps: validate the workflow first")
            options = {k: v for k, v in spec.send_task_kwargs(app).items() if k not in ("args", "kwargs")}
            return app.signature(
                spec.task, args=tuple(spec.args), kwargs=dict(spec.kwargs), options=options, immutable=item.immutable
            )
        children = [build(child, (*path, segment)) for segment, child in _children(item)]
        if isinstance(item, Chain):
            return chain(*children)
        if isinstance(item, Group):
            return group_of(children, path)
        if item.body is None:
            raise ValueError("a chord needs a body")
        return chord(group_of(children[:-1], (*path, "chord.header")), children[-1], app=app)

    signature = build(node, ())
    if next(remaining, None) is not None:
        raise ValueError("more validated specs than steps: validate the workflow first")
    return signature


# -- presets -----------------------------------------------------------------------


def to_json(node: Node) -> dict:
    """The workflow as preset data, versioned so an older console refuses what it cannot read."""
    return {"version": JSON_VERSION, "workflow": _node_json(node)}


def _node_json(node: Node) -> dict:
    if isinstance(node, Step):
        return {"step": node.draft.to_json(), "immutable": node.immutable}
    if isinstance(node, Chain):
        return {"chain": [_node_json(item) for item in node.items]}
    if isinstance(node, Group):
        return {"group": [_node_json(item) for item in node.items]}
    return {
        "chord": {
            "header": [_node_json(item) for item in node.header],
            "body": _node_json(node.body) if node.body is not None else None,
        }
    }


def from_json(data: Any) -> Node:
    """The workflow ``to_json`` wrote; ValueError naming the place of anything else."""
    if not isinstance(data, dict) or "workflow" not in data:
        raise ValueError(translate("canvas", "a workflow preset must be an object with a workflow"))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(translate("canvas", "a workflow preset needs a version number"))
    if version > JSON_VERSION:
        newer = translate(
            "canvas", "this workflow preset was saved by a newer version (format {version}; this one reads {known})"
        )
        raise ValueError(newer.format(version=version, known=JSON_VERSION))
    return _node_from(data["workflow"], (), 0)


def _node_from(data: Any, path: tuple[str, ...], depth: int) -> Node:
    where = path_text(path)
    if depth > _JSON_MAX_DEPTH:
        raise ValueError(translate("canvas", "{where}: nested too deeply").format(where=where))
    if not isinstance(data, dict):
        raise ValueError(
            translate("canvas", "{where}: expected an object, not {type}").format(where=where, type=type(data).__name__)
        )
    kinds = [k for k in ("step", "chain", "group", "chord") if k in data]
    if len(kinds) != 1:
        raise ValueError(translate("canvas", "{where}: expected exactly one of step, chain, group or chord").format(where=where))
    kind = kinds[0]
    allowed = {"step", "immutable"} if kind == "step" else {kind}
    if unknown := sorted(set(data) - allowed):
        raise ValueError(translate("canvas", "{where}: unknown key {key}").format(where=where, key=repr(unknown[0])))
    value = data[kind]
    if kind == "step":
        immutable = data.get("immutable", False)
        if not isinstance(immutable, bool):
            raise ValueError(translate("canvas", "{where}: immutable must be true or false").format(where=where))
        try:
            return Step(CallDraft.from_json(value), immutable)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from None
    if kind in ("chain", "group"):
        if not isinstance(value, list):
            raise ValueError(translate("canvas", "{where}: {kind} must be a list").format(where=where, kind=kind))
        items = tuple(_node_from(item, (*path, f"{kind}[{i}]"), depth + 1) for i, item in enumerate(value))
        return Chain(items) if kind == "chain" else Group(items)
    if not isinstance(value, dict) or set(value) - {"header", "body"} or not isinstance(value.get("header"), list):
        shape = translate("canvas", "{where}: a chord must be an object with a header list and a body")
        raise ValueError(shape.format(where=where))
    header = tuple(_node_from(item, (*path, f"chord.header[{i}]"), depth + 1) for i, item in enumerate(value["header"]))
    body = None if value.get("body") is None else _node_from(value["body"], (*path, "chord.body"), depth + 1)
    return Chord(header, body)
