"""Annotator pass: places (gazetteer names, misspellings, city or oblast, metonymy)."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, compress
from operator import itemgetter, or_

from builder.annotate import Context
from builder.knowledge.fuzzy import distance, max_edits, phonetic
from builder.knowledge.gazetteer import TOKEN, Gazetteer, Key, fold, key_of
from builder.knowledge.registry import SourceRegistry
from builder.model import Annotations, Note, Place, PlaceMention, Span

_S = frozenset({"'s", "’s", "'S", "’S"})
_LITERAL_BEFORE = frozenset(
    {"in", "at", "from", "near", "outside", "around", "to", "into", "over", "across", "of"}
)
_BE = frozenset({"is", "was", "were", "are", "be", "been", "being"})
_STRONG_BEFORE = frozenset({"village", "town", "city", "settlement", "hamlet", "villages"})
_STRONG_AFTER = frozenset({"oblast", "region", "province", "district", "raion"})
# Capitalised words in the stoplist that still make an abbreviation an adjective.
_TITLE_STOPWORDS = frozenset({
    "president", "minister", "ministry", "secretary", "army", "navy", "force", "forces",
    "government", "official", "officials", "defense", "defence", "state", "general", "senate",
    "congress", "intelligence", "military", "embassy", "ambassador", "deputy", "chief",
})


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a text, column by column: field[i] is about the i-th word. `word`
    excludes a possessive 's, which sets `possessive`; `gap` is the text between the previous
    token (with its 's) and this one. Columns, not an object per word: built with a few
    C-level calls, and no per-word objects for the garbage collector to scan."""

    start: Sequence[int]
    end: Sequence[int]
    word: Sequence[str]
    folded: Sequence[str]
    possessive: Sequence[bool]
    gap: Sequence[str]
    n: int  # the number of words


@dataclass(slots=True)  # not frozen: built per mention, and a frozen dataclass's __init__
class Found:  # costs about four times a plain one's; nothing changes one once made
    """A place mention before grouping."""

    place: str
    start: int
    end: int
    metonymic: bool = False
    confidence: float = 1.0
    rule: str = "exact"


def annotate(ctx: Context, ann: Annotations) -> Annotations:
    """Fill `places` (in order of first mention) and add fuzzy/unresolved notes."""
    gaz = ctx.knowledge.gazetteer
    tokens = tokenize(ctx.text)
    blocked = _blocked(tokens, gaz) | _in_source_names(
        tokens, ctx.text, ctx.knowledge.sources, gaz)
    found, notes = find_places(ctx.text, tokens, blocked, gaz)
    found = _not_people(found, ctx.text, ann, gaz)
    found = _not_named_people(found, ann, ctx.knowledge.cues.gender_of_name)
    found, notes = _no_misspelt_surnames(
        found, notes, ctx.text, _person_surnames(ann, ctx.knowledge.sources,
                                                 ctx.knowledge.cues.gender_of_name))
    found = disambiguate(found, gaz, ctx.text)
    found = [_with_full_stop(f, ctx.text, gaz) for f in found]
    return replace(ann, places=group(ctx.text, found, gaz), notes=(*ann.notes, *notes))


# Splitting on TOKEN finds the tokens TOKEN.finditer finds, with the gaps between them; no
# token ends in an apostrophe (each alternative of TOKEN ends in a letter or a full stop), so
# a possessive is always a trailing 's.
_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")
_LAST_TWO = itemgetter(slice(-2, None))
_SEP = "\0"  # joins words to fold them in one call; no word contains it


def tokenize(text: str) -> Tokens:
    """Words with offsets; a trailing 's is split off as a possessive flag.

    Built column by column (one regex pass, then C-level maps), not token by token: this is
    the annotator's innermost loop, run over every word of the archive."""
    parts = _TOKEN_SPLIT.split(text)  # gap, token, gap, token, ..., the text after the last
    gaps, words = parts[0:-1:2], parts[1::2]
    bounds = list(accumulate(map(len, parts)))
    starts, ends = bounds[0:-1:2], bounds[1::2]
    possessive = list(map(_S.__contains__, map(_LAST_TWO, words)))
    if any(possessive):
        for i in compress(range(len(words)), possessive):
            words[i] = words[i][:-2]
            ends[i] -= 2
    folded = _SEP.join(words).replace("’", "'").casefold().split(_SEP) if words else []
    return Tokens(starts, ends, words, folded, possessive, gaps, len(words))


def _blocked(tokens: Tokens, gaz: Gazetteer) -> set[int]:
    """Indexes of tokens inside an organisation's name ("The Kyiv Independent").

    A source mention is not blocked: "Russia's defence ministry" and "the Kharkiv regional
    governor" name places as well as speakers (see PLACES.md)."""
    out: set[int] = set()
    orgs = gaz.rules.organisations
    prefixes = _prefixes(orgs)
    seconds = gaz.org_second_words
    folded, last = tokens.folded, tokens.n - 1
    firsts = map(gaz.org_lengths.__contains__, folded)
    for i in compress(range(tokens.n), firsts):
        if i == last or folded[i + 1] not in seconds.get(folded[i], ()):
            if (folded[i],) not in orgs:
                continue  # most first words ("the", "kyiv") go on with no name's next word
        n = _longest(tokens, i, orgs, prefixes, tokens.n, possessive=True)
        if n:
            out.update(range(i, i + n))
    return out


def _in_source_names(tokens: Tokens, text: str, registry: SourceRegistry, gaz: Gazetteer
                     ) -> set[int]:
    """Indexes of tokens inside the names of registered sources whose names hide a place
    (outlets: "France 24 reported", "told Voice of America"), driven by sources.yaml. Words
    up to a possessive that opens a longer name stay: "North Korea's state news agency"."""
    kinds = gaz.rules.name_hiding_source_kinds
    out: set[int] = set()
    for match in registry.find_in_article(text) if kinds else ():
        entry = registry.get(match.id)
        if entry is None or entry.kind.casefold() not in kinds:
            continue
        inside = range(bisect_left(tokens.start, match.start),
                       bisect_left(tokens.start, match.end))
        opening = next((j for j in inside if tokens.possessive[j]), None)
        if opening is not None and opening + 1 < inside.stop:
            inside = range(opening + 1, inside.stop)
        out.update(inside)
    return out


def _not_people(found: list[Found], text: str, ann: Annotations, gaz: Gazetteer) -> list[Found]:
    """A long-tail or generated name spelt exactly as a speaker's short mention whose full name
    the text gave (the sources pass ran first) is the speaker: "According to Kuznetsova" after
    "Vera Kuznetsova", not the village Kuznetseve. Curated names stay."""
    short = {(m.start, m.end) for s in ann.sources for m in s.mentions
             if any(o.text.endswith(" " + m.text) for o in s.mentions)}
    surnames = {key_of(m.text.rsplit(" ", 1)[-1]) for s in ann.sources for m in s.mentions
                if " " in m.text}
    named = [f for f in found if _surname_here(f, text, surnames, gaz)]
    if not short and not named:
        return found
    return [f for f in found if f not in named and (
        (f.start, f.end) not in short or key_of(text[f.start:f.end]) not in gaz.weak)]


def _not_named_people(found: list[Found], ann: Annotations,
                      given: Mapping[str, str]) -> list[Found]:
    """A name the sources pass built for a person, from a known first name ("Ivan Zhdanov",
    a witness "Oleksandr"), holds no place: not its surname (Zhdanov, Mariupol's old name)
    nor the first name alone (Oleksandriia's Russian-based form)."""
    people = [m for s in ann.sources if not s.registered for m in s.mentions
              if m.text.split()[0] in given and len(m.text.split()) <= 3]
    if not people:
        return found
    return [f for f in found if not any(
        m.start <= f.start and f.end == m.end and (f.start > m.start or " " not in m.text)
        for m in people)]


def _person_surnames(ann: Annotations, registry: SourceRegistry,
                     given: Mapping[str, str]) -> set[Key]:
    """The last names of the people among the article's sources: registered persons
    (sources.yaml type person) and people the sources pass built from a known first name."""
    out: set[Key] = set()
    for s in ann.sources:
        entry = registry.get(s.id) if s.registered else None
        if entry is not None and entry.type == "person":
            name = entry.surname if isinstance(entry.surname, str) else entry.name
        elif entry is None and " " in s.name and s.name.split()[0] in given:
            name = s.name
        else:
            continue
        out.add(key_of(name.rsplit(" ", 1)[-1]))
    return out


def _no_misspelt_surnames(found: list[Found], notes: list[Note], text: str,
                          surnames: set[Key]) -> tuple[list[Found], list[Note]]:
    """A person's last name is never a misspelt place: "According to Smits" after "Prime
    Minister Anna Smits" is the speaker, not a town one edit away. Its fuzzy note goes too."""
    dropped = {f.start for f in found if f.rule.startswith("fuzzy")
               and key_of(text[f.start:f.end]) in surnames}
    if not dropped:
        return found, notes
    return [f for f in found if f.start not in dropped or not f.rule.startswith("fuzzy")], [
        n for n in notes if n.kind != "fuzzy" or n.span is None or n.span.start not in dropped]


def _surname_here(f: Found, text: str, surnames: set[Key], gaz: Gazetteer) -> bool:
    """A name that needs place context and is the last name of a person the text names is
    that person, unless it stands right after a word of `person_place_before` ("in Austin"):
    "spoke to Austin" after "Defense Secretary Lloyd Austin" is the secretary."""
    key = key_of(text[f.start:f.end])
    if key not in surnames or " ".join(key) not in gaz.rules.needs_context:
        return False
    before = text[max(0, f.start - 20):f.start].split()
    return not before or before[-1].casefold() not in gaz.rules.person_place_before


@functools.cache
def _prefixes(keys: frozenset[Key]) -> frozenset[Key]:
    """Every leading part of every key ("kyiv", "kyiv school", "kyiv school of economics")."""
    return frozenset(k[:m] for k in keys for m in range(1, len(k) + 1))


def _longest(
    tokens: Tokens, i: int, keys: frozenset[Key], prefixes: frozenset[Key], limit: int,
    possessive: bool = False,
) -> int:
    """The token count of the longest key of `keys` (at most `limit` tokens) that tokens from i
    spell as one phrase (see _joined), or 0: one walk along the tokens while they still begin
    some key, instead of a try per possible length."""
    key: Key = (tokens.folded[i],)
    best = 1 if key in keys else 0
    end = min(tokens.n, i + limit)
    j = i + 1
    while j < end and key in prefixes and _link(tokens, j, possessive):
        key = (*key, tokens.folded[j])
        j += 1
        if key in keys:
            best = j - i
    return best


def _starts(tokens: Tokens, gaz: Gazetteer) -> list[int]:
    """Indexes of the tokens find_places must look at: capitalised words, and the words of
    names matched in lower case. Any other token begins no match (a lower-case first word
    matches only as a one-word lower_ok name), no axis pair and no misspelling."""
    capital = map(str.isupper, map(itemgetter(0), tokens.word))
    lower = map(gaz.lower_words.__contains__, tokens.folded)
    return list(compress(range(tokens.n), map(or_, capital, lower)))


def _key(tokens: Tokens, i: int, n: int) -> Key:
    return tuple(tokens.folded[i:i + n])


def _joined(tokens: Tokens, i: int, n: int, possessive: bool = False) -> bool:
    """Tokens i..i+n-1 form one phrase: single spaces between them (or an abbreviation's full
    stop), no inner possessive (unless allowed, as in "Donetsk People's Republic")."""
    return all(_link(tokens, j, possessive) for j in range(i + 1, i + n))


def _link(tokens: Tokens, j: int, possessive: bool) -> bool:
    """Token j continues the phrase of token j - 1 (see _joined)."""
    gap = tokens.gap[j]
    return (gap in (" ", "-") or (gap == ". " and _short(tokens.word[j - 1]))) and (
        possessive or not tokens.possessive[j - 1]
    )


def _short(word: str) -> bool:
    """An abbreviation ending in a full stop inside a name: "St. Petersburg"."""
    return len(word) <= 3 and word[:1].isupper()


# --- Finding ---------------------------------------------------------------------------


def find_places(
    text: str, tokens: Tokens, blocked: set[int], gaz: Gazetteer
) -> tuple[list[Found], list[Note]]:
    """Exact names first (longest match, left to right), then misspellings among the rest."""
    found: list[Found] = []
    unmatched: list[int] = []
    unsure: set[int] = set()  # indexes in found of long-tail names met outside place context
    folded, lengths = tokens.folded, gaz.lengths  # a word no name starts with needs no _exact
    i = 0
    for k in _starts(tokens, gaz):
        if k < i:
            continue  # inside the previous match
        i = k
        hit = None if i in blocked or folded[i] not in lengths else _exact(tokens, i, blocked, gaz)
        if hit:
            key, n, rule = hit
            if _not_a_place(tokens, i, n, key, gaz):
                i += n
                continue
            place = gaz.after_the.get(key) if _after_the(tokens, i) else None
            place = place or gaz.names.get(key) or gaz.stems[key]
            if key in gaz.weak and not _weak_context(tokens, i, n, gaz):
                unsure.add(len(found))
            i = _emit(tokens, i, n, key, place, rule, 1.0, gaz, found)
            continue
        if i not in blocked and _axis_pair(tokens, i, gaz, found):
            i += 1
            continue
        if i not in blocked and tokens.word[i][:1].isupper() and len(tokens.word[i]) >= 5:
            unmatched.append(i)
        i += 1
    found = _confirmed(found, unsure)
    named = {f.place for f in found}
    notes: list[Note] = []
    for i in unmatched:
        _misspelt(text, tokens, i, named, gaz, found, notes)
    found.sort(key=lambda f: f.start)
    return found, notes


def _confirmed(found: list[Found], unsure: set[int]) -> list[Found]:
    """A long-tail village named only outside place context is left out: among 4,000 village
    names, a bare capitalised word ("said Viktoriia, 27", "Trukhanov said") is more often a
    person. One mention in context ("in X", "the village of X", "X district", a list of
    places) vouches for the others."""
    vouched = {f.place for k, f in enumerate(found) if k not in unsure}
    return [f for k, f in enumerate(found) if k not in unsure or f.place in vouched]


def _weak_context(tokens: Tokens, i: int, n: int, gaz: Gazetteer) -> bool:
    """Place context for a long-tail name: a context word, a region word, or a list with a
    name the gazetteer knows ("near Torskoye and Yampolovka", "Robotyne, Verbove")."""
    def known(j: int) -> bool:
        return 0 <= j < tokens.n and (tokens.folded[j],) in gaz.names

    nxt = i + n
    listed = (tokens.gap[i] == ", " and known(i - 1)) or (
        nxt < tokens.n and tokens.gap[nxt] == ", " and known(nxt)
    )
    the_before = i >= 2 and tokens.folded[i - 1] == "the" and _plain(tokens.gap[i]) and (
        tokens.folded[i - 2] in gaz.rules.context_before
    )  # "in the Esman community"
    return (
        _in_context(tokens, i, n, gaz) or _coordinated_with_place(tokens, i, gaz) or listed
        or the_before
    )


def _exact(
    tokens: Tokens, i: int, blocked: set[int], gaz: Gazetteer
) -> tuple[Key, int, str] | None:
    for n in gaz.lengths.get(tokens.folded[i], ()):
        if n == 1:  # the caller skips a blocked token, and one word is always joined
            key: Key = (tokens.folded[i],)
        else:
            if i + n > tokens.n or any(j in blocked for j in range(i, i + n)):
                continue
            key = _key(tokens, i, n)
            if not _joined(tokens, i, n, key in gaz.possessive_names):
                continue  # (a possessive inside only the name's own: "Simon's Town")
        if key not in gaz.names and key not in gaz.stems and not (
            key in gaz.after_the and _after_the(tokens, i)
        ):
            continue
        rule = _case_rule(tokens, i, key, gaz)
        if rule and _context_ok(tokens, i, n, key, gaz) and not _in_a_name(
            tokens, i, n, key, gaz
        ):
            return key, n, rule
    return None


def _in_a_name(tokens: Tokens, i: int, n: int, key: Key, gaz: Gazetteer) -> bool:
    """A long-tail or generated name, or a name that needs place context (a given name too:
    Vladimir, Victoria), next to another capitalised word is part of a person's or an
    organisation's name ("Maria Zakharova", "to Vladimir Putin"), unless a region word
    follows."""
    if key not in gaz.weak and " ".join(key) not in gaz.rules.needs_context:
        return False
    r = gaz.rules
    j = i + n
    after = j < tokens.n and _plain(tokens.gap[j]) and tokens.word[j][:1].isupper() and (
        tokens.folded[j] not in r.region_words and tokens.folded[j] not in r.context_after
        and not tokens.possessive[j - 1]
    )
    before = i > 0 and _plain(tokens.gap[i]) and tokens.word[i - 1][:1].isupper() and (
        tokens.folded[i - 1] not in r.stopwords and tokens.folded[i - 1] not in r.context_before
    )
    return bool(after or before)


def _after_the(tokens: Tokens, i: int) -> bool:
    return i > 0 and tokens.folded[i - 1] == "the" and _plain(tokens.gap[i])


def _not_a_place(tokens: Tokens, i: int, n: int, key: Key, gaz: Gazetteer) -> bool:
    """A matched name that is not a place here: the first word of a compound ("U.S.-made"),
    an abbreviation used as an adjective ("U.S. officials"), an oblast's name naming a
    facility elsewhere in the oblast ("the Zaporizhzhia nuclear power plant" is in Enerhodar;
    "the Enerhodar plant" is in Enerhodar and stays a place), or any name naming a dam, bridge
    or power station, which often stands outside the town it is named after ("the Kakhovka
    dam" is at Nova Kakhovka, "the Kerch bridge" spans the strait), or a ship named after a
    town ("the landing ship Novocherkassk")."""
    nxt = i + n
    gap = tokens.gap[nxt] if nxt < tokens.n else ""
    if _abbreviated_variant(tokens, i, n, key, gaz) and not _after_town(tokens, i):
        return True  # "Sen. Bernie Sanders (Vt.)": a lawmaker's tag; "Fort Sill, Okla." counts
    if gap[:1] == "-" and (gap == "-" or gap[1:2].isdigit()) and not tokens.possessive[nxt - 1]:
        return True  # "U.S.-made", "Rossiya-24"
    if gap == ", " and nxt < tokens.n and _abbreviated_compound(tokens, nxt):
        return True  # "the Washington, DC-based think tank": one hyphenated adjective
    if gap == "." and nxt < tokens.n and _dotted_name(tokens, nxt, gaz):
        return True  # a brand or web name, not a sentence end: "Crimea.Realities", "Kyiv.ua"
    if _before_organisation_head(tokens, nxt, gaz):
        return True
    if n == 1 and _abbreviation(tokens.word[i]) and _adjectival(tokens, nxt, gaz):
        return True
    if _in_organisation_of(tokens, i, gaz) and not tokens.possessive[nxt - 1]:
        return True  # "the General Staff of Ukraine's Armed Forces" still names Ukraine
    if _before_word(tokens, nxt, gaz.rules.not_place_after):
        return True
    if key in gaz.rules.unit_names and _before_word(tokens, nxt, gaz.rules.unit_people_after):
        return True  # "the Azov fighters": the regiment named after the sea
    if i > 0 and tokens.gap[i] == " " and tokens.word[i - 1] in gaz.rules.vessel_before:
        return True  # "the landing ship Novocherkassk", "the cruiser Moskva"
    if _club_word(tokens, i - 1, i, gaz.rules.club_before) or \
            _club_word(tokens, nxt, nxt, gaz.rules.club_after):
        return True  # "Lech Poznan's stadium", "Real Madrid", "Dnipro FC": a club
    if tokens.possessive[nxt - 1]:
        return False
    members, after = _listed_after(tokens, i, n)
    if _facility(tokens, after, gaz.rules.facility_after) and any(
            (w,) in gaz.stems for w in (*members, *_listed_before(tokens, i))):
        return True  # (the words before the name are read only when a facility follows)
    return _facility(tokens, after, gaz.rules.infrastructure_after) and not _water(key, gaz)


def _dotted_name(tokens: Tokens, j: int, gaz: Gazetteer) -> bool:
    """The word after a full stop with no space is part of one name with the place before it
    ("Crimea.Realities", "Kyiv.ua"), unless it opens a sentence whose space was lost in
    copying ("Kherson.Then", "Kyiv.Ukraine said")."""
    word = tokens.folded[j]
    return tokens.word[j][:1].isalpha() and word not in gaz.rules.stopwords and (
        (word,) not in gaz.names
    )


def _water(key: Key, gaz: Gazetteer) -> bool:
    """A sea, strait or river: a bridge or dam named after it stands on it ("the Kerch Strait
    bridge")."""
    entry = gaz.get(gaz.names.get(key, ""))
    return bool(entry and entry.kind in ("sea", "river"))


def _in_organisation_of(tokens: Tokens, i: int, gaz: Gazetteer) -> bool:
    """"Ministry of Defence of the Russian Federation", "Defence Intelligence of Ukraine": a
    capitalised organisation's word before "of (the)" makes the name part of its name."""
    k = i - 2 if i >= 2 and tokens.folded[i - 1] == "the" else i - 1
    if k < 1 or tokens.folded[k] != "of" or not all(map(_plain, tokens.gap[k:i + 1])):
        return False
    return tokens.word[k - 1][:1].isupper() and (
        tokens.folded[k - 1] in gaz.rules.organisation_of_heads
    )


def _before_organisation_head(tokens: Tokens, j: int, gaz: Gazetteer) -> bool:
    """"the Black Sea Grain Initiative", "the Free Buryatia Foundation", "the Freedom of Russia
    Legion": up to two capitalised words after the name end in an organisation's head noun."""
    for k in range(j, min(j + 3, tokens.n)):
        if tokens.gap[k] != " " or not tokens.word[k][:1].isupper() or tokens.possessive[k - 1]:
            return False
        if tokens.folded[k] in gaz.rules.organisation_heads_after:
            return True
    return False


def _club_word(tokens: Tokens, j: int, gap: int, words: frozenset[str]) -> bool:
    """The word at `j`, a space away from the name (tokens.gap[gap]) and capitalised, is one
    of a sports club's `words` (places.yaml club_before, club_after): "Lech Poznan"."""
    return 0 <= j < tokens.n and tokens.gap[gap] == " " and tokens.word[j][:1].isupper() and \
        tokens.folded[j] in words


def _before_word(tokens: Tokens, j: int, words: frozenset[str]) -> bool:
    """A lower-case word of `words` right after the name ("Moscow time")."""
    return j < tokens.n and tokens.gap[j] == " " and tokens.word[j] in words


_LIST_REACH = 8  # tokens a list of names may run on either side of one of them


def _listed_after(tokens: Tokens, i: int, n: int) -> tuple[list[str], int]:
    """The capitalised words of a list from a name on ("the Rivne, Khmelnytskyi and South
    Ukraine plants"), the name's own first, and the index of the word after the list."""
    members = list(tokens.folded[i:i + n])
    j = i + n
    reach = min(tokens.n, i + n + _LIST_REACH)
    while j + 1 < reach and not tokens.possessive[j - 1]:
        gap, capital, folded = tokens.gap[j], tokens.word[j][:1].isupper(), tokens.folded[j]
        if gap == ", " and capital:
            members.append(folded)
        elif gap == " " and folded in ("and", "or") and tokens.word[j + 1][:1].isupper():
            pass
        elif gap == " " and capital and j > i + n:
            members.append(folded)
        else:
            break
        j += 1
    return members, j


def _listed_before(tokens: Tokens, i: int) -> list[str]:
    """The capitalised words of a list before the name at i, nearest first."""
    members = []
    k = i - 1
    while k >= max(0, i - _LIST_REACH) and (
        tokens.word[k][:1].isupper() or tokens.folded[k] in ("and", "or")
    ):
        if tokens.gap[k + 1] not in (" ", ", ") or tokens.possessive[k]:
            break
        members.append(tokens.folded[k])
        k -= 1
    return members


def _with_full_stop(f: Found, text: str, gaz: Gazetteer) -> Found:
    """An abbreviation's span keeps its full stop: "Okla." (the stop is the name's, as in
    "U.S.")."""
    if text[f.end:f.end + 1] != ".":
        return f
    entry = gaz.get(f.place)
    if entry is None or entry.kind != "oblast" or text[f.start:f.end + 1] not in entry.variants:
        return f
    return replace(f, end=f.end + 1)


def _abbreviated_variant(tokens: Tokens, i: int, n: int, key: Key, gaz: Gazetteer) -> bool:
    """Is the match a division's variant written with a full stop (a state's abbreviation:
    "Okla.", "Calif."; a country's "U.S." is matched by the acronym rules instead)?"""
    entry = gaz.get(gaz.names.get(key, ""))
    if entry is None or entry.kind != "oblast" or not any(v.endswith(".") for v in entry.variants):
        return False
    return any(v.endswith(".") and key_of(v) == key for v in entry.variants)


def _after_town(tokens: Tokens, i: int) -> bool:
    """Right after a capitalised name and a comma: "Fort Sill, Okla.", "Van Nuys, Calif."."""
    return i > 0 and tokens.gap[i] == ", " and tokens.word[i - 1][:1].isupper()


def _abbreviated_compound(tokens: Tokens, j: int) -> bool:
    """Token j opens a hyphenated adjective on an abbreviation: "DC-based", "D.C.-based"."""
    word = tokens.word[j]
    if "-" in word:
        head, tail = word.split("-", 1)
        return _abbreviation(head) and tail[:1].islower()
    after = tokens.gap[j + 1] if j + 1 < tokens.n else ""
    return after == "-" and _abbreviation(word) and tokens.word[j + 1][:1].islower()


def _abbreviation(word: str) -> bool:
    return word.isupper() and len(word.replace(".", "")) <= 4


def _adjectival(tokens: Tokens, j: int, gaz: Gazetteer) -> bool:
    """The word after an abbreviation makes it an adjective: a noun ("U.S. officials") or a
    title ("U.S. President"), not a verb, a conjunction or the next sentence."""
    if j >= tokens.n or tokens.possessive[j - 1] or tokens.gap[j] != " ":
        return False
    folded = tokens.folded[j]
    if tokens.word[j][:1].isupper():
        return folded not in gaz.rules.stopwords or folded in _TITLE_STOPWORDS
    verb = folded.endswith("ed") or folded in gaz.rules.metonymy_verbs
    return not verb and folded not in gaz.rules.acronym_noun_after and (
        folded not in gaz.rules.metonymy_aux
    )


def _facility(tokens: Tokens, j: int, words: frozenset[Key]) -> bool:
    """The words after a name begin a facility's name ("dam", "nuclear power plant")."""
    if j >= tokens.n or tokens.gap[j] != " ":
        return False
    return _longest(tokens, j, words, _prefixes(words), 3) > 0


def _axis_pair(tokens: Tokens, i: int, gaz: Gazetteer, found: list[Found]) -> bool:
    """"the Lyman-Kupiansk direction", "the Bakhmut-Lysychansk road": a hyphenated pair of
    settlement names before an axis word is two places."""
    word = tokens.word[i]
    if "-" not in word:
        return False
    parts = word.split("-")
    if not word[:1].isupper() or tokens.possessive[i]:
        return False
    if i + 1 >= tokens.n or not _plain(tokens.gap[i + 1]):
        return False
    if tokens.folded[i + 1] not in gaz.rules.axis_after:
        return False
    ids = [gaz.names.get((fold(p),)) for p in parts]
    if not all(ids) or not all(p[:1].isupper() for p in parts):
        return False
    offset = tokens.start[i]
    for part, pid in zip(parts, ids, strict=True):
        found.append(Found(str(pid), offset, offset + len(part), rule="exact+axis"))
        offset += len(part) + 1
    return True


def _case_rule(tokens: Tokens, i: int, key: Key, gaz: Gazetteer) -> str:
    """'exact' for a capitalised name, 'lowercase' where allowed, '' when case forbids it."""
    word = tokens.word[i]
    if word.isupper() and len(word) <= 3:  # an acronym, or the first word of a name in
        # capitals, as datelines write it ("NEW DELHI", "LOS ANGELES")
        upper = len(key) > 1 and all(w.isupper() for w in tokens.word[i:i + len(key)])
        return "exact" if upper or word in gaz.acronyms else ""
    if word[:1].isupper():
        return "exact"
    ok = len(key) == 1 and key in gaz.lower_ok and key[0] not in gaz.rules.english_words
    return "lowercase" if ok else ""


def _context_ok(tokens: Tokens, i: int, n: int, key: Key, gaz: Gazetteer) -> bool:
    """Names that are also ordinary words need a place context ("in Bar")."""
    return " ".join(key) not in gaz.rules.needs_context or _in_context(tokens, i, n, gaz)


def _in_context(tokens: Tokens, i: int, n: int, gaz: Gazetteer) -> bool:
    r = gaz.rules
    before = i > 0 and tokens.folded[i - 1] in r.context_before and _plain(tokens.gap[i])
    after = i + n < tokens.n and _plain(tokens.gap[i + n]) and (
        tokens.folded[i + n] in r.context_after or tokens.folded[i + n] in r.region_words
    )
    return bool(before or after)


def _plain(gap: str) -> bool:
    return gap in (" ", "-")


def _emit(
    tokens: Tokens, i: int, n: int, key: Key, place: str, rule: str, confidence: float,
    gaz: Gazetteer, found: list[Found],
) -> int:
    """Record one mention (deciding city or oblast and metonymy); return the next index."""
    start, end, nxt = tokens.start[i], tokens.end[i + n - 1], i + n
    oblast = gaz.stems.get(key)
    region = _region_word(tokens, nxt, gaz) if oblast else ""
    if oblast and region:
        place, rule = oblast, f"{rule}+region"
        if region != "regional":
            end, nxt = tokens.end[nxt], nxt + 1
        if region in ("regions", "oblasts", "provinces"):
            _coordinated(tokens, i, gaz, found)
    elif oblast and _region_of(tokens, i, gaz):
        place, rule, start = oblast, f"{rule}+region-of", tokens.start[i - 2]
    elif oblast and i > 0 and tokens.folded[i - 1] in gaz.rules.oblast_before:
        place, rule = oblast, f"{rule}+{tokens.folded[i - 1]}"
    elif oblast and (_after_phrase(tokens, i, gaz) or _joined_to_part(tokens, i, found)):
        place, rule = oblast, f"{rule}+{PART_RULE}"
    elif oblast and _oblast_after(tokens, nxt, gaz):
        place, rule = oblast, f"{rule}+{tokens.folded[nxt]}"
    elif key not in gaz.names:
        place = oblast or place
    entry = gaz.get(place)
    metonymic = bool(entry and entry.kind == "capital" and _metonymic(tokens, i, n, gaz))
    found.append(Found(place, start, end, metonymic, confidence, rule))
    return nxt


PART_RULE = "part-of-region"


def _after_phrase(tokens: Tokens, i: int, gaz: Gazetteer) -> bool:
    """"in the direction of Donetsk", "consisting of Donetsk": a phrase that makes it the oblast."""
    lasts = gaz.oblast_after_last_words
    if lasts is not None and (i == 0 or tokens.folded[i - 1] not in lasts):
        return False  # no phrase ends with the word before
    for phrase in gaz.rules.oblast_after_phrases:
        n = len(phrase)
        if i >= n and all(
            tokens.folded[i - n + k] == word and _plain(tokens.gap[i - n + k + 1])
            for k, word in enumerate(phrase)
        ):
            return True
    return False


def _joined_to_part(tokens: Tokens, i: int, found: list[Found]) -> bool:
    """"consisting of Donetsk and Luhansk": a name joined to such an oblast is one too."""
    if not found or not found[-1].rule.endswith(PART_RULE) or i < 2:
        return False
    if tokens.gap[i].strip() == ",":
        return found[-1].end == tokens.end[i - 1]
    joined = tokens.folded[i - 1] in ("and", "or") and _plain(tokens.gap[i])
    return joined and found[-1].end == tokens.end[i - 2]


def _oblast_after(tokens: Tokens, j: int, gaz: Gazetteer) -> bool:
    """"the Donetsk direction", "the Kherson counteroffensive": an axis or campaign named
    after an oblast covers the oblast (not after a possessive: "Kyiv's counteroffensive")."""
    return (
        j < tokens.n and _plain(tokens.gap[j]) and not tokens.possessive[j - 1]
        and tokens.folded[j] in gaz.rules.oblast_after
    )


def _region_word(tokens: Tokens, j: int, gaz: Gazetteer) -> str:
    if j < tokens.n and _plain(tokens.gap[j]) and tokens.folded[j] in gaz.rules.region_words:
        return tokens.folded[j]
    return ""


def _region_of(tokens: Tokens, i: int, gaz: Gazetteer) -> bool:
    """"the region of Kharkiv": a region word and "of" right before the name, the region word
    not a named district's ("the Komsomolsky region of Chuvashia" is in Chuvashia)."""
    return (
        i >= 2 and tokens.folded[i - 1] == "of" and _plain(tokens.gap[i])
        and _plain(tokens.gap[i - 1]) and tokens.folded[i - 2] in gaz.rules.region_of_words
        and not _named_before(tokens, i - 2, gaz)
    )


def _named_before(tokens: Tokens, j: int, gaz: Gazetteer) -> bool:
    """A capitalised word (not a stopword such as "The") right before token j."""
    return j > 0 and _plain(tokens.gap[j]) and tokens.word[j - 1][:1].isupper() and (
        tokens.folded[j - 1] not in gaz.rules.stopwords
    )


def _coordinated(tokens: Tokens, i: int, gaz: Gazetteer, found: list[Found]) -> None:
    """"Kharkiv and Donetsk regions": earlier names joined by "and" or "," become oblasts too."""
    j, idx = i, len(found) - 1
    while idx >= 0:
        if tokens.gap[j].strip() == ",":
            k = j - 1
        elif j >= 2 and tokens.folded[j - 1] in ("and", "or") and _plain(tokens.gap[j]):
            k = j - 2
        else:
            return
        oblast = gaz.stems.get((tokens.folded[k],)) if k >= 0 else None
        if not oblast or found[idx].end != tokens.end[k]:
            return
        found[idx] = replace(found[idx], place=oblast, rule=f"{found[idx].rule}+region")
        j, idx = k, idx - 1


def _metonymic(tokens: Tokens, i: int, n: int, gaz: Gazetteer) -> bool:
    """A capital standing for its government or army: "Moscow said", "Kyiv's army"."""
    r = gaz.rules
    prev = tokens.folded[i - 1] if i > 0 and _plain(tokens.gap[i]) else ""
    if prev in _LITERAL_BEFORE:
        return False
    if prev in r.metonymy_before:
        return True
    after = _following_words(tokens, i + n, 4)
    if tokens.possessive[i + n - 1]:
        return any(w in r.metonymy_nouns for w in after[:3])
    if after and after[0] in r.metonymy_nouns:
        return True
    return _agent_verb(after, gaz)


def _agent_verb(after: list[str], gaz: Gazetteer) -> bool:
    """An active verb after optional auxiliaries; after a form of "be" only an -ing form."""
    r, passive = gaz.rules, False
    while after and after[0] in r.metonymy_aux:
        passive = passive or after[0] in _BE
        after = after[1:]
    if not after or after[0] not in r.metonymy_verbs:
        return False
    return not passive or after[0].endswith("ing")


def _following_words(tokens: Tokens, j: int, limit: int) -> list[str]:
    """Up to `limit` lower-case words right after index j, stopping at punctuation."""
    words: list[str] = []
    while j < tokens.n and len(words) < limit and _plain(tokens.gap[j]):
        if not tokens.word[j][:1].islower():
            break
        words.append(tokens.folded[j])
        if tokens.possessive[j]:
            break
        j += 1
    return words


# --- Misspellings ----------------------------------------------------------------------


def _misspelt(
    text: str, tokens: Tokens, i: int, named: set[str], gaz: Gazetteer,
    found: list[Found], notes: list[Note],
) -> None:
    """A capitalised unknown word in place context (or echoing a place the article names):
    read it as the closest gazetteer name, or note it as unresolved."""
    word, start, end = tokens.word[i], tokens.start[i], tokens.end[i]
    if not _candidate(tokens, i, gaz):
        return
    context = _in_context(tokens, i, 1, gaz) or _coordinated_with_place(tokens, i, gaz)
    # A real town the gazetteer lacks ("from Harrow") is that town, no misspelt "Kharkov".
    elsewhere = tokens.folded[i] in gaz.rules.real_places_elsewhere
    match = None if elsewhere else gaz.fuzzy.lookup(word)
    if match is not None and not context and match.target not in named:
        return
    if match is None:
        if _strong_context(tokens, i):
            notes.append(Note(
                "unresolved", f"'{word}' looks like a place but is not in the gazetteer",
                Span(start, end, text[start:end]), "places:context",
            ))
        return
    if _demonym(word, match.name, gaz):  # "the Israeli government", "the Hungarian parliament"
        return
    if _region_word(tokens, i + 1, gaz) and _other_name(
            word, match.name, match.target, gaz):
        # "the Kirov region" names a region: read as a misspelt other name of a settlement
        # ("Kirovo", Pivnichne's old name), it would move a Russian region to a Ukrainian town.
        notes.append(Note(
            "unresolved", f"'{word}' names a region that is not in the gazetteer",
            Span(start, end, text[start:end]), "places:region",
        ))
        return
    key = (fold(match.name),)
    if _not_a_place(tokens, i, 1, key, gaz):  # "the Rossiya-24 channel" is no Russia
        return
    rule = f"fuzzy:{match.edits}-edit"
    before = len(found)
    _emit(tokens, i, 1, key, match.target, rule, match.confidence, gaz, found)
    hit = found[before]
    entry = gaz.get(hit.place)
    notes.append(Note(
        "fuzzy",
        f"'{word}' read as {entry.name if entry else hit.place} ({hit.place}), "
        f"confidence {match.confidence:.2f}",
        Span(hit.start, hit.end, text[hit.start:hit.end]), rule,
    ))


def _other_name(word: str, name: str, target: str, gaz: Gazetteer) -> bool:
    """A fuzzy match that reads the word as an oblast's stem or as a misspelling of its place's
    own name is that place; one that reads it only as one of its other names (an old name:
    "Kirov" as Pivnichne's "Kirovo") is not, before a region word."""
    entry = gaz.get(target)
    if (name,) in gaz.stems or entry is None:
        return False
    own = phonetic(entry.name)
    return distance(phonetic(word), own, max_edits(len(own))) > max_edits(len(own))


def _demonym(word: str, name: str, gaz: Gazetteer) -> bool:
    """Is word the adjective or people of the place, not a misspelling of it: Israel ->
    Israeli, Hungary -> Hungarian, Japan -> Japanese, Kenya -> Kenyan (the endings are
    demonym_endings in places.yaml). Demonyms are never places (see PLACES.md)."""
    w, n = word.casefold(), name.casefold()
    stem = n.rstrip("aeiouy") or n
    return w.startswith(stem) and w[len(stem):] in gaz.rules.demonym_endings


def _candidate(tokens: Tokens, i: int, gaz: Gazetteer) -> bool:
    """A capitalised word that could be a misspelt place: not a common word, not in a name."""
    word, gap, r = tokens.word[i], tokens.gap[i], gaz.rules
    if not word[:1].isupper() or word.isupper() or len(word) < 5:
        return False
    if tokens.folded[i] in r.stopwords or "-" in word or i == 0 or _sentence_start(gap):
        return False
    j = i + 1  # the next word
    surname = j < tokens.n and _plain(tokens.gap[j]) and tokens.word[j][:1].isupper() and (
        not tokens.possessive[i]
    )
    if surname and tokens.folded[j] not in r.region_words and (
        tokens.folded[j] not in r.context_after
    ):
        return False  # a first name before a surname, or part of a longer name
    return not (
        _plain(gap) and tokens.word[i - 1][:1].isupper()
        and tokens.folded[i - 1] not in r.stopwords
    )


def _sentence_start(gap: str) -> bool:
    return any(c in gap for c in ".!?\n:“\"")


def _coordinated_with_place(tokens: Tokens, i: int, gaz: Gazetteer) -> bool:
    """"Balakriya and Izium": joined by "and"/"or" to a word the gazetteer knows."""
    def known(j: int) -> bool:
        return 0 <= j < tokens.n and (tokens.folded[j],) in gaz.names

    nxt_and = i + 2 < tokens.n and tokens.folded[i + 1] in ("and", "or") and known(i + 2)
    prev_and = i >= 2 and tokens.folded[i - 1] in ("and", "or") and known(i - 2)
    return bool(nxt_and or prev_and)


def _strong_context(tokens: Tokens, i: int) -> bool:
    prev = tokens.folded[i - 1] if i > 0 else ""
    prev2 = tokens.folded[i - 2] if i > 1 else ""
    nxt = tokens.folded[i + 1] if i + 1 < tokens.n else ""
    return prev in _STRONG_BEFORE or (prev == "of" and prev2 in _STRONG_BEFORE) or (
        nxt in _STRONG_AFTER
    )


# --- Namesakes ------------------------------------------------------------------------


def disambiguate(found: list[Found], gaz: Gazetteer, text: str = "") -> list[Found]:
    """A name shared by villages in several oblasts is the one in an oblast the article
    names (itself, or as the oblast of another place it names); else the default owner.
    An oblast's seat (Mykolaiv) yields only to an oblast named right beside it ("Mykolaiv,
    Lviv region", "Mykolaiv in the Lviv region"), not to one named elsewhere: "Kiev, Nikolaev
    and the Lvov Region" lists the regional capital."""
    if not any(f.place in gaz.namesakes for f in found):
        return found
    context = set()
    for f in found:
        entry = gaz.get(f.place)
        if entry and f.place not in gaz.namesakes:
            context.add(entry.id if entry.kind == "oblast" else entry.parent)
    countries = {_country(f.place, gaz) for f in found if f.place not in gaz.namesakes}
    out = []
    for f in found:
        fits = [
            pid for pid in gaz.namesakes.get(f.place, ())
            if (e := gaz.get(pid)) is not None and e.parent in context
        ]
        if not fits and _country(f.place, gaz) not in countries and \
                not _parent_beside(f, gaz, text):  # "LONDON - ... in Richmond": not the
            # default's country (nor "Richmond, Virginia"), the one namesake in a country named
            fits = [pid for pid in gaz.namesakes.get(f.place, ()) if pid != f.place
                    and _country(pid, gaz) in countries]
        if len(fits) == 1 and fits[0] != f.place and (
            not _is_seat(f.place, gaz) or _oblast_beside(f, fits[0], found, gaz, text)
        ):
            f = replace(f, place=fits[0], rule=f"{f.rule}+namesake")
        out.append(f)
    return out


def _country(place: str, gaz: Gazetteer) -> str | None:
    """The id of the country a place lies in; None if none."""
    country = gaz.country_of(place)
    return country.id if country is not None else None


def _parent_beside(f: Found, gaz: Gazetteer, text: str) -> bool:
    """The found place's own parent is printed right after it ("Richmond, Virginia"), read or
    not (a parent that needs place context may not be)."""
    entry = gaz.get(f.place)
    parent = gaz.get(entry.parent) if entry and entry.parent else None
    after = _BESIDE.match(text, f.end)
    return parent is not None and after is not None and any(
        text.startswith(name, after.end()) for name in (parent.name, *parent.variants))


def _is_seat(place: str, gaz: Gazetteer) -> bool:
    entry = gaz.get(place)
    oblast = gaz.get(entry.parent) if entry and entry.parent else None
    return oblast is not None and oblast.seat == place


_BESIDE = re.compile(r"\s*(?:,|\(|\bin\b|\bof\b)\s*(?:the\s+)?")


def _oblast_beside(f: Found, namesake: str, found: list[Found], gaz: Gazetteer, text: str) -> bool:
    entry = gaz.get(namesake)
    return entry is not None and any(
        g.place == entry.parent and g.start >= f.end and _BESIDE.fullmatch(text, f.end, g.start)
        for g in found
    )


# --- Grouping --------------------------------------------------------------------------


def group(text: str, found: list[Found], gaz: Gazetteer) -> tuple[Place, ...]:
    """Places in order of first mention, each with its mentions in text order."""
    by_place: dict[str, list[PlaceMention]] = {}
    for f in sorted(found, key=lambda f: (f.start, f.end)):
        span = Span(f.start, f.end, text[f.start:f.end])
        by_place.setdefault(f.place, []).append(
            PlaceMention(span, f.metonymic, f.confidence, f.rule)
        )
    places = []
    for pid, mentions in by_place.items():
        e = gaz.get(pid)
        if e is None:
            continue
        places.append(Place(e.id, e.name, e.kind, e.parent, e.lat, e.lon, tuple(mentions)))
    return tuple(places)
