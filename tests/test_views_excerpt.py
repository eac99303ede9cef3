"""Excerpts on date and place pages read as text: they never start or end inside a word."""

from builder.render.views.formatting import sentence_around


def test_a_long_sentence_is_cut_at_a_word_and_says_so() -> None:
    text = "Intro. " + "Volodymyr Tymoshenko said that " * 8 + "on 24 February troops came."
    start = text.index("24 February")
    got = sentence_around(text, start, start + len("24 February"))
    assert got.startswith("… ") and got.split()[1] in {"Volodymyr", "Tymoshenko", "said", "that"}
    assert "24 February troops came." in got


def test_a_short_sentence_is_shown_whole() -> None:
    text = "First one. The strike came on Sunday night. Then more."
    start = text.index("Sunday")
    assert sentence_around(text, start, start + 6) == "The strike came on Sunday night."


def test_the_first_sentence_of_a_text_keeps_its_first_letter() -> None:
    text = "The missile was shot down on Saturday May 14. It fell."
    start = text.index("Saturday")
    got = sentence_around(text, start, start + len("Saturday May 14"))
    assert got == "The missile was shot down on Saturday May 14."


def test_a_sentence_long_after_the_mention_is_cut_at_a_word_and_says_so() -> None:
    text = "Officials said on Saturday that " + "forces were withdrawing and " * 12 + "more."
    start = text.index("Saturday")
    got = sentence_around(text, start, start + 8)
    assert got.startswith("Officials said on Saturday") and got.endswith(" …")
    assert got[: -len(" …")].endswith(("forces", "were", "withdrawing", "and"))


def test_a_long_texts_excerpt_from_its_start_alone_is_the_whole_texts() -> None:
    """excerpt() cuts a long text from its start only (fc75b28): the same cut as collapsing
    the whole text, whatever white space runs over the start's end or the limit."""
    import random

    from builder.render.views.formatting import excerpt

    def whole(text: str, limit: int) -> str:
        flat = " ".join(text.split())
        return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"

    draw = random.Random(5)
    pieces = ("word", "Київ", " ", "  ", "\n\n", "\t", "\u00a0", "a", "longerword", " \n ")
    for _ in range(3000):
        limit = draw.randint(1, 60)
        text = "".join(draw.choices(pieces, k=draw.randint(1, 120)))
        assert excerpt(text, limit) == whole(text, limit), (text, limit)


def test_a_quotation_mark_whose_pair_is_outside_the_excerpt_is_dropped() -> None:
    # The page puts the excerpt in quotation marks of its own: no "““Russia probably ...".
    text = "The ministry tweeted:\n“Russia probably suffered losses in February.\n“More."
    start = text.index("February")
    assert sentence_around(text, start, start + 8) == "Russia probably suffered losses in February."
    text = 'Intro.\n"We will hold on until March.\nMore.'
    start = text.index("March")
    assert sentence_around(text, start, start + 5) == "We will hold on until March."
    text = "“We will hold,” he said in March. Then more."
    start = text.index("March")
    assert sentence_around(text, start, start + 5) == "“We will hold,” he said in March."
