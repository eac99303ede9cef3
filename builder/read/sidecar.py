"""A sidecar `<stem>.yaml` → metadata overrides and annotation corrections, with lines.

The sidecar sits beside an article and corrects it without touching the article file. Its
metadata wins over front matter, which wins over what the text itself says. Format:

    title: ...          # also published (YYYY-MM-DD), outlet, url, author, tags, description,
                        # slug, language, and the aliases listed in builder/read/metafields.py
    claims:
      add:       [{text: "substring of the article text", source: hanna-maliar, kind: reported}]
      remove:    ["substring of a claim to drop"]
      attribute: [{text: "substring of a claim", source: uk-ministry-of-defence}]
    places:
      add:    [{text: "Balakliia", place: balakliia}]
      remove: ["substring"]
    dates:
      set:    [{text: "last Tuesday", date: 2022-05-10}]   # YYYY-MM-DD, YYYY-MM or YYYY
      remove: ["substring"]

Each entry becomes a model.Correction: target "claim" | "place" | "date", the action, `match`
(the text), `value` (source id, place id or date; "" for remove), `kind` (for claims.add:
quote | reported | figure, default reported; `source` is optional there, for a figure), and
the sidecar path and line of the entry. A `remove` entry may also be written {text: ...}.
Unknown keys and wrong types are errors with file:line. Applying corrections happens later
(builder/annotate/corrections.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error
from builder.model import Correction
from builder.read import metafields

CLAIM_KINDS = ("quote", "reported", "figure")
# target section → {action → (the key holding the value, whether it is required)}
ACTIONS: dict[str, dict[str, tuple[str, bool]]] = {
    "claims": {"add": ("source", False), "remove": ("", False), "attribute": ("source", True)},
    "places": {"add": ("place", True), "remove": ("", False)},
    "dates": {"set": ("date", True), "remove": ("", False)},
}
_TARGET = {"claims": "claim", "places": "place", "dates": "date"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What a sidecar says: metadata fields it sets, and its corrections in file order."""

    meta: tuple[tuple[str, Any], ...] = ()
    corrections: tuple[Correction, ...] = ()


def parse_sidecar(text: str, path: str) -> tuple[Sidecar, tuple[Diagnostic, ...]]:
    """Validate a sidecar's text; what is valid is kept even when other parts are wrong."""
    root, problems = yamlnodes.compose(text, path)
    if root is None or yamlnodes.is_null(root):
        return Sidecar(), problems
    if not yamlnodes.is_mapping(root):
        return Sidecar(), (error(path, yamlnodes.line_of(root), "a sidecar must hold keys"),)
    items, found = yamlnodes.entries(root, path)  # type: ignore[arg-type]
    meta: list[tuple[str, Any]] = []
    corrections: list[Correction] = []
    out = list(found)
    for entry in items:
        if entry.key in ACTIONS:
            section, section_problems = _section(entry, path)
            corrections.extend(section)
            out.extend(section_problems)
        elif entry.key in metafields.KNOWN:
            name, value, field_problems = metafields.read_field(entry, path)
            out.extend(field_problems)
            if value is not None:
                meta.append((name, value))
        else:
            out.append(
                yamlnodes.unknown_key(path, entry, metafields.KNOWN | set(ACTIONS), "sidecar")
            )
    return Sidecar(tuple(meta), tuple(corrections)), tuple(out)


def _section(entry: yamlnodes.Entry, path: str) -> tuple[list[Correction], list[Diagnostic]]:
    actions = ACTIONS[entry.key]
    if not yamlnodes.is_mapping(entry.node):
        keys = ", ".join(actions)
        return [], [error(path, entry.line, f"'{entry.key}' must hold the keys {keys}")]
    items, found = yamlnodes.entries(entry.node, path)  # type: ignore[arg-type]
    corrections: list[Correction] = []
    problems = list(found)
    for action in items:
        if action.key not in actions:
            problems.append(yamlnodes.unknown_key(path, action, actions, f"'{entry.key}'"))
            continue
        if not yamlnodes.is_sequence(action.node):
            problems.append(error(path, action.line, f"'{entry.key}.{action.key}' must be a list"))
            continue
        for item in action.node.value:
            made, item_problems = _correction(entry.key, action.key, item, path)
            problems.extend(item_problems)
            if made is not None:
                corrections.append(made)
    return corrections, problems


def _correction(
    section: str, action: str, node: Any, path: str
) -> tuple[Correction | None, list[Diagnostic]]:
    line = yamlnodes.line_of(node)
    where = f"'{section}.{action}'"
    value_key, required = ACTIONS[section][action]
    if isinstance(node, yamlnodes.ScalarNode) and not value_key:
        fields: dict[str, tuple[str, int]] = {"text": (str(node.value), line)}
    elif yamlnodes.is_mapping(node):
        fields, problems = _item_fields(node, path, where, value_key, section, action)
        if problems:
            return None, problems
    else:
        shape = "text or {text: ...}" if not value_key else f"{{text: ..., {value_key}: ...}}"
        return None, [error(path, line, f"{where} entries must be {shape}")]
    return _build(section, action, fields, path, line, where, value_key, required)


def _item_fields(
    node: Any, path: str, where: str, value_key: str, section: str, action: str
) -> tuple[dict[str, tuple[str, int]], list[Diagnostic]]:
    allowed = {"text"} | ({value_key} if value_key else set())
    if section == "claims" and action == "add":
        allowed.add("kind")
    items, problems = yamlnodes.entries(node, path)
    out = list(problems)
    fields: dict[str, tuple[str, int]] = {}
    for item in items:
        if item.key not in allowed:
            out.append(yamlnodes.unknown_key(path, item, allowed, where))
        elif not isinstance(item.node, yamlnodes.ScalarNode) or yamlnodes.is_null(item.node):
            found = yamlnodes.type_name(item.node)
            out.append(
                error(path, item.line, f"'{item.key}' in {where} must be text, found {found}")
            )
        else:
            fields[item.key] = (str(item.node.value).strip(), item.line)
    return fields, out


def _build(
    section: str,
    action: str,
    fields: dict[str, tuple[str, int]],
    path: str,
    line: int,
    where: str,
    value_key: str,
    required: bool,
) -> tuple[Correction | None, list[Diagnostic]]:
    match = fields.get("text", ("", line))[0]
    if not match:
        return None, [error(path, line, f"{where} entry needs a 'text' to find in the article")]
    value, value_line = fields.get(value_key, ("", line)) if value_key else ("", line)
    if required and not value:
        return None, [error(path, line, f"{where} entry needs '{value_key}'")]
    problem = _check_value(value_key, value)
    if problem:
        return None, [error(path, value_line, f"'{value_key}' in {where} {problem}")]
    kind, kind_line = fields.get(
        "kind", ("reported" if action == "add" and section == "claims" else "", line)
    )
    if kind and kind not in CLAIM_KINDS:
        return None, [
            error(
                path, kind_line, f"'kind' must be one of {', '.join(CLAIM_KINDS)}, found '{kind}'"
            )
        ]
    correction = Correction(
        target=_TARGET[section],
        action=action,
        match=match,
        value=value,
        sidecar=path,
        line=line,
        kind=kind,
    )
    return correction, []


def _check_value(key: str, value: str) -> str:
    if not value:
        return ""
    if key == "date" and not _PARTIAL_DATE.match(value):
        return f"must be YYYY-MM-DD, YYYY-MM or YYYY, found '{value}'"
    if key == "date" and len(value) == 10 and metafields.parse_date(value)[1]:
        return f"is not a real date: '{value}'"
    if key in ("source", "place") and not _ID.match(value):
        return f"must be an id (lowercase letters, digits, hyphens), found '{value}'"
    return ""
