"""How a static host (GitHub Pages) maps a request path to a file of the built site.

The preview server answers by these rules, and the tests resolve every link on disk by them,
so what works in the preview works once published:

- a path ending in "/" (or empty) is that folder's index.html;
- a path naming a file is that file; one naming a folder redirects to the folder with "/";
- "name" with no such file or folder is "name.html" when that exists;
- anything else, and any path that would leave the site ("..", NUL, backslash), is missing:
  the host then answers with the site's 404.html, whatever the depth of the request.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

NOT_FOUND_PAGE = "404.html"


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a request path under the site's base path leads to.

    kind: "file" (serve `path`, relative to the site folder, "/"-separated),
    "redirect" (send the client to `path` with a trailing "/") or "missing".
    """

    kind: str
    path: str = ""


MISSING = Resolved("missing")


def base_path(base_url: str) -> str:
    """The path part of a base URL, with a leading and a trailing "/": "/repo/" or "/"."""
    path = urlsplit(base_url).path if "://" in base_url else base_url
    path = "/" + path.strip("/")
    return path if path == "/" else path + "/"


def resolve(site_dir: Path, rel: str) -> Resolved:
    """Where the URL path `rel` (percent-decoded, relative to the base path) leads."""
    if not _is_safe(rel):
        return MISSING
    if rel == "" or rel.endswith("/"):
        return _file(site_dir, rel + "index.html")
    found = _file(site_dir, rel)
    if found.kind == "file":
        return found
    if _inside(site_dir, rel) and (site_dir / rel).is_dir():
        return Resolved("redirect", rel + "/")
    return _file(site_dir, rel + ".html")


def resolve_url(site_dir: Path, url: str, base_url: str) -> Resolved:
    """Resolve a full or root-relative URL against a site published at `base_url`.

    A URL on another host, or outside the base path, is missing: it is not part of the site.
    """
    parts = urlsplit(url)
    base = urlsplit(base_url)
    if parts.scheme and (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return MISSING
    prefix = base_path(base_url)
    path = parts.path or "/"
    if path + "/" == prefix:
        return Resolved("redirect", "")
    if not path.startswith(prefix):
        return MISSING
    return resolve(site_dir, unquote(path[len(prefix) :]))


def _file(site_dir: Path, rel: str) -> Resolved:
    if _inside(site_dir, rel) and (site_dir / rel).is_file():
        return Resolved("file", rel)
    return MISSING


def _is_safe(rel: str) -> bool:
    if "\0" in rel or "\\" in rel or rel.startswith("/"):
        return False
    return all(part not in (".", "..") for part in rel.split("/"))


def _inside(site_dir: Path, rel: str) -> bool:
    """True when `rel` stays inside `site_dir` once symbolic links are followed."""
    top = os.path.realpath(site_dir)
    target = os.path.realpath(os.path.join(top, posixpath.normpath(rel or ".")))
    return target == top or target.startswith(top + os.sep)
