"""The Resolver: a speaker mention's source id, by the kind of mention."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from builder.annotate.speakers import Speaker
from builder.annotate.resolve.bodies import BodyReferences
from builder.annotate.resolve.classes import ClassReferences
from builder.annotate.resolve.documents import DocumentReferences
from builder.annotate.resolve.people import PersonReferences
from builder.annotate.resolve.registered import RegisteredReferences
from builder.annotate.resolve.shared import (
    _AGE_ROLE,
    _BODY,
    _CONCRETE,
    _PERSON_ROLE,
    _THE_AGE,
    _TRIED,
    _last_word,
)

if TYPE_CHECKING:
    from builder.annotate import Context
    from builder.annotate.claims.scan import Found

_PRESIDENCY = "presidency"  # "The Presidency said": a president's office (cues references)
_OWNED = re.compile(r"\b(?:his|her|its|their)\s+$", re.IGNORECASE)  # "his spokesman"


def _inside(quoted: tuple[tuple[int, int], ...], speakers: list[Speaker]) -> frozenset[int]:
    """Indexes of the mentions (in text order) inside one of the quotations (in text order)."""
    out, at = [], 0
    for index, sp in enumerate(speakers):
        while at < len(quoted) and quoted[at][1] <= sp.start:
            at += 1
        if at == len(quoted):
            break
        if quoted[at][0] <= sp.start and sp.end <= quoted[at][1]:
            out.append(index)
    return frozenset(out)


class Resolver(DocumentReferences, PersonReferences, BodyReferences, ClassReferences,
               RegisteredReferences):
    """Resolves a speaker mention to a source id, reading the claims found so far."""

    def __init__(self, ctx: Context, speakers: list[Speaker],
                 quoted: tuple[tuple[int, int], ...] = ()) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.speakers = speakers
        self.starts = [sp.start for sp in speakers]
        # Names inside a quotation are what the speaker talks about, not who speaks: they are
        # no antecedent for "he said" or "the president added" ("“... Putin is behind it,” the
        # president added" is Biden's).
        self.quoted = _inside(quoted, speakers)
        self.claims: list[Found] = []
        self.made: dict[str, Speaker] = {}  # bodies given an id here ("south-african-presidency")
        self.types = {sp.id: sp.type for sp in speakers if sp.type in _CONCRETE}
        self.references = self._resolve_references()
        self.metonyms = {sp.start for sp in speakers if sp.type == "metonym"}
        self.genders = self._genders()

    def _named_before(self, source_id: str, pos: int) -> bool:
        """The text names the source (by a mention of its own) before `pos`."""
        return any(o.id == source_id for o in self.speakers[:bisect.bisect_left(self.starts,
                                                                                 pos)])

    def resolve(self, sp: Speaker, pos: int) -> tuple[str | None, str]:
        if sp.type in _CONCRETE:
            if sp.type == "group" and sp.singular and \
                    _OWNED.search(self.text, max(0, sp.start - 7), sp.start):
                later = self._named_later(sp)
                if later is not None:
                    return later, ":named-later"
            if sp.type == "group" and sp.definite and sp.singular and \
                    _THE_AGE.match(self.text, sp.start):
                aged = self._person_of_age(sp)  # "the 52-year-old volunteer said": the person
                if aged is not None:  # given that age, not volunteers in general
                    return aged, ":age-reference"
            if sp.type == "group" and sp.definite and sp.singular:
                head = self.text[sp.start:sp.end].lower().split()[-1]
                unnamed = head in self.ctx.knowledge.cues.unnamed_heads
                same = self.last_claim(lambda f: f.mention is not None and f.mention.type ==
                                        "group" and f.mention.singular and self.text[
                                            f.mention.start:f.mention.end].lower().split()[-1]
                                        == head, limit=3)
                if same is not None and same.source and same.mention is not None and \
                        "\n\n" not in self.text[same.mention.start:sp.start]:
                    return same.source, ":same-unnamed-source"  # "A brigade commander told
                    # me ... The commander said": that one, not a registered commander
                voiced = self._voice_named_before(sp, head)
                if voiced is not None:
                    return voiced, ":same-voice"
                person = None if unnamed else self._person_by_role(sp)
                if person is not None:
                    return person, ":role-reference"
                earlier = self.last_claim(lambda f: f.mention is not None
                                           and f.mention.type == "group" and f.mention.singular)
                if earlier is not None:
                    return earlier.source, ":same-unnamed-source"
            return sp.id, ":named"
        if sp.type == "metonym":
            return sp.id, ":metonym"
        if sp.type == "reference" and _TRIED in sp.roles:
            found = self._person_tried(sp)
            return (found, ":tried-reference") if found else (None, ":unresolved-reference")
        if sp.type == "reference" and _AGE_ROLE in sp.roles:
            found = self._person_of_age(sp)
            return (found, ":age-reference") if found else (None, ":unresolved-reference")
        if sp.type == "reference":
            found = self._body_just_quoted(sp, pos) if _BODY in sp.roles else None
            if found is None and _PERSON_ROLE in sp.roles:  # "The foreman said": the witness
                words = self.text[sp.start:sp.end].lower().split()
                found = self._witness_of_role(sp, words[-1]) if len(words) == 2 and \
                    words[0] == "the" else None
            found = found or self.references.get(sp.start)
            if found is None and (_PERSON_ROLE in sp.roles or _BODY in sp.roles):
                found = self._person_by_role(sp, "org" if _BODY in sp.roles else "person")
            if (found is None or not self._named_before(found, sp.start)) and \
                    not {_PERSON_ROLE, _BODY}.intersection(sp.roles) and \
                    _last_word(sp.name).lower() in self.ctx.knowledge.cues.role_kinds:
                found = self._person_by_role(sp) or found  # "The president said" after
                # "President X said": X, though no registry entry gives X the role, before a
                # side's president the text never names
            if found is None and _BODY in sp.roles:
                found = self._body_named_before(sp)
            found = found or self._class_named_before(sp)  # "the service" after "the Army"
            if found is None and _PRESIDENCY in sp.roles:
                found = self._presidency_of_president(sp)
            found = found or self._built_in_passing(sp) or self._employer_in_passing(sp) or \
                self._described_in_passing(sp)
            if found is None and _PERSON_ROLE in sp.roles:
                found = self._role_named_next(sp)
            return (found, ":reference") if found else (None, ":unresolved-reference")
        if sp.type == "document" and \
                _last_word(sp.name) in self.ctx.knowledge.cues.document_writers:
            return self._authors(sp, pos)
        if sp.type == "document":
            author = self._document_author(sp)
            author = author or self._document_by_before(sp)
            if author is None and (court := self._court_paper(sp)) is not None:
                return court, ":court-paper"  # "The ruling said": the court's, or the judge's
            return (author, ":document-by") if author else self._same_document(sp) or \
                self._owned_document(sp, pos) or self._document(pos)
        return self._pronoun(sp, pos)
