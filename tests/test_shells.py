"""builder.incremental.shells: frozen dataclasses pickled as shells filled in bulk."""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from builder.incremental import cache as article_cache
from builder.incremental import shells
from builder.model import Span


@dataclass(frozen=True, slots=True)
class Leaf:
    start: int
    text: str


@dataclass(frozen=True, slots=True)
class Node:
    leaves: tuple[Leaf, ...]
    first: Leaf
    tags: frozenset[str]
    by_name: dict[str, Leaf]


@dataclass(frozen=True, slots=True)
class Pointer:
    """Reduced its own way: rebuilt by a call that reads its node's leaves while loading."""

    node: Node
    n: int


@dataclass(frozen=True, slots=True)
class Loop:
    n: int
    others: frozenset[Any]


@dataclass(frozen=True, slots=True)
class Result:
    """What the state's results are to its file: a document and annotations."""

    document: Any
    annotations: Any


@dataclass(frozen=True)
class Unslotted:
    leaf: Leaf


def _pointer(node: Node, n: int) -> Pointer:
    assert node.leaves[n] is not None  # the node must already be filled
    return Pointer(node, n)


OWN: dict[type, Any] = {Pointer: lambda p: (_pointer, (p.node, p.n))}


def _round_trip(value: Any, own: dict[type, Any] | None = None) -> Any:
    out = io.BytesIO()
    table = article_cache._Reducers(dict(own or {}))
    shells.dump(out, value, table, own or {})
    return shells.load_value(pickle.loads(out.getvalue()))


def _node() -> Node:
    leaves = (Leaf(1, "a"), Leaf(2, "b"))
    return Node(leaves, leaves[0], frozenset({"x"}), {"b": leaves[1]})


def test_a_value_comes_back_equal_with_its_sharing() -> None:
    node = _node()
    value = {"node": node, "again": node, "leaf": node.leaves[1], "list": [node.first, 3]}
    back = _round_trip(value)
    assert back == value
    assert back["again"] is back["node"]
    assert back["leaf"] is back["node"].leaves[1] is back["node"].by_name["b"]
    assert back["list"][0] is back["node"].first
    assert hash(back["node"].first) == hash(node.first)


def test_an_object_made_by_a_call_while_loading_finds_its_shells_filled() -> None:
    node = _node()
    value = [Pointer(node, 1), node]
    back = _round_trip(value, OWN)
    assert back == value and back[0].node is back[1]


def test_objects_it_cannot_fill_are_pickled_by_their_class() -> None:
    value = [Unslotted(Leaf(5, "e")), Span(1, 2, "x")]
    assert shells.fields(Unslotted) is None
    assert _round_trip(value) == value


def test_a_shell_hashed_before_it_is_filled_fails_loudly() -> None:
    """A set of shells held by an object of their own class cannot be filled first: loading
    raises (a state reader then turns the file down), it never gives a wrong object."""
    inner = Loop(1, frozenset())
    value = Loop(2, frozenset({inner}))
    out = io.BytesIO()
    shells.dump(out, value, article_cache._Reducers({}), {})
    with pytest.raises(Exception):  # noqa: B017,PT011 - which error is the class's business
        pickle.loads(out.getvalue())


def test_what_is_not_a_pickle_of_shells_is_refused() -> None:
    with pytest.raises(ValueError):
        shells.load_value([1, 2])


def test_a_state_that_cannot_be_filled_is_no_state(tmp_path: Path) -> None:
    """The state's reader turns down a file whose results' shells cannot be filled (the
    build then takes the full path), and reads one whose can."""
    from builder.incremental import state_file

    bad, good = tmp_path / "bad", tmp_path / "good"
    inner = Loop(1, frozenset())
    with open(bad, "wb") as raw:
        state_file.write(raw, "key", {}, {"k": Result(Loop(2, frozenset({inner})), None)}, ())
    with open(good, "wb") as raw:
        state_file.write(raw, "key", {}, {"k": Result(_node(), None)}, ())
    assert state_file.read(bad, "key") is None
    assert state_file.read(good, "key") == ({"k": Result(_node(), None)}, {}, ())


def test_shells_are_filled_without_their_classes_init(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of shells: loading makes no call of a dataclass's __init__ (a plain pickle
    by the cache's reducers, cls(*fields), would make one per object)."""
    value = _node()
    out = io.BytesIO()
    shells.dump(out, value, article_cache._Reducers({}), {})

    def refused(self: object, *args: object) -> None:
        raise AssertionError(f"{type(self).__name__}.__init__ ran while loading")

    for cls in (Leaf, Node):
        monkeypatch.setattr(cls, "__init__", refused)
    assert shells.load_value(pickle.loads(out.getvalue())) == value
