"""A role word ("the governor", "the diplomat"): the person the text gave that role."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from builder.annotate.speakers import Speaker, body_kind, slug
from builder.annotate.quotes import paragraph_start
from builder.knowledge.phrases import bounded_word, whole_word
from builder.annotate.resolve.base import ResolverBase
from builder.annotate.resolve.shared import _BREAK, _OWNER, _sentence_start

if TYPE_CHECKING:
    from builder.knowledge.registry import SourceEntry

_TITLE_RUN = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’.-]*\s+)+$")  # "Japan's Foreign Minister "
_CLAUSE_BREAK = re.compile(r"[.!?;:,]\s|\n")
_COMMA_END = re.compile(r",\s*$")  # "The prosecutor, " right before a name
# " to Lithuania " after a role: capitalised words (in any case the role is searched in) and
# the function words of a title
_TITLE_TAIL = r"(?:\s+(?:to|of|for|in|the|(?-i:[A-Z])[\w'’.-]*))*\s+$"
_APPOSITION_AFTER = re.compile(  # ", 34, a tractor driver from Izium," after a name
    r"(?:,\s*\d{1,3})?,\s+((?:a|an|the|[A-Z][\w'’-]*['’]s)\s[^,.;:!?“”\"()\n]{1,80})")


@functools.lru_cache(maxsize=256)
def _word_then_role(role: str) -> re.Pattern[str]:
    """A word (group 1), then the role as a word (any case): "shadow minister"."""
    return re.compile(r"\b(\w+)\s+" + re.escape(role) + r"\b", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _titled_name(title: str) -> re.Pattern[str]:
    """The title as a whole word (any case), a preposition maybe, then two to five
    capitalised words (group 1): "Ambassador to Lithuania Petro Beshta"."""
    return re.compile("(?i:" + whole_word(title).pattern + r")(?:\s+(?:to|of|for|in)"
                      r"\s+)?((?:\s*[A-Z][\w'’-]+){2,5})(?![\w'’-])")


def _short_title(text: str, start: int, shorts: tuple[str, ...]) -> bool:
    """The title printed in short right before a name holds the role ("Gen. Martin Herem" for
    "the general"; cues.yaml: title_roles)."""
    before = text[max(0, start - 40):start]
    return any(_short_then_name(short).search(before) for short in shorts)


@functools.lru_cache(maxsize=64)
def _short_then_name(short: str) -> re.Pattern[str]:
    """Search before a name: the short title, and one capitalised word maybe ("Gen. ")."""
    return re.compile(r"(?<![\w'’-])" + re.escape(short) + r"\s+(?:[A-Z][\w'’-]+\s+)?$")


def _role_right_before(text: str, pos: int, role: str) -> bool:
    """The role word stands right before a name: "Belgorod governor Vyacheslav Gladkov"."""
    lo = max(0, pos - len(role) - 2)
    return _role_then_space(role).fullmatch(text[lo:pos]) is not None


@functools.lru_cache(maxsize=256)
def _role_then_space(role: str) -> re.Pattern[str]:
    """Text ending in the role word (any case) and a space, no word character before it."""
    return re.compile(r"(?:^|.*\W)" + re.escape(role) + r"\s", re.IGNORECASE | re.DOTALL)


@functools.lru_cache(maxsize=256)
def _role_in_title(role: str) -> re.Pattern[str]:
    """Search before a name: the role word in the title printed before it ("Ambassador to
    Lithuania ")."""
    return re.compile(whole_word(role).pattern + _TITLE_TAIL, re.IGNORECASE)


class RoleReferences(ResolverBase):
    """Resolves a role ("the governor") to the person the text gave it."""

    def _person_by_role(self, sp: Speaker, wanted: str = "person") -> str | None:
        """"The diplomat stressed", "the governor added": a person quoted just before whose
        title holds the word, or whose kind the role names (a diplomat is government); "the
        group said": a body quoted just before that the text called a group."""
        words = self.text[sp.start:sp.end].lower().split()
        if "of" in words:
            words = words[:words.index("of")]  # "the head of the RMA": the head
        if len(words) not in (2, 3) or (words[0] != "the" and not words[0].endswith(_OWNER)):
            return None  # "the governor", "the Kremlin hardliner", "Kharkiv's mayor"
        role = words[-1]
        if " ".join(words[-2:]) in self.ctx.knowledge.cues.role_kinds:
            role = " ".join(words[-2:])  # "the first lady"
        kind = self.ctx.knowledge.cues.role_kinds.get(role)
        sex = self.ctx.knowledge.cues.gender_of_word.get(role, "")
        holder = self._role_holder_before(sp, role) if wanted == "person" else None
        if holder is not None:
            return holder  # "the chancellor": the person the registry gives that office
        recent = [f for f in reversed(self.claims[-3:]) if f.mention is not None
                  and self.source_type(f.source) == wanted
                  and not self._in_other_office(f.source, role, frozenset(words))]
        # (not "The shadow Secretary of State, X" for "the Secretary of State")
        shorts = self.ctx.knowledge.cues.title_roles.get(role)
        titles = (role, *self.ctx.knowledge.cues.role_covers.get(role, ()))  # "the diplomat":
        # the ambassador too
        for f in recent:
            if sex and wanted == "person" and self.genders.get(f.source or "") == sex:
                return f.source  # "the woman says": the woman quoted just before
            mention = f.mention
            assert mention is not None
            window = self._sentence_window(mention.start, mention.end) if wanted == "person" \
                else self.text[max(0, mention.start - 60):mention.end + 60]  # (a body's: its
            # reference just after may be in reach, "X said. ¶ The organization documented")
            if any(whole_word(title).search(window) for title in titles) or \
                    shorts and any(_short_title(self.text, other.start, shorts)
                                   for other in self.speakers
                                   if other.id == f.source and other.start < sp.start) or (
                    wanted == "person" and not self.ctx.knowledge.sources.get(f.source or "")
                    and self._introduced_as(f.source, role)):
                return f.source
        if wanted != "person":
            return None
        titled = next((found for title in titles
                       if (found := self._titled_before(sp, title)
                           or self._apposed_before(sp, title)) is not None), None) or \
            self._of_sex_before(sp, sex) or self._titled_in_narration(sp, titles) or \
            self._described_before(sp, titles)
        if titled is not None:
            return titled  # "Sen. X said A. Y said B. The senator said": X, though Y spoke
            # last and a senator's kind is Y's too
        for f in recent:
            entry = self.ctx.knowledge.sources.get(f.source or "")
            mention = f.mention
            assert mention is not None
            if kind is not None and (entry.kind if entry is not None else mention.kind
                                     or self._built_kind(f.source)) == kind:
                return f.source
        return self._of_side_before(sp, role, kind) or self._same_words_before(sp)

    def _described_before(self, sp: Speaker, titles: tuple[str, ...]) -> str | None:
        """"Kyiv's envoy in Lisbon has told Radio Atlantico" (resolved to the person the
        next paragraph names) ... "The envoy insisted": the last earlier claim whose
        speaker was a reference holding the role, that reference's person."""
        for f in reversed(self.claims):
            mention = f.mention
            if mention is None or mention.start >= sp.start or not f.source or \
                    mention.type != "reference" or self.source_type(f.source) != "person":
                continue
            words = self.text[mention.start:mention.end]
            if any(whole_word(title).search(words) for title in titles):
                return f.source
        return None

    def _titled_in_narration(self, sp: Speaker, titles: tuple[str, ...]) -> str | None:
        """"Ukraine's Ambassador to Lithuania Petro Beshta thanked the donors. “Q,” the
        diplomat said": a name the text titled with the role in this paragraph or the one
        before, in narration that made nobody a speaker; the nearest such, given an id."""
        lo = max(0, self._paragraph_before_start(sp.start))
        cues = self.ctx.knowledge.cues
        best: tuple[int, int] | None = None
        for title in titles:
            for m in _titled_name(title).finditer(self.text, lo, sp.start):
                words = m.group(1).split()
                first = next((k for k, w in enumerate(words) if w in cues.gender_of_name),
                             max(0, len(words) - 2))
                name = words[first:first + 3]
                if len(name) < 2 or any(cues.not_a_name(w) for w in name) or \
                        body_kind(" ".join(name), cues):
                    continue
                start = self.text.index(name[0], m.start(1))
                span = (start, start + len(" ".join(name)))
                if best is None or span[0] > best[0]:
                    best = span
        if best is None:
            return None
        i = bisect.bisect_left(self.starts, best[1])
        if any(o.start < best[1] and best[0] < o.end for o in self.speakers[max(0, i - 2):i + 1]):
            return None  # a speaker stands there: not a name in narration
        name = self.text[best[0]:best[1]]
        made = Speaker(best[0], best[1], slug(name), "person", name, "person", "unknown",
                       built=True)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "person")
        return made.id

    def _of_sex_before(self, sp: Speaker, sex: str) -> str | None:
        """"Anna says A. The woman told The Insider B": a word of one sex ("the woman", "the
        mother") for the nearest person named before it in its paragraph, of that sex."""
        if not sex:
            return None
        lo = self.text.rfind("\n\n", 0, sp.start)
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.start < lo:
                break
            if named.type == "person" and named.id and i not in self.quoted:
                return named.id if self.genders.get(named.id) == sex else None
        return None

    def _apposed_before(self, sp: Speaker, role: str) -> str | None:
        """"The prosecutor, Taras Hnatiuk, asked ...", "Olena Shevchuk, a mother of two from
        Irpin, said": a person named before (this paragraph or the one before) whom an
        apposition right before or after the name gives the role, though nobody quoted them
        just before; or whom the text gave the role where it named them earlier ("the city's
        mayor, Ivan Fedorov, reported ... ¶ Fedorov said much the same. The mayor said")."""
        lo = self._paragraph_before_start(sp.start)
        here = bisect.bisect_left(self.starts, sp.start)
        seen: set[str] = set()
        for i in range(here - 1, -1, -1):
            named = self.speakers[i]
            if named.start < lo:
                break
            if named.type != "person" or not named.id or i in self.quoted or \
                    named.id in seen or self._in_other_office(named.id, role):
                continue  # (not "The shadow Foreign Secretary, X" for "the Foreign Secretary")
            seen.add(named.id)
            if any(self._given_role(j, role) for j in range(i, -1, -1)
                   if self.speakers[j].id == named.id and j not in self.quoted):
                return named.id
        return None

    def _given_role(self, index: int, role: str) -> bool:
        """The mention at `index` has the role set off right before the name ("The
        prosecutor, X", "the city's mayor, X") or in the apposition after it ("X, 34, a nurse
        at the city hospital,")."""
        named = self.speakers[index]
        word = whole_word(role)
        before = self.text[max(0, named.start - len(role) - 4):named.start]
        if word.search(before) and _COMMA_END.search(before):
            return True
        lo = _sentence_start(self.text, named.start, 60, _CLAUSE_BREAK)
        if _role_in_title(role).search(self.text[lo:named.start]):
            return True  # "Ukraine's Ambassador to Lithuania Petro Beshta"
        apposed = _APPOSITION_AFTER.match(self.text, named.end)
        return apposed is not None and word.search(apposed.group(1)) is not None

    def _same_words_before(self, sp: Speaker) -> str | None:
        """"The Secretary of State said A ... B, the Secretary of State replied": the person
        the same words stood for the last time they were credited with a claim."""
        words = self.text[sp.start:sp.end].lower().split()
        for f in reversed(self.claims):
            m = f.mention
            if m is not None and m.type == "reference" and f.source and \
                    self.text[m.start:m.end].lower().split() == words:
                return f.source
        return None

    def _built_kind(self, source_id: str | None) -> str:
        """The kind the text gave a person not in the registry where it named them."""
        return next((o.kind for o in self.speakers if o.id == source_id and o.type == "person"
                     and o.kind), "")

    def _introduced_as(self, source_id: str | None, role: str) -> bool:
        """The text brought the person in with the role or its verb beside the name ("X, 46,
        a former accountant who commands a unit of his own": "the commander")."""
        first = next((o for o in self.speakers if o.id == source_id and o.type == "person"),
                     None)
        if first is None:
            return False
        stems = {role, role[:-2] + "s", role[:-1] + "s"} if role.endswith("er") else {role}
        lo = max(first.start - 60, paragraph_start(self.text, first.start))
        lo = max((m.end() for m in _BREAK.finditer(self.text, lo, first.start)), default=lo)
        # (not a sentence before: "Prosecutor X asked for 15 years. The judge, Y, said")
        hi = self.text.find("\n\n", first.end)
        window = self.text[lo:min(first.end + 160, len(self.text) if hi < 0 else hi)].lower()
        return any(bounded_word(stem, False).search(window) for stem in stems)

    def _in_other_office(self, source_id: str | None, role: str,
                         own: frozenset[str] = frozenset()) -> bool:
        """A mention of the source has the role word as another office of the same name
        right around it ("shadow", "former": cues.yaml other_office), one the reference does
        not name itself (`own`: "the former head" is the one "a former head" held)."""
        other = self.ctx.knowledge.cues.other_office - own
        pattern = _word_then_role(role)
        for sp in self.speakers:
            if sp.id != source_id:
                continue
            window = self.text[max(0, sp.start - 60):sp.end + 60]
            if any(m.group(1).lower() in other for m in pattern.finditer(window)):
                return True
        return False

    def _witness_of_role(self, sp: Speaker, role: str) -> str | None:
        """"The foreman said": the one witness named earlier by a first name and this role
        (a built id `<firstname>-<role>`), when only one such witness is named."""
        tail = "-" + role.replace(" ", "-")
        found = {other.id for other in self.speakers[:bisect.bisect_left(self.starts, sp.start)]
                 if other.type == "person" and other.id.endswith(tail)
                 and not self.ctx.knowledge.sources.get(other.id)}
        return found.pop() if len(found) == 1 else None

    def _role_holder_before(self, sp: Speaker, role: str) -> str | None:
        """The person named just before (this paragraph or the one before) whose registry
        entry holds the office ("Olaf Scholz ... The chancellor said")."""
        return next((named.id for named, entry in self._registered_persons_before(sp)
                     if role in entry.roles), None)

    def _registered_persons_before(self, sp: Speaker) -> Iterator[tuple[Speaker, SourceEntry]]:
        """The registered persons named before `sp` (nearest first) in its paragraph and the
        one before, that nobody has quoted yet, with their registry entries."""
        lo = self._paragraph_before_start(sp.start)
        registry = self.ctx.knowledge.sources
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.start < lo:
                break
            entry = registry.get(named.id) if named.type == "person" else None
            if entry is not None and i not in self.quoted:
                yield named, entry

    def _of_side_before(self, sp: Speaker, role: str, kind: str | None) -> str | None:
        """"Emmanuel Macron hosted Olaf Scholz. The French president said": the person named
        just before (this paragraph or the one before) whom the registry gives the side the
        qualifier names and the role (or the role's kind)."""
        words = self.text[sp.start:sp.end].split()
        side = self.ctx.knowledge.cues.affiliation(words[1]) if len(words) == 3 else None
        if not side:
            return None
        return next((named.id for named, entry in self._registered_persons_before(sp)
                     if entry.affiliation == side
                     and (role in entry.roles or (kind is not None and entry.kind == kind))),
                    None)

    def _titled_before(self, sp: Speaker, role: str) -> str | None:
        """"Taoiseach Leo Varadkar met ... . The Taoiseach said": a person named just before
        (this paragraph or the one before) with the role word in the title printed right
        before the name, though nobody has been quoted yet; further back, the only person
        the article has titled so ("Cardinal X" three paragraphs before "the Cardinal")."""
        lo = self._paragraph_before_start(sp.start)
        pattern = bounded_word(role)
        earlier: set[str] = set()
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            named = self.speakers[i]
            if named.type != "person" or i in self.quoted or named.end > sp.start:
                continue
            title = _TITLE_RUN.search(self.text, max(0, named.start - 60), named.start)
            if title is not None and pattern.search(title.group()) or \
                    _role_right_before(self.text, named.start, role):
                if named.start >= lo:
                    return named.id  # (or "Belgorod governor Vyacheslav Gladkov": lower case)
                earlier.add(named.id)
        return earlier.pop() if len(earlier) == 1 else None
