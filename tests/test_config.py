"""site.yaml: defaults, validation with line numbers and hints, base_url normalisation."""

from __future__ import annotations

from pathlib import Path

from builder.model import SiteConfig
from builder.read.config import load_config, parse_config


def messages(text: str) -> list[str]:
    return [str(d) for d in parse_config(text)[1]]


def test_a_missing_site_yaml_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "site.yaml") == (SiteConfig(), ())


def test_an_empty_site_yaml_gives_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("# nothing yet\n")
    assert load_config(tmp_path / "site.yaml") == (SiteConfig(), ())


def test_values_are_read_and_base_url_ends_with_a_slash(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "\ufefftitle: War Archive\r\nbase_url: https://example.github.io/archive\r\n"
        "language: en-GB\r\nseeds_dir: articles\r\ndata_dirs: [mydata]\r\n"
    )
    config, problems = load_config(tmp_path / "site.yaml")
    assert problems == ()
    assert (config.title, config.base_url, config.language) == (
        "War Archive",
        "https://example.github.io/archive/",
        "en-GB",
    )
    assert (config.seeds_dir, config.data_dirs, config.output_dir) == (
        "articles",
        ("mydata",),
        "site",
    )


def test_base_url_slash_is_normalised_once() -> None:
    assert parse_config("base_url: /archive//\n")[0].base_url == "/archive/"
    assert parse_config("base_url: /\n")[0].base_url == "/"


def test_unknown_key_names_key_and_line_with_a_hint() -> None:
    assert messages("title: X\nbase_ulr: /\n") == [
        "site.yaml:2: error: unknown key 'base_ulr' in site.yaml (did you mean 'base_url'?)"
    ]


def test_wrong_types_name_key_line_and_expected_type() -> None:
    assert messages("title: [a, b]\nlanguage: 3\ndata_dirs: {a: 1}\n") == [
        "site.yaml:1: error: 'title' must be text, found a list",
        "site.yaml:2: error: 'language' must be text, found a number",
        "site.yaml:3: error: 'data_dirs' must be a list of folders, found a mapping",
    ]


def test_invalid_values_are_errors_and_the_rest_is_kept() -> None:
    config, problems = parse_config("title: Kept\nbase_url: not a url\nlanguage: english!\n")
    assert config.title == "Kept" and config.base_url == "/"
    assert [d.line for d in problems] == [2, 3]


def test_broken_yaml_names_its_line() -> None:
    (message,) = messages("title: X\nbase_url: [a,\nlanguage: en\n")
    assert message.startswith("site.yaml:4: error: invalid YAML")


def test_a_list_at_the_top_is_an_error() -> None:
    assert messages("- a\n- b\n") == ["site.yaml:1: error: expected keys, found a list"]


def test_a_key_given_twice_is_an_error() -> None:
    assert messages("title: A\ntitle: B\n") == ["site.yaml:2: error: 'title' is given twice"]
