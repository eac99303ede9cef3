"""The news agency a wire dateline names as the article's publisher ("(AFP) -", "/TASS/")."""

from __future__ import annotations

import re

from builder.knowledge.registry import SourceEntry, SourceRegistry

_DATELINE = re.compile(
    r"\((?P<outlet>[A-Z][\w .&-]{1,30})\)\.?\s*[-–—]|/(?P<slashed>[A-Z][\w-]{1,20})/|"
    r"^[A-Z][A-Z -]{2,30}, [A-Z][a-z]{2,8}\.? \d{1,2} [-–—] (?P<after>[A-Z][\w .&-]{1,30}?)\.\s|"
    r"^[A-Z][\w'’ .-]{1,30}, [A-Z][a-z]{2,8}\.? \d{1,2} \((?P<bare>[A-Z][\w .&-]{1,30})\)\s+[A-Z]")
# "(AFP) -", "(EFE).-", "/TASS/", "MOSCOW, March 9 - RIA Novosti. ..." (a Russian agency's
# dateline) and "New Delhi, Mar 8 (PTI) All ..." (no dash)


def dateline_outlet(text: str) -> str | None:
    """The outlet's name as the dateline at the top of the text prints it, if any."""
    m = _DATELINE.search(text[:300])
    if m is None:
        return None
    return m.group("outlet") or m.group("slashed") or m.group("after") or m.group("bare")


def dateline_agencies(text: str, registry: SourceRegistry) -> list[SourceEntry]:
    """The registered news agencies (sources.yaml roles: agency) the dateline names as the
    publisher."""
    name = dateline_outlet(text)
    hits = registry.find(name) if name else []
    return [entry for hit in hits if "agency" in (entry := registry.entries[hit.id]).roles]


def wire_agency(text: str, registry: SourceRegistry) -> bool:
    """The dateline names a registered news agency as the publisher: the article is that
    agency's wire copy."""
    return bool(dateline_agencies(text, registry))
