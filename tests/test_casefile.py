"""The case-file notation itself: what the other case tests rely on."""

from tests.casefile import load_cases, parse_marked


def test_nested_marks_give_offsets_into_plain_text():
    text, found = parse_marked(
        "[Hanna Maliar]{source:hanna-maliar} said [troops left [Izium]{place:izium}]"
        "{reported:hanna-maliar via:kyiv-independent}"
    )
    assert text == "Hanna Maliar said troops left Izium"
    kinds = {(e.kind, e.value, e.text) for e in found}
    assert ("source", "hanna-maliar", "Hanna Maliar") in kinds
    assert ("place", "izium", "Izium") in kinds
    claim = next(e for e in found if e.kind == "reported")
    assert claim.text == "troops left Izium" and claim.extra == {"via": "kyiv-independent"}
    assert all(text[e.start : e.end] == e.text for e in found)


def test_escaped_brackets_are_literal():
    text, found = parse_marked(r"a \[sic\] b")
    assert text == "a [sic] b" and found == []


def test_case_file_splits_cases_and_reads_context(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text(
        "# comment\n@published 2022-05-15\n[May 14]{date:2022-05-14}\n---\nplain\n\nsecond para\n"
    )
    cases = load_cases(f)
    assert [c.text for c in cases] == ["May 14", "plain\n\nsecond para"]
    assert cases[0].context == {"published": "2022-05-15"} and cases[1].context == {}
    assert cases[1].document().paragraphs[1].text == "second para"
