"""Loads furniture.yaml (page furniture rules) into compiled patterns, once per build."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error

FILE_NAME = "furniture.yaml"
_SHORT = 240  # characters: headers, tagged headlines and credit lines are never longer
_MEMO_SIZE = 100_000  # answers remembered per rule set before the memo starts afresh
_QUOTES = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'))
_STOPS = (".", "!", "?", "…")
_CLOSERS = "'\"’”)]"


@dataclass(frozen=True, slots=True)
class Furniture:
    """Compiled furniture rules; see builder/data/furniture.yaml for what each one means."""

    lines: re.Pattern[str]
    list_headers: re.Pattern[str]
    headline_tag: re.Pattern[str]
    credit: re.Pattern[str]
    inline_credit: re.Pattern[str]
    video_label: re.Pattern[str]
    caption_label: re.Pattern[str]
    credit_prefix: re.Pattern[str]
    section_words: frozenset[str]
    title_separators: tuple[str, ...]
    dash_separators: tuple[str, ...]
    outlet_words: frozenset[str]
    continuation_words: frozenset[str]
    headline_max_words: int
    subheading_max_words: int
    _memo: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, repr=False)

    def _matches(self, rule: str, text: str) -> bool:
        """Whether a rule matches a whole paragraph (a tag: its edge); memoised, as parse and
        clean ask about each line several times."""
        key = (rule, text)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            pattern: re.Pattern[str] = getattr(self, rule)
            normal = normalise(text)
            match = pattern.search(normal) if rule == "headline_tag" else pattern.fullmatch(normal)
            found = self._memo[key] = match is not None
        return found

    def is_line(self, text: str) -> bool:
        """A paragraph that is furniture wherever it appears ("Skip to main content")."""
        return self._matches("lines", text)

    def is_list_header(self, text: str) -> bool:
        """A header that introduces other articles' headlines ("Most read in The Sun")."""
        return len(text) <= _SHORT and self._matches("list_headers", text.rstrip().rstrip(":"))

    def is_tagged_headline(self, text: str) -> bool:
        """A promoted headline marked with a [TAG] at its start or end."""
        return len(text) <= _SHORT and self._matches("headline_tag", text)

    def is_credit(self, text: str) -> bool:
        """A photo credit line ("via REUTERS", "Agency/Photographer/Shutterstock")."""
        return len(text) <= _SHORT and self._matches("credit", text)

    def caption_after_label(self, text: str) -> str | None:
        """For "Image caption, Soldiers in Kyiv": the caption text ("" when on the next line)."""
        match = self.caption_label.fullmatch(normalise(text))
        return match.group("rest") if match else None

    def is_standalone(self, text: str) -> bool:
        """A line that can never be part of a sentence around it."""
        return (
            self.is_line(text)
            or self.is_tagged_headline(text)
            or self.is_credit(text)
            or self.caption_after_label(text) is not None
        )

    def credit_name(self, text: str) -> str:
        """A credit line without its lead-in: "via REUTERS" → "REUTERS"."""
        return self.credit_prefix.sub("", normalise(text), count=1)

    def ends_sentence(self, text: str) -> bool:
        """True when text ends with terminal punctuation (possibly inside closing quotes)."""
        return text.rstrip().rstrip(_CLOSERS).endswith(_STOPS)

    def ends_mid_sentence(self, text: str) -> bool:
        """True when text visibly stops mid-sentence: on a comma or a word like "by"."""
        stripped = text.rstrip()
        if stripped.endswith((",", ";", "(", "–", "—", "-")):
            return True
        words = stripped.split()
        return bool(words) and words[-1].lower() in self.continuation_words

    def is_headline_shaped(self, text: str) -> bool:
        """A short line without a sentence ending: the shape of a headline or a subheading."""
        words = text.split()
        return (
            0 < len(words) <= self.headline_max_words
            and not self.ends_sentence(text)
            and not self.ends_mid_sentence(text)
        )

    def is_section(self, segment: str) -> bool:
        """A title suffix segment made only of section words ("World", "World news")."""
        words = normalise(segment).lower().split()
        return bool(words) and all(w in self.section_words for w in words)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Straight quotes, single spaces, no edges: the form every furniture rule matches."""
    for curly, straight in _QUOTES:
        if curly in text:
            text = text.replace(curly, straight)
    return " ".join(text.split())


def load(dirs: tuple[Path, ...]) -> tuple[Furniture, tuple[Diagnostic, ...]]:
    """Read furniture.yaml from each folder that has one; later files add to earlier ones."""
    merged = _Rules()
    problems: list[Diagnostic] = []
    for folder in dirs:
        path = folder / FILE_NAME
        if path.exists():
            problems.extend(_read(path.read_text(encoding="utf-8-sig"), _shown(path), merged))
    return merged.compile(), tuple(problems)


@dataclass(slots=True)
class _Rules:
    """Raw rule lists, accumulated across files before compiling (a private builder)."""

    lines: list[str]
    headers: list[str]
    tags: list[str]
    agencies: list[str]
    prefixes: list[str]
    inline: str
    label: str
    caption_labels: list[str]
    sections: list[str]
    separators: list[str]
    dashes: list[str]
    outlet_words: list[str]
    continuations: list[str]
    headline_max_words: int
    subheading_max_words: int

    def __init__(self) -> None:
        self.lines, self.headers, self.tags, self.agencies, self.prefixes = [], [], [], [], []
        self.sections, self.separators, self.continuations = [], [], []
        self.dashes, self.outlet_words, self.caption_labels = [], [], []
        self.inline, self.label = r"(?!x)x", r"(?!x)x"
        self.headline_max_words, self.subheading_max_words = 25, 8

    def compile(self) -> Furniture:
        flags = re.IGNORECASE
        tags = "|".join(re.escape(t) for t in self.tags) or r"(?!x)x"
        tag = rf"\[(?:{tags}|[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){{0,2}})\]"
        return Furniture(
            lines=re.compile(_alternation(self.lines), flags),
            list_headers=re.compile(_alternation(self.headers), flags),
            headline_tag=re.compile(rf"^{tag}\s|\s{tag}$"),
            credit=re.compile(_credit_pattern(self.prefixes, self.agencies), flags),
            inline_credit=re.compile(self.inline, flags),
            video_label=re.compile(self.label),
            credit_prefix=re.compile(_prefix_pattern(self.prefixes), flags),
            caption_label=re.compile(
                rf"(?:{_alternation(self.caption_labels)})\s*(?P<rest>.*)", flags
            ),
            section_words=frozenset(w.lower() for w in self.sections),
            title_separators=tuple(dict.fromkeys(self.separators)),
            dash_separators=tuple(dict.fromkeys(self.dashes)),
            outlet_words=frozenset(w.lower() for w in self.outlet_words),
            continuation_words=frozenset(w.lower() for w in self.continuations),
            headline_max_words=self.headline_max_words,
            subheading_max_words=self.subheading_max_words,
        )


def _prefix_pattern(prefixes: list[str]) -> str:
    ordered = sorted(set(prefixes), key=len, reverse=True)
    return rf"^(?:{'|'.join(re.escape(p) for p in ordered)})\s*" if ordered else r"(?!x)x"


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns) or r"(?!x)x"


def _credit_pattern(prefixes: list[str], agencies: list[str]) -> str:
    longest_first = sorted(set(agencies), key=lambda a: (-len(a), a))
    agency = "|".join(re.escape(a) for a in longest_first) or r"(?!x)x"
    prefix = "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
    lead = rf"(?:(?:{prefix})\s*)?" if prefix else ""
    people = r"(?:[^/\n]{1,60}\s*/\s*)*"
    return (
        rf"{lead}{people}(?:via\s+)?(?:{agency})(?:\s*/\s*(?:{agency}))*(?:\s+via\s+(?:{agency}))?"
    )


# --- reading one file ----------------------------------------------------------------------

_TOP_KEYS = (
    "lines",
    "list_headers",
    "caption_labels",
    "headline_tags",
    "credits",
    "video_titles",
    "layout",
)
_CREDIT_KEYS = ("agencies", "prefixes", "inline")
_LAYOUT_KEYS = (
    "section_words",
    "title_separators",
    "dash_separators",
    "outlet_words",
    "continuation_words",
    "headline_max_words",
    "subheading_max_words",
)


def _read(text: str, path: str, rules: _Rules) -> list[Diagnostic]:
    root, problems = yamlnodes.compose(text, path)
    if root is None or yamlnodes.is_null(root):
        return list(problems)
    if not yamlnodes.is_mapping(root):
        return [error(path, yamlnodes.line_of(root), "expected the keys " + ", ".join(_TOP_KEYS))]
    root, unquoted = yamlnodes.words_only(root, path)  # a bare `on`: named, left out
    items, found = yamlnodes.entries(root, path)  # type: ignore[arg-type]
    problems_out = [*unquoted, *found]
    for entry in items:
        problems_out.extend(_read_entry(entry, path, rules))
    return sorted(problems_out, key=lambda d: d.line)


def _read_entry(entry: yamlnodes.Entry, path: str, rules: _Rules) -> list[Diagnostic]:
    if entry.key == "lines":
        return _regex_families(entry, path, rules.lines)
    if entry.key == "list_headers":
        return _strings(entry, path, rules.headers, regex=True)
    if entry.key == "caption_labels":
        return _strings(entry, path, rules.caption_labels, regex=True)
    if entry.key == "headline_tags":
        return _strings(entry, path, rules.tags)
    if entry.key == "credits":
        return _section(entry, path, _CREDIT_KEYS, rules)
    if entry.key == "video_titles":
        return _section(entry, path, ("label",), rules)
    if entry.key == "layout":
        return _section(entry, path, _LAYOUT_KEYS, rules)
    return [yamlnodes.unknown_key(path, entry, _TOP_KEYS, path)]


def _regex_families(entry: yamlnodes.Entry, path: str, into: list[str]) -> list[Diagnostic]:
    if not yamlnodes.is_mapping(entry.node):
        return [error(path, entry.line, "'lines' must map family names to lists of patterns")]
    families, problems = yamlnodes.entries(entry.node, path)  # type: ignore[arg-type]
    out = list(problems)
    for family in families:
        out.extend(_strings(family, path, into, regex=True))
    return out


def _section(
    entry: yamlnodes.Entry, path: str, keys: tuple[str, ...], rules: _Rules
) -> list[Diagnostic]:
    if not yamlnodes.is_mapping(entry.node):
        return [error(path, entry.line, f"'{entry.key}' must hold the keys " + ", ".join(keys))]
    items, problems = yamlnodes.entries(entry.node, path)  # type: ignore[arg-type]
    out = list(problems)
    for item in items:
        if item.key not in keys:
            out.append(yamlnodes.unknown_key(path, item, keys, f"'{entry.key}'"))
        else:
            out.extend(_set_field(item, path, rules))
    return out


_LIST_FIELDS = {
    "agencies": "agencies",
    "prefixes": "prefixes",
    "section_words": "sections",
    "title_separators": "separators",
    "dash_separators": "dashes",
    "outlet_words": "outlet_words",
    "continuation_words": "continuations",
}


def _set_field(item: yamlnodes.Entry, path: str, rules: _Rules) -> list[Diagnostic]:
    if item.key in _LIST_FIELDS:
        return _strings(item, path, getattr(rules, _LIST_FIELDS[item.key]), strip=False)
    raw = yamlnodes.value(item.node)
    if item.key.endswith("_words"):
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
            return [error(path, item.line, f"'{item.key}' must be a whole number above 0")]
        setattr(rules, item.key, raw)
        return []
    if not isinstance(raw, str) or _bad_regex(raw):
        return [error(path, item.line, f"'{item.key}' must be a valid regular expression")]
    setattr(rules, "inline" if item.key == "inline" else "label", raw)
    return []


def _strings(
    entry: yamlnodes.Entry, path: str, into: list[str], regex: bool = False, strip: bool = True
) -> list[Diagnostic]:
    node = entry.node
    if not yamlnodes.is_sequence(node):
        return [error(path, entry.line, f"'{entry.key}' must be a list of text")]
    out: list[Diagnostic] = []
    for item in node.value:
        line = yamlnodes.line_of(item)
        if not isinstance(item, yamlnodes.ScalarNode) or yamlnodes.is_null(item):
            out.append(
                error(path, line, f"'{entry.key}' holds {yamlnodes.type_name(item)}, not text")
            )
            continue
        text = item.value.strip() if strip else item.value
        problem = _bad_regex(text) if regex else ""
        if problem:
            out.append(error(path, line, f"bad pattern in '{entry.key}': {problem}"))
        else:
            into.append(text)
    return out


def _bad_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return ""


def _shown(path: Path) -> str:
    """How diagnostics name a data file: its folder and name, never a machine path."""
    return f"{path.parent.name}/{path.name}"
