"""The source registry and cue files: loading, user overrides, file:line diagnostics, matching."""

from __future__ import annotations

from pathlib import Path

from builder.knowledge import cues, registry
from tests.claimcheck import knowledge

BUILTIN = Path(__file__).resolve().parent.parent / "builder" / "data"


def test_builtin_registry_loads_cleanly_with_hundreds_of_sources():
    reg, diags = registry.load((BUILTIN,))
    assert diags == ()
    assert len(reg.entries) >= 300
    kinds = {e.kind for e in reg.entries.values()}
    assert {"government", "military", "official", "media", "analyst", "international"} <= kinds


def test_spelling_variants_name_one_source():
    reg = knowledge().sources
    text = "Zelensky, Zelenskyy and Zelenskiy met Hannah Maryal and Hanna Maliar; TASS and Reuters."
    found = {(text[m.start:m.end], m.id) for m in reg.find(text)}
    assert ("Zelenskyy", "volodymyr-zelensky") in found
    assert ("Zelenskiy", "volodymyr-zelensky") in found
    assert ("Hannah Maryal", "hanna-maliar") in found
    assert ("TASS", "tass") in found and ("Reuters", "reuters") in found


def test_capitalised_names_are_not_matched_in_lower_case():
    reg = knowledge().sources
    assert not [m for m in reg.find("the independent commission said") if m.id == "the-independent"]
    found = [m.id for m in reg.find("Russia's defence ministry said")]
    assert found == ["russian-ministry-of-defence"]


def test_a_user_file_adds_and_overrides_by_id(tmp_path):
    (tmp_path / "sources.yaml").write_text(
        "sources:\n"
        "- {id: reuters, name: Reuters News, kind: media, affiliation: UK}\n"
        "- {id: oleh-zhdanov, name: Oleh Zhdanov, kind: analyst, affiliation: Ukraine,"
        " type: person}\n",
        encoding="utf-8",
    )
    reg, diags = registry.load((BUILTIN, tmp_path))
    assert diags == ()
    assert reg.get("reuters").name == "Reuters News" and reg.get("reuters").affiliation == "UK"
    assert [m.id for m in reg.find("Zhdanov said")] == ["oleh-zhdanov"]


def test_problems_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "- {id: Bad Id, name: X, kind: media, affiliation: UK}\n"
        "- {id: ok-one, name: Y, kind: media}\n"
        "- {id: ok-two, name: Z, kind: media, affiliation: UK, colour: red}\n"
        "- {id: ok-three, name: W, kind: media, affiliation: UK, type: robot}\n",
        encoding="utf-8",
    )
    _, diags = registry.load((tmp_path,))
    lines = sorted((d.line, d.message) for d in diags)
    assert [line for line, _ in lines] == [2, 3, 4, 5]
    assert "not a lowercase ASCII slug" in lines[0][1]
    assert "missing affiliation" in lines[1][1]
    assert "unknown key 'colour'" in lines[2][1]
    assert all(str(d).startswith(f"{path}:") for d in diags)


def test_cue_files_extend_lists_and_report_bad_sections(tmp_path):
    (tmp_path / "cues.yaml").write_text(
        "speech_verbs:\n  clause: [grumbled]\nnot_content: 12\nsurprise: []\n", encoding="utf-8"
    )
    loaded, diags = cues.load((BUILTIN, tmp_path))
    assert loaded.frames("grumbled") == {"clause"} and "said" in loaded.verb_frames
    messages = sorted((d.line, d.message) for d in diags)
    assert messages[0][0] == 3 and "not_content" in messages[0][1]
    assert messages[1][0] == 4 and "unknown key 'surprise'" in messages[1][1]


def test_a_cue_word_yaml_reads_as_a_boolean_is_named_with_its_line(tmp_path: Path):
    """A bare no/on/yes in a cue list is a YAML boolean: the error names its line and the fix."""
    (tmp_path / "cues.yaml").write_text(
        "not_content:\n  - said in passing\n  - no\n  - '12'\n", encoding="utf-8"
    )
    loaded, diags = cues.load((BUILTIN, tmp_path))
    (problem,) = diags
    assert problem.path.endswith("cues.yaml") and problem.line == 3
    assert 'YAML reads no as a boolean; write it in quotes, "no"' in problem.message
    assert "said" in loaded.verb_frames  # the built-in cues still load


def test_a_site_cue_file_naming_a_retired_list_is_told_it_is_unknown(tmp_path: Path):
    """not_speech was read by no annotator: a site cues.yaml still naming it hears so."""
    (tmp_path / "cues.yaml").write_text("not_speech: [read]\n", encoding="utf-8")
    _, diags = cues.load((BUILTIN, tmp_path))
    (problem,) = diags
    assert problem.line == 1 and "unknown key 'not_speech'" in problem.message


def test_a_cue_word_yaml_reads_as_no_text_is_named_in_a_nested_list_too(tmp_path: Path):
    """speech_verbs' lists are looked at as the top-level ones are: the entry goes, the rest
    of the list stays."""
    (tmp_path / "cues.yaml").write_text(
        "speech_verbs:\n  clause:\n    - grumbled\n    - 7\n", encoding="utf-8"
    )
    loaded, diags = cues.load((BUILTIN, tmp_path))
    (problem,) = diags
    assert problem.line == 4 and "'clause' must be a list of words or phrases" in problem.message
    assert 'YAML reads 7 as a number; write it in quotes, "7"' in problem.message
    assert loaded.frames("grumbled") == {"clause"} and not loaded.frames("7")


def test_a_key_given_twice_inside_a_cue_section_is_named_with_its_line(tmp_path: Path):
    """YAML keeps the second of two equal keys silently: a country's prefixes given twice in
    anonymous.prefixes (it happened in the shipped file) is reported where the second is."""
    (tmp_path / "cues.yaml").write_text(
        "anonymous:\n  prefixes:\n    Kazakhstan: [kazakh]\n    Kazakhstan: [kazakh, Kazakh]\n",
        encoding="utf-8",
    )
    _, diags = cues.load((BUILTIN, tmp_path))
    (problem,) = diags  # the shipped cues.yaml gives none
    assert problem.path.endswith("cues.yaml") and problem.line == 4
    assert problem.message == "'Kazakhstan' is given twice"


def test_a_registry_alias_yaml_reads_as_no_text_is_named_with_its_line(tmp_path: Path):
    """A bare `no` or number among a source's aliases or roles is named at its own line with
    the fix, and left out; the source and its other names stay."""
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "- id: radio-no\n"
        "  name: Radio Nord\n"
        "  kind: media\n"
        "  affiliation: UK\n"
        "  aliases:\n"
        "    - Nord Radio\n"
        "    - no\n"
        "  roles: [station, 1]\n",
        encoding="utf-8",
    )
    loaded, diags = registry.load((tmp_path,))
    assert [(d.line, d.message) for d in diags] == [
        (8, "'aliases' must be a list of words or phrases: YAML reads no as a boolean; "
            'write it in quotes, "no"'),
        (9, "'roles' must be a list of words or phrases: YAML reads 1 as a number; "
            'write it in quotes, "1"'),
    ]
    assert all(str(d).startswith(f"{path}:") for d in diags)
    entry = loaded.get("radio-no")
    assert entry is not None and entry.aliases == ("Nord Radio",) and entry.roles == ("station",)
