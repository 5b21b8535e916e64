"""Property-based fuzzing of the call form's and the connection dialog's validation (Qt-free core).

Every field gets arbitrary text (unicode, control characters, NUL, 100,000 characters), numbers
far past 64 bits, inf/nan, JSON and broken JSON, and date-times at the edges (year 1 and 9999,
0000-00-00, leap seconds, ±14 h offsets, epoch numbers). Whatever comes in, the answer is a valid
call / profile or a short message at a named field; no exception escapes. The strategies are
shared with tests/gui/test_fuzz_forms.py, which types the same values into the real widgets.
CELERY_DESKTOP_FUZZ_SCALE multiplies the number of cases (e.g. 10 for a long run).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import string
import tempfile
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kombu.utils.url import url_to_parts

import desktop.tasks
from desktop.core.connection.connection_form import CERT_REQS, ConnectionForm, from_profile
from desktop.core.connection.secrets import mask_url, url_parts
from desktop.core.domain.call_building import build_call, draft_from_spec
from desktop.core.domain.calls import CallContext, CallDraft, CallResult, CallSpec, LinkDraft, ParamKind, signature_of
from desktop.core.domain.catalog import app_task_infos
from desktop.core.store.profile_store import with_password, without_password
from tests.support.fuzzing import tried

MAX_MESSAGE = 400  # an inline error longer than this is not read, and lays out slowly


def examples(count: int) -> int:
    """Cases per test; CELERY_DESKTOP_FUZZ_SCALE=10 makes a long run of the same tests."""
    return max(1, int(count * float(os.environ.get("CELERY_DESKTOP_FUZZ_SCALE", "1"))))


CORE = settings(max_examples=examples(1000), deadline=None, derandomize=False, print_blob=True)

# -- text of every kind -----------------------------------------------------------------

EDGE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\n\r",
    "\u200b",
    "\u202e",
    "\ufeff1",
    "😀",
    "\ud800",
    "0",
    "-0",
    "-1",
    "+1",
    "1_000",
    "0x10",
    "1e3",
    "١٢٣",
    "²",
    "1e309",
    "-1e309",
    "1e-400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "18446744073709551616",
    "-9223372036854775809",
    "9" * 5000,
    "1" * 4301,
    "9" * 400,
    "-" + "1" * 1000,
    "1." + "0" * 5000,
    "x" * 100_000,
    "[]",
    "{}",
    "null",
    "true",
    '"x"',
    "[" * 5000,
    "{" * 3000 + "}" * 3000,
    '{"a":' * 2000,
    "[" * 2000 + "]" * 2000,
    "[1e999]",
    "[NaN]",
    '{"a": Infinity}',
    "[" + "9" * 5000 + "]",
    '{"x": 1, "x": 2}',
    '["\\ud800"]',
    "[1,]",
]
EDGE_DATES = [
    "0000-00-00",
    "0000-00-00T00:00:00",
    "0001-01-01",
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59.999999-00:01",
    "2016-12-31T23:59:60Z",
    "2016-12-31T23:59:60+00:00",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59-14:00",
    "2038-01-19T03:14:08Z",
    "2024-02-29T12:00:00",
    "2023-02-29T12:00:00",
    "2026-W01-1",
    "2026-001",
    "2026-11-30T24:00:00",
    "2026-11-30T25:00:00",
    "2026-11-30T12:00:00+24:00",
    "2026-11-30T12:00:00+14:01",
    "2026-11-30T12:00:00.123456789",
    "2026-11-30 12:00",
    "+14:00",
    "T12:00",
    "0",
    "1700000000",
    "1700000000.5",
    "-62135596800",
    "253402300800",
    "1e12",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
json_text = json_values.map(json.dumps)
broken_json = json_text.flatmap(lambda t: st.integers(0, max(0, len(t) - 1)).map(lambda i: t[:i]))
numbers = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=10**300, max_value=10**4000).map(lambda n: str(n * (-1) ** (n % 2))),  # past float, within int()
    st.floats().map(str),
    st.floats().map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
iso_dates = st.builds(
    lambda moment, zone, style: (
        moment.isoformat()
        if style == "naive"
        else moment.replace(tzinfo=zone).isoformat().replace("+00:00", "Z" if style == "Z" else "+00:00")
    ),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)),
    offsets,
    st.sampled_from(["naive", "aware", "Z"]),
)
edge_moments = st.one_of(  # within a day of the calendar's ends, where a ±14 h offset leaves it
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 2)),
    st.datetimes(min_value=datetime(9999, 12, 30), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)),
)
edge_dates = st.builds(
    lambda moment, minutes: (
        moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat() if minutes else moment.isoformat()
    ),
    edge_moments,
    st.sampled_from([0, 14 * 60, -14 * 60, 330, -210, 1]),
)
epochs = st.one_of(st.integers(-(10**12), 10**12).map(str), st.floats(-1e12, 1e12).map(str))
any_text = st.one_of(
    st.text(),
    st.text(st.characters(blacklist_categories=())),  # surrogates and private use too
    st.text(string.printable),
    st.sampled_from(EDGE_TEXT),
    st.text(max_size=3).map(lambda s: s * 30_000),
)
nasty = st.one_of(any_text, numbers, json_text, broken_json, st.sampled_from(EDGE_DATES), iso_dates, epochs)
date_text = st.one_of(st.sampled_from(EDGE_DATES), edge_dates, iso_dates, epochs, nasty)
DATE_FIELDS = ("eta", "expires")

# -- call drafts ----------------------------------------------------------------------------

DEMO_TASKS = app_task_infos(desktop.tasks.app)


def _every_kind(a, /, b: int, *rest, c: float = 1.5, flag: bool = False, d: list | None = None, e: str = "", **extra):
    """Positional-only, keyword-only, every kind and both variadics: the binder's hard cases."""


SIGNATURES = {
    None: None,
    "every_kind": signature_of(_every_kind),
    **{name: DEMO_TASKS[name].signature for name in ("tasks.add", "tasks.long_progress", "tasks.echo_request", "tasks.audited")},
    **{name: DEMO_TASKS[name].signature for name in ("tasks.xsum", "tasks.fire_and_forget", "celery.chord")},
}
DRAFT_TEXT_FIELDS = [f.name for f in fields(CallDraft) if f.type == "str" and f.name != "task"]


def _valid_param(kind: ParamKind, variadic: str):
    if variadic == "*":
        return st.lists(json_values, max_size=3).map(json.dumps)
    if variadic == "**":
        return st.dictionaries(st.text(max_size=8), json_values, max_size=3).map(json.dumps)
    return {
        ParamKind.INT: st.integers(-(10**30), 10**30).map(str),
        ParamKind.FLOAT: st.floats(allow_nan=False, allow_infinity=False).map(repr),
        ParamKind.BOOL: st.sampled_from(["true", "false"]),
        ParamKind.STR: st.text(max_size=30),
        ParamKind.JSON: json_text,
    }[kind]


VALID_FIELD = {
    "args_json": st.lists(json_values, max_size=3).map(json.dumps),
    "kwargs_json": st.dictionaries(st.text(max_size=8), json_values, max_size=3).map(json.dumps),
    "countdown": st.one_of(st.integers(0, 10**6).map(str), st.floats(0, 1e6).map(repr)),
    "eta": iso_dates,
    "expires": st.one_of(st.integers(1, 10**8).map(str), iso_dates),
    "queue": st.text(max_size=20),
    "exchange": st.text(max_size=20),
    "routing_key": st.text(max_size=20),
    "priority": st.integers(0, 9).map(str),
    "serializer": st.sampled_from(["", "json", "yaml", "msgpack", "pickle"]),
    "compression": st.sampled_from(["", "gzip", "bzip2", "zlib"]),
    "retry_max_retries": st.integers(0, 10).map(str),
    "retry_interval_start": st.floats(0, 10).map(repr),
    "retry_interval_step": st.floats(0, 10).map(repr),
    "retry_interval_max": st.floats(0, 10).map(repr),
    "task_id": st.one_of(st.uuids().map(str), st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=40)),
    "headers_json": st.dictionaries(st.text(max_size=8), json_values, max_size=3).map(json.dumps),
    "time_limit": st.integers(1, 1000).map(str),
    "soft_time_limit": st.integers(1, 1000).map(str),
    "shadow": st.text(max_size=20),
}
link_drafts = st.builds(
    LinkDraft,
    task=st.one_of(st.sampled_from(["tasks.add", "tasks.mul"]), nasty),
    args_json=st.one_of(st.just("[]"), VALID_FIELD["args_json"], nasty),
    kwargs_json=st.one_of(st.just("{}"), VALID_FIELD["kwargs_json"], nasty),
)


@st.composite
def call_cases(draw, text=nasty):
    """(draft, context): most fields blank or plausible, a few of them (or all) fuzzed."""
    signature_key = draw(st.sampled_from(list(SIGNATURES)))
    signature = SIGNATURES[signature_key]
    fuzz_all = draw(st.integers(0, 9)) == 0
    fuzzed = set(draw(st.lists(st.sampled_from(DRAFT_TEXT_FIELDS + ["params", "links"]), max_size=4)))

    def value(name: str, valid):
        if fuzz_all or name in fuzzed:
            return draw(st.one_of(text, date_text) if name in DATE_FIELDS else text)
        return draw(st.one_of(st.just(""), valid)) if draw(st.booleans()) else ""

    params = []
    for p in signature.params if signature is not None else ():
        valid = _valid_param(p.kind, p.variadic)
        if fuzz_all or ("params" in fuzzed and draw(st.booleans())):
            params.append((p.name, draw(text)))
        else:
            params.append((p.name, draw(valid if p.required else st.one_of(st.just(""), valid))))
    values = {name: value(name, VALID_FIELD[name]) for name in DRAFT_TEXT_FIELDS}
    if signature is not None:
        values["args_json"], values["kwargs_json"] = "[]", "{}"
    elif not values["args_json"] and not (fuzz_all or "args_json" in fuzzed):
        values["args_json"] = "[]"
    links = draw(st.lists(link_drafts, max_size=2)) if fuzz_all or "links" in fuzzed or draw(st.booleans()) else []
    link_errors = draw(st.lists(link_drafts, max_size=1)) if fuzz_all or "links" in fuzzed else []
    task = draw(st.one_of(st.sampled_from(["tasks.add", "proj.reserve"]), text)) if fuzz_all else "tasks.add"
    draft = CallDraft(
        task=task,
        params=tuple(params),
        retry=draw(st.sampled_from([None, True, False])),
        ignore_result=draw(st.sampled_from([None, True, False])),
        links=tuple(links),
        link_errors=tuple(link_errors),
        **values,
    )
    context = CallContext(
        signature=signature,
        allow_pickle=draw(st.booleans()),
        broker_scheme=draw(st.one_of(st.sampled_from(["redis", "rediss", "sentinel", "amqp", "sqs"]), st.text(max_size=8))),
        accepted_content=draw(
            st.one_of(
                st.none(), st.sets(st.sampled_from(["json", "application/json", "yaml", "msgpack", "pickle"])).map(frozenset)
            )
        ),
        now=draw(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))),
        local_tz=draw(st.one_of(st.none(), offsets)),
    )
    return draft, context


def error_fields(draft: CallDraft, context: CallContext) -> set[str]:
    """Every field name an error may point at: one the form can show it under."""
    names = {f.name for f in fields(CallDraft)} | {"params"}
    if context.signature is not None:
        names |= {f"param:{p.name}" for p in context.signature.params}
    for kind, links in (("links", draft.links), ("link_errors", draft.link_errors)):
        names |= {f"{kind}:{i}:{part}" for i in range(len(links)) for part in ("task", "args_json", "kwargs_json")}
    return names


def check_call_result(draft: CallDraft, context: CallContext, result: CallResult) -> None:
    """A valid call or errors at known fields, each a short message; a valid call survives history and re-send."""
    assert isinstance(result, CallResult)
    assert (result.spec is None) == bool(result.errors), result
    known = error_fields(draft, context)
    for problem in result.errors + result.warnings:
        assert problem.field in known, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert len(problem.message) <= MAX_MESSAGE, (problem.field, len(problem.message), problem.message[:200])
    if result.spec is None:
        return
    spec = result.spec
    stored = json.loads(json.dumps(spec.to_json(), allow_nan=False))  # what the history keeps
    assert CallSpec.from_json(stored) == spec
    assert spec.to_python(), spec.to_cli()
    again = build_call(draft_from_spec(spec, context.signature), context)  # Re-send opens the form with this call
    assert again.errors == () and again.spec == replace(spec, task_id=None), (again.errors, again.spec, spec)


@CORE
@given(call_cases())
def test_fuzz_call_form_core(case):
    draft, context = case
    tried("call form (core)")
    check_call_result(draft, context, build_call(draft, context))


# -- connection forms -------------------------------------------------------------------------

MARK = "Ω§"  # every generated password starts with it, so no fixed message text can contain one
PRINTABLE = st.characters(whitelist_categories=("L", "N", "P", "S"), whitelist_characters=" ")
passwords = st.one_of(st.text(PRINTABLE, max_size=30), st.text(max_size=30)).map(lambda s: MARK + s)
PEM_DIR = Path(tempfile.mkdtemp(prefix="celery-desktop-fuzz-pem-"))  # made at import: the strategies below name its files
atexit.register(shutil.rmtree, PEM_DIR, ignore_errors=True)
PEM_FILES = [str(PEM_DIR / name) for name in ("ca.pem", "client cert & key #1.pem", "clé.key")]
for _pem in PEM_FILES:
    Path(_pem).write_text("-----BEGIN CERTIFICATE-----\n")

GOOD_SCHEMES = {
    "broker": ["redis", "rediss", "sentinel", "amqp", "pyamqp", "sqs", "memory"],
    "backend": ["redis", "rediss", "db+sqlite", "rpc"],
}
schemes = st.one_of(st.sampled_from(["REDIS", "rediss", "cache+memory", "db+sqlite", "rpc", "memory"]), st.text(max_size=8))
good_hosts = st.one_of(
    st.sampled_from(["localhost", "127.0.0.1", "[::1]", "[fe80::1%25eth0]", "cache.internal", "", "hôst"]),
    st.text(string.ascii_lowercase + string.digits + ".-", min_size=1, max_size=20),
)
hosts = st.one_of(good_hosts, st.sampled_from(["[::1", "h]", "h／x", "a:b:c", "h\\x"]), st.text(max_size=12))
good_ports = st.one_of(st.none(), st.integers(1, 65535).map(str), st.just("06379"))
ports = st.one_of(st.integers(-10, 70000).map(str), st.integers().map(str), st.sampled_from(["", "６３７９", "1e3"]), nasty)
good_paths = st.one_of(st.just(""), st.integers(0, 15).map(lambda n: f"/{n}"))
paths = st.one_of(st.sampled_from(["/", "/abc", "//", "/0/1", "/" + "9" * 12, "/0#frag", "/0?"]), st.text(max_size=10))
good_queries = st.lists(
    st.tuples(
        st.sampled_from(["ssl_cert_reqs", "ssl_ca_certs", "socket_timeout"]),
        st.sampled_from(
            ["CERT_REQUIRED", "CERT_NONE", "optional", *[p.replace("&", "%26").replace("#", "%23") for p in PEM_FILES]]
        ),
    ),
    max_size=2,
    unique_by=lambda kv: kv[0],
)
queries = st.lists(
    st.tuples(
        st.sampled_from(["ssl_cert_reqs", "ssl_ca_certs", "ssl_certfile", "ssl_keyfile", "socket_timeout", "x"]),
        st.one_of(st.sampled_from(["CERT_REQUIRED", "none", "yes", "/no/file", ""]), st.text(max_size=10)),
    ),
    max_size=3,
)


@st.composite
def urls(draw, role: str, password: str, fuzz: bool):
    """A URL made of parts, a password maybe in it; when fuzzed, some parts wrong, or any text at all."""
    if fuzz and draw(st.integers(0, 4)) == 0:
        return draw(nasty)
    bad = (
        set(draw(st.lists(st.sampled_from(["scheme", "host", "port", "path", "query", "list"]), min_size=1, max_size=2)))
        if fuzz
        else set()
    )
    scheme = draw(schemes if "scheme" in bad else st.sampled_from(GOOD_SCHEMES[role]))
    host = draw(hosts if "host" in bad else good_hosts)
    port = draw(ports if "port" in bad else good_ports)
    path = draw(paths if "path" in bad else good_paths)
    query = "&".join(f"{k}={v}" for k, v in draw(queries if "query" in bad else good_queries))
    userinfo = draw(st.sampled_from(["", "user@", ":PASSWORD@", "user:PASSWORD@", "PASSWORD@"]))
    userinfo = userinfo.replace("PASSWORD", password)
    url = f"{scheme}://{userinfo}{host}{'' if port is None else ':' + port}{path}{'?' + query if query else ''}"
    if "list" in bad:
        url += ";" + draw(st.sampled_from(["sentinel://s2:26379", "redis://h2/0", "", "x", f"redis://:{password}@h3"]))
    return url


@st.composite
def connection_forms(draw, text=nasty):
    """(form, the passwords it holds): most fields plausible, a few (or all) fuzzed, passwords also where they do not belong."""
    broker_pw, backend_pw = draw(passwords), draw(passwords)
    fuzz_all = draw(st.integers(0, 9)) == 0
    fuzzed = set(draw(st.lists(st.sampled_from(sorted(FORM_FIELDS)), max_size=3)))
    secret = st.sampled_from([broker_pw, backend_pw])

    def field(name: str, valid, blank: bool = True):
        if fuzz_all or name in fuzzed:
            return draw(st.one_of(text, secret))
        return draw(st.one_of(st.just(""), valid) if blank else valid)

    pw_in_field = draw(st.booleans()), draw(st.booleans())
    broker = draw(urls("broker", "" if pw_in_field[0] else broker_pw, fuzz_all or "broker_url" in fuzzed))
    backend = draw(urls("backend", "" if pw_in_field[1] else backend_pw, fuzz_all or "backend_url" in fuzzed))
    files = st.sampled_from(PEM_FILES)
    form = ConnectionForm(
        name=field("name", st.text(string.ascii_letters + string.digits + " -_.", min_size=1, max_size=30), blank=False),
        broker_url=broker,
        broker_password=field("broker_password", st.just(broker_pw)) if pw_in_field[0] else "",
        backend_url=draw(st.one_of(st.just(""), st.just(backend))),
        backend_password=field("backend_password", st.just(backend_pw)) if pw_in_field[1] else "",
        app_module=field("app_module", st.sampled_from(["proj", "proj.celery:app", "a.b.c", "app_1.tasks"])),
        allow_pickle=draw(st.booleans()),
        poll_interval=field("poll_interval", st.one_of(st.floats(0.05, 3600).map(repr), st.integers(1, 3600).map(str))),
        tls_ca_file=field("tls_ca_file", files),
        tls_cert_file=field("tls_cert_file", files),
        tls_key_file="",
        tls_cert_reqs=draw(st.one_of(text, secret))
        if fuzz_all or "tls_cert_reqs" in fuzzed
        else draw(st.sampled_from(CERT_REQS)),
    )
    if form.tls_cert_file and not fuzz_all and "tls_key_file" not in fuzzed:
        form = replace(form, tls_key_file=draw(st.one_of(st.just(""), files)))
    elif fuzz_all or "tls_key_file" in fuzzed:
        form = replace(form, tls_key_file=draw(st.one_of(text, secret)))
    if form.name.strip() in ("default", "taken", ""):
        form = replace(form, name=form.name + "x") if not (fuzz_all or "name" in fuzzed) else form
    return form, passwords_held(form, (broker_pw, backend_pw))


def passwords_held(form: ConnectionForm, candidates: tuple[str, ...]) -> tuple[str, ...]:
    """The generated passwords this form really holds: typed in a password field, or in a URL's password place."""
    typed = (form.broker_password, form.backend_password)
    return tuple(pw for pw in candidates if pw in typed or f":{pw}@" in form.broker_url + form.backend_url)


FORM_FIELDS = {f.name for f in fields(ConnectionForm)}


def check_connection_result(form: ConnectionForm, secrets: tuple[str, ...], result) -> None:
    """A profile that saves and edits back to itself, or short messages at known fields that quote no password."""
    assert (result.profile is None) == bool(result.errors), result
    for name, message in result.errors.items():
        assert name in FORM_FIELDS, name
        assert isinstance(message, str) and message.strip()
        assert len(message) <= MAX_MESSAGE, (name, len(message))
        for secret in secrets:
            assert secret not in message, (name, message)
    if result.profile is None:
        return
    profile = result.profile
    for url in (profile.broker_url, profile.backend_url):
        if not url:
            continue
        for part in url_parts(url):
            url_to_parts(part)  # kombu (so Celery) reads it
        for secret in secrets:
            assert secret not in mask_url(url)
        if len(url_parts(url)) == 1:
            assert with_password(*without_password(url)) == url  # the profile store cuts the password out and back in
    again = from_profile(profile).validate(["taken"])
    assert again.errors == {} and again.profile == profile, (again.errors, again.profile, profile)


@CORE
@given(connection_forms())
def test_fuzz_connection_form_core(case):
    form, secrets = case
    tried("connection form (core)")
    check_connection_result(form, secrets, form.validate(["taken"]))


@settings(
    max_examples=examples(100), deadline=None, derandomize=False, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.builds(ConnectionForm, **{name: nasty for name in FORM_FIELDS - {"allow_pickle"}}))
def test_fuzz_connection_form_core_every_field_at_once(form):
    tried("connection form (core)")
    check_connection_result(form, (), form.validate())


def test_fuzz_helpers_see_the_cases_they_claim():
    """The call-case strategy reaches both outcomes (a fuzzer that never builds a valid call proves little)."""
    outcomes = set()

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(call_cases())
    def run(case):
        outcomes.add(build_call(*case).ok)

    run()
    assert outcomes == {True, False}
