"""Pickling frozen dataclasses as empty shells filled field by field in C, not by __init__.

Unpickling `cls(*fields)` runs the dataclass's Python `__init__` per object (~0.6 µs of the
~0.8 µs an object costs; a state at 10,000 articles has ~1 million of them). dump() pickles
a value as (shells, fills, value): `shells`, every slotted dataclass object found in it, each
made by `cls.__new__(cls)` (the NEWOBJ opcode); `fills`, one per class and field, the field's
values for all of that class's shells, set by `map(member.__set__, shells, values)` drained
by a `deque(..., 0)`, all inside the unpickler (C calls, no Python frame per object); then the
value, whose references to those objects are the pickle's memo lookups. Loading is plain
`pickle.load`, and gives back objects equal to the originals (~0.3 µs an object).

A class is filled after every class its objects hold (the order objects are finished in a
depth-first walk), so that an object made by a call while loading (a reducer's, say one
that reads an article's claims) finds the shells it is given already filled. An object the
walk does not reach (inside a type it does not open) is pickled as it was, by its class.
"""

from __future__ import annotations

import collections
import copyreg
import dataclasses
import operator
import pickle
from collections.abc import Callable, Mapping
from typing import Any

Reduce = Callable[[Any], Any]
_NEWOBJ: Any = copyreg.__newobj__  # type: ignore[attr-defined]  # pickled as NEWOBJ
NEWOBJ = _NEWOBJ  # a reducer's (NEWOBJ, (cls,)) pickles an empty object of cls
_ATOMS = frozenset({str, int, float, bool, bytes, type(None), complex})
_SEQUENCES = frozenset({tuple, list})
_SETS = frozenset({set, frozenset})


def fields(cls: type) -> tuple[str, ...] | None:
    """The fields a shell of `cls` is filled with, or None: not a slotted dataclass whose
    every field is an __init__ argument and that has no __post_init__."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        return None
    found = dataclasses.fields(cls)
    if not all(f.init for f in found) or hasattr(cls, "__post_init__"):
        return None
    return tuple(f.name for f in found)


def dump(
    out: Any,
    value: Any,
    reducers: Mapping[type, Reduce],
    own: Mapping[type, Reduce],
    substitute: Callable[[type, str], Callable[[Any, Any], Any] | None] | None = None,
    parts: Mapping[type, Callable[[Any], tuple[Any, ...]]] | None = None,
) -> None:
    """Pickle `value` to `out` as (shells, fills, value). `reducers`: the dispatch table
    (its __missing__ may give reducers for more types); `own`: the types reduced their own
    way (never shells: their reduced arguments are walked instead). `substitute(cls, name)`
    may give a function of an object and its field's value: what to pickle in its place
    (something that loads as the very value). `parts`: for some shell-able types, the
    fields' objects to walk (the others are pickled as `substitute` gives them)."""
    found, order = _walk(value, own, parts or {})
    shells = {id(o) for o in found}
    table = _Table(reducers, own, shells)
    by_class: dict[type, list[Any]] = {cls: [] for cls in order}
    for obj in found:
        by_class[type(obj)].append(obj)
    fills = []
    for cls, objs in by_class.items():
        for name in _fields(cls) or ():
            values = list(map(operator.attrgetter(name), objs))
            instead = substitute(cls, name) if substitute is not None else None
            if instead is not None:
                values = list(map(instead, objs, values))
            fills.append(_Fill(_setter(cls, name), objs, values))
    pickler = pickle.Pickler(out, protocol=5)
    pickler.dispatch_table = table
    pickler.dump((found, fills, value))


def load_value(loaded: Any) -> Any:
    """The value of what dump() wrote, once unpickled."""
    if not isinstance(loaded, tuple) or len(loaded) != 3:
        raise ValueError("not a pickle of shells")
    return loaded[2]


class _Table(dict[type, Reduce]):
    """The dispatch table: a shell for the objects found, else the given reducers."""

    def __init__(
        self, reducers: Mapping[type, Reduce], own: Mapping[type, Reduce], shells: set[int]
    ) -> None:
        super().__init__()
        self.reducers, self.own, self.shells = reducers, own, shells
        self[_Fill] = _Fill.reduce
        self[_Drain] = _Drain.reduce

    def __missing__(self, cls: type) -> Reduce:
        plain = self.reducers[cls]
        if _fields(cls) is None or cls in self.own:
            return plain

        shells = self.shells  # not self: a table in a cycle would outlive the pickle

        def reduce(obj: Any) -> Any:
            return (_NEWOBJ, (cls,)) if id(obj) in shells else plain(obj)

        self[cls] = reduce
        return reduce


class _Fill:
    """One field of one class's shells, set in the unpickler: deque(map(...), 0)."""

    def __init__(self, setter: Any, objs: list[Any], values: list[Any]) -> None:
        self.drain = _Drain(setter, objs, values)

    def reduce(self) -> Any:
        return collections.deque, (self.drain, 0)


class _Drain:
    def __init__(self, setter: Any, objs: list[Any], values: list[Any]) -> None:
        self.args = (setter, objs, values)

    def reduce(self) -> Any:
        return map, self.args


def later_fill(cls: type, name: str, objs: list[Any], values: Any) -> _Fill:
    """A fill of field `name` of the shells `objs` (of `cls`) with `values`, to pickle after
    whatever holds those shells (pickled with FILL_REDUCERS in the dispatch table)."""
    return _Fill(_setter(cls, name), objs, values)


FILL_REDUCERS: dict[type, Reduce] = {_Fill: _Fill.reduce, _Drain: _Drain.reduce}
_SETTERS: dict[tuple[type, str], Any] = {}  # one object each, so the pickle names it once
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _setter(cls: type, name: str) -> Any:
    found = _SETTERS.get((cls, name))
    if found is None:
        found = _SETTERS[cls, name] = getattr(cls, name).__set__
    return found


def _fields(cls: type) -> tuple[str, ...] | None:
    if cls not in _FIELDS:
        _FIELDS[cls] = fields(cls)
    return _FIELDS[cls]


def _walk(
    value: Any, own: Mapping[type, Reduce], parts: Mapping[type, Callable[[Any], Any]]
) -> tuple[list[Any], list[type]]:
    """Every shell-able object in `value` (each once, children before their holders) and
    their classes in the order their first object was finished."""
    found: list[Any] = []
    order: dict[type, None] = {}
    seen: set[int] = set()
    held: list[Any] = []  # reducers' arguments, alive until the walk ends (ids stay theirs)
    stack: list[Any] = [value]
    push, extend, pop, see = stack.append, stack.extend, stack.pop, seen.add
    while stack:
        obj = pop()
        if obj is _FINISHED:  # the object under the mark has had all its fields walked
            obj = pop()
            found.append(obj)
            order.setdefault(type(obj), None)
            continue
        cls = type(obj)
        if cls in _ATOMS or id(obj) in seen:
            continue
        see(id(obj))
        if cls in _SEQUENCES or cls in _SETS:
            extend(obj)
        elif cls is dict:
            extend(obj.keys())
            extend(obj.values())
        elif cls in parts:
            push(obj)
            push(_FINISHED)
            extend(parts[cls](obj))
        elif cls in own:
            reduced = own[cls](obj)
            if isinstance(reduced, tuple) and len(reduced) > 1:
                held.append(reduced)
                extend(reduced[1])
        else:
            get = _getter(cls)
            if get is not None:
                push(obj)
                push(_FINISHED)
                extend(get(obj))
    return found, list(order)


_FINISHED = object()
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """The fields' values of a shell-able object of `cls`, as a tuple (None: not one)."""
    if cls not in _GETTERS:
        names = _fields(cls)
        if names is None:
            _GETTERS[cls] = None
        elif len(names) == 1:
            one = operator.attrgetter(names[0])
            _GETTERS[cls] = lambda obj: (one(obj),)
        else:
            _GETTERS[cls] = operator.attrgetter(*names)
    return _GETTERS[cls]
