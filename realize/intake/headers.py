"""What a header or a sheet name says: its words, and how well they say a template column's name.

Headers are read as words (SPEC section 2): case, punctuation, camelCase, plurals, UK/US
spelling and units in brackets do not matter, so 'Actual Spend (£k)', 'actual_spend' and
'ActualSpend' read alike. A header says a column's name when it has the same words, the same
words in another order, the words with qualifiers ('Budget £k'), the words after the sheet's own
noun ('Benefit Owner' on the benefit register), or a misspelling of them (rapidfuzz). Extra words
that name another sheet ('Initiative Owner' on the benefit register) mean another thing.

The vocabulary itself lives in realize.contract.schema; this module only reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from realize.contract import schema
from realize.contract.schema import Column, Sheet

Words = tuple[str, ...]

# How strongly each kind of phrase says a column's name, when the header says it exactly.
SYNONYM, RELATED, REFERENCE_NOUN, NAME_NOUN, ID_NOUN = 1.0, 0.75, 0.9, 0.8, 0.75
# Misspellings: how alike two phrases must be (rapidfuzz ratio, 0-100), and the score at the bar.
FUZZY_BAR, FUZZY_FLOOR = 80.0, 0.55
# Words this short are not compared as misspellings ('end' is not 'spend').
FUZZY_MIN_LENGTH = 5

_BRACKETS = re.compile(r"[(\[{][^)\]}]*[)\]}]")
_YEAR_TO_DATE = re.compile(r"year[\s_-]*to[\s_-]*date", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*\d{1,2}(\.\d{1,2})*[.)]\s+")  # '2. Milestone' as numbered in a return
_MONEY = re.compile(r"[$£€¥₹]")
_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2})|(?<=[a-z])(?=[0-9])")
_DISBENEFIT = re.compile(r"dis[\s_\-]*benefit", re.IGNORECASE)
_YES_NO = re.compile(r"\byes\s*/\s*no\b|\by\s*/\s*n\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


@cache
def words(text: str) -> Words:
    """A header's words: 'Benefit-ID' -> ('benefit', 'id'), 'Actual Spend (£k)' -> ('actual', 'spend')."""
    return _words(_BRACKETS.sub(" ", str(text)))


@cache
def all_words(text: str) -> Words:
    """A header's words with those in its brackets: 'Planned (cumulative)' -> ('planned', 'cumulative')."""
    return _words(re.sub(r"[()\[\]{}]", " ", str(text)))


@cache
def modifiers_in(sheet_name: str, header: str) -> frozenset[str]:
    """The words of a header that change what a month's number means on a monthly sheet ('cumulative', 'ytd',
    'forecast' on the costs sheet)."""
    sheet = schema.SHEETS_BY_NAME[sheet_name]
    if not sheet.monthly_columns:
        return frozenset()  # a budget or a target is a total by nature: 'Total Budget' is the budget
    known = schema.MODIFIERS | {word for text in sheet.modifiers for word in words(text)}
    return frozenset(set(all_words(header)) & known)


def _words(text: str) -> Words:
    text = _NUMBERED.sub("", text)
    text = _YEAR_TO_DATE.sub(" ytd ", text)
    text = _YES_NO.sub(" ", text)
    text = _DISBENEFIT.sub(" disbenefit ", text)
    text = _MONEY.sub(" money ", text).replace("#", " no ").replace("%", " percent ")
    text = _CAMEL.sub(" ", text)
    found = (_word(raw) for raw in _WORD.findall(text.casefold()))
    return tuple(word for word in found if word not in schema.STOP_WORDS)


@cache
def _word(raw: str) -> str:
    word = schema.WORD_EQUIVALENTS.get(raw, raw)
    return schema.WORD_EQUIVALENTS.get(_singular(word), _singular(word))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def phrase_score(header: Words, phrase: Words, own_nouns: frozenset[str], foreign_nouns: frozenset[str]) -> float:
    """How well header words say a phrase, 0 to 1, on a sheet whose rows are called `own_nouns`."""
    if not header or not phrase:
        return 0.0
    if header == phrase:
        return 1.0
    stripped, fuzzy_strip = _without_own_noun(header, own_nouns)
    if stripped == phrase:
        return 0.9 if fuzzy_strip else 0.97
    if sorted(header) == sorted(phrase) or sorted(stripped) == sorted(phrase):
        return 0.95
    if set(phrase) <= set(header) and not all(word in schema.QUALIFIERS for word in phrase):
        extra = [word for word in header if word not in phrase]
        if header[0] in foreign_nouns and header[0] not in phrase:
            return 0.0  # 'Initiative Owner' on the benefit register is not the benefit's owner
        if all(word in schema.QUALIFIERS or word in own_nouns for word in extra):
            return 0.9
        return max(0.6, 0.85 - 0.1 * (len(extra) - 1))
    return _misspelling(" ".join(stripped), " ".join(phrase))


@cache
def _without_own_noun(header: Words, own_nouns: frozenset[str]) -> tuple[Words, bool]:
    """'Benefit Owner' on the benefit register says 'owner' (also when 'Benefit' is misspelt)."""
    if len(header) < 2:
        return header, False
    if header[0] in own_nouns:
        return header[1:], False
    if len(header[0]) >= FUZZY_MIN_LENGTH and any(fuzz.ratio(header[0], noun) >= 85 for noun in own_nouns):
        return header[1:], True
    return header, False


def _misspelling(header: str, phrase: str) -> float:
    if min(len(header), len(phrase)) < FUZZY_MIN_LENGTH:
        return 0.0
    return _misspelling_score(fuzz.ratio(header, phrase))


def _misspelling_score(ratio: float) -> float:
    if ratio < FUZZY_BAR:
        return 0.0
    return FUZZY_FLOOR + (0.95 - FUZZY_FLOOR) * (ratio - FUZZY_BAR) / (100 - FUZZY_BAR)


# --------------------------------------------------------------------------- what each column answers to


@dataclass(frozen=True)
class Phrase:
    words: Words
    weight: float
    # a bare noun ('Project') says its column only on its own: 'Project Owner' is not the project
    bare: bool = False


def nouns(sheet: Sheet) -> frozenset[str]:
    return frozenset(word for noun in sheet.nouns for word in words(noun))


@cache
def _own_nouns(sheet_name: str) -> frozenset[str]:
    return nouns(schema.SHEETS_BY_NAME[sheet_name])


@cache
def foreign_nouns(sheet_name: str) -> frozenset[str]:
    """What the rows of other sheets that have ids are called (and this sheet's are not): 'Initiative Owner'
    names the initiative's owner. Cost lines and measurements are no such things ('Budget Cost' is a budget)."""
    sheet = schema.SHEETS_BY_NAME[sheet_name]
    others = frozenset(
        word for other in schema.SHEETS if other is not sheet and other.id_column for word in nouns(other)
    )
    return others - nouns(sheet)


@cache
def column_phrases(sheet_name: str) -> dict[str, tuple[Phrase, ...]]:
    """Column name -> the phrases a header may say it with, on this sheet."""
    sheet = schema.SHEETS_BY_NAME[sheet_name]
    return {column.name: tuple(_phrases(sheet, column)) for column in sheet.columns}


def _phrases(sheet: Sheet, column: Column) -> Iterable[Phrase]:
    yield Phrase(words(column.name.replace("_", " ")), SYNONYM)
    yield from (Phrase(words(text), SYNONYM) for text in column.synonyms)
    yield from (Phrase(words(text), RELATED) for text in column.related)
    if column.references:
        for noun in schema.SHEETS_BY_NAME[column.references].nouns:
            yield Phrase((*words(noun), "id"), SYNONYM)
            yield Phrase(words(noun), REFERENCE_NOUN, bare=True)
    elif column.name == sheet.id_column:
        yield Phrase(schema.ID_PHRASES, SYNONYM)
        for noun in sheet.nouns:
            yield Phrase((*words(noun), "id"), SYNONYM)
            yield Phrase(words(noun), ID_NOUN, bare=True)
    elif column.name in ("name", "title"):
        for noun in sheet.nouns:
            for name in schema.NAME_PHRASES:
                yield Phrase((*words(noun), *words(name)), SYNONYM)
            yield Phrase(words(noun), NAME_NOUN, bare=True)
            if "description" not in sheet.column_names:  # 'Milestone Description' names the milestone
                yield Phrase((*words(noun), "description"), RELATED)
        yield from (Phrase(words(name), SYNONYM) for name in schema.NAME_PHRASES)


@dataclass(frozen=True)
class _Entry:
    column: str
    phrase: Phrase
    word_set: frozenset[str]


@cache
def _entries(sheet_name: str) -> tuple[tuple[_Entry, ...], tuple[str, ...]]:
    """Every (column, phrase) of a sheet, and the phrases joined, for rapidfuzz to scan at C speed."""
    entries = tuple(
        _Entry(column, phrase, frozenset(phrase.words))
        for column, phrases in column_phrases(sheet_name).items()
        for phrase in phrases
        if phrase.words
    )
    return entries, tuple(" ".join(entry.phrase.words) for entry in entries)


# A header read another way: what is in its brackets ('Custom field (Outcome)'), or one language of
# a header given in two ('Benefit / Avantage'); such a reading counts a little less than the whole.
VARIANT_WEIGHT = 0.95
_BRACKETED = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
_TWO_PHRASINGS = re.compile(r"\s+[/|]\s+|\s+-\s+")


def variants(header: str) -> list[str]:
    """Other readings of a header: its bracketed words, and each side of ' / ' or ' - ' between two phrasings."""
    found = [inner for inner in _BRACKETED.findall(str(header)) if inner.strip()]
    found += [part for part in _TWO_PHRASINGS.split(str(header)) if part.strip() != str(header).strip()]
    return [text for text in found if words(text)]


@cache
def header_scores(sheet_name: str, header: str) -> dict[str, float]:
    """Column -> how well this header says it on this sheet (only columns above 0)."""
    blocked = modifiers_in(sheet_name, header)
    scores = _scores(sheet_name, header, blocked)
    for variant in variants(header):
        for column, score in _scores(sheet_name, variant, blocked).items():
            scores[column] = max(scores.get(column, 0.0), score * VARIANT_WEIGHT)
    return scores


@cache
def scores_without_modifiers(sheet_name: str, header: str) -> dict[str, float]:
    """What a header would say were it not for its modifiers: 'Cumulative Planned' says planned."""
    return _scores(sheet_name, " ".join(word for word in all_words(header) if word not in schema.MODIFIERS))


def _scores(sheet_name: str, header: str, blocked: frozenset[str] = frozenset()) -> dict[str, float]:
    """`blocked`: words of the header that change its meaning; only a phrase holding them may match."""
    said = words(header)
    if not any(character.isalpha() for word in said for character in word):
        return {}  # a number or a date: no phrase holds a digit, and none is spelt like one
    own, foreign = _own_nouns(sheet_name), foreign_nouns(sheet_name)
    entries, joined = _entries(sheet_name)
    said_set = set(said)
    alike = _alike(said, own, joined)
    scores: dict[str, float] = {}
    for index in sorted(_candidates(sheet_name, said, alike)):
        entry = entries[index]
        if blocked - entry.word_set:
            continue
        if entry.phrase.bare:
            score = _bare_score(said, entry.phrase.words)
        elif entry.word_set & said_set:
            score = phrase_score(said, entry.phrase.words, own, foreign)
        elif index in alike:
            score = _misspelling_score(alike[index])
        else:
            continue
        score *= entry.phrase.weight
        if score > scores.get(entry.column, 0.0):
            scores[entry.column] = score
    return scores


def _candidates(sheet_name: str, said: Words, alike: dict[int, float]) -> set[int]:
    """The entries that can score above 0 for these words: those sharing a word, those the header misspells,
    and for a one-word header every one-word bare noun (which it may misspell). The others are never visited."""
    by_word, single_bare = _entry_index(sheet_name)
    found = set(alike)
    for word in said:
        found.update(by_word.get(word, ()))
    if len(said) == 1:
        found.update(single_bare)
    return found


@cache
def _entry_index(sheet_name: str) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """A sheet's entries by each of their words, and its one-word bare nouns."""
    entries, _ = _entries(sheet_name)
    by_word: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        for word in entry.word_set:
            by_word.setdefault(word, []).append(index)
    single_bare = tuple(
        index for index, entry in enumerate(entries) if entry.phrase.bare and len(entry.phrase.words) == 1
    )
    return {word: tuple(indexes) for word, indexes in by_word.items()}, single_bare


def _bare_score(said: Words, noun: Words) -> float:
    """A bare noun says its column only on its own (perhaps qualified, perhaps misspelt: 'Miletsone')."""
    if _only_qualified(said, noun):
        return 1.0
    if len(said) == 1 and len(noun) == 1:
        return _misspelling(said[0], noun[0])
    return 0.0


def _only_qualified(said: Words, phrase: Words) -> bool:
    """The header is the phrase, perhaps with qualifiers ('Project (name)' is the project)."""
    return said == phrase or (
        set(phrase) <= set(said) and all(word in schema.QUALIFIERS for word in said if word not in phrase)
    )


def _alike(said: Words, own: frozenset[str], joined: tuple[str, ...]) -> dict[int, float]:
    """Phrase index -> rapidfuzz ratio, for the phrases the header (or the header after its own noun) misspells."""
    texts = {" ".join(said), " ".join(_without_own_noun(said, own)[0])}
    found: dict[int, float] = {}
    for text in texts:
        if len(text) < FUZZY_MIN_LENGTH:
            continue
        for _, ratio, index in process.extract(text, joined, scorer=fuzz.ratio, score_cutoff=FUZZY_BAR, limit=None):
            if len(joined[index]) >= FUZZY_MIN_LENGTH:
                found[index] = max(ratio, found.get(index, 0.0))
    return found


@cache
def known_phrases() -> frozenset[str]:
    """Every phrase of every column and sheet, joined, to spot a header row quickly."""
    joined = {
        " ".join(phrase.words)
        for sheet in schema.SHEETS
        for p in column_phrases(sheet.name).values()
        for phrase in p
        if phrase.words
    }
    return frozenset(joined)


def says_a_column(header: str) -> bool:
    """Whether a cell reads exactly like some template column's phrase, perhaps after a first word of its own
    ('Project Owner'): header rows have several."""
    said = words(header)
    return bool(said) and (
        " ".join(said) in known_phrases() or (len(said) > 1 and " ".join(said[1:]) in known_phrases())
    )


# --------------------------------------------------------------------------- amounts in thousands

_CURRENCY = r"[£$€¥]|usd|gbp|eur|aud|cad|chf"
_SCALES = (
    (1_000_000_000, r"bn|billions?"),
    (1_000_000, r"m|mn|mm|millions?"),
    (1_000, r"k|'?000s?|thousands?"),
)


@cache
def scale_of(header: str) -> float:
    """What a header says its amounts are counted in: 'Budget ($000)', 'Plan (£k)', 'Cost in thousands' -> 1000,
    '(£m)' -> 1,000,000; else 1. A bare 'k' or 'm' counts only beside a currency or in brackets."""
    text = str(header).casefold()
    for factor, unit in _SCALES:
        beside_currency = rf"(?:{_CURRENCY})\s*'?(?:{unit})(?![a-z0-9])|(?<![a-z0-9])(?:{unit})\s*(?:{_CURRENCY})"
        bracketed = rf"[(\[]\s*(?:{unit})\s*[)\]]"
        spelled = r"\b(?:in\s+)?(?:thousands|millions|billions)\b" if factor > 1 else ""
        if re.search(beside_currency, text) or re.search(bracketed, text):
            return float(factor)
        if spelled and re.search(spelled, text) and re.search(unit, text):
            return float(factor)
    return 1.0


# --------------------------------------------------------------------------- sheet names


@cache
def sheet_name_scores(label: str) -> dict[str, float]:
    """Template sheet -> how well a tab or file name says it ('Financials' -> costs)."""
    said = words(label)
    scores: dict[str, float] = {}
    for sheet in schema.SHEETS:
        phrases = [words(sheet.name.replace("_", " ")), *(words(text) for text in (*sheet.synonyms, *sheet.nouns))]
        best = max(phrase_score(said, phrase, frozenset(), foreign_nouns(sheet.name)) for phrase in phrases)
        if best > 0:
            scores[sheet.name] = best
    return scores


# --------------------------------------------------------------------------- columns that need no question


@cache
def derived_score(sheet_name: str, header: str) -> float:
    """How surely a header names something Realize works out itself (a variance, a total, a RAG, anything
    cumulative or year to date)."""
    if modifiers_in(sheet_name, header):
        return 1.0
    sheet = schema.SHEETS_BY_NAME[sheet_name]
    said = words(header)
    own, foreign = nouns(sheet), foreign_nouns(sheet_name)
    return max(
        (phrase_score(said, words(text), own, foreign) for text in (*schema.DERIVED_WORDS, *sheet.derived)),
        default=0.0,
    )


@dataclass(frozen=True)
class Echo:
    """A header that may repeat a column of a sheet this one refers to."""

    sheet: str
    column: str
    named: bool  # the header names that sheet's rows ('Project Name'), not only the column ('Portfolio')


@cache
def echoes_of(sheet_name: str, header: str) -> tuple[Echo, ...]:
    """The columns of the sheets this one refers to that a header may repeat, best first: 'Project Name' on
    the costs sheet is the initiative's name, kept on the initiatives sheet."""
    sheet = schema.SHEETS_BY_NAME[sheet_name]
    said = words(header)
    own_columns = set(sheet.column_names)
    found: list[tuple[float, Echo]] = []
    for target in schema.referenced_sheets(sheet):
        names_target = bool(set(said) & nouns(target))
        for column, score in header_scores(target.name, header).items():
            if column == target.id_column or score < 0.75:
                continue
            if names_target or column not in own_columns or score > header_scores(sheet_name, header).get(column, 0):
                found.append((score, Echo(target.name, column, names_target)))
    return tuple(echo for _, echo in sorted(found, key=lambda item: -item[0]))
