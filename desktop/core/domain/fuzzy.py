"""Fuzzy matching for the command palette: the query's characters in order anywhere in a text, scored.

A text matches when every character of the query appears in it in order (case-insensitive;
whitespace in the query is ignored). Among the ways the characters can be placed, the one with
the highest score is taken (a sparse dynamic programme over the occurrences of each character,
like fzf's): each matched character scores, more at the start of the text, at a word start (after
a space, ``_ - . / :`` and the like, or a capital after a small letter) and right after the
previous matched character, a run of them keeping the bonus of its best-placed one; a gap
between two matched characters costs by its length. The first matched character's bonus counts twice, so "ta" prefers "tasks.add" over
"data". Ties go to the shorter text, then to the earlier match, then to the order given.

``FuzzyIndex`` holds many texts for a search at each keystroke: a compiled pattern filters them
in C first (``[^a]*a[^b]*b...``, which cannot backtrack), the search narrows the previous
query's matches when the new query extends it, and with a limit only the matches whose score
bound can still make the best are scored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SCORE_MATCH = 16
GAP_START = -3  # the first character skipped between two matched ones
GAP_EXTENSION = -1  # each further one
BONUS_TEXT_START = 10
BONUS_BOUNDARY = 8  # after a separator
BONUS_CAMEL = 7  # a capital after a small letter
BONUS_CONSECUTIVE = -(GAP_START + GAP_EXTENSION)  # right after the previous matched character, at least
FIRST_CHAR_MULTIPLIER = 2
SEPARATORS = " \t_-./\\:,;|@#()[]{}<>'\"=+*&~!?…"
_SEPARATOR_SET = frozenset(SEPARATORS)
_WORD_START = re.compile("(?<=[" + re.escape(SEPARATORS) + "])[^" + re.escape(SEPARATORS) + "]")
_ASCII_CAMEL = re.compile("(?<=[a-z])[A-Z]")
_CHUNK = 64  # matches scored between two looks at whether the rest can still make the best


@dataclass(frozen=True, slots=True)
class Match:
    score: int
    positions: tuple[int, ...]  # the matched characters' indices in the text, ascending


def fold(text: str) -> str:
    """The text lower-cased character by character: as long as the text, so positions carry over."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def fold_query(query: str) -> str:
    """The query as matched: folded, whitespace left out."""
    return "".join(fold(query).split())


def _bonuses(text: str, low: str) -> bytes:
    """What matching each character adds for where it stands: the start, a word start (after a separator, itself
    not one), a capital after a small letter (camelCase)."""
    bonus = bytearray(len(text))
    for m in _WORD_START.finditer(low):
        bonus[m.start()] = BONUS_BOUNDARY
    if text.isascii():
        for m in _ASCII_CAMEL.finditer(text):
            bonus[m.start()] = BONUS_CAMEL
    else:
        for j in range(1, len(text)):
            if text[j].isupper() and text[j - 1].islower():
                bonus[j] = BONUS_CAMEL
    if text:
        bonus[0] = BONUS_TEXT_START
    return bytes(bonus)


def _filter_pattern(folded_query: str) -> re.Pattern[str]:
    """``[^a]*(a)[^b]*(b)…``: matches (from the start) exactly the texts holding the query in order, without backtracking."""
    return re.compile("".join(f"[^{re.escape(c)}]*({re.escape(c)})" for c in folded_query), re.DOTALL)


def _best(bonuses: bytes, low: str, query: str, first: list[int], last: list[int]) -> tuple[int, tuple[int, ...]]:
    """The highest-scoring placement of ``query`` in ``low`` (score, positions), character i between first[i] and last[i].

    A run of consecutive matched characters carries the bonus of its best-placed character so far
    (as fzf does), so "celery" matched whole at a word start outscores it matched mid-word.
    """
    if first == last:  # only one placement
        return _score_of(bonuses, first), tuple(first)
    # rows[i]: (position, score, index of the predecessor in rows[i-1], the bonus its run carries) per occurrence of query[i]
    rows: list[list[tuple[int, int, int, int]]] = []
    char, j, stop = query[0], first[0], last[0]
    row = []
    while 0 <= j <= stop:
        bonus = bonuses[j]
        row.append((j, SCORE_MATCH + FIRST_CHAR_MULTIPLIER * bonus, -1, bonus))
        j = low.find(char, j + 1)
    rows.append(row)
    for i in range(1, len(query)):
        prev, n_prev = row, len(row)
        char, j, stop = query[i], first[i], last[i]
        row = []
        best_gap, best_gap_at, p = None, -1, 0  # the best score + position among prev entries before j - 1
        while 0 <= j <= stop:
            while p < n_prev and prev[p][0] < j - 1:
                value = prev[p][1] + prev[p][0]
                if best_gap is None or value > best_gap:
                    best_gap, best_gap_at = value, p
                p += 1
            bonus = bonuses[j]
            cell = None
            if best_gap is not None:  # a gap of g = j - q - 1 >= 1 characters costs GAP_START + GAP_EXTENSION * (g - 1)
                cell = (j, best_gap - j - 1 + SCORE_MATCH + bonus, best_gap_at, bonus)
            if p < n_prev and prev[p][0] == j - 1:
                run = max(bonus, prev[p][3])
                consecutive = prev[p][1] + SCORE_MATCH + max(run, BONUS_CONSECUTIVE)
                if cell is None or consecutive >= cell[1]:
                    cell = (j, consecutive, p, run)
            if cell is not None:
                row.append(cell)
            j = low.find(char, j + 1)
        rows.append(row)
    end = max(range(len(row)), key=lambda e: (row[e][1], -row[e][0]))
    score = row[end][1]
    positions = []
    for i in range(len(query) - 1, -1, -1):
        position, _score, came_from, _run = rows[i][end]
        positions.append(position)
        end = came_from
    positions.reverse()
    return score, tuple(positions)


def _score_of(bonuses: bytes, positions: Sequence[int]) -> int:
    """The score of one placement (what ``_best`` maximises)."""
    score, previous, run = 0, -2, 0
    for i, j in enumerate(positions):
        bonus = bonuses[j]
        if i == 0:
            score += SCORE_MATCH + FIRST_CHAR_MULTIPLIER * bonus
            run = bonus
        elif j == previous + 1:
            run = max(run, bonus)
            score += SCORE_MATCH + max(run, BONUS_CONSECUTIVE)
        else:
            score += SCORE_MATCH + bonus + GAP_START + GAP_EXTENSION * (j - previous - 2)
            run = bonus
        previous = j
    return score


def _bounds(m: re.Match[str], rm: re.Match[str], n: int, k: int) -> tuple[list[int], list[int]]:
    """Earliest (the forward match) and latest (the match in the reversed text) position of each query character."""
    regs, rregs = m.regs, rm.regs
    return [regs[i][0] for i in range(1, k + 1)], [n - 1 - rregs[k - i][0] for i in range(k)]


def fuzzy_match(query: str, text: str) -> Match | None:
    """The best placement of the query's characters in the text, or None when they are not all in it in order.

    An empty query (or only whitespace) matches every text with score 0 and no positions.
    """
    folded = fold_query(query)
    if not folded:
        return Match(0, ())
    low = fold(text)
    m = _filter_pattern(folded).match(low)
    if m is None:
        return None
    rm = _filter_pattern(folded[::-1]).match(low[::-1])
    score, positions = _best(_bonuses(text, low), low, folded, *_bounds(m, rm, len(low), len(folded)))
    return Match(score, positions)


def _word_starts(text: str, low: str) -> tuple[str, str]:
    """The folded characters at a word start, and the camelCase capitals (folded): where _bonus gives
    BONUS_BOUNDARY and BONUS_CAMEL past the text's first character."""
    starts = "".join(_WORD_START.findall(low))
    if text.isascii():
        capitals = _ASCII_CAMEL.findall(text)
    else:
        capitals = [c for p, c in zip(text, text[1:], strict=False) if c.isupper() and p.islower()]
    return starts, "".join(capitals).lower()


def score_bound(folded: str, low: str, words: str, capitals: str, rest_in=None) -> int:
    """At least the score of any placement of ``folded`` in the text (``low`` folded, ``words`` and ``capitals``
    from ``_word_starts``), found without placing it.

    The first character gets at most the best bonus of its places. A later one gets at most the
    consecutive bonus, or the bonus its run carries (the first's, a capital's), until the first of
    them that stands at a word start somewhere: that one pays a gap to get there (a word start
    follows a separator, which the query would have to hold just before it to be consecutive), and
    the ones after it get at most a word start's bonus. When the query is not in the text as it
    is, some later character pays a gap and gets only the bonus of its own place.
    """
    k, head = len(folded), folded[0]
    if low[0] == head:
        first = BONUS_TEXT_START
    elif head in words:
        first = BONUS_BOUNDARY
    elif head in capitals:
        first = BONUS_CAMEL
    else:
        first = 0
    bound = k * SCORE_MATCH + FIRST_CHAR_MULTIPLIER * first
    if k == 1:
        return bound
    if rest_in is None:
        rest_in = re.compile("[" + re.escape("".join(sorted(set(folded[1:])))) + "]").search
    on_word, on_capital = rest_in(words), rest_in(capitals)
    before = max(first, BONUS_CONSECUTIVE, BONUS_CAMEL if on_capital else 0)
    contiguous = folded in low
    if first >= BONUS_BOUNDARY or not on_word:
        bound += (k - 1) * before
        if contiguous:
            return bound
        # Some later character follows a gap and gets only the bonus of its own place.
        own = BONUS_BOUNDARY if on_word else BONUS_CAMEL if on_capital else 0
        return bound - (before - own) + GAP_START
    star = next(i for i in range(1, k) if folded[i] in words)
    reach = BONUS_BOUNDARY if folded[star - 1] in _SEPARATOR_SET else BONUS_BOUNDARY + GAP_START
    bound += (star - 1) * before + max(before, reach) + (k - 1 - star) * BONUS_BOUNDARY
    if contiguous:
        return bound
    # The character after a gap loses at least this much: the least is at a word start.
    return bound - min(max(before, reach) - BONUS_BOUNDARY - GAP_START, -GAP_START)


class FuzzyIndex:
    """Texts searched again at each keystroke: folded once, the last query's matches kept to narrow the next.

    With a ``limit``, each match gets an upper bound on its score first, from where the query's
    characters can stand in it (the text's start, word starts, capitals), and the matches are
    scored best bound first; once the limit-th best score found reaches the next bound, the rest
    are left unscored: one character typed over 10,000 task ids scores a few hundred of them. (So
    past the limit-th score, a text left out may have scored as much as the last one given.)
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        self._low = [fold(t) for t in self.texts]
        self._starts = [_word_starts(t, low) for t, low in zip(self.texts, self._low, strict=True)]
        self._reversed: list[str | None] = [None] * len(self.texts)  # each made when first needed
        self._bonuses: list[bytes | None] = [None] * len(self.texts)
        self._last_query = ""
        self._last_hits: list[int] = list(range(len(self.texts)))
        self.matched = len(self.texts)  # how many texts the last search matched (also those left unscored)

    def __len__(self) -> int:
        return len(self.texts)

    def search(self, query: str, limit: int | None = None) -> list[tuple[int, Match]]:
        """(index of the text, its match) for the matching texts, best first; the best ``limit`` of them.

        An empty query gives every text in the order given, with score 0.
        """
        folded = fold_query(query)
        if not folded:
            self._last_query, self._last_hits = "", list(range(len(self.texts)))
            self.matched = len(self.texts)
            hits = self._last_hits if limit is None else self._last_hits[:limit]
            return [(i, Match(0, ())) for i in hits]
        # A text holding the new query in order holds any prefix of it: narrow the previous matches.
        pool = self._last_hits if self._last_query and folded.startswith(self._last_query) else range(len(self.texts))
        low, match = self._low, _filter_pattern(folded).match
        found = [(i, m) for i in pool if (m := match(low[i])) is not None]
        self._last_query, self._last_hits, self.matched = folded, [i for i, _m in found], len(found)
        scored: list[tuple[int, int, int, int, tuple[int, ...]]] = []
        if limit is None or len(found) <= limit:
            self._score(folded, found, scored)
        else:
            for bound, group in self._by_bound(folded, found):
                for start in range(0, len(group), _CHUNK):
                    if len(scored) >= limit:
                        scored.sort()
                        del scored[limit:]
                        if -scored[-1][0] >= bound:  # nothing left can score more than the limit-th best so far
                            break
                    self._score(folded, group[start : start + _CHUNK], scored)
                else:
                    continue
                break
        scored.sort()
        if limit is not None:
            del scored[limit:]
        return [(i, Match(-negative, positions)) for negative, _n, _at, i, positions in scored]

    def _by_bound(self, folded: str, found: list) -> list[tuple[int, list]]:
        """The matches grouped by an upper bound on their score (``score_bound``), highest first."""
        rest = folded[1:]
        rest_in = re.compile("[" + re.escape("".join(sorted(set(rest)))) + "]").search if rest else None
        groups: dict[int, list] = {}
        low, starts = self._low, self._starts
        for hit in found:
            i = hit[0]
            bound = score_bound(folded, low[i], *starts[i], rest_in)
            group = groups.get(bound)
            if group is None:
                groups[bound] = [hit]
            else:
                group.append(hit)
        return sorted(groups.items(), reverse=True, key=lambda item: item[0])

    def _score(self, folded: str, found: list, scored: list) -> None:
        low, texts, reversed_, bonuses = self._low, self.texts, self._reversed, self._bonuses
        rmatch, k = _filter_pattern(folded[::-1]).match, len(folded)
        for i, m in found:
            text_low = low[i]
            back, bonus = reversed_[i], bonuses[i]
            if back is None:
                back = reversed_[i] = text_low[::-1]
                bonus = bonuses[i] = _bonuses(texts[i], text_low)
            n, regs, rregs = len(text_low), m.regs, rmatch(back).regs
            first = [regs[c][0] for c in range(1, k + 1)]
            last = [n - 1 - rregs[k - c][0] for c in range(k)]
            score, positions = _best(bonus, text_low, folded, first, last)
            scored.append((-score, n, positions[0], i, positions))
