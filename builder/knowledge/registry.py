"""Loads sources.yaml (the source registry) and finds its names in text with one compiled regex."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error, warning
from builder.knowledge.phrases import alternation, normalise
from builder.knowledge.words import Phrases, first_words
from builder.knowledge.words import find as find_phrases

FILE_NAME = "sources.yaml"
KEYS = frozenset({"id", "name", "kind", "affiliation", "type", "aliases", "roles", "surname"})
REQUIRED = ("id", "name", "kind", "affiliation")
TYPES = frozenset({"person", "org"})
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NAME_WORD = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’.-]*")
SHORT_SURNAME = 3  # letters: a last name this short ("Rau") is no name alone (surnames)
# "Dmitri S. Peskov". The no-word-before check follows the first capital, so the regex
# engine jumps from capital to capital instead of trying every place.
_MIDDLE_INITIAL = re.compile(
    r"([A-ZÀ-ÞĀ-Ž](?<![\w'’-][\s\S])[\w'’-]+) [A-Z]\. ([A-ZÀ-ÞĀ-Ž][\w'’-]+)")
_AN_INITIAL = re.compile(r" [A-Z]\. [A-ZÀ-ÞĀ-Ž]")  # what every _MIDDLE_INITIAL match holds


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One registered source: who it is, and every way the text may name it."""

    id: str
    name: str
    kind: str
    affiliation: str
    type: str = "org"  # person | org
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    surname: bool | str = True  # a str: the family name printed alone, after the full name
    path: str = ""
    line: int = 0

    @property
    def is_person(self) -> bool:
        return self.type == "person"


# (registry, text, find(text)) of the last find_in_article call, one tuple read at once (a
# thread may replace it); the text is kept alive here, so `is` cannot match another string.
_last_article: tuple = (None, "", ())
# The entries of each role, sorted once for the registry last asked (not once per article).
_BY_ROLE: dict[str, tuple[SourceRegistry, int, dict[str, tuple[SourceEntry, ...]]]] = {}


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A registry name found in text; `surname` when only a person's last name matched."""

    start: int
    end: int
    id: str
    surname: bool = False


@dataclass(frozen=True, slots=True)
class SourceRegistry:
    """Registered sources by id, with one compiled matcher over all their names."""

    entries: dict[str, SourceEntry] = field(default_factory=dict)
    forms: dict[str, tuple[tuple[str, str, bool], ...]] = field(default_factory=dict)
    matcher: re.Pattern[str] = re.compile(r"(?!x)x")
    # the matcher with the words the names start with (see words.find), derived
    names_at: Phrases = field(init=False, repr=False, compare=False)
    # each family name of a registered person printed alone, with the ids it names, derived
    _by_surname: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names_at", Phrases(self.matcher, first_words(self.forms)))
        by_surname: dict[str, list[str]] = {}
        for entry in self.entries.values():
            if entry.is_person and entry.surname:
                by_surname.setdefault(family_name(entry), []).append(entry.id)
        object.__setattr__(self, "_by_surname", {k: tuple(v) for k, v in by_surname.items()})

    def get(self, source_id: str) -> SourceEntry | None:
        return self.entries.get(source_id)

    def shares_surname(self, entry: SourceEntry) -> bool:
        """A person whose last name another registered person has too ("Fedorov": the Melitopol
        mayor's and the digital minister's): no form of the registry names either by it."""
        if not entry.is_person:
            return False
        name = family_name(entry)
        return normalise(name) not in self.forms and any(
            other != entry.id for other in self._by_surname.get(name, ()))

    def with_role(self, role: str) -> tuple[SourceEntry, ...]:
        """Entries that a later reference of this role may stand for, in id order."""
        held = _BY_ROLE.get("of")
        if held is None or held[0] is not self or held[1] != len(self.entries):
            held = (self, len(self.entries), {})  # remembered for the last registry asked
            _BY_ROLE["of"] = held
        found = held[2].get(role)
        if found is None:
            found = tuple(e for _, e in sorted(self.entries.items()) if role in e.roles)
            held[2][role] = found
        return found

    def find(self, text: str, article: bool = False) -> list[NameMatch]:
        """Every registry name in `text`, longest first at each place, in text order.
        `article`: text is the article's (its words are split once for every pass)."""
        found: list[NameMatch] = []
        if article:
            matches = find_phrases(self.names_at, text)
        else:
            lowered = text.lower()
            if len(lowered) != len(text):  # a rare character whose lower case is longer
                lowered = "".join(ch.lower()[:1] for ch in text)
            matches = self.matcher.finditer(lowered)
        for m in matches:
            hit = self._resolve(text[m.start():m.end()])
            if hit is not None:
                found.append(NameMatch(m.start(), m.end(), hit[0], hit[1]))
        return self._with_middle_initials(text, found)

    def find_in_article(self, text: str) -> tuple[NameMatch, ...]:
        """find(text) for a whole article, the last answer kept: the sources and places
        passes both ask it of the same text (~4% of an article's annotation each time)."""
        global _last_article
        last = _last_article
        if last[0] is self and last[1] is text:
            return last[2]
        found = tuple(self.find(text, article=True))
        _last_article = (self, text, found)
        return found

    def _with_middle_initials(self, text: str, found: list[NameMatch]) -> list[NameMatch]:
        """"Dmitri S. Peskov", "Sergey V. Lavrov" (a style that prints middle initials): the
        name without the initial, when that names a registered person."""
        extra = []
        if not _AN_INITIAL.search(text):
            return found  # no " X. Y": the pattern's own characters first, skipped to in C
        for m in _MIDDLE_INITIAL.finditer(text):
            hit = self._resolve(f"{m.group(1)} {m.group(2)}")
            if hit is not None and not hit[1] and self.entries[hit[0]].is_person:
                extra.append(NameMatch(m.start(), m.end(), hit[0]))
        if not extra:
            return found
        kept = [f for f in found if not any(e.start <= f.start < e.end for e in extra)]
        return sorted([*kept, *extra], key=lambda n: (n.start, -n.end))

    def _resolve(self, printed: str) -> tuple[str, bool] | None:
        for form, source_id, is_surname in self.forms.get(normalise(printed), ()):
            if _same_capitals(form, printed):
                return source_id, is_surname
        return None


def _same_capitals(form: str, printed: str) -> bool:
    """The form's first capitalised word (not "The") is capitalised in the text too, so
    "The Independent" is not "the independent", while "Russia's defence ministry" matches."""
    form_words, printed_words = form.split(), printed.split()
    if len(form_words) != len(printed_words):
        return True
    for a, b in zip(form_words, printed_words, strict=True):
        if a[:1].isupper() and a.lower() != "the":
            return b[:1].isupper()
    return True


# --- loading -------------------------------------------------------------------------------


def load(dirs: tuple[Path, ...]) -> tuple[SourceRegistry, tuple[Diagnostic, ...]]:
    """Read sources.yaml from each folder in order; later entries add or replace by id."""
    entries: dict[str, SourceEntry] = {}
    problems: list[Diagnostic] = []
    rules: dict[str, list[object]] = {}
    for folder in dirs:
        path = Path(folder) / FILE_NAME
        if path.is_file():
            found, diags = parse(path.read_text(encoding="utf-8"), str(path), rules)
            problems.extend(diags)
            for entry in found:
                entries[entry.id] = entry
    registry, diags = build(entries, spelling_rules(rules))
    return registry, (*problems, *diags)


def parse(text: str, path: str, rules: dict[str, list[object]] | None = None,
          ) -> tuple[tuple[SourceEntry, ...], tuple[Diagnostic, ...]]:
    """The entries of one sources.yaml (its `spellings:` lists go into `rules`); each
    problem is a diagnostic with its line."""
    root, problems = yamlnodes.compose(text, path)
    if root is None:
        return (), problems
    if not yamlnodes.is_mapping(root):
        return (), (error(path, yamlnodes.line_of(root), "expected a mapping with 'sources:'"),)
    out: list[SourceEntry] = []
    root, unquoted = yamlnodes.words_only(root, path)  # a bare `no` alias: named, left out
    diags: list[Diagnostic] = list(unquoted)
    seen: set[str] = set()
    pairs, bad = yamlnodes.entries(root, path)
    diags.extend(bad)
    for pair in pairs:
        if pair.key == "spellings" and yamlnodes.is_mapping(pair.node):
            for name, words in (yamlnodes.value(pair.node) or {}).items():
                if rules is not None and isinstance(words, list):
                    rules.setdefault(str(name), []).extend(words)
            continue
        if pair.key != "sources" or not yamlnodes.is_sequence(pair.node):
            diags.append(error(path, pair.line, f"unexpected '{pair.key}'",
                               "expected a 'sources:' list"))
            continue
        for node in pair.node.value:
            entry, problems_here = _entry(node, path)
            diags.extend(problems_here)
            if entry is None:
                continue
            if entry.id in seen:
                diags.append(error(path, entry.line, f"source id '{entry.id}' is given twice"))
                continue
            seen.add(entry.id)
            out.append(entry)
    return tuple(out), tuple(sorted(diags, key=lambda d: d.line))


def _entry(node, path: str) -> tuple[SourceEntry | None, list[Diagnostic]]:
    line = yamlnodes.line_of(node)
    if not yamlnodes.is_mapping(node):
        return None, [error(path, line, "a source must be a mapping {id: ..., name: ...}")]
    pairs, problems = yamlnodes.entries(node, path)
    diags = list(problems)
    values: dict[str, object] = {}
    for pair in pairs:
        if pair.key not in KEYS:
            diags.append(yamlnodes.unknown_key(path, pair, KEYS, "a source"))
            continue
        values[pair.key] = yamlnodes.value(pair.node)
    missing = [k for k in REQUIRED if not values.get(k)]
    if missing:
        diags.append(error(path, line, "source is missing " + ", ".join(missing)))
        return None, diags
    source_id = str(values["id"])
    if not _SLUG.fullmatch(source_id):
        diags.append(error(path, line, f"source id '{source_id}' is not a lowercase ASCII slug"))
        return None, diags
    kind_of = str(values.get("type", "org"))
    if kind_of not in TYPES:
        diags.append(error(path, line, f"type '{kind_of}' is not one of person, org"))
        return None, diags
    aliases, roles = values.get("aliases") or [], values.get("roles") or []
    if not isinstance(aliases, list) or not isinstance(roles, list):
        diags.append(error(path, line, "aliases and roles must be lists"))
        return None, diags
    entry = SourceEntry(
        id=source_id,
        name=str(values["name"]),
        kind=str(values["kind"]),
        affiliation=str(values["affiliation"]),
        type=kind_of,
        aliases=tuple(str(a) for a in aliases),
        roles=tuple(str(r) for r in roles),
        surname=_surname(values.get("surname", True)),
        path=path,
        line=line,
    )
    return entry, diags


_TITLE_WORDS = frozenset({
    "secretary", "minister", "president", "general", "chief", "director", "spokesman",
    "spokeswoman", "mayor", "governor", "commander", "office", "ministry", "leader", "head",
    "admiral", "gen.", "adm.", "sir", "lord", "lt.", "brig.", "col.", "dr.", "ambassador",
    "envoy", "prime", "deputy", "defence", "defense", "foreign",
})


def _surname(value: object) -> bool | str:
    """`surname: false` stops a person's last name alone from naming them; `surname: Mao`
    names the family name a later reference prints alone, where it is not the last word
    ("Mao Ning ... Mao said"): that word names them only after the text named them in full."""
    if isinstance(value, str) and value.strip() and value.strip().lower() not in _BOOL_WORDS:
        return value.strip()
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on")
    return bool(value)


_BOOL_WORDS = frozenset({"true", "false", "yes", "no", "on", "off"})


def family_name(entry: SourceEntry) -> str:
    """The word a later reference prints alone for a person: the registry's `surname` when
    it gives one ("Mao" for Mao Ning), else the last word of the name."""
    return entry.surname if isinstance(entry.surname, str) else entry.name.split()[-1]


def press_service_of(registry: SourceRegistry, source: str, noun: str = "press service"
                     ) -> str | None:
    """The registry's press service of a source ("Prigozhin's press service", "press service
    of Lukashenko"), or its `noun` ("Zelensky's office"), by the source's name, aliases and
    surname; None when it has none."""
    entry = registry.get(source)
    if entry is None:
        return None
    names = [entry.name, *entry.aliases]
    if entry.is_person and entry.surname:
        names.append(family_name(entry))
    for name in names:
        forms = (f"{name}'s press service", f"press service of {name}",
                 f"{name}'s press office") if noun == "press service" else (f"{name}'s {noun}",)
        for form in forms:
            for hit in registry.find(form):
                if hit.start == 0 and hit.end == len(form) and hit.id != source:
                    return hit.id
    return None


def surnames(entry: SourceEntry) -> set[str]:
    """A person's last names as the text may print them alone ("Maliar", "Zelenskyy")."""
    if not entry.is_person or not entry.surname or isinstance(entry.surname, str):
        return set()
    found = set()
    for full in (entry.name, *entry.aliases):
        words = full.split()
        if not 1 <= len(words) <= 3 or any(w.lower() in _TITLE_WORDS for w in words):
            continue
        if all(_NAME_WORD.fullmatch(w) for w in words) and "'" not in full:
            found.add(words[-1])
    return {s for s in found if len(s) > SHORT_SURNAME}


@dataclass(frozen=True, slots=True)
class Spellings:
    """sources.yaml `spellings:`: how copy from another language's sources respells the
    registered people of some sides ("Alexander Tarnavsky" for Oleksandr Tarnavskyi)."""

    sides: frozenset[str] = frozenset()
    given: dict[str, tuple[str, ...]] = field(default_factory=dict)
    endings: tuple[tuple[str, str], ...] = ()
    g_for_h: bool = False
    surname_first: frozenset[str] = frozenset()


def spelling_rules(raw: dict[str, list[object]]) -> Spellings:
    """The `spellings:` lists ("from>to" strings) of every sources.yaml, compiled once."""
    given: dict[str, list[str]] = {}
    for a, b in _pairs(raw.get("given", ())):
        given.setdefault(a, []).append(b)
    return Spellings(
        sides=frozenset(str(w) for w in raw.get("sides", ())),
        given={a: tuple(dict.fromkeys(b)) for a, b in given.items()},
        endings=tuple(sorted(_pairs(raw.get("surname_endings", ())),
                             key=lambda p: -len(p[0]))),
        g_for_h=("h", "g") in _pairs(raw.get("surname_letters", ())),
        surname_first=frozenset(str(w) for w in raw.get("surname_first", ())))


def _pairs(items) -> list[tuple[str, str]]:
    pairs = (str(i).split(">", 1) for i in items)
    return [(p[0].strip(), p[1].strip()) for p in pairs if len(p) == 2 and p[0].strip()]


_H = re.compile(r"(?<![KkZzCcSs])([Hh])")  # Ukrainian г is h, Russian g; not kh, zh, ch, sh


def respellings(entry: SourceEntry, rules: Spellings) -> list[str]:
    """The spellings `rules` give a person's two-word names, without the names themselves:
    the given name's other form, and the surname's ending and h rewritten; or, for the
    sides whose own English prints the surname first, the two words swapped."""
    if not entry.is_person:
        return []
    respelt = entry.affiliation in rules.sides
    swapped = entry.affiliation in rules.surname_first
    if not respelt and not swapped:
        return []
    found: dict[str, None] = {}
    for full in (entry.name, *entry.aliases):
        words = full.split()
        if len(words) != 2 or not all(_NAME_WORD.fullmatch(w) for w in words):
            continue
        first, last = words
        if swapped:
            found.setdefault(f"{last} {first}")
        if not respelt:
            continue
        lasts = [last] + [last[:-len(a)] + b for a, b in rules.endings
                          if last.endswith(a) and len(last) > len(a) + 2][:1]
        if rules.g_for_h:
            lasts += [_H.sub(lambda m: "G" if m.group(1) == "H" else "g", x) for x in lasts]
        for given in (first, *rules.given.get(first, ())):
            for surname in lasts:
                found.setdefault(f"{given} {surname}")
    for full in (entry.name, *entry.aliases):
        found.pop(full, None)
    return list(found)


_ABBREVIATION_HEAD = re.compile(r"((?:[A-Z]\.?){2,4})\s+(\S.*)")  # "UN nuclear watchdog"


def possessive_forms(entry: SourceEntry) -> list[str]:
    """A body's description that opens with an abbreviation, printed with its possessive ("UN
    nuclear watchdog" as "UN's nuclear watchdog", "U.N.'s nuclear watchdog"): the same body."""
    if entry.is_person:
        return []
    found: list[str] = []
    for form in (entry.name, *entry.aliases):
        m = _ABBREVIATION_HEAD.fullmatch(form)
        if m is not None and m.group(2)[:1].islower():
            found.append(f"{m.group(1)}'s {m.group(2)}")
    return found


def build(entries: dict[str, SourceEntry], rules: Spellings | None = None,
          ) -> tuple[SourceRegistry, tuple[Diagnostic, ...]]:
    """Index every name form of the entries, then the spellings `rules` give their people
    (a form another entry has stays that entry's), and compile the matcher once."""
    forms: dict[str, list[tuple[str, str, bool]]] = {}
    diags: list[Diagnostic] = []
    owners: dict[str, str] = {}
    for entry in sorted(entries.values(), key=lambda e: e.id):
        for form in (entry.name, *entry.aliases):
            key = normalise(form)
            other = owners.setdefault(key, entry.id)
            if other != entry.id:
                message = f"name '{form}' is also used by '{other}'; kept for '{other}'"
                diags.append(warning(entry.path, entry.line, message))
                continue
            forms.setdefault(key, []).append((form, entry.id, False))
    for entry in sorted(entries.values(), key=lambda e: e.id):
        for form in possessive_forms(entry):  # "the UN's nuclear watchdog"
            if normalise(form) not in owners:
                owners[normalise(form)] = entry.id
                forms.setdefault(normalise(form), []).append((form, entry.id, False))
    if rules:
        for entry in sorted(entries.values(), key=lambda e: e.id):
            for form in respellings(entry, rules):
                if normalise(form) not in owners:
                    owners[normalise(form)] = entry.id
                    forms.setdefault(normalise(form), []).append((form, entry.id, False))
    surname_owners: dict[str, set[str]] = {}
    for entry in entries.values():
        for name in surnames(entry):
            surname_owners.setdefault(name, set()).add(entry.id)
    for name, ids in sorted(surname_owners.items()):
        key = normalise(name)
        if len(ids) == 1 and key not in owners:
            forms.setdefault(key, []).append((name, next(iter(ids)), True))
    # Keys are lower case; find() matches lowered text. A name may carry a possessive
    # ("CNN's State of the Union", "Zelensky's spokesman", "Fox News' reporter"): the match
    # stops before "'s", or before the bare apostrophe of a name ending in s.
    matcher = re.compile(r"(?<![\w'’-])(?:" + alternation(forms)
                         + r")(?![\w])(?!['’](?!s(?![\w]))(?<!s['’]))")
    frozen = {k: tuple(v) for k, v in forms.items()}
    return SourceRegistry(entries=dict(entries), forms=frozen, matcher=matcher), tuple(diags)
