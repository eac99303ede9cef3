"""Every highlight colour meets WCAG AA contrast in the light and the dark scheme."""

from __future__ import annotations

import re

import pytest

from tests.render_helpers import STATIC

CSS = (STATIC / "style.css").read_text(encoding="utf-8")
HIGHLIGHTS = ("ukraine", "russia", "uk", "us", "intl", "independent", "other", "none")


def scheme(dark: bool) -> dict[str, str]:
    """The custom properties of the light :root, overridden by the dark one when asked."""
    light = re.search(r":root \{(.*?)\n\}", CSS, re.DOTALL)
    dark_block = re.search(r"prefers-color-scheme: dark\) \{\s*:root \{(.*?)\}", CSS, re.DOTALL)
    assert light and dark_block
    values = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", light.group(1)))
    if dark:
        values.update(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", dark_block.group(1)))
    return values


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("name", HIGHLIGHTS)
def test_highlight_colours_meet_wcag_aa(name: str, dark: bool) -> None:
    c = scheme(dark)
    bg, fg = c[f"{name}-bg"], c[f"{name}-fg"]
    assert contrast(c["text"], bg) >= 4.5  # highlighted text
    assert contrast(c["link"], bg) >= 4.5  # a place or date link inside a claim
    assert contrast(fg, c["page"]) >= 4.5  # the source label and mention text
    assert contrast(fg, bg) >= 3.0  # the underline against its own tint (non-text contrast)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_page_colours_meet_wcag_aa(dark: bool) -> None:
    c = scheme(dark)
    for surface in ("page", "panel"):
        for ink in ("text", "muted", "link"):
            assert contrast(c[ink], c[surface]) >= 4.5, (ink, surface)
    assert contrast(c["focus"], c["page"]) >= 3.0


def test_every_affiliation_class_in_the_templates_has_colours() -> None:
    defined = set(re.findall(r"--([a-z]+)-bg:", CSS))
    assert set(HIGHLIGHTS) <= defined


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_source_mention_inside_another_sides_claim_stays_readable(dark: bool) -> None:
    c = scheme(dark)
    for ink in HIGHLIGHTS:
        for tint in HIGHLIGHTS:
            assert contrast(c[f"{ink}-fg"], c[f"{tint}-bg"]) >= 4.5, (ink, tint)
