"""Claims pass: a speaker's finding that opens content credited by a trailing "according to"."""

from __future__ import annotations

import re

from builder.annotate.claims.scan import TRIM, Scan, speakers_from

_RUN_IN = re.compile(r"[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}:\s+")  # "In short: "
# Between the speaker and the verb: where they work ("at the port's lab"), an auxiliary, an
# adverb in -ly.
_GAP = re.compile(r"(?:\s+(?:at|of|from|with|for)\s+[^,.;:“”\"]{1,80}?)?"
                  r"\s+(?:(?:has|have|had)\s+)?(?:[a-z]+ly\s+)?")
_THAT_SOON = re.compile(r"\s+(?:[^,.;:“”\"]{1,60}?\s)?that\s+")
_SPEAKING = ("person", "org", "group")


def finding_start(scan: Scan, start: int, end: int, source: str | None) -> int:
    """"Divers at the port found traces of fuel ..., according to Y": content credited by a
    trailing "according to" that opens with a speaker (after a run-in head, "In short:") and
    one of cues.yaml subject_finding_verbs starts after the verb (after "that" when the
    verb's object comes first: "had picked up signs weeks earlier that A"), when the
    "according to" names no one (`source` None) or the same source; `start` otherwise
    ("Police found two bodies, according to the prosecutor": the prosecutor's account of the
    finding)."""
    at = start
    while at < end and scan.text[at] in TRIM:
        at += 1
    if (run_in := _RUN_IN.match(scan.text, at, end)) is not None:
        at = run_in.end()
    speaker = next(iter(speakers_from(scan, at, 1)), None)
    if speaker is None or speaker.start != at or speaker.type not in _SPEAKING or (
            source is not None and scan.resolver.resolve(speaker, at)[0] != source):
        return start
    verb = next((v for v in scan.cues.subject_finding_verbs.finditer(
        scan.low, speaker.end, min(end, speaker.end + 120))), None)
    if verb is None or not _GAP.fullmatch(scan.text, speaker.end, verb.start()):
        return start
    that = _THAT_SOON.match(scan.text, verb.end(), end)
    content = that.end() if that else verb.end() + 1
    return content if len(scan.text[content:end].split()) >= 3 else start
