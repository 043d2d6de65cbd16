"""Plain one-line texts skip Python-Markdown; the result must be exactly what it would give."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder.markdown_render import _MARKUP, MarkdownRenderer

RENDERER = MarkdownRenderer("fr")
# Letters (accented too), digits and the punctuation of ordinary French prose, plus the
# characters that start Markdown syntax, so both sides of the fast path get exercised.
PROSE = st.text(
    alphabet=st.sampled_from(list("abcéèàçôEÉZ0123456789 ,.;:?!'\"()%$/-+#|^*_[]<>&~=")),
    min_size=1,
    max_size=40,
)


def slow(text: str) -> str:
    html = RENDERER._convert(text, lambda url, image: url)
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
