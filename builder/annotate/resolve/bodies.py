"""Later references to a body ("the ministry", "the court") quoted or named before."""

from __future__ import annotations

import bisect
import functools
import re

from builder.annotate.speakers import Speaker, body_kind, slug
from builder.knowledge.gazetteer import key_of
from builder.knowledge.phrases import bounded_word, lowered
from builder.annotate.resolve.base import ResolverBase
from builder.annotate.resolve.shared import _BODY, _CONCRETE, _last_match


# Two to five capitalised words, "and" or "of" maybe between them: a body's name.
_CAPITALISED_NAME = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:(?:and|of)\s+)?"
                               r"[A-Z][\w'’&.-]*){1,4})(?![\w'’-])")
_PRESIDENT = re.compile(r"\bpresident\b", re.IGNORECASE)
_OPENING_ARTICLE = re.compile(r"^(?:The|A|An)\s+")


@functools.lru_cache(maxsize=64)
def _named_ending_in(noun: str) -> re.Pattern[str]:
    """Capitalised words ending in the noun (as printed), and an "of" phrase maybe: "the
    Supreme Court of Ukraine"."""
    return re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s+){1,4}" + noun
                      + r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})?"
                      r"(?![\w'’-])")


@functools.lru_cache(maxsize=8)
def _described_name(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """A name of capitalised words right after one of the nouns ("arms maker Excalibur
    Army")."""
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in sorted(
        nouns, key=len, reverse=True)) + r")\s+(?P<name>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)"
        r"{0,3})(?![\w'’-])")


# An unnamed group, "at" or "from", then one to three capitalised words: "Analysts at Norland
# Bank", "economists from Vestra".
_EMPLOYER_NAME = re.compile(r"(?<![\w'’-])(?P<group>[A-Za-z]+)\s+(?:at|from)\s+"
                            r"(?P<name>[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,2})(?![\w'’-])")


# A one-word name set off by an apposition: "Dniprocom, the region's largest mobile operator,"
# (group "noun": the apposition's last word, its head).
_APPOSED_ONE_WORD = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z][\w'’&.-]*[\w]),\s+(?:the|a|an|[A-Z][\w'’-]*['’]s)\s+"
    r"(?:[a-z][\w'’-]*\s+){0,4}?(?P<noun>[a-z][\w-]*),")


class BodyReferences(ResolverBase):
    """Resolves later references to bodies."""

    def _presidency_of_president(self, sp: Speaker) -> str | None:
        """"The Presidency said" with no presidential office named before: the office of the
        president the text named first, the story's own ("President Cyril Ramaphosa met Putin"
        -> the South African Presidency), its id the side's prefix (cues.yaml anonymous
        prefixes) and "presidency"; with none named before it, the only president the text
        names after it ("The Presidency said ... President Ana Verde told MPs")."""
        cues = self.ctx.knowledge.cues
        before = bisect.bisect_left(self.starts, sp.start)
        other = next(iter(self._presidents(self.speakers[:before])), None)
        if other is None:
            later = self._presidents(self.speakers[before:])
            other = later[0] if len({p.id for p in later}) == 1 else None
        if other is not None:
            prefix = cues.anonymous_prefixes.get(other.affiliation)
            if prefix is None:
                return None
            made = Speaker(sp.start, sp.end, f"{prefix[0]}-presidency", "org",
                           f"{prefix[1]} Presidency", "government", other.affiliation)
            self.made.setdefault(made.id, made)
            return made.id
        return None

    def _presidents(self, speakers: list[Speaker]) -> list[Speaker]:
        """The persons among `speakers` who are presidents: by the registry's roles, or
        "president" printed just before the name."""
        registry = self.ctx.knowledge.sources
        out = []
        for other in speakers:
            if other.type != "person" or not other.id:
                continue
            entry = registry.get(other.id)
            if (entry and "president" in entry.roles) or \
                    _PRESIDENT.search(self.text, max(0, other.start - 12), other.end):
                out.append(other)
        return out

    def _body_just_quoted(self, sp: Speaker, pos: int) -> str | None:
        """"the group said" right after a body was quoted: that body (a generic noun stands
        for what was just quoted), when its name holds the noun or it may take the role."""
        last = self.last_claim(lambda f: f.source is not None and f.end <= pos, limit=1)
        if last is None or self.source_type(last.source) != "org" or \
                self.text.count("\n\n", last.end, pos) > 1:
            return None
        head = sp.name.lower().split()[-1] if sp.name.split() else ""
        entry = self.ctx.knowledge.sources.get(last.source or "")
        name = (entry.name if entry else last.source or "").lower()
        words = sp.name.lower().split()
        cues = self.ctx.knowledge.cues
        qualifier = cues.reference_qualifiers.get(words[-2]) if len(words) > 1 else None
        if qualifier and set(name.replace("-", " ").split()).isdisjoint(qualifier):
            return None  # "the regional administration" after a city's: not that one
        if head in name.replace("-", " ").split() or (entry and _BODY in entry.roles) or \
                head in cues.any_body or (entry is None and head in cues.unlisted_body) or \
                (entry and entry.kind == "media" and head in cues.any_outlet):
            return last.source
        if entry is None and self._described_with(last.source or "", head):
            return last.source  # "The tenants' movement, Nash Dvir, ..." then "the movement"
        return None

    def _body_named_before(self, sp: Speaker) -> str | None:
        """"ICRC staff have toured ... . The organization said": a generic noun for a body
        (cues.yaml any_body, unlisted_body) is the body named last before it in its paragraph,
        though nobody quoted it there."""
        cues = self.ctx.knowledge.cues
        head = sp.name.lower().split()[-1] if sp.name.split() else ""
        if head in cues.any_outlet:
            return self._outlet_named_before(sp)
        if head not in cues.any_body and head not in cues.unlisted_body:
            return None
        lo = self.text.rfind("\n\n", 0, sp.start)
        kind = cues.lone_body_kinds.get(head)
        before = self._paragraph_before_start(sp.start)
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            other = self.speakers[i]
            if other.start <= before:
                break
            if other.id and other.end <= sp.start and self.source_type(other.id) == "org" and (
                    other.start > lo or (kind and other.kind == kind and i not in self.quoted
                                         and not self.ctx.knowledge.sources.get(other.id))):
                return other.id  # (or, opening its paragraph, "The company said" for the
                # firm the paragraph before named, the text having made it a company)
            if other.start <= lo and other.type in _CONCRETE:
                break  # (the last one named there only)
        return None

    def _outlet_named_before(self, sp: Speaker) -> str | None:
        """"Kommersant reported A. Peskov said B. The newspaper said C": an outlet's noun
        (cues.yaml any_outlet) is the outlet named last in this paragraph or the one before,
        though another has spoken since."""
        lo = self._paragraph_before_start(sp.start)
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            other = self.speakers[i]
            if other.start <= lo:
                break
            if other.id and other.type == "org" and other.kind == "media" and \
                    i not in self.quoted:
                return other.id
        return None

    def _described_with(self, source_id: str, noun: str) -> bool:
        """A body built from the text was described with this noun beside its name."""
        for sp in self.speakers:
            if sp.id == source_id and sp.type == "org":
                window = self.text[max(0, sp.start - 40):sp.end + 60].lower()
                return bounded_word(noun, False).search(window) is not None
        return False

    def _built_in_passing(self, sp: Speaker) -> str | None:
        """"The Tver Regional Court on Friday jailed X. The court's press service said": a
        body the registry lacks, named before in narration by capitalised words ending in the
        reference's noun, capitalised, is the body the reference stands for."""
        words = self.text[sp.start:sp.end].lower().split()
        if len(words) < 2 or words[0] != "the":
            return None
        last = _last_match(_named_ending_in(words[-1].capitalize()), self.text, 0, sp.start)
        if last is None:
            return None
        name = _OPENING_ARTICLE.sub("", last.group())
        cues, registry = self.ctx.knowledge.cues, self.ctx.knowledge.sources
        kind = body_kind(name, cues)
        if not kind or " " not in name or any(True for _ in registry.find(name)):
            return None
        made = Speaker(last.end() - len(name), last.end(), slug(name), "org", name, kind,
                       "unknown")
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _employer_in_passing(self, sp: Speaker) -> str | None:
        """"Analysts at Norland Bank wrote ... The bank said": a firm the registry lacks,
        named in this paragraph or the one before only after an unnamed group and "at" or
        "from" (cues.yaml anonymous heads), is the body "the <noun>" of cues.yaml
        lone_body_kinds (company kind) stands for, when it is the only such name there."""
        cues, registry = self.ctx.knowledge.cues, self.ctx.knowledge.sources
        words = self.text[sp.start:sp.end].lower().split()
        if len(words) != 2 or words[0] != "the" or \
                cues.lone_body_kinds.get(words[1]) != "company":
            return None
        lo = max(0, self._paragraph_before_start(sp.start))
        low = lowered(self.text)
        gazetteer = self.ctx.knowledge.gazetteer
        names = set()
        for m in _EMPLOYER_NAME.finditer(self.text, lo, sp.start):
            head = cues.anonymous_heads.fullmatch(low, *m.span("group"))
            name = m.group("name")
            if head is None or any(True for _ in registry.find(name)) or \
                    any(cues.not_a_name(w) for w in name.split()) or \
                    (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None):
                continue
            names.add((name, m.start("name")))
        if len({n for n, _ in names}) != 1:
            return None
        name, start = max(names, key=lambda n: n[1])
        made = Speaker(start, start + len(name), slug(name), "org", name,
                       cues.lone_body_kinds[words[1]], "unknown")
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _set_off_as_body(self, lo: int, hi: int) -> re.Match[str] | None:
        """The last name of two capitalised words or more in [lo, hi) set off by a thing's
        relative pronoun (cues.yaml body_relatives: "Harlow Marine Works, which has managed the
        dock since 1998, referred questions to the Navy")."""
        found = None
        for m in _CAPITALISED_NAME.finditer(self.text, lo, hi):
            if self.ctx.knowledge.cues.body_relative_after.match(self.text, m.end()):
                found = m
        return found

    def _apposed_as_kind(self, lo: int, hi: int, kind: str) -> re.Match[str] | None:
        """The last one-word name in [lo, hi) set off by an apposition whose head noun is of
        `kind` (cues.yaml lone_body_kinds: "Dniprocom, the region's largest mobile operator,")."""
        found = None
        kinds = self.ctx.knowledge.cues.lone_body_kinds
        for m in _APPOSED_ONE_WORD.finditer(self.text, lo, hi):
            if kinds.get(m.group("noun")) == kind:
                found = m
        return found

    def _described_in_passing(self, sp: Speaker) -> str | None:
        """"The Czech arms maker Excalibur Army delivered ... ¶ The company said": a firm the
        registry lacks, named in narration in this paragraph or the one before right after a
        noun of the reference's kind (cues.yaml lone_body_kinds: maker, firm ...), the last
        such name, is the body "the company" stands for; else the last such name set off by
        ", which" (_set_off_as_body)."""
        cues, registry = self.ctx.knowledge.cues, self.ctx.knowledge.sources
        words = self.text[sp.start:sp.end].lower().split()
        kind = cues.lone_body_kinds.get(words[1]) if len(words) == 2 and words[0] == "the" \
            else None
        if kind is None:
            return None
        pattern = _described_name(tuple(sorted(n for n, k in cues.lone_body_kinds.items()
                                               if k == kind)))
        lo = max(0, self._paragraph_before_start(sp.start))
        last = _last_match(pattern, self.text, lo, sp.start)
        if last is None:
            last = self._set_off_as_body(lo, sp.start)  # "Acme Systems, which runs the plant,"
        if last is None:
            last = self._apposed_as_kind(lo, sp.start, kind)  # "Dniprocom, the region's
            # largest mobile operator, lost ..., the company said"
        if last is None:
            return None
        name = last.group("name")
        gazetteer = self.ctx.knowledge.gazetteer
        if any(True for _ in registry.find(name)) or \
                cues.not_a_name(name.split()[0]) or name.split()[0] in cues.gender_of_name or \
                (gazetteer is not None and gazetteer.names.get(key_of(name)) is not None):
            return None
        made = Speaker(last.start("name"), last.end("name"), slug(name), "org", name, kind,
                       "unknown")
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id
