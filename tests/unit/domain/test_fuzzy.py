"""The command palette's fuzzy matcher: what matches, in which order, where (how fast: bench/palette.py)."""

from __future__ import annotations

import random
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.domain.fuzzy import FuzzyIndex, _word_starts, fold, fold_query, fuzzy_match, score_bound


def ranked(query: str, texts: list[str]) -> list[str]:
    return [texts[i] for i, _m in FuzzyIndex(texts).search(query)]


def test_a_subsequence_matches_and_anything_else_does_not():
    assert fuzzy_match("tad", "tasks.add") is not None
    assert fuzzy_match("TAD", "tasks.add") is not None  # case-insensitive
    assert fuzzy_match("tasks add", "tasks.add") is not None  # whitespace in the query is left out
    assert fuzzy_match("dat", "tasks.add") is None  # order counts
    assert fuzzy_match("addd", "tasks.add") is None
    assert fuzzy_match("x", "") is None


def test_an_empty_query_matches_everything_with_nothing_highlighted():
    assert fuzzy_match("", "tasks.add").positions == ()
    assert fuzzy_match("   ", "tasks.add").score == 0
    assert ranked("", ["b", "a"]) == ["b", "a"]  # in the order given


def test_positions_prefer_word_starts_and_runs():
    assert fuzzy_match("ta", "tasks.add").positions == (0, 1)
    assert fuzzy_match("sa", "tasks.send_alert").positions == (6, 11)  # word starts, not the "s" and "a" of "tasks"
    assert fuzzy_match("add", "tasks.add").positions == (6, 7, 8)  # the word, not a, then d d spread out
    assert fuzzy_match("nw", "New workflow…").positions == (0, 4)
    assert fuzzy_match("gc", "getCelery").positions == (0, 3)  # a camelCase capital


def test_ordering_like_an_editors_quick_open():
    assert ranked("add", ["tasks.paddle", "tasks.add", "adder.tasks"]) == ["adder.tasks", "tasks.add", "tasks.paddle"]
    assert ranked("set", ["tasks.reset_cache", "Settings…", "tasks.send_email_to"]) == [
        "Settings…",  # a prefix
        "tasks.send_email_to",  # s e t at word starts
        "tasks.reset_cache",  # a run inside a word
    ]
    assert ranked("wf", ["Workers", "New workflow…", "tasks.wait_for"]) == ["tasks.wait_for", "New workflow…"]
    # the same score: the shorter text first
    assert ranked("add", ["tasks.add_many", "tasks.add"]) == ["tasks.add", "tasks.add_many"]


def test_a_task_id_typed_in_part_finds_it_among_thousands():
    rng = random.Random(7)
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(5000)]
    wanted = ids[1234]
    found = FuzzyIndex(ids).search(wanted[9:18], limit=5)  # the middle of it, across a dash
    assert ids[found[0][0]] == wanted
    assert found[0][1].positions == tuple(range(9, 18))


def test_folding_keeps_the_length():
    assert len("İstanbul".lower()) == 9  # what str.lower does: positions would shift
    assert fold("İstanbul") == "İstanbul"
    assert fold("Tasks.ADD") == "tasks.add"
    assert fuzzy_match("stan", "İstanbul").positions == (1, 2, 3, 4)
    assert fold_query(" A b\tC ") == "abc"


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.text(
    alphabet="abcdeAB-_. ", max_size=30
)
queries = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6) | st.text(alphabet="abcAB-. ", max_size=6)


@settings(max_examples=400, deadline=None)
@given(queries, texts)
def test_never_raises_and_positions_are_in_the_text_in_order(query, text):
    match = fuzzy_match(query, text)
    if match is None:
        return
    folded = fold_query(query)
    assert len(match.positions) == len(folded)
    assert all(0 <= p < len(text) for p in match.positions)
    assert list(match.positions) == sorted(set(match.positions))
    assert [fold(text)[p] for p in match.positions] == list(folded)


@settings(max_examples=300, deadline=None)
@given(queries, st.lists(texts, max_size=30), st.integers(min_value=1, max_value=5))
def test_a_limited_search_gives_the_best_of_the_full_one(query, items, limit):
    """The bound that lets a search skip texts is never below a real score, so skipping loses nothing."""
    index = FuzzyIndex(items)
    full = index.search(query)
    limited = FuzzyIndex(items).search(query, limit=limit)
    assert [m.score for _i, m in limited] == [m.score for _i, m in full[:limit]]
    folded = fold_query(query)
    for i, match in full:
        if folded:
            assert match.score <= score_bound(folded, fold(items[i]), *_word_starts(items[i], fold(items[i])))
        assert match == fuzzy_match(query, items[i])
