from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from celery import Celery
from celery.canvas import Signature, _chain, _chord, group
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.domain.calls import CallContext, CallDraft, LinkDraft, signature_of
from desktop.core.domain.canvas import (
    MAX_DEPTH,
    MAX_STEPS,
    Chain,
    Chord,
    Group,
    Step,
    from_json,
    iter_steps,
    preview,
    receiving_paths,
    to_json,
    to_signature,
    uses_chord,
    validate,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
CTX = CallContext(now=NOW, local_tz=timezone.utc)


def step(task: str = "tasks.add", args: str = "[]", kwargs: str = "{}", immutable: bool = False, **fields) -> Step:
    return Step(CallDraft(task=task, args_json=args, kwargs_json=kwargs, **fields), immutable)


def add(*args) -> Step:
    return step("tasks.add", json.dumps(list(args)))


@pytest.fixture
def app():
    return Celery("t", broker="memory://", set_as_current=False)


# -- preview -----------------------------------------------------------------------


def test_preview_chain():
    assert preview(Chain((add(2, 2), step("tasks.mul", "[4]"))), CTX) == "chain(add.s(2, 2), mul.s(4))"


def test_preview_group():
    assert preview(Group((add(1, 1), add(2, 2))), CTX) == "group(add.s(1, 1), add.s(2, 2))"


def test_preview_chord():
    node = Chord((add(1, 1), add(2, 2)), step("tasks.xsum"))
    assert preview(node, CTX) == "chord([add.s(1, 1), add.s(2, 2)], xsum.s())"


def test_preview_chain_whose_step_is_a_group():
    node = Chain((add(1, 1), Group((step("tasks.mul", "[2]"), step("tasks.mul", "[3]"))), step("tasks.xsum")))
    assert preview(node, CTX) == "chain(add.s(1, 1), group(mul.s(2), mul.s(3)), xsum.s())"


def test_preview_chord_with_a_chain_body_and_a_nested_group_in_the_header():
    node = Chord((Group((add(1, 1),)), add(2, 2)), Chain((step("tasks.xsum"), step("tasks.log", immutable=True))))
    assert preview(node, CTX) == "chord([group(add.s(1, 1)), add.s(2, 2)], chain(xsum.s(), log.si()))"


def test_preview_immutable_kwargs_and_json_values_as_python():
    node = step("tasks.report", '["a", true, null, 1.5, [1]]', '{"x": 1, "flag": false}', immutable=True)
    assert preview(node, CTX) == "report.si('a', True, None, 1.5, [1], x=1, flag=False)"


def test_preview_kwargs_that_are_not_identifiers():
    node = step("tasks.f", "[]", '{"ok": 1, "not-ok": 2, "class": 3}')
    assert preview(node, CTX) == "f.s(ok=1, **{'not-ok': 2, 'class': 3})"


def test_preview_options_with_set():
    node = step("tasks.add", "[1, 2]", queue="q", countdown="5", priority="3")
    assert preview(node, CTX) == "add.s(1, 2).set(countdown=5, queue='q', priority=3)"


def test_preview_links_and_eta():
    node = step(
        "tasks.add",
        "[1, 2]",
        eta="2026-03-02T00:00:00+00:00",
        links=(LinkDraft("tasks.log", '["done"]'),),
        link_errors=(LinkDraft("on-error"),),
    )
    assert preview(node, CTX) == (
        "add.s(1, 2).set(eta=datetime.fromisoformat('2026-03-02T00:00:00+00:00'), "
        "link=[log.s('done')], link_error=[signature('on-error')])"
    )


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        ("add", "add.s(1)"),
        ("proj.tasks.add", "add.s(1)"),
        ("tasks.my-task", "signature('tasks.my-task', args=(1,))"),
        ("tasks.class", "signature('tasks.class', args=(1,))"),
        ("tasks.", "signature('tasks.', args=(1,))"),
    ],
)
def test_preview_names(task, expected):
    assert preview(step(task, "[1]"), CTX) == expected


def test_preview_non_identifier_name_immutable_with_kwargs_and_options():
    node = step("my-task", "[1, 2]", '{"x": 1}', immutable=True, queue="q")
    assert preview(node, CTX) == "signature('my-task', args=(1, 2), kwargs={'x': 1}, immutable=True).set(queue='q')"


def test_preview_shows_an_invalid_step_as_an_ellipsis():
    node = Chain((add(1), step("tasks.mul", "[oops"), step("x-y", "{"), step("", immutable=True)))
    assert preview(node, CTX) == "chain(add.s(1), mul.s(…), signature('x-y', …), signature('?', …))"


def test_preview_uses_the_task_signature_from_the_context():
    def mul(x: int, y: int = 2) -> int:
        return x * y

    signature = signature_of(mul)
    context = lambda task: CallContext(signature=signature) if task == "tasks.mul" else CTX  # noqa: E731
    alone = Step(CallDraft(task="tasks.mul", params=(("x", "3"), ("y", ""))))
    assert preview(alone, context) == "mul.s(3)"
    # After a step, Celery passes its result as x: y=3 is the one argument the step adds.
    after = Step(CallDraft(task="tasks.mul", params=(("x", ""), ("y", "3"))))
    assert preview(Chain((add(1, 1), after)), context) == "chain(add.s(1, 1), mul.s(3))"


def test_the_previous_result_fills_the_first_parameter_of_each_step_that_receives_one():
    def mul(x: int, y: int = 2) -> int:
        return x * y

    def xsum(numbers: list) -> int:
        return sum(numbers)

    signatures = {"tasks.mul": signature_of(mul), "tasks.xsum": signature_of(xsum)}
    context = lambda task: CallContext(signature=signatures.get(task), now=NOW, local_tz=timezone.utc)  # noqa: E731
    mul_by = lambda y, **options: Step(CallDraft(task="tasks.mul", params=(("x", ""), ("y", y))), **options)  # noqa: E731
    node = Chain((Chord((add(1, 1), add(2, 2)), Step(CallDraft(task="tasks.xsum"))), mul_by("10")))
    result = validate(node, context)
    assert result.errors == ()
    assert [(s.task, s.args) for s in result.specs] == [
        ("tasks.add", (1, 1)),
        ("tasks.add", (2, 2)),
        ("tasks.xsum", ()),  # the header's results
        ("tasks.mul", (10,)),  # mul(<the sum>, 10)
    ]
    assert preview(node, context) == "chain(chord([add.s(1, 1), add.s(2, 2)], xsum.s()), mul.s(10))"
    assert receiving_paths(node) == {("chain[0]", "chord.body"), ("chain[1]",)}

    # Filling it anyway would send one argument too many: said at that field.
    filled = Chain((add(1, 1), Step(CallDraft(task="tasks.mul", params=(("x", "5"), ("y", ""))))))
    errors = validate(filled, context).errors
    assert [(e.path, e.field) for e in errors] == [(("chain[1]",), "param:x")]
    assert "previous step's result" in errors[0].message
    # An immutable step (.si) takes no result: its first parameter is its own again.
    immutable = Chain((add(1, 1), mul_by("", immutable=True)))
    assert [(e.path, e.field, e.message) for e in validate(immutable, context).errors] == [(("chain[1]",), "param:x", "required")]
    # The first step of a chain, and the header of a chord, get nothing.
    assert receiving_paths(Chain((mul_by("1"),))) == set()
    assert receiving_paths(Group((add(1), Chain((add(2), add(3)))))) == {("group[1]", "chain[1]")}


# -- validation --------------------------------------------------------------------


def test_valid_workflow_gives_specs_in_step_order():
    node = Chord((add(1, 1), add(2, 2)), step("tasks.xsum"))
    result = validate(node, CTX)
    assert result.ok and not result.errors
    assert [s.task for s in result.specs] == ["tasks.add", "tasks.add", "tasks.xsum"]
    assert [p for p, _ in iter_steps(node)] == [("chord.header[0]",), ("chord.header[1]",), ("chord.body",)]


def test_bad_step_deep_inside_has_its_path():
    bad = step("tasks.mul", "[2]", "[1]")
    node = Chain((add(1), Group((add(2), Chord((add(3),), Chain((add(4), bad)))))))
    result = validate(node, CTX)
    assert result.specs is None and not result.ok
    (error,) = result.errors
    assert error.path == ("chain[1]", "group[1]", "chord.body", "chain[1]")
    assert error.field == "kwargs_json"
    assert str(error) == "chain[1] › group[1] › chord.body › chain[1]: kwargs: must be a JSON object, not list"


def test_every_single_call_rule_holds_per_step():
    node = Group((step("", countdown="-1"), add(1), step("tasks.add", countdown="5", eta="2026-03-02T00:00:00")))
    result = validate(node, CTX)
    assert {(e.path, e.field) for e in result.errors} == {
        (("group[0]",), "task"),
        (("group[0]",), "countdown"),
        (("group[2]",), "countdown"),
        (("group[2]",), "eta"),
    }


def test_single_step_errors_have_the_workflow_as_place():
    (error,) = validate(step("tasks.add", "{"), CTX).errors
    assert error.path == () and str(error).startswith("workflow: args: invalid JSON")


def test_chain_of_one_is_fine():
    assert validate(Chain((add(1),)), CTX).ok


@pytest.mark.parametrize(
    ("node", "path", "message"),
    [
        (Chain(()), (), "a chain needs at least one step"),
        (Group(()), (), "a group needs at least one step"),
        (Chain((add(1), Group(()))), ("chain[1]",), "a group needs at least one step"),
        (Chord((), add(1)), (), "a chord needs at least one step in its header"),
        (Chord((add(1),), None), (), "a chord needs a body, called with the header's results"),
        (Group((Chord((add(1),), Chain(())),)), ("group[0]", "chord.body"), "a chain needs at least one step"),
    ],
)
def test_structural_errors(node, path, message):
    result = validate(node, CTX)
    assert not result.ok
    assert [(e.path, e.field, e.message) for e in result.errors] == [(path, "", message)]


def test_structural_and_step_errors_together():
    result = validate(Chain((step("tasks.add", "{"), Group(()))), CTX)
    assert {str(e).split(":")[0] for e in result.errors} == {"chain[0]", "chain[1]"}


def nested(depth: int) -> Chain | Step:
    node: Chain | Step = add(1)
    for _ in range(depth):
        node = Chain((node,))
    return node


def test_nesting_depth_cap():
    assert validate(nested(MAX_DEPTH), CTX).ok
    result = validate(nested(MAX_DEPTH + 1), CTX)
    (error,) = result.errors
    assert error.path == ("chain[0]",) * MAX_DEPTH
    assert error.message.startswith(f"nested too deeply: at most {MAX_DEPTH}")


def test_total_steps_cap():
    assert validate(Group(tuple(add(i) for i in range(MAX_STEPS))), CTX).ok
    result = validate(Group(tuple(add(i) for i in range(MAX_STEPS + 1))), CTX)
    assert [str(e) for e in result.errors] == [f"workflow: too many steps: {MAX_STEPS + 1} (at most {MAX_STEPS})"]


def test_same_task_id_in_two_steps():
    result = validate(Group((step(task_id="abc"), step(task_id="abc"))), CTX)
    assert [str(e) for e in result.errors] == ["group[1]: task_id: the same task id as group[0]: every task needs its own"]


def test_ignore_result_in_a_chord_header_warns():
    result = validate(Chord((step(ignore_result=True),), step("tasks.xsum", ignore_result=True)), CTX)
    assert result.ok
    assert [(e.path, e.field) for e in result.warnings] == [(("chord.header[0]",), "ignore_result")]


def test_step_warnings_carry_their_path():
    result = validate(Chain((add(1), step(eta="2026-01-01T00:00:00+00:00"))), CTX)
    assert result.ok and [(e.path, e.field) for e in result.warnings] == [(("chain[1]",), "eta")]


def test_links_in_steps_are_fine():
    assert validate(Chain((step(links=(LinkDraft("tasks.log"),), link_errors=(LinkDraft("tasks.err"),)), add(1))), CTX).ok


def test_uses_chord():
    assert uses_chord(Chord((add(1),), add(2)))
    assert uses_chord(Chain((Group((add(1), add(2))), add(3))))
    assert uses_chord(Group((Chain((add(1), Chord((add(2),), add(3)))),)))
    assert not uses_chord(Chain((add(1), Group((add(1), add(2))))))
    assert not uses_chord(add(1))


# -- sending -----------------------------------------------------------------------


def signature_for(node, app):
    result = validate(node, CTX)
    assert result.ok, result.errors
    return to_signature(node, app, result.specs)


def test_to_signature_step_with_options_and_links(app):
    node = step("tasks.add", "[2, 2]", '{"z": 1}', immutable=True, queue="q", countdown="5", links=(LinkDraft("tasks.log"),))
    sig = signature_for(node, app)
    assert type(sig) is Signature
    assert (sig.task, sig.args, sig.kwargs, sig.immutable) == ("tasks.add", (2, 2), {"z": 1}, True)
    assert sig.options["queue"] == "q" and sig.options["countdown"] == 5
    assert [link.task for link in sig.options["link"]] == ["tasks.log"]
    assert sig.app is app


def test_to_signature_chain(app):
    sig = signature_for(Chain((add(2, 2), step("tasks.mul", "[4]"))), app)
    assert isinstance(sig, _chain)
    assert [(t.task, t.args) for t in sig.tasks] == [("tasks.add", (2, 2)), ("tasks.mul", (4,))]


def test_to_signature_group(app):
    sig = signature_for(Group((add(1, 1), add(2, 2))), app)
    assert isinstance(sig, group)
    assert [t.args for t in sig.tasks] == [(1, 1), (2, 2)]


def test_to_signature_chord(app):
    sig = signature_for(Chord((add(1, 1), add(2, 2)), step("tasks.xsum")), app)
    assert isinstance(sig, _chord)
    assert [t.args for t in sig.tasks] == [(1, 1), (2, 2)]
    assert sig.body.task == "tasks.xsum"
    assert set(sig.kwargs) >= {"header", "body"}


def test_to_signature_chain_with_a_group_inside(app):
    node = Chain((add(1, 1), Group((step("tasks.mul", "[2]"), step("tasks.mul", "[3]"))), step("tasks.log", immutable=True)))
    sig = signature_for(node, app)
    assert isinstance(sig, _chain)
    first, second = sig.tasks  # Celery's own rule: a group followed by a step becomes a chord
    assert first.task == "tasks.add"
    assert isinstance(second, _chord)
    assert [t.args for t in second.tasks] == [(2,), (3,)]
    assert second.body.task == "tasks.log" and second.body.immutable


def test_to_signature_chain_ending_in_a_group(app):
    sig = signature_for(Chain((add(1, 1), Group((add(2), add(3))))), app)
    assert isinstance(sig, _chain)
    assert isinstance(sig.tasks[-1], group)


def test_to_signature_chord_with_chain_body(app):
    sig = signature_for(Chord((add(1),), Chain((step("tasks.xsum"), step("tasks.log")))), app)
    assert isinstance(sig, _chord)
    assert isinstance(sig.body, _chain)
    assert [t.task for t in sig.body.tasks] == ["tasks.xsum", "tasks.log"]


def test_to_signature_refuses_specs_that_do_not_match(app):
    node = Chain((add(1), add(2)))
    specs = validate(node, CTX).specs
    with pytest.raises(ValueError, match="fewer"):
        to_signature(node, app, specs[:1])
    with pytest.raises(ValueError, match="more"):
        to_signature(node, app, specs + specs)


# -- presets -----------------------------------------------------------------------


def test_json_round_trip_of_a_nested_workflow():
    node = Chain(
        (
            step("tasks.add", "[1]", params=(("x", "1"), ("y", "2")), queue="q", retry=False),
            Group((add(2), step("tasks.mul", immutable=True, links=(LinkDraft("tasks.log", "[1]"),)))),
            Chord((add(3),), Chain((step("tasks.xsum"),))),
            Chord((), None),
        )
    )
    data = to_json(node)
    assert data["version"] == 1
    assert from_json(json.loads(json.dumps(data))) == node


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be an object with a workflow"),
        ({"version": 1}, "must be an object with a workflow"),
        ({"workflow": {"chain": []}}, "needs a version number"),
        ({"version": 2, "workflow": {"chain": []}}, "saved by a newer version"),
        ({"version": 1, "workflow": {"loop": []}}, "workflow: expected exactly one of step, chain, group or chord"),
        ({"version": 1, "workflow": {"chain": [], "group": []}}, "expected exactly one of"),
        ({"version": 1, "workflow": {"chain": [], "extra": 1}}, "workflow: unknown key 'extra'"),
        ({"version": 1, "workflow": {"chain": {}}}, "workflow: chain must be a list"),
        ({"version": 1, "workflow": {"chain": [1]}}, r"chain\[0\]: expected an object, not int"),
        ({"version": 1, "workflow": {"group": [{"step": {}}]}}, r"group\[0\]: a call preset needs a task name"),
        ({"version": 1, "workflow": {"step": {"task": "a"}, "immutable": "yes"}}, "immutable must be true or false"),
        ({"version": 1, "workflow": {"chord": {"body": None}}}, "a chord must be an object with a header list"),
        ({"version": 1, "workflow": {"chord": {"header": [], "tail": 1}}}, "a chord must be an object"),
    ],
)
def test_from_json_refuses_unknown_shapes(data, message):
    with pytest.raises(ValueError, match=message):
        from_json(data)


def test_from_json_refuses_absurd_nesting_without_recursion_error():
    data: dict = {"step": {"task": "a"}}
    for _ in range(200):
        data = {"chain": [data]}
    with pytest.raises(ValueError, match="nested too deeply"):
        from_json({"version": 1, "workflow": data})


texts = st.text(max_size=8)
steps = st.builds(
    lambda task, args, immutable, queue: step(task, args, immutable=immutable, queue=queue),
    st.sampled_from(["tasks.add", "x-y", ""]),
    st.sampled_from(["[]", "[1, 2]", "{", '["a", null]']),
    st.booleans(),
    texts,
)
nodes = st.recursive(
    steps,
    lambda children: st.one_of(
        st.builds(Chain, st.lists(children, max_size=3).map(tuple)),
        st.builds(Group, st.lists(children, max_size=3).map(tuple)),
        st.builds(Chord, st.lists(children, max_size=3).map(tuple), st.one_of(st.none(), children)),
    ),
    max_leaves=12,
)


GENERATED_ARGS = {"[]": (), "[1, 2]": (1, 2), '["a", null]': ("a", None)}  # "{" is no JSON array: invalid


def step_is_valid(node: Step) -> bool:
    return bool(node.draft.task.strip()) and node.draft.args_json in GENERATED_ARGS


def structure_is_valid(node, depth: int = 1) -> bool:
    """No empty chain, group or chord header, no chord without a body, no deeper than MAX_DEPTH."""
    if isinstance(node, Step):
        return True
    if depth > MAX_DEPTH:
        return False
    if isinstance(node, Chord):
        children = (*node.header, *(() if node.body is None else (node.body,)))
        filled = bool(node.header) and node.body is not None
    else:
        children, filled = node.items, bool(node.items)
    return filled and all(structure_is_valid(child, depth + 1) for child in children)


def expected_preview(node) -> str:
    """What ``preview`` shows for a generated workflow, written out from the steps' fields."""
    if isinstance(node, Chain):
        return f"chain({', '.join(expected_preview(item) for item in node.items)})"
    if isinstance(node, Group):
        return f"group({', '.join(expected_preview(item) for item in node.items)})"
    if isinstance(node, Chord):
        body = expected_preview(node.body) if node.body is not None else "…"
        return f"chord([{', '.join(expected_preview(item) for item in node.header)}], {body})"
    task, method = node.draft.task, "si" if node.immutable else "s"
    if not step_is_valid(node):
        return {"tasks.add": f"add.{method}(…)", "x-y": "signature('x-y', …)", "": "signature('?', …)"}[task]
    args = GENERATED_ARGS[node.draft.args_json]
    if task == "tasks.add":
        code = f"add.{method}({', '.join(repr(a) for a in args)})"
    else:
        parts = [repr(task)] + ([f"args={args!r}"] if args else []) + (["immutable=True"] if node.immutable else [])
        code = f"signature({', '.join(parts)})"
    queue = node.draft.queue.strip()
    return code + (f".set(queue={queue!r})" if queue else "")


@settings(max_examples=150, deadline=None)
@given(nodes)
def test_any_workflow_round_trips_validates_and_previews(node):
    assert from_json(json.loads(json.dumps(to_json(node)))) == node
    result = validate(node, CTX)
    assert result.ok == (result.specs is not None)
    steps = [s for _, s in iter_steps(node)]
    if result.ok:
        assert [(spec.task, spec.args, spec.queue) for spec in result.specs] == [
            (s.draft.task, GENERATED_ARGS[s.draft.args_json], s.draft.queue.strip() or None) for s in steps
        ]
    else:
        assert result.errors
    assert result.ok == (structure_is_valid(node) and all(step_is_valid(s) for s in steps))
    assert preview(node, CTX) == expected_preview(node)
