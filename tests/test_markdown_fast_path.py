"""Plain one-line texts skip Python-Markdown; the result must be exactly what it would give."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder.markdown_render import _MARKUP, MarkdownRenderer
from builder.sanitize import Sanitizer

RENDERER = MarkdownRenderer("fr")
CLEANING = MarkdownRenderer("fr", Sanitizer())
# Letters (accented too), digits and the punctuation of ordinary French prose, plus the
# characters that start Markdown syntax, so both sides of the fast path get exercised.
PROSE = st.text(
    alphabet=st.sampled_from(list("abcéèàçôEÉZ0123456789 ,.;:?!'\"()%$/-+#|^*_[]<>&~=\u00a0")),
    min_size=1,
    max_size=40,
)


def slow(text: str) -> str:
    html = RENDERER.block(text, lambda url, image: url)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


@settings(max_examples=400, deadline=None)
@given(PROSE)
@example("---")
@example("0 ")
def test_the_fast_path_gives_what_markdown_gives(text: str) -> None:
    assert RENDERER.inline(text, lambda url, image: url) == slow(text)


def test_french_prose_with_colons_takes_the_fast_path() -> None:
    assert not _MARKUP.search("Réponse : oui ! C'est 100 % juste ; voyez (page 2).")


@settings(max_examples=400, deadline=None)
@given(PROSE)
@example("Réponse\u00a0: oui")
def test_the_paragraph_fast_path_gives_what_markdown_gives(text: str) -> None:
    """A feedback or an intro of one plain line: a paragraph, cleaned like any other."""
    assert CLEANING.block(text, keep) == CLEANING.finish(CLEANING.convert(text), keep)


def keep(url: str, image: bool) -> str:
    return url
