"""Claim ids: a link to a claim keeps pointing at it when the article around it is edited."""

from __future__ import annotations

from builder.annotate.claims.ids import claim_ids
from builder.urls import is_safe_id


def test_an_id_depends_on_the_claims_words_only():
    first = claim_ids(["The bridge was hit", "Two people were hurt"])
    # A claim added before them, and a change of spacing, leave both ids as they were.
    later = claim_ids(["Officials confirmed it", "The bridge  was\nhit", "Two people were hurt"])
    assert later[1:] == first
    assert claim_ids(["The bridge was hit again"]) != first[:1]


def test_ids_are_unique_within_an_article_and_safe_in_urls():
    ids = claim_ids(["They left", "Quiet", "They left", "They left"])
    assert len(set(ids)) == 4
    assert ids[2] == ids[0] + "-2" and ids[3] == ids[0] + "-3"
    assert all(is_safe_id(i) and i.startswith("c") for i in ids)
