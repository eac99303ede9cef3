"""The only place that makes page URLs, output paths and links between pages.

Three forms of address, one scheme:

- a *site URL* is relative to the site root, with no leading "/": "" (the home page),
  "articles/<slug>/", "places/<id>/", "places/<id>/page/2/" (a later page of a long
  listing), "static/style.css", "dates/#m-2022-05";
- an *output path* is where the file goes under the output folder: "articles/<slug>/index.html";
- a *link* is what a page writes in its href. Internal links are relative to the page that
  holds them ("../../places/kyiv/index.html"), so the site works unchanged at a domain root,
  under a GitHub Pages project sub-path and opened from disk (file://). Directory links end in
  "index.html" for that last case: a browser shows a folder listing, not the page, for a
  file:// URL ending in "/". Pass `explicit_index=False` for pretty "…/kyiv/" links when the
  site is only ever served over HTTP.
- an *absolute URL* (feed, sitemap, canonical link, the 404 page, which is served at any depth)
  is the site URL joined to `base_url`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field

_SAFE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

HOME = ""
ARTICLES_DATA = "data/archive.json"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
NOJEKYLL = ".nojekyll"
PLACES = "places/"
DATES = "dates/"
SOURCES = "sources/"
STYLESHEET = "static/style.css"
SCRIPT = "static/site.js"  # the small progressive enhancements (filters, search page)
SEARCH = "search/"
SEARCH_UI = "pagefind/pagefind-ui.js"  # written by builder.search.indexer when Pagefind runs


def is_safe_id(value: str) -> bool:
    """True for a lowercase ASCII slug that can be one URL path segment (no '/', '..', dots)."""
    return bool(_SAFE_ID.fullmatch(value))


def _segment(value: str) -> str:
    if not is_safe_id(value):
        raise ValueError(f"unsafe URL segment {value!r}")
    return value


def article(slug: str) -> str:
    return f"articles/{_segment(slug)}/"


def article_data(slug: str) -> str:
    return f"data/articles/{_segment(slug)}.json"


def place(place_id: str) -> str:
    return f"places/{_segment(place_id)}/"


def source(source_id: str) -> str:
    return f"sources/{_segment(source_id)}/"


def date(value: str) -> str:
    """A day has its own page; a month or a year is an anchor on the dates index."""
    if _DAY.fullmatch(value):
        return f"dates/{value}/"
    if len(value) == 7:
        return f"{DATES}#{month_anchor(value)}"
    return f"{DATES}#{year_anchor(value)}"


def period(value: str) -> str:
    """The page listing every mention of a whole month ("2022-05") or year ("2022") when
    there are more than the dates index shows beside its calendar."""
    if not re.fullmatch(r"\d{4}(?:-\d{2})?", value):
        raise ValueError(f"not a month or a year: {value!r}")
    return f"dates/{value}/"


PAGE_SEGMENT = "page"


def paged(url: str, number: int) -> str:
    """Page `number` of a listing whose first page is at `url`: page 1 keeps the listing's
    own URL, later pages are "<url>page/<n>/" ("page/2/" for the home page,
    "places/kyiv/page/2/"). No id can collide: these folders sit inside the listing's own."""
    if number < 1:
        raise ValueError(f"page numbers start at 1, not {number}")
    if number == 1:
        return url
    if not (url == "" or url.endswith("/")) or "#" in url:
        raise ValueError(f"only a folder URL can have pages: {url!r}")
    return f"{url}{PAGE_SEGMENT}/{number}/"


def month_anchor(value: str) -> str:
    """The id of a month's section on the dates index ("m-2022-05")."""
    return f"m-{value[:7]}"


def year_anchor(value: str) -> str:
    return f"y-{value[:4]}"


def output_path(url: str) -> str:
    """Where the page at a site URL is written: directories get an index.html."""
    path = url.split("#", 1)[0]
    if path == "" or path.endswith("/"):
        return f"{path}index.html"
    return path


def _depth(page_url: str) -> int:
    """How many folders below the site root the page at `page_url` lives."""
    return output_path(page_url).count("/")


def relative(target: str, page_url: str, explicit_index: bool = True) -> str:
    """A link from the page at `page_url` to the site URL `target`, relative to the page."""
    return _from_up("../" * _depth(page_url), target, explicit_index)


def _from_up(up: str, target: str, explicit_index: bool) -> str:
    """`target` reached from a page `up` ("../../") below the site root."""
    path, hash_, fragment = target.partition("#")
    if explicit_index and (path == "" or path.endswith("/")):
        path = f"{path}index.html"
    link = up + path
    if not link:
        link = "./"
    return f"{link}#{fragment}" if hash_ else link


def absolute(target: str, base_url: str) -> str:
    """The site URL joined to base_url ("https://u.github.io/repo/" or "/")."""
    return base_url.rstrip("/") + "/" + target


def is_absolute_base(base_url: str) -> bool:
    """True when base_url names a host, as feeds and sitemaps need."""
    return base_url.startswith(("http://", "https://"))


def stable_id(target: str, base_url: str) -> str:
    """A permanent id for a feed entry: its absolute URL, or a name-based UUID without a host."""
    if is_absolute_base(base_url):
        return absolute(target, base_url)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "newsarchive:" + target))


@dataclass(frozen=True, slots=True)
class Linker:
    """Makes the links one page writes: relative by default, absolute for the 404 page."""

    page_url: str
    base_url: str = "/"
    absolute_links: bool = False
    explicit_index: bool = True
    _up: str = field(init=False, repr=False, compare=False)  # "../" per folder, worked out once

    def __post_init__(self) -> None:
        object.__setattr__(self, "_up", "../" * _depth(self.page_url))

    @property
    def form(self) -> tuple[object, ...]:
        """What its links depend on besides their targets: linkers of one form link alike."""
        return (self.absolute_links, self.base_url, self.explicit_index, self._up)

    def __call__(self, target: str) -> str:
        if self.absolute_links:
            return absolute(target, self.base_url)
        return _from_up(self._up, target, self.explicit_index)


# --- Slugs ---------------------------------------------------------------------------------

SLUG_MAX = 80

# Cyrillic to Latin: Ukraine's national transliteration (2010), plus the Russian-only letters.
_CYRILLIC = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "iu",
            "ia",
            "y",
            "e",
            "e",
            "_",
        ],
        strict=True,
    )
)
_LIGATURES = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ł": "l",
    "ı": "i",  # Turkish dotless i ("Kalın"), which NFKD leaves as it is
    "þ": "th",
    "&": " and ",
}
_APOSTROPHES = "'’ʼ`´"


def _latin(char: str) -> str:
    if char in _CYRILLIC:
        return _CYRILLIC[char].strip("_")
    if char in _LIGATURES:
        return _LIGATURES[char]
    if char in _APOSTROPHES:
        return ""
    return unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")


def slugify(text: str, fallback: str = "article") -> str:
    """An ASCII, lowercase, hyphenated slug, cut on a word boundary at SLUG_MAX characters."""
    latin = "".join(_latin(c) for c in text.lower())
    words = re.findall(r"[a-z0-9]+", latin)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:SLUG_MAX]
    return slug or fallback
