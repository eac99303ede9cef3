"""site.yaml → a validated SiteConfig; unknown keys and wrong types are errors with a line.

Keys (all optional; a missing site.yaml gives the defaults in builder.model.SiteConfig):

    title, description, author   text shown on every page and in the feed
    base_url                     where the site is served: "https://x.github.io/archive/" or "/";
                                 always normalised to end with "/"
    language                     the pages' language tag, e.g. "en" or "en-GB"
    seeds_dir, output_dir,       folders, relative to the project root (or absolute)
    templates_dir, static_dir
    data_dirs                    a list of folders with the user's own registries and rules
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from builder import yamlnodes
from builder.diagnostics import Diagnostic, error
from builder.model import SiteConfig

_TEXT_KEYS = frozenset({"title", "description", "author", "base_url", "language"})
_FOLDER_KEYS = frozenset({"seeds_dir", "output_dir", "templates_dir", "static_dir"})
_LIST_KEYS = frozenset({"data_dirs"})
KNOWN_KEYS = _TEXT_KEYS | _FOLDER_KEYS | _LIST_KEYS

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_BASE_URL = re.compile(r"^(https?://[^\s/]+(/\S*)?|/\S*)$")


def load_config(path: Path) -> tuple[SiteConfig, tuple[Diagnostic, ...]]:
    """Read site.yaml at `path`; a missing file gives the defaults."""
    if not path.exists():
        return SiteConfig(), ()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return SiteConfig(), (error(path.name, 1, f"not UTF-8 text ({exc.reason})"),)
    return parse_config(text, path.name)


def parse_config(text: str, name: str = "site.yaml") -> tuple[SiteConfig, tuple[Diagnostic, ...]]:
    """Validate site.yaml's text; `name` is how diagnostics call the file."""
    root, problems = yamlnodes.compose(text, name)
    if root is None or yamlnodes.is_null(root):
        return SiteConfig(), problems
    if not yamlnodes.is_mapping(root):
        found = yamlnodes.type_name(root)
        return SiteConfig(), (
            error(name, yamlnodes.line_of(root), f"expected keys, found {found}"),
        )
    items, problems = yamlnodes.entries(root, name)
    values: dict[str, Any] = {}
    found_problems = list(problems)
    for entry in items:
        value, entry_problems = _check(entry, name)
        found_problems.extend(entry_problems)
        if not entry_problems:
            values[entry.key] = value
    return dataclasses.replace(SiteConfig(), **values), tuple(found_problems)


def _check(entry: yamlnodes.Entry, name: str) -> tuple[object, tuple[Diagnostic, ...]]:
    if entry.key not in KNOWN_KEYS:
        return None, (yamlnodes.unknown_key(name, entry, KNOWN_KEYS, name),)
    if entry.key in _LIST_KEYS:
        return _folder_list(entry, name)
    if not _is_text(entry.node):
        found = yamlnodes.type_name(entry.node)
        return None, (error(name, entry.line, f"'{entry.key}' must be text, found {found}"),)
    text = str(entry.node.value).strip()
    return _validate_text(entry, text, name)


def _validate_text(
    entry: yamlnodes.Entry, text: str, name: str
) -> tuple[object, tuple[Diagnostic, ...]]:
    if entry.key == "base_url":
        if not _BASE_URL.match(text):
            hint = "e.g. https://example.github.io/archive/ or /"
            return None, (
                error(name, entry.line, f"base_url '{text}' is not a URL or /path", hint),
            )
        return normalise_base_url(text), ()
    if entry.key == "language" and not _LANGUAGE.match(text):
        return None, (error(name, entry.line, f"language '{text}' is not a tag like en or en-GB"),)
    if entry.key in _FOLDER_KEYS and not text:
        return None, (error(name, entry.line, f"'{entry.key}' must name a folder"),)
    return text, ()


def _folder_list(entry: yamlnodes.Entry, name: str) -> tuple[object, tuple[Diagnostic, ...]]:
    node = entry.node
    if _is_text(node):
        return (str(node.value),), ()
    if not yamlnodes.is_sequence(node) or not all(_is_text(n) for n in node.value):
        found = yamlnodes.type_name(node)
        return None, (
            error(name, entry.line, f"'{entry.key}' must be a list of folders, found {found}"),
        )
    return tuple(str(n.value) for n in node.value), ()


def _is_text(node: object) -> bool:
    return isinstance(node, yamlnodes.ScalarNode) and node.tag.endswith(":str")


def normalise_base_url(url: str) -> str:
    """Make a base URL end with exactly one "/" ("" means the site root "/")."""
    return url.rstrip("/") + "/"
