"""Dates in words ("14 May 2022") and excerpts of article text cut at word boundaries."""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EXCERPT = 280


def date_words(iso: str) -> str:
    """ "2022-05-14" → "14 May 2022"; month and year precision likewise; no locale involved."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """White space collapsed, cut on a word boundary with an ellipsis."""
    # A long text (an article's, for its page's description): its start collapsed is a start
    # of the whole collapsed, so when that is already too long it is cut the same.
    window = 2 * limit + 64
    flat = " ".join(text[:window].split())
    if len(flat) <= limit and len(text) > window:
        flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]; a long one is cut on word boundaries with '…'."""
    stop = text.rfind(". ", 0, start)
    sentence = max(stop + 2 if stop != -1 else 0, text.rfind("\n", 0, start) + 1)
    left, lead = sentence, ""
    if start - sentence > 160:  # too long before the mention: start at a word, say it is cut
        left = text.find(" ", start - 160, start) + 1 or start
        lead = "… "
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min([*stops, len(text)])
    piece, tail = text[left : right + 1], ""
    if right > end + 160:  # too long after the mention: end at a word, say it is cut
        cut = text.rfind(" ", end, end + 160)
        piece, tail = text[left : cut if cut != -1 else end + 160], " …"
    return lead + _unpaired_quotes_off(excerpt(piece, 320)) + tail


def _unpaired_quotes_off(text: str) -> str:
    """A quotation mark at either end whose pair is outside the excerpt is dropped: the page
    shows the excerpt in quotation marks of its own ("““Russia probably suffered ...")."""
    if text.startswith("“") and "”" not in text:
        text = text[1:]
    if text.endswith("”") and "“" not in text:
        text = text[:-1]
    if text.count('"') % 2 == 1:
        text = text[1:] if text.startswith('"') else text[:-1] if text.endswith('"') else text
    return text
