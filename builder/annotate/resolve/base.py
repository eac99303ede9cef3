"""What every kind of reference reads: the text's speakers and the claims found so far."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from builder.annotate.speakers import Speaker, gender_of
from builder.annotate.resolve.shared import _BREAK, _CONCRETE, _sentence_start

if TYPE_CHECKING:
    from builder.annotate import Context
    from builder.annotate.claims.scan import Found

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


class ResolverBase:
    """The speakers and claims of one text, and what every resolver reads of them."""

    ctx: Context
    text: str
    speakers: list[Speaker]
    starts: list[int]
    quoted: frozenset[int]
    claims: list[Found]
    made: dict[str, Speaker]
    types: dict[str, str]
    references: dict[int, str | None]
    metonyms: set[int]
    genders: dict[str, str]

    def resolve(self, sp: Speaker, pos: int) -> tuple[str | None, str]:
        """The source id a mention stands for and the rule that found it (Resolver's)."""
        raise NotImplementedError

    def _genders(self) -> dict[str, str]:
        """Each person's sex where the text or the name tells it (first finding wins)."""
        out: dict[str, str] = {}
        cues = self.ctx.knowledge.cues
        for sp in self.speakers:
            if sp.type == "person" and not out.get(sp.id):
                out[sp.id] = gender_of(self.text, sp.start, sp.end, sp.name, cues)
        return out

    def fits(self, source_id: str | None, pronoun: str) -> bool:
        """"she" does not stand for a man, nor "he" for a woman (a body fits both)."""
        wanted = _PRONOUN_GENDER.get(pronoun.lower(), "")
        found = self.genders.get(source_id or "", "")
        return not wanted or not found or wanted == found

    def claimed(self, found: Found) -> None:
        self.claims.append(found)

    def is_metonym(self, start: int) -> bool:
        return start in self.metonyms

    def source_type(self, source_id: str | None) -> str:
        if source_id is None:
            return ""
        entry = self.ctx.knowledge.sources.get(source_id)
        return entry.type if entry else self.types.get(source_id, "")

    def _paragraph_before_start(self, at: int) -> int:
        """Where the paragraph before the one holding `at` starts (its break: -1 when it is
        the first)."""
        return self.text.rfind("\n\n", 0, max(0, self.text.rfind("\n\n", 0, at)))

    def _sentence_window(self, start: int, end: int, reach: int = 60) -> str:
        """The words around a mention (reach characters each side), lower-cased, cut at the
        ends of its sentence: a role word in the next sentence is another's."""
        lo = _sentence_start(self.text, start, reach)
        stop = _BREAK.search(self.text, end, end + reach)
        return self.text[lo:stop.start() if stop else end + reach].lower()

    def previous_quote(self, pos: int) -> Found | None:
        """The last claim, when it is a quotation in this paragraph or the one before."""
        if not self.claims:
            return None
        last = max(self.claims, key=lambda f: f.end)
        if last.kind != "quote" or last.source is None or last.end > pos:
            return None
        return last if self.text.count("\n\n", last.end, pos) <= 1 else None

    def last_claim(self, test, limit: int = 40) -> Found | None:
        """The latest claim passing `test`, among the last `limit` (a bounded look-back)."""
        for f in reversed(self.claims[-limit:]):
            if test(f):
                return f
        return None

    def nearest(self, pos: int, types: tuple[str, ...], since: int,
                 pronoun: str = "") -> str | None:
        for i in range(bisect.bisect_left(self.starts, pos) - 1, -1, -1):
            sp = self.speakers[i]
            if sp.start < since:
                break
            if sp.end > pos or i in self.quoted or not self.fits(sp.id, pronoun):
                continue
            if sp.type in types and sp.type in _CONCRETE:
                return sp.id
            if sp.type == "reference" and "org" in types and self.references.get(sp.start):
                return self.references[sp.start]
        return None
