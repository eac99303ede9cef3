"""A definite description ("the service") as the last body of its head noun's class before it."""

from __future__ import annotations

import bisect
import functools
import re

from builder.annotate.speakers import Speaker, slug
from builder.annotate.speakers.story_side import story_side
from builder.annotate.resolve.base import ResolverBase
from builder.annotate.resolve.shared import _last_match


@functools.lru_cache(maxsize=8)
def _class_name(names: tuple[str, ...]) -> re.Pattern[str]:
    """"the" and a name of cues.yaml class_bodies, as printed ("the Army", "The Navy")."""
    return re.compile(r"(?<![\w'’-])[Tt]he\s+(?P<name>" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w'’-])")


class ClassReferences(ResolverBase):
    """Resolves a definite description by its head noun's class (cues.yaml definite_classes)."""

    def _class_named_before(self, sp: Speaker) -> str | None:
        """"The Army expects A, according to figures published by the service": "the" and a
        whole description of cues.yaml definite_classes is the body of that class named last
        before it in the article, a source of that kind or a side-less name of cues.yaml
        class_bodies in narration (the one side of the story and the class's registered
        bodies: "us-army"); none before it, or a name of no one side after the source found:
        None."""
        cues = self.ctx.knowledge.cues
        words = sp.name.lower().split()
        words = words[1:] if words[:1] == ["the"] else words
        cls = cues.definite_classes.get(" ".join(words))  # the whole description: "the
        # security service" or "the weather service" is no "service"
        if cls is None:
            return None
        found, at, found_end = None, -1, -1
        for i in range(bisect.bisect_left(self.starts, sp.start) - 1, -1, -1):
            other = self.speakers[i]
            entry = self.ctx.knowledge.sources.get(other.id) if other.id else None
            kind = entry.kind if entry else other.kind
            if other.id and i not in self.quoted and other.end <= sp.start and kind == cls \
                    and self.source_type(other.id) == "org":
                found, at, found_end = other.id, other.start, other.end
                break
        names = tuple(n for n, c in cues.class_bodies.items() if c == cls)
        last = _last_match(_class_name(names), self.text, max(0, at), sp.start) if names \
            else None
        if last is None or last.start("name") < found_end:
            return found  # (the body found is itself printed "the Army")
        side = self._class_side(cls)
        prefix = cues.anonymous_prefixes.get(side)
        if prefix is None:
            return None  # "the Army" named after that body, of no one side: neither (no guess)
        name = last.group("name")
        made = Speaker(last.start("name"), last.end("name"), f"{prefix[0]}-{slug(name)}", "org",
                       f"{prefix[1]} {name}", cls, side)
        self.made.setdefault(made.id, made)
        self.types.setdefault(made.id, "org")
        return made.id

    def _class_side(self, cls: str) -> str:
        """The side a side-less body of the class belongs to: the one side of the story and
        of every registered body of that class the article names ("the Pentagon": US); of
        two sides ("KYIV - ... the Army ... the Pentagon") or none, unknown."""
        knowledge = self.ctx.knowledge
        sides = set()
        for other in self.speakers:
            entry = knowledge.sources.get(other.id) if other.id else None
            if entry is not None and entry.kind == cls and not entry.is_person:
                sides.add(entry.affiliation or "unknown")
        side = story_side(self.text, knowledge.cues, knowledge.gazetteer, knowledge.sources)
        if side != "unknown":
            sides.add(side)
        return sides.pop() if len(sides) == 1 else "unknown"
