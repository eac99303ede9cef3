"""YAML read as nodes, so every key and value keeps the 1-based line it was written on."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard, TypeVar, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from builder.diagnostics import Diagnostic, error

# libyaml's loader composes the same nodes, with the same line marks, ~40x faster.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Entry:
    """One `key: value` pair of a mapping, with the line the key is on."""

    key: str
    line: int
    node: Node


def compose(
    text: str, path: str, line_offset: int = 0
) -> tuple[Node | None, tuple[Diagnostic, ...]]:
    """Parse one YAML document into a node tree; a syntax error names its line.

    line_offset is added to every line reported (front matter starts after a `---` line).
    """
    try:
        return yaml.compose(text, Loader=_FAST_LOADER), ()
    except yaml.YAMLError:
        pass  # parse again with the pure-Python loader, whose messages and marks we report
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), ()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or exc.context or "invalid YAML"
        return None, (error(path, line, f"invalid YAML: {problem}"),)
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        return None, (error(path, 1 + line_offset, f"invalid YAML: {exc}"),)


def line_of(node: Node, line_offset: int = 0) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1 + line_offset


def entries(
    node: MappingNode, path: str, offset: int = 0
) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...]]:
    """The pairs of a mapping node, in order; non-string and repeated keys are errors."""
    found: list[Entry] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        line = line_of(key_node, offset)
        if not isinstance(key_node, ScalarNode):
            problems.append(error(path, line, "a key must be a plain word"))
            continue
        key = str(key_node.value)
        if key in seen:
            problems.append(error(path, line, f"'{key}' is given twice"))
            continue
        seen.add(key)
        found.append(Entry(key, line, value_node))
    return tuple(found), tuple(problems)


def repeated_inside(node: Node, path: str) -> tuple[Diagnostic, ...]:
    """Keys given twice in any mapping below `node` (entries() reports its own): YAML would
    keep the last silently, losing the first."""
    problems: list[Diagnostic] = []
    children = [v for _, v in node.value] if isinstance(node, MappingNode) else \
        list(node.value) if isinstance(node, SequenceNode) else []
    for child in children:
        if isinstance(child, MappingNode):
            problems.extend(entries(child, path)[1])
        problems.extend(repeated_inside(child, path))
    return tuple(problems)


def unknown_key(path: str, entry: Entry, known: Iterable[str], where: str) -> Diagnostic:
    """An error for a key that is not one of `known`, with a "did you mean" hint."""
    close = difflib.get_close_matches(entry.key, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(known))
    return error(path, entry.line, f"unknown key '{entry.key}' in {where}", hint)


def value(node: Node) -> Any:
    """The Python value of a node (YAML 1.1 safe types: str, int, date, list, dict ...)."""
    return SafeConstructor().construct_document(node)


def is_mapping(node: Node | None) -> TypeGuard[MappingNode]:
    return isinstance(node, MappingNode)


def is_sequence(node: Node | None) -> TypeGuard[SequenceNode]:
    return isinstance(node, SequenceNode)


def is_null(node: Node | None) -> bool:
    """True for an absent document, `~`, `null` or an empty value."""
    return node is None or (isinstance(node, ScalarNode) and node.tag.endswith(":null"))


def type_name(node: Node) -> str:
    """How a user would name the node's type in an error message."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "null": "nothing",
        "timestamp": "a date",
        "str": "text",
    }.get(node.tag.rsplit(":", 1)[-1], "a value")



_NOT_TEXT = {"bool": "a boolean", "int": "a number", "float": "a number"}


NodeT = TypeVar("NodeT", bound=Node)


def words_only(
    node: NodeT, path: str, skip: Collection[str] = (), key: str = ""
) -> tuple[NodeT, tuple[Diagnostic, ...]]:
    """`node` without the list entries YAML reads as no text (a bare no, off, on, yes, true or
    false is a boolean, a bare number a number), each an error at its own line saying the fix:
    quotes keep it a word. A list holding lists or mappings is not a list of words (the lists
    inside it may be); nothing under a key in `skip` is looked at (lists of numbers). The
    composed tree is not changed: what changes is copied, as a node of the same type."""
    kept, found = _words_only(node, path, skip, key)
    return cast(NodeT, kept), found


def _words_only(
    node: Node, path: str, skip: Collection[str], key: str
) -> tuple[Node, tuple[Diagnostic, ...]]:
    if isinstance(node, MappingNode):
        pairs = [
            (k, (v, ()) if _name(k) in skip else words_only(v, path, skip, _name(k)))
            for k, v in node.value
        ]
        found = [d for _, (_, problems) in pairs for d in problems]
        return _kept(node, [(k, v) for k, (v, _) in pairs], found)
    if not isinstance(node, SequenceNode):
        return node, ()
    if all(isinstance(item, ScalarNode) for item in node.value):
        return _word_list(node, path, key)
    parts = [words_only(item, path, skip, key) for item in node.value]
    return _kept(node, [v for v, _ in parts], [d for _, ds in parts for d in ds])


def _word_list(node: SequenceNode, path: str, key: str) -> tuple[Node, tuple[Diagnostic, ...]]:
    named = f"'{key}' must be a list of words or phrases" if key else "a list of words"
    found = [
        error(path, line_of(item), f"{named}: YAML reads {item.value} as {_read_as(item)}; "
              f'write it in quotes, "{item.value}"')
        for item in node.value
        if _read_as(item)
    ]
    return _kept(node, [item for item in node.value if not _read_as(item)], found)


def _read_as(item: Node) -> str:
    """What YAML reads a list entry as when it is not text ("" when it is)."""
    return _NOT_TEXT.get(item.tag.rsplit(":", 1)[-1], "")


def _name(key_node: Node) -> str:
    return str(key_node.value) if isinstance(key_node, ScalarNode) else ""


def _kept(
    node: CollectionNode, value: list[Any], found: list[Diagnostic]
) -> tuple[Node, tuple[Diagnostic, ...]]:
    """`node` itself when nothing was found in it, else a copy holding `value`."""
    if not found:
        return node, ()
    copy = type(node)(node.tag, value, node.start_mark, node.end_mark, node.flow_style)
    return copy, tuple(found)
