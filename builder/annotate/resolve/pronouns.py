"""Pronouns ("he said", "it added"): the source each stands for."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from builder.annotate.speakers import Speaker
from builder.annotate.resolve.base import ResolverBase
from builder.annotate.resolve.shared import _BREAK, _SUBJECT_VERB, _sentence_start

if TYPE_CHECKING:
    from builder.annotate.claims.scan import Found

_VERB_AFTER = re.compile(r"\s+" + _SUBJECT_VERB + r"\b")  # "Ukraine has"
_LEAD_IN_WORDS = 6  # "In a joint statement on Monday,"
_PLAIN_WORD = re.compile(r"[a-z]+")
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")  # a quotation's own sentences
_TRAILING_PRONOUN = re.compile(r"[,”\"’]\s*$")  # "..., it said": the pronoun after the claim


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding `pos` ends (after its break), else the text's end."""
    m = _BREAK.search(text, pos)
    return m.end() if m else len(text)


class PronounReferences(ResolverBase):
    """Resolves pronouns."""

    def _pronoun(self, sp: Speaker, pos: int) -> tuple[str | None, str]:
        wanted = self.ctx.knowledge.cues.pronoun_types.get(sp.name.lower(), "person")
        last = self.claims[-1] if self.claims else None
        since = last.end if last else 0
        pronoun = sp.name
        if last is not None and last.source is None and last.mention is not None and \
                self._next_sentence(last.end, sp.start):
            return None, ":unresolved-pronoun"  # "The court found that A. It said B": the
            # speaker no name was found for goes on; no one named further back
        if wanted == "person":
            named = self._sentence_subject(pos, since, pronoun=pronoun)
            if named:
                return named, ":pronoun-named"
            unnamed = self._unnamed_subject(sp.start, since, pronoun)
            if unnamed:
                return unnamed, ":pronoun-unnamed-subject"
            if last is not None and last.via and self.source_type(last.source) != "person" \
                    and self.source_type(last.via[0]) == "person" \
                    and self.fits(last.via[0], pronoun):
                return last.via[0], ":pronoun-relay"  # "X said, citing the World Bank, A. She
                # said B": the person who cited the bank, not the bank
            if last is not None and self._spoke_since(last, sp.start):
                return None, ":unresolved-pronoun"  # "Mahmoud, a baker, said that A. "Q," he
                # said": whoever spoke last in between, not the last speaker credited
            if last is not None and last.source and self.fits(last.source, pronoun):
                return last.source, ":pronoun-last-speaker"
            if last is not None and last.source:  # the last speaker is of the other sex
                earlier = self.last_claim(lambda f: f.source is not None
                                           and self.source_type(f.source) == "person"
                                           and self.fits(f.source, pronoun), limit=12)
                if earlier is not None:
                    return earlier.source, ":pronoun-same-sex-speaker"
            named = self.nearest(pos, ("person",), 0, pronoun)
            return (named, ":pronoun-nearest") if named else (None, ":unresolved-pronoun")
        types = ("org",) if wanted == "org" else ("group", "org")
        trailing = _TRAILING_PRONOUN.search(self.text, max(0, sp.start - 4), sp.start) \
            and not self._after_lead_in(sp.start)
        same = None if trailing else self._same_sentence(pos, types)  # "A ..., it said":
        # a body named inside A is not the one speaking
        if same:
            return same, ":pronoun-same-sentence"
        if wanted == "group" and not trailing and \
                (group := self._sentence_subject(pos, since, ("group",))):
            return group, ":pronoun-named"  # "Western officials are upbeat. They (Some) think"
        if wanted == "org" and not trailing and \
                (body := self._sentence_subject(pos, since, ("org",))):
            return body, ":pronoun-named"  # "A group calling itself Vorona claimed the attack.
            # It said": the body named since the last claim, not the last speaker
        if last is not None and (self.source_type(last.source) in types or (
                wanted == "org" and last.source and last.mention is not None
                and last.mention.type == "group" and last.mention.singular
                and self.text.count("\n\n", last.end, pos) == 0)):
            return last.source, ":pronoun-last-speaker"  # (or "The town administration told
            # the BBC that ... . It said": the unnamed body, not the listener)
        before = pos
        if trailing:  # look before the sentence the claim fills
            before = _sentence_start(self.text, sp.start, 400)
        country = self._country_subject_before(sp.start) if wanted == "org" else None
        if country:
            return country, ":pronoun-country-subject"
        named = self._sentence_subject(before, 0, types)
        if named:
            return named, ":pronoun-nearest"
        if last is not None and last.source and not (
                wanted == "org" and self.source_type(last.source) == "person"):
            return last.source, ":pronoun-last-speaker"  # but "it" is no person
        return None, ":unresolved-pronoun"

    def _spoke_since(self, found: Found, pos: int) -> bool:
        """Someone says something in a sentence after the one holding the claim and its
        attribution and before the one holding `pos` (quotations aside)."""
        after = max(found.end, found.mention.end if found.mention is not None else 0)
        after = _sentence_end(self.text, after)
        between = _QUOTATION.sub("", self.text[after:pos]) if after < pos else ""
        own = max((m.start() for m in _BREAK.finditer(between)), default=0)  # its own sentence
        saying = self.ctx.knowledge.cues.plain_saying  # "said", "told"
        return any(w in saying for w in _PLAIN_WORD.findall(between, 0, own))

    def _next_sentence(self, end: int, start: int) -> bool:
        """`start` is in the sentence right after the one ending at `end` (its quotations
        aside), in the same paragraph."""
        between = _QUOTATION.sub("", self.text[end:start])
        return "\n" not in between and len(_BREAK.findall(between)) <= 1

    def _unnamed_subject(self, start: int, since: int, pronoun: str) -> str | None:
        """"A Ukrainian intelligence officer was more worried. A, he said": one unnamed person
        introduced there (a singular group, "a"/"one") opening a sentence since the last claim,
        the latest such, is whom "he" or "she" stands for when no person was named there."""
        for i in range(bisect.bisect_left(self.starts, start) - 1, -1, -1):
            sp = self.speakers[i]
            if sp.start < since:
                return None
            if sp.type != "group" or not sp.singular or sp.definite or i in self.quoted or \
                    not self.fits(sp.id, pronoun):  # ("the man" refers back: not this form)
                continue
            lo = max((m.end() for m in _BREAK.finditer(self.text, max(0, sp.start - 400),
                                                        sp.start)), default=0)
            if not self.text[lo:sp.start].strip():
                return sp.id
        return None

    def _country_subject_before(self, start: int) -> str | None:
        """"Ukraine has tried night raids. In the autumn, it claimed ...": a country (metonym)
        opening the sentence just before the pronoun's, as its subject, is what "it" names
        when no body spoke last (a body named paragraphs back is not)."""
        breaks = [m.end() for m in _BREAK.finditer(self.text, max(0, start - 400), start)]
        if len(breaks) < 2 or "\n" in self.text[breaks[-2]:start]:
            return None
        opener = breaks[-2]
        while opener < start and self.text[opener].isspace():
            opener += 1
        i = bisect.bisect_left(self.starts, opener)
        sp = self.speakers[i] if i < len(self.speakers) else None
        if sp is None or sp.start != opener or sp.type != "metonym" or \
                not _VERB_AFTER.match(self.text, sp.end):
            return None
        return sp.id

    def _after_lead_in(self, start: int) -> bool:
        """"In a joint statement, they said": a short phrase of cues.yaml lead_ins opens the
        sentence before the comma, so the pronoun opens its clause and follows no claim."""
        begin = max((m.end() for m in _BREAK.finditer(self.text, max(0, start - 80), start)),
                    default=0 if start <= 80 else start)
        words = self.text[begin:start].rstrip().rstrip(",").split()
        return 0 < len(words) <= _LEAD_IN_WORDS and \
            words[0].lower() in self.ctx.knowledge.cues.lead_ins and \
            not any(ch in self.text[begin:start].rstrip()[:-1] for ch in ',"“”')

    def _sentence_subject(self, pos: int, since: int, types: tuple[str, ...] = ("person",),
                          pronoun: str = "") -> str | None:
        """The first source named in the latest sentence naming one (after `since`)."""
        lead = self.ctx.knowledge.cues.object_lead

        def wanted(sp: Speaker) -> bool:
            return since <= sp.start and sp.end <= pos and self.fits(sp.id, pronoun) and (
                sp.type in types or (sp.type == "reference" and "org" in types
                                     and bool(self.references.get(sp.start))
                                     and ("person" in types or self.source_type(
                                         self.references[sp.start]) != "person"))) and \
                not lead.search(self.text, max(0, sp.start - 40), sp.start)

        index = bisect.bisect_left(self.starts, pos)
        first = bisect.bisect_left(self.starts, since)
        last = next((self.speakers[i] for i in range(index - 1, first - 1, -1)
                     if i not in self.quoted and wanted(self.speakers[i])), None)
        if last is None:
            return None
        lo = bisect.bisect_left(self.starts, max(since, last.start - 300))
        for i in range(lo, index):
            sp = self.speakers[i]
            if sp is not last and self.text.startswith(("'s ", "’s "), sp.end):
                continue  # "Petrenko's neighbour, ... Valentyna, refused": the neighbour
            if i not in self.quoted and wanted(sp) and \
                    not _BREAK.search(self.text, sp.end, last.start):
                return sp.id or self.references.get(sp.start)
        return last.id or self.references.get(last.start)

    def _same_sentence(self, pos: int, types: tuple[str, ...]) -> str | None:
        """A source of the right type named earlier in the pronoun's own sentence."""
        start = _sentence_start(self.text, pos, 300)
        for sp in self.speakers[bisect.bisect_left(self.starts, start):]:
            if sp.start >= pos:
                break
            if sp.end <= pos and sp.type in types:
                return sp.id
        return None
