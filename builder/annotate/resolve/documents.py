"""Documents ("the report", "its authors"): the source that wrote each."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

from builder.annotate.speakers import Speaker
from builder.knowledge.phrases import bounded_word, lowered
from builder.knowledge.registry import press_service_of
from builder.annotate.resolve.pronouns import PronounReferences
from builder.annotate.resolve.shared import (
    _BREAK,
    _CONCRETE,
    _last_match,
    _last_word,
    _sentence_start,
)


_OWNED_DOCUMENT = re.compile(r"(.+?)['’]s\s+\S+$", re.IGNORECASE)  # "the report's authors"


@functools.lru_cache(maxsize=64)
def _noun_by(noun: str) -> re.Pattern[str]:
    """"a <noun> by [the] ": a document whose author follows."""
    return re.compile(r"(?<![\w'’-])an?\s+(?:[a-z]+\s+)?" + re.escape(noun)
                      + r"\s+by\s+(?:the\s+)?")


class DocumentReferences(PronounReferences):
    """Resolves documents and their authors."""

    def _authors(self, sp: Speaker, pos: int) -> tuple[str | None, str]:
        """"The report's authors wrote" (cues.yaml document_writers): the report's, as "the
        report" would be; "The authors assess", "its authors": the body last named in a
        sentence that names a document ("A study by the Royal United Services Institute"),
        not whoever was quoted last."""
        owned = _OWNED_DOCUMENT.match(sp.name)
        if owned is not None:
            return self.resolve(replace(sp, end=sp.start + owned.end(1), name=owned.group(1)),
                                pos)
        low = lowered(self.text)
        cues = self.ctx.knowledge.cues
        nouns, writers = cues.document_nouns, cues.document_writers
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.type != "org" or not named.id or i in self.quoted:
                continue
            lo = _sentence_start(self.text, named.start, 200)
            stop = _BREAK.search(self.text, named.end)
            hi = stop.start() if stop else len(self.text)
            if any(_last_word(m.group()) not in writers for m in nouns.finditer(low, lo, hi)):
                return named.id, ":document-authors"
        return None, ":unresolved-document"

    def _document_author(self, sp: Speaker) -> str | None:
        """"The paper, released by the foreign ministry on Friday, states ...": the body the
        document's own apposition names as its author (cues.yaml authoring_participles)."""
        m = self.ctx.knowledge.cues.document_by.match(self.text, sp.end)
        if m is None:
            return None
        i = bisect.bisect_left(self.starts, m.end())
        if i > 0 and self.speakers[i - 1].end > m.end():
            i -= 1  # the speaker's span takes "the" in: "released by the ministry"
        if i < len(self.speakers) and self.speakers[i].start <= m.end() < self.speakers[i].end:
            found = self.speakers[i]
            source = found.id or self.references.get(found.start)
            return source if source and self.source_type(source) != "person" or \
                found.type == "org" else None
        return None

    def _document_by_before(self, sp: Speaker) -> str | None:
        """"... an audit by the Navy's inspector general. The audit found":
        "the <noun>" again after "a <noun> by X" in this paragraph or the one before is X's."""
        words = self.text[sp.start:sp.end].split()
        if len(words) != 2 or words[0].lower() != "the":
            return None
        lo = self._paragraph_before_start(sp.start)
        by = _last_match(_noun_by(words[1].lower()), self.text, 0, sp.start)
        if by is None or by.start() < lo:
            return None
        i = bisect.bisect_left(self.starts, by.end() - 4)
        found = next((o for o in self.speakers[i:i + 2]
                      if o.start <= by.end() < o.end or o.start == by.end()), None)
        if found is None or found.type not in _CONCRETE:
            return None
        return found.id or None

    def _court_paper(self, sp: Speaker) -> str | None:
        """"The ruling said A" (cues.yaml court_papers) after "The European Union's General
        Court annulled ...": the court (a name or a resolved "the court" holding one of
        court_nouns) or the judge (a name after a judge's title) named last before it, not
        whoever was quoted last."""
        cues = self.ctx.knowledge.cues
        if _last_word(sp.name) not in cues.court_papers:
            return None
        titles = cues.title_roles.get("judge", ())
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            source = named.id or self.references.get(named.start)
            if not source or i in self.quoted:
                continue
            words = self.text[named.start:named.end].lower().split()
            before = self.text[max(0, named.start - 10):named.start].split()
            if cues.anonymous_court_nouns.intersection(words) or \
                    (before and before[-1] in titles) or (words and named.type == "person"
                                                          and self.text[named.start:named.end]
                                                          .split()[0] in titles):
                return source
        return None

    def _same_document(self, sp: Speaker) -> tuple[str, str] | None:
        """"The draft also lists X" after "according to a draft of the plan": the
        document named before with the same noun, and its author."""
        head = sp.name.split()[-1].lower() if sp.name.split() else ""
        word = bounded_word(head)
        same = self.last_claim(lambda f: f.mention is not None and f.source is not None
                                and f.mention.type == "document" and f.end <= sp.start
                                and f.mention.start < sp.start
                                and len(f.mention.name.split()) > 2
                                and word.search(f.mention.name) is not None)
        if same is None or same.source is None:  # (the test above asks for a source)
            return None
        return same.source, ":document-same"

    def _owned_document(self, sp: Speaker, pos: int) -> tuple[str, str] | None:
        """"But his press service said": the press service (in the registry) of the person
        the possessive stands for; not whoever was quoted last. "His office said": that
        person's office in the registry ("Zelensky's office"), else the person."""
        words = sp.name.lower().split()
        office = len(words) == 2 and words[1] == "office"
        press = len(words) >= 3 and " ".join(words[-2:]) in ("press service", "press office")
        if words[0] not in ("his", "her") or not (office or press):
            return None
        owner, _rule = self._pronoun(replace(sp, end=sp.start + len(words[0]), type="pronoun",
                                             name=words[0]), pos)
        registry = self.ctx.knowledge.sources
        if office and owner:
            return press_service_of(registry, owner, "office") or owner, ":office-of"
        service = press_service_of(registry, owner) if owner else None
        return (service, ":press-service-of") if service else None

    def _document(self, pos: int) -> tuple[str | None, str]:
        recent = self.claims[-1] if self.claims else None
        if recent is not None and recent.source and recent.end <= pos and \
                self.text.count("\n\n", recent.end, pos) <= 1:
            return recent.source, ":document-last-quoted"  # "A later post said" (Klitschko's)
        last = self.last_claim(lambda f: self.source_type(f.source) == "org")
        if last is not None:
            return last.source, ":document-last-quoted"
        org = self.nearest(pos, ("org",), 0)
        return (org, ":document-named") if org else (None, ":unresolved-document")
