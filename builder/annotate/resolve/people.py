"""Later references to a person by age, trial or a role named later ("the 46-year-old")."""

from __future__ import annotations

import bisect
import functools
import re

from builder.annotate.speakers import Speaker, body_kind, slug
from builder.knowledge.phrases import bounded_word, lowered
from builder.annotate.resolve.roles import RoleReferences
from builder.annotate.resolve.shared import _OWNER, _THE_AGE

_PERSON_NAME = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)(?![\w'’-])")
_PERSON_NAME_BEFORE = re.compile(  # "Vadim Shishimarin, a 21-year-old soldier," before "is"
    r"(?<![\w'’.-])((?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+)(?:,[^,.;:\n]{1,80},)?$")


_OPENING_NAME = re.compile(  # "Tomas Lind's header", "Anna Lind scored": a name opening a
    r"((?:[A-Z][\w-]+\s+){1,2}[A-Z][\w-]+)(?=['’]s\s|\s+(?!(?:and|or|nor)\b)[a-z])")  # sentence
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|\n\n")
_SENTENCE_END_BEFORE = re.compile(r"[.!?][”\"]?\s+$")


@functools.lru_cache(maxsize=64)
def _age_given(age: str) -> re.Pattern[str]:
    """Where the text gives that age: ", 46," or "46-year-old"."""
    return re.compile(rf",\s*{age},|(?<![\w'’-]){age}-year-old(?![\w'’-])")


@functools.lru_cache(maxsize=256)
def _role_then_name(role: str) -> re.Pattern[str]:
    """The role as a word (any case), then a comma or spaces: where a name may follow."""
    return re.compile(r"\b" + re.escape(role) + r"\b[,\s]+", re.IGNORECASE)


class PersonReferences(RoleReferences):
    """Resolves later references to people by age, trial or a role's holder named later."""

    def _person_tried(self, sp: Speaker) -> str | None:
        """"The defendant told the court": the person named the nearest before it right after
        a trial's act ("sentenced Sergeant Artyom Kolesov") or right before one ("X is accused
        of", cues.yaml trial_acts, tried_acts), or given the role in an apposition; a person
        nobody quoted is given an id from the name."""
        role = self.text[sp.start:sp.end].lower().split()[-1]
        apposed = self._titled_before(sp, role) or self._apposed_before(sp, role)
        if apposed is not None:
            return apposed
        cues, low = self.ctx.knowledge.cues, lowered(self.text)
        names = [n for m in cues.trial_acts.finditer(low, 0, sp.start)
                 if (n := _PERSON_NAME.match(self.text, m.end())) is not None]
        for m in cues.tried_acts.finditer(low, 0, sp.start):
            n = _PERSON_NAME_BEFORE.search(self.text, max(0, m.start() - 140), m.start())
            if n is not None:
                names.append(n)
        for n in sorted(names, key=lambda n: -n.start(1)):
            words = n.group(1).split()
            while words and (words[0].lower() in cues.role_kinds or words[0] in cues.titles
                             or words[0].lower() in ("the", "a", "an")):
                words = words[1:]  # "Sergeant Artyom Kolesov": the name after the rank
            if not 2 <= len(words) <= 3 or body_kind(" ".join(words), cues) or \
                    any(cues.not_a_name(w) for w in words):
                continue
            return self._person_named(n.end(1), words)
        return None

    def _person_named(self, end: int, words: list[str]) -> str:
        """The person whose name's words end at `end`: a mention's id there, else an id
        built from the name."""
        start = end - len(" ".join(words))
        i = bisect.bisect_left(self.starts, end)
        named = next((o for o in self.speakers[max(0, i - 2):i + 1] if o.type == "person"
                      and o.id and o.start < end and start < o.end), None)
        if named is not None:
            return named.id
        made = Speaker(start, end, slug(" ".join(words)), "person", " ".join(words),
                       "person", "unknown", built=True)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "person")
        return made.id

    def _person_of_age(self, sp: Speaker) -> str | None:
        """"the 46-year-old says": the person named right before ", 46," or right around "a
        46-year-old ..." the last time the text gave that age."""
        the_age = _THE_AGE.match(self.text, sp.start)  # (matched when the mention was found)
        if the_age is None:
            return None
        age = the_age.group(1)
        given = _age_given(age)
        for m in reversed(list(given.finditer(self.text, 0, sp.start))):
            for other in self.speakers:
                if other.type != "person" or not other.id or other.start >= sp.start:
                    continue
                if 0 <= m.start() - other.end <= 2 or (
                        m.group().endswith("old") and 0 <= other.start - m.end() <= 90
                        and "." not in self.text[m.end():other.start]):
                    return other.id
        if any(not sp.start <= m.start() < sp.end for m in given.finditer(self.text)):
            return None  # the age is another's, given later or to no one named
        return self._sole_person_before(sp)

    def _sole_person_before(self, sp: Speaker) -> str | None:
        """"X has fished here for 30 years. ¶ “Q,” the 61-year-old said": with the age given
        nowhere, the one person named in this paragraph and the one before."""
        lo = self._paragraph_before_start(sp.start)
        named = set()
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            other = self.speakers[i]
            if other.start <= lo:
                break  # (speakers are in order of their starts)
            if other.type == "person" and other.id:
                named.add(other.id)
        return named.pop() if len(named) == 1 else self._topic_before(sp)

    def _topic_before(self, sp: Speaker) -> str | None:
        """"X's header settled it, after a save from Y. The 19-year-old striker said": with
        no one or several people named, a topic role's holder (cues.yaml topic_roles) is the
        one whose name opens the sentence right before (alone: not "X and Y")."""
        cues = self.ctx.knowledge.cues
        the_age = _THE_AGE.match(self.text, sp.start)
        role = self.text[the_age.end():sp.end].split()[-1:] if the_age else []
        if not role or role[0].lower() not in cues.topic_roles:
            return None  # "the 46-year-old teacher": the sentence before may open with anyone
        stop = _SENTENCE_END_BEFORE.search(self.text, max(0, sp.start - 6), sp.start)
        if stop is None or stop.end() != sp.start:
            return None  # the description does not open its own sentence
        prior = [m.end() for m in _SENTENCE_END.finditer(self.text, 0, stop.start())]
        opening = prior[-1] if prior else 0
        n = _OPENING_NAME.match(self.text, opening)
        if n is None or body_kind(n.group(1), cues) or \
                any(cues.not_a_name(w) or w in cues.titles or w.lower() in cues.role_kinds
                    for w in n.group(1).split()):
            return None
        return self._person_named(n.end(1), n.group(1).split())

    def _named_later(self, sp: Speaker) -> str | None:
        """"..., before his spokesman insisted ..." and later "his spokesman, Serhiy
        Nykyforov, wrote": the person the same title names further on (three paragraphs on at
        most)."""
        role = self.text[sp.start:sp.end].lower().split()[-1]
        stop = sp.end
        for _ in range(4):  # this paragraph and the next three
            stop = self.text.find("\n\n", stop + 2)
            if stop < 0:
                stop = len(self.text)
                break
        for m in _role_then_name(role).finditer(self.text, sp.end, stop):
            i = bisect.bisect_left(self.starts, m.end())
            if i < len(self.speakers) and self.speakers[i].start == m.end() and \
                    self.speakers[i].type == "person":
                return self.speakers[i].id
        return None

    def _role_named_next(self, sp: Speaker) -> str | None:
        """"A, the regional governor says." then "Donetsk governor Pavlo Kyrylenko said ...": a
        role with no person named before it is the person the next paragraph names with it,
        or, named with no role, the person whose bare name opens that paragraph ("Vitaliy Kim
        said")."""
        words = self.text[sp.start:sp.end].lower().split()
        for posted in ("in", "to"):  # "Kyiv's envoy in Lisbon": the envoy
            words = words[:words.index(posted)] if posted in words[1:] else words
        if len(words) not in (2, 3) or words[0] != "the" and not words[0].endswith(_OWNER):
            return None
        i = bisect.bisect_left(self.starts, sp.start)
        if any(other.type == "person" for other in self.speakers[:i]):
            return None  # someone named before: not a reference forward
        lo = self.text.find("\n\n", sp.end)
        if lo < 0:
            return None
        hi = self.text.find("\n\n", lo + 2)
        hi = len(self.text) if hi < 0 else hi
        role = bounded_word(words[-1])
        first = None
        for other in self.speakers[i:]:
            if other.start >= hi:
                break
            if other.start > lo and other.type == "person" and other.id:
                if role.search(self.text, max(lo, other.start - 40), other.end):
                    return other.id
                first = first or other
        if first is not None and first.start == lo + 2 and \
                self.text[first.start:first.end] == first.name:
            return first.id  # "Vitaliy Kim said": opening the paragraph by a bare name
        return None

    def _voice_named_before(self, sp: Speaker, head: str) -> str | None:
        """"The Prime Minister's official spokesman said ... the spokesman added": the body
        whose unnamed voice (a word of cues.yaml voices that role_kinds makes an official:
        spokesman, spokeswoman, spokesperson) the text named just before, not a person the
        role's kind fits."""
        cues = self.ctx.knowledge.cues
        if head not in cues.voice_words or cues.role_kinds.get(head) != "official":
            return None
        same = self.last_claim(lambda f: f.mention is not None and f.mention.type == "org"
                               and f.mention.start < sp.start and self.text[
                                   f.mention.start:f.mention.end].lower().split()[-1] == head,
                               limit=6)
        return same.source if same is not None else None
