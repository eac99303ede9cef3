"""References the registry resolves once a text: by side, dateline, country or office."""

from __future__ import annotations

import functools
import re

from builder.annotate.speakers import Speaker, dateline_side, slug
from builder.annotate.speakers.speaker import body_id
from builder.annotate.speakers.towns import country_of
from builder.annotate.speakers.wording import SENTENCE_STOP
from builder.annotate.speakers.story_side import opening_side
from builder.annotate.quotes import paragraph_start
from builder.knowledge.gazetteer import key_of
from builder.knowledge.phrases import alternation
from builder.knowledge.words import whole_word_starts
from builder.annotate.resolve.base import ResolverBase
from builder.annotate.resolve.shared import (
    _BODY,
    _CONCRETE,
    _SUBJECT_VERB,
    _apposed_head,
    _head_words,
    _last_match,
    _sentence_start,
)


# Capitalised words right before a reference, as one run: "The Lithuanian State " before
# "Border Guard Service".
_CAPITALISED_RUN = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s){1,5}$")
# "in" and a capital or country of one or two words after an office: " in Athens".
_IN_PLACE = re.compile(r"\s+in\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
# The name an article opens with as its subject: one to three capitalised words, then a word
# in lower case ("Rowan's will close", "BP swung to").
_OPENING_NAME = re.compile(r"\s*([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,2})\s+(?=[a-z])")
_SENTENCE_BREAK = re.compile(SENTENCE_STOP + r"(?=[A-Z\"“])")  # and a capital next
# A sentence's subject that is a country, then its verb: "The Netherlands has sent".
_SUBJECT_COUNTRY = re.compile(r"(?:The\s+)?([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+"
                              r"(?:" + _SUBJECT_VERB + r"|[a-z]+s)\s")


@functools.lru_cache(maxsize=4)
def _home_office(nouns: frozenset[str]) -> re.Pattern[str]:
    """A reference opened by the story's own country (cues.yaml home_country_nouns): "The
    country's Foreign Ministry"."""
    return re.compile(r"[Tt]he\s+(?:" + alternation(nouns, True) + r")['’]s\s+")


@functools.lru_cache(maxsize=4)
def _described_head(prepositions: frozenset[str]) -> re.Pattern[str]:
    """Search before a name: "the state property agency, " (group 1: its head noun)."""
    return re.compile(r"(?<![\w'’-])" + _head_words(prepositions) + r"([a-z][\w-]*),?\s+\Z")


def _office_roles(sp: Speaker) -> tuple[str, ...]:
    """The roles of a reference that name an office a side's registry entry holds ("the
    defense ministry"); the generic noun for any body ("the council", "the legion") names
    none, so it takes no side's entry by side alone."""
    return tuple(r for r in sp.roles if r != _BODY)


class RegisteredReferences(ResolverBase):
    """Resolves the references the registry answers (Resolver.references)."""

    def _resolve_references(self) -> dict[int, str | None]:
        """Each "the ministry"-style reference: the latest source with the role, else a
        country word just before it, else the role's default."""
        out: dict[int, str | None] = {}
        history: list[tuple[str, tuple[str, ...]]] = []
        registry, cues = self.ctx.knowledge.sources, self.ctx.knowledge.cues
        sides: dict[str, int] = {}  # named speakers per side so far
        latest: dict[str, tuple[int, str]] = {}  # role -> (order, id) of its latest source
        by_word: dict[str, str] = {}  # a word of a body's name -> the latest body so named
        bodies: list[tuple[frozenset[str], str]] = []  # each body's name words, in order

        def remember(source_id: str, roles: tuple[str, ...]) -> None:
            history.append((source_id, roles))
            for role in roles:
                latest[role] = (len(history), source_id)

        for index, sp in enumerate(self.speakers):
            if sp.type in _CONCRETE:
                if index in self.quoted:
                    continue
                remember(sp.id, tuple(dict.fromkeys((*sp.roles, *self._name_roles(sp))))
                         if sp.built else sp.roles)
                if sp.type == "person":
                    ministry = self._portfolio_ministry(sp)
                    if ministry is not None:  # "the energy minister, X": "the ministry" is his
                        remember(ministry.id, tuple(r for r in ministry.roles if r == "ministry"))
                if sp.type == "org":
                    by_word.update((w, sp.id) for w in sp.name.lower().split())
                    bodies.append((frozenset(sp.name.lower().split()), sp.id))
                if sp.affiliation and sp.affiliation != "unknown":  # (no side: not one)
                    sides[sp.affiliation] = sides.get(sp.affiliation, 0) + 1
                continue
            if sp.type != "reference":
                continue
            hits = [latest[r] for r in sp.roles if r in latest]
            found = max(hits)[1] if hits else None
            words = sp.name.lower().split()
            head = words[-1] if words else ""
            portfolio = self._own_portfolio(words)
            if portfolio is not None:  # "the agriculture ministry": no other portfolio's
                if found is not None and portfolio not in self._name_of(found).split():
                    found = None
                if found is None:
                    found = self._portfolio_ministry_of_subject(sp, portfolio)
            if _BODY in sp.roles and head in by_word:
                found = by_word[head]  # "the Legion": the body whose name says legion
            qualifier = cues.reference_qualifiers.get(words[-2]) if len(words) > 1 else None
            if qualifier and _BODY in sp.roles:  # "the regional administration": the region's
                found = next((b for names, b in reversed(bodies) if head in names
                              and not names.isdisjoint(qualifier)), found)
            found = found or self._office_of_home(sp) or self._office_of_adjective(sp)
            if _office_roles(sp) and cues.named_roles.issuperset(_office_roles(sp)):
                found = found or self._opening_name(sp) or self._named_in_passing(sp)
            found = found or self._by_subject_country(sp) or self._by_country(sp) or \
                self._by_side(sp, sides) or \
                self._by_dateline(sp) or self._by_opening_country(sp) or \
                self._named_in_passing(sp) or next(
                (cues.reference_defaults[r] for r in sp.roles if r in cues.reference_defaults),
                None)
            if found and (registry.get(found) or found in self.types):  # a body built here too
                entry = registry.get(found)
                out[sp.start] = found
                remember(found, entry.roles if entry else ())
            else:
                out[sp.start] = None
        return out

    def _opening_name(self, sp: Speaker) -> str | None:
        """"Rowan's will close its stores ..., the Leeds-based company said": for a
        reference of cues.yaml named_roles that no source before it answers, the name the
        article opens with as its subject (a registered body holding the role, else a body
        given an id here), not a place, a side's word, a first name or a common word."""
        m = _OPENING_NAME.match(self.text)
        if m is None or m.end() > sp.start:
            return None
        name = m.group(1)
        ctx = self.ctx
        if self.text[m.end():].split(maxsplit=1)[0] in ctx.knowledge.cues.not_modifiers:
            return None  # a heading's "Radar Research and the Sea War"
        cues, gazetteer, registry = ctx.knowledge.cues, ctx.knowledge.gazetteer, \
            ctx.knowledge.sources
        first = name.split()[0]
        if cues.not_a_name(first) or first in cues.gender_of_name or \
                (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None):
            return None
        hits = [h for h in registry.find_in_article(name) if h.start == 0]
        if hits:
            entry = registry.entries[hits[0].id]
            return hits[0].id if not set(_office_roles(sp)).isdisjoint(entry.roles) else None
        made = Speaker(sp.start, sp.end, body_id(name, cues), "org", name, "company", "",
                       built=True)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _named_in_passing(self, sp: Speaker) -> str | None:
        """"judges at the International Criminal Court ruled on Friday. The court said":
        the registry's body with the reference's role that the text named last before it,
        though not where a speaker stands."""
        roles = set(sp.roles) - {_BODY}
        if not roles:
            return None
        registry = self.ctx.knowledge.sources
        hits = [h for h in registry.find_in_article(self.text) if h.end <= sp.start
                and not roles.isdisjoint(registry.entries[h.id].roles)]
        return hits[-1].id if hits else None

    def _name_roles(self, sp: Speaker) -> tuple[str, ...]:
        """A body built from the text ("Latvia's Foreign Ministry") takes the roles of the
        reference nouns its name ends with, so that "the ministry" later is that body."""
        if sp.type != "org":
            return ()
        refs = self.ctx.knowledge.cues.reference_roles
        words = sp.name.lower().replace("’", "'").split()
        roles: list[str] = []
        for n in (2, 1):
            if len(words) >= n:
                roles.extend(r for r in refs.get(" ".join(words[-n:]), ()) if r not in roles)
        apposed = _apposed_head(self.ctx.knowledge.cues.head_prepositions).match(
            self.text, sp.end)  # "X, Russia's maritime transport
        if apposed is not None:  # agency, said": "the agency" is X
            roles.extend(r for r in refs.get(apposed.group(1), ()) if r not in roles)
        name = self.text[sp.start:sp.end]  # as a word before `sp` (and at it)
        for at in whole_word_starts(self.text, name, sp.start + len(name)):
            before = _described_head(self.ctx.knowledge.cues.head_prepositions).search(
                self.text, max(0, at - 80), at)
            if before is not None:  # "the state property agency, X": "the agency" is X too
                roles.extend(r for r in refs.get(before.group(1), ()) if r not in roles)
        return tuple(roles)

    def _portfolio_ministry(self, sp: Speaker):
        """The registry's ministry of the portfolio a person's title names around the
        mention ("Ukraine's energy minister, Herman Halushchenko", "Health Minister X"), on
        the person's side (else the side a country word before the title names)."""
        text, cues = self.text, self.ctx.knowledge.cues
        lo = _sentence_start(text, sp.start, 60)
        window = text[lo:sp.end]
        hit = _last_match(cues.portfolio, window, 0, len(window))
        if hit is None:
            return None
        role = cues.portfolio_roles.get(hit.group(1).lower())
        sides: set[str | None] = {sp.affiliation} if sp.affiliation else set()
        sides.update(cues.affiliation(m.group()) for m in cues.affiliations.finditer(window))
        for entry in self.ctx.knowledge.sources.with_role(role or ""):
            if entry.affiliation in sides:
                return entry
        return None

    def _by_side(self, sp: Speaker, sides: dict[str, int]) -> str | None:
        """A bare "the Defense Ministry" in an article whose named speakers so far are
        mostly of one side (a Moscow Times report quoting Peskov and Gladkov): that side's."""
        ranked = sorted(sides.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None  # no clear side: the role's default decides
        return self._office_of_side(sp, ranked[0][0])

    def _by_dateline(self, sp: Speaker) -> str | None:
        """A bare "the defense ministry" in a wire story datelined in a capital ("OSLO,
        May 3 (NTB) --"), whose speakers so far show no clear side: the dateline's."""
        side = dateline_side(self.text, self.ctx.knowledge.cues, self.ctx.knowledge.gazetteer)
        return None if side == "unknown" else self._office_of_side(sp, side)

    def _by_opening_country(self, sp: Speaker) -> str | None:
        """A bare "the Defence Ministry" in a story that opens with a country as its subject
        ("Portugal will send ... trucks to Ukraine"), no side shown otherwise: that country's."""
        side = opening_side(self.text, self.ctx.knowledge.cues)
        return self._office_of_side(sp, side) if side else None

    def _own_portfolio(self, words: list[str]) -> str | None:
        """The portfolio word of "the agriculture ministry": a portfolio's short word
        (cues.yaml ministry_portfolios' values; not "the relevant ministry", "the federal
        ministry") between "the" and "ministry" that makes no reference of its own (cues.yaml
        references: "the foreign ministry")."""
        cues = self.ctx.knowledge.cues
        if len(words) != 3 or words[0] != "the" or words[2] != "ministry":
            return None
        word = words[1]
        if word not in cues.ministry_portfolios.values() or \
                f"{word} ministry" in cues.reference_roles:
            return None
        return word

    def _name_of(self, source_id: str) -> str:
        """A source's name in lower case: the registry's, else the one built here."""
        entry = self.ctx.knowledge.sources.get(source_id)
        if entry is not None:
            return entry.name.lower()
        made = self.made.get(source_id)
        if made is not None:
            return made.name.lower()
        return next((sp.name.lower() for sp in self.speakers if sp.id == source_id), "")

    def _portfolio_ministry_of_subject(self, sp: Speaker, portfolio: str) -> str | None:
        """"Ukraine exported 2 million tonnes ..., according to the agriculture ministry": the
        ministry of that portfolio of the country the sentence (or the one before) opens
        with as its subject, given an id here (ukrainian-agriculture-ministry)."""
        side = self._subject_country_side(sp)
        prefix = self.ctx.knowledge.cues.anonymous_prefixes.get(side or "")
        if prefix is None:
            return None
        made = Speaker(sp.start, sp.end, slug(f"{prefix[0]} {portfolio} ministry"), "org",
                       f"{prefix[1]} {portfolio.title()} Ministry", "government", side or "",
                       built=True)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _subject_country_side(self, sp: Speaker) -> str | None:
        """The side of the country the reference's sentence, or the one before, opens with as
        its subject ("Portugal has sent ..."), the nearer first."""
        text, cues = self.text, self.ctx.knowledge.cues
        para = paragraph_start(text, sp.start)
        starts = [para, *(m.end() for m in _SENTENCE_BREAK.finditer(text, para, sp.start))]
        for begin in reversed(starts[-2:]):
            m = _SUBJECT_COUNTRY.match(text, begin)
            side = cues.country_side(m.group(1)) if m is not None else None
            if side:
                return side
        return None

    def _by_subject_country(self, sp: Speaker) -> str | None:
        """"Portugal has sent shells ... Some 30,000 people from Ukraine have
        settled, according to Interior Ministry figures": a bare office in a sentence that
        opens with a country as its subject, or in the sentence right after one, is that
        country's, over a country the text names nearer in passing ("from Ukraine")."""
        text, cues = self.text, self.ctx.knowledge.cues
        para = paragraph_start(text, sp.start)
        starts = [para, *(m.end() for m in _SENTENCE_BREAK.finditer(text, para, sp.start))]
        for begin in reversed(starts[-2:]):
            m = _SUBJECT_COUNTRY.match(text, begin)
            if m is None:
                continue
            side = cues.country_side(m.group(1))
            found = self._office_of_side(sp, side) if side else None
            if found is not None:
                return found
        return None

    def _by_country(self, sp: Speaker) -> str | None:
        """A bare office followed by "in" and a capital ("the Interior Ministry in Kyiv"), else
        after a side's word (the nearest, in its paragraph, 150 characters back at most):
        that side's office."""
        text, cues = self.text, self.ctx.knowledge.cues
        para = paragraph_start(text, sp.start)
        window = text[max(para, sp.start - 150):sp.start]
        words = [cues.affiliation(m.group()) for m in cues.affiliations.finditer(window)]
        placed = self._office_in_place(sp)
        if placed is not None:
            return placed
        return next((found for affiliation in reversed(words)
                     if (found := self._office_of_side(sp, affiliation)) is not None), None)

    def _side_office(self, sp: Speaker, side: str | None, name: str, start: int) -> str | None:
        """The registry's entry of `side` holding the reference's office, else that side's
        office given an id here: the side's adjective and `name`, the office's words."""
        found = self._office_of_side(sp, side)
        prefix = self.ctx.knowledge.cues.anonymous_prefixes.get(side or "")
        if found is not None or prefix is None or not _office_roles(sp) or not name:
            return found
        made = Speaker(start, sp.end, slug(f"{prefix[0]} {name}"), "org", f"{prefix[1]} {name}",
                       "government", side or "", built=True)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _office_of_home(self, sp: Speaker) -> str | None:
        """"The country's Foreign Ministry said" in a story that opens with a country as its
        subject ("Latvia on Tuesday expelled ..."): that country's office (_side_office), not
        one of a side named nearer ("two Russian diplomats")."""
        home = _home_office(self.ctx.knowledge.cues.home_country_nouns).match(
            self.text, sp.start, sp.end)
        side = opening_side(self.text, self.ctx.knowledge.cues) if home is not None else None
        return self._side_office(sp, side, self.text[home.end():sp.end], home.end()) \
            if home is not None and side else None

    def _office_of_adjective(self, sp: Speaker) -> str | None:
        """An office whose capitalised name runs on from a side's word ("The Lithuanian State
        Border Guard Service said", "the Norwegian Police Security Service"): that side's
        registry entry of the office, else its office given an id here, the side's adjective
        and the name's words after the side's (lithuanian-state-border-guard-service)."""
        text, cues = self.text, self.ctx.knowledge.cues
        run = _CAPITALISED_RUN.search(text, max(0, sp.start - 80), sp.start)
        if run is None:
            return None
        words = run.group().split()
        at = next((i for i in range(len(words) - 1, -1, -1) if cues.affiliation(words[i])), None)
        if at is None:
            return None
        name = " ".join([*words[at + 1:], *text[sp.start:sp.end].split()])
        return self._side_office(sp, cues.affiliation(words[at]), name,
                                 run.start() + len(" ".join(words[:at + 1])) + 1)

    def _office_in_place(self, sp: Speaker) -> str | None:
        """An office followed by "in" and its capital or country ("the Foreign Ministry in
        Athens"): that country's registry entry of the office, else, for an office named by
        two words or more, that country's office given an id here, its adjective and the
        reference's words (greek-foreign-ministry), as "Greece's foreign ministry" would be."""
        text, cues = self.text, self.ctx.knowledge.cues
        place = _IN_PLACE.match(text[sp.end:sp.end + 40])
        if place is None:
            return None
        name = place.group(1)
        side: str | None = None
        if name.split()[0] in cues.metonym_ids:
            entry = self.ctx.knowledge.sources.get(cues.metonym_ids[name.split()[0]])
            side = entry.affiliation if entry else None
        gazetteer = self.ctx.knowledge.gazetteer
        side = side or cues.country_side(name) or (cues.country_side(
            country_of(name, gazetteer)) if gazetteer is not None else None)
        if not side:
            return None
        words = text[sp.start:sp.end].split()
        office = " ".join(words[1:]) if len(words) >= 3 and words[0].lower() == "the" else ""
        return self._side_office(sp, side, office, sp.start)

    def _office_of_side(self, sp: Speaker, side: str | None) -> str | None:
        """The registry's entry of `side` that holds the reference's office (_office_roles:
        "the defense ministry"), if any."""
        for role in _office_roles(sp):
            for entry in self.ctx.knowledge.sources.with_role(role):
                if entry.affiliation == side:
                    return entry.id
        return None
