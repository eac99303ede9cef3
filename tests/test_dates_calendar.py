"""calendar.yaml loading: user data extends the built-in file; errors name the file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builder.knowledge import BUILTIN_DATA, calendar


def test_user_calendar_adds_names_and_overrides_the_period(tmp_path: Path):
    (tmp_path / "calendar.yaml").write_text(
        "period: {start: 2024-01-01, end: 2024-12-31}\n"
        "months:\n  9: {names: [septembre]}\n"
        "not_dates: [bloody monday]\n",
        encoding="utf-8",
    )
    cal, problems = calendar.load((BUILTIN_DATA, tmp_path))
    assert problems == ()
    assert cal.period == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert cal.months["septembre"] == 9 and cal.months["september"] == 9  # added, not replaced
    assert cal.patterns.not_dates.search("after Bloody Monday") is not None
    assert cal.patterns.not_dates.search("after Bloody Sunday") is not None


def test_broken_yaml_is_a_diagnostic_with_its_line(tmp_path: Path):
    (tmp_path / "calendar.yaml").write_text("period:\n  start: [2022\n", encoding="utf-8")
    cal, problems = calendar.load((BUILTIN_DATA, tmp_path))
    assert len(problems) == 1 and problems[0].is_error
    assert problems[0].path.endswith("calendar.yaml") and problems[0].line >= 2
    assert cal.months["may"] == 5  # the built-in data still loads


def test_bad_entries_are_reported_and_skipped(tmp_path: Path):
    (tmp_path / "calendar.yaml").write_text(
        "months:\n  13: {names: [smarch]}\nrelative:\n  fortnight ago: {offset: -14}\n",
        encoding="utf-8",
    )
    cal, problems = calendar.load((BUILTIN_DATA, tmp_path))
    messages = " ".join(p.message for p in problems)
    assert "months: '13'" in messages and "relative: 'fortnight ago'" in messages
    assert "smarch" not in cal.months and "fortnight ago" not in cal.relative


def test_an_archive_period_elsewhere_resolves_weekday_dates_there(tmp_path: Path):
    (tmp_path / "calendar.yaml").write_text(
        "period: {start: 2016-01-01, end: 2017-12-31}\n", encoding="utf-8"
    )
    cal, _ = calendar.load((BUILTIN_DATA, tmp_path))
    from builder.annotate.date_expressions import find
    from builder.annotate.date_resolve import resolve

    (e,) = find("It happened on Saturday May 14.", cal)
    assert resolve(e, None, cal).value == "2016-05-14"




def test_a_user_calendar_adds_named_days_and_bad_ones_are_reported(tmp_path: Path):
    (tmp_path / "calendar.yaml").write_text(
        "named_days:\n  saint nicholas day: [12, 19]\n  leap day: [2, 30]\n"
        "country_days:\n  independence day: {lithuania: [2, 16]}\n",
        encoding="utf-8",
    )
    cal, problems = calendar.load((BUILTIN_DATA, tmp_path))
    assert [p.message for p in problems] == ["named_days: 'leap day' must be [month, day]"]
    from builder.annotate.date_expressions import find

    found = find("Children got gifts on Saint Nicholas Day, and on Lithuania's Independence Day "
                 "crowds marched, as on Christmas Day.", cal)
    assert [(e.span.text, e.month, e.day) for e in found] == [
        ("Saint Nicholas Day", 12, 19), ("Independence Day", 2, 16), ("Christmas Day", 12, 25)]
    # the built-in days stay, and a country's day needs its country
    assert find("Independence Day parades were cancelled.", cal) == ()


def test_a_calendar_word_yaml_reads_as_no_text_is_named_with_its_line(tmp_path: Path):
    """A bare off or number in a word list is named at its own line with the fix (quotes) and
    left out; a day's [month, day] numbers are not words, and are not named."""
    (tmp_path / "calendar.yaml").write_text(
        "vague:\n  - roughly speaking\n  - off\nnot_past: [1]\nnamed_days: {flag day: [8, 23]}\n",
        encoding="utf-8",
    )
    cal, problems = calendar.load((BUILTIN_DATA, tmp_path))
    path = str(tmp_path / "calendar.yaml")
    assert [(p.path, p.line) for p in problems] == [(path, 3), (path, 4)]
    assert 'YAML reads off as a boolean; write it in quotes, "off"' in problems[0].message
    assert "'not_past' must be a list of words or phrases: YAML reads 1 as a number" in (
        problems[1].message)
    assert "roughly speaking" in cal.vague and "about" in cal.vague
    assert not {"false", "off"} & cal.vague and "1" not in cal.not_past
    assert cal.named_days["flag day"] == (8, 23)
