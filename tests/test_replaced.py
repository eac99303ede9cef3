"""Where a sequence holds other objects than the last one (builder.incremental.replaced)."""

from __future__ import annotations

from builder.incremental.replaced import PATCH_MOST, replaced


def test_the_places_of_other_objects_are_found_by_identity_not_value() -> None:
    last = [[n] for n in range(10)]
    now = list(last)
    now[3], now[7] = [3], [70]  # an equal object at 3 is another object all the same
    assert replaced(last, now) == [3, 7]
    assert replaced(last, list(last)) == []


def test_no_last_another_length_or_too_many_replaced_is_none() -> None:
    last = [object() for _ in range(PATCH_MOST + 1)]
    assert replaced(None, last) is None
    assert replaced(last, last[:-1]) is None
    assert replaced(last, [object() for _ in last]) is None
    most = [object() for _ in range(PATCH_MOST)] + last[PATCH_MOST:]
    assert replaced(last, most) == list(range(PATCH_MOST))
