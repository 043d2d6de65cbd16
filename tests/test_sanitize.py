"""Raw HTML in lessons: what the sanitizer keeps, what it removes, and what the author is told."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers_courses import COURSE_YML, check_course, rendered, write_course

from builder.build import check
from builder.diagnostics import Reporter
from builder.load import find_courses
from builder.markdown_render import MarkdownRenderer
from builder.model import HtmlAllowance
from builder.render import render
from builder.sanitize import Sanitizer
from builder.theme import Theme

SHIPPED = find_courses(Path(__file__).resolve().parents[1] / "courses")

#: Every construct our Markdown extensions produce, written the way authors write them.
EVERY_FEATURE = """\
Du *texte*, du **gras**, ==surligné==, ~~barré~~, H~2~O, `code`, <kbd>Ctrl</kbd>, x<sup>2</sup>.
Une note[^1] et [un lien](https://openimis.org "openIMIS"), ![Logo](data:image/png;base64,AA==).

!!! note "À retenir"
    Une remarque.

??? tip "Plus de détails"
    Un détail.

| Gauche | Centre | Droite |
|:-------|:------:|-------:|
| a      | b      | c      |

Terme
:   Sa définition.

1. un
2. deux

3) trois

```python
print("<b>")
```

*[IMIS]: Insurance Management Information System

L'IMIS est libre.

<details><summary>Résumé</summary><p>Caché.</p></details>

<figure><img src="data:image/png;base64,AA==" alt="x" width="10" height="10"><figcaption>Une
figure</figcaption></figure>

<!--cp-check:0-->

<div class="encadre" markdown>
Un *encadré*.
</div>

Un paragraphe avec une classe.
{: .important #intro }

[^1]: La note.
"""


def markdown_output(text: str, language: str = "fr") -> str:
    return MarkdownRenderer(language).block(text, lambda url, is_image: url)


class _Tokens(HTMLParser):
    """HTML as the browser reads it: "&quot;" and '"' in a text are the same thing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data))


def tokens(html: str) -> list[tuple[Any, ...]]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def test_our_markdown_passes_unchanged() -> None:
    html = markdown_output(EVERY_FEATURE)
    assert '<th align="center">' in html and "style=" not in html
    assert "<!--cp-check:0-->" in html and 'class="footnote"' in html
    sanitizer = Sanitizer()
    assert sanitizer.removals(html) == []
    assert tokens(sanitizer.clean(html)) == tokens(html)


@pytest.mark.parametrize("course_dir", SHIPPED, ids=lambda path: path.name)
def test_shipped_courses_render_the_same_with_the_sanitizer(course_dir: Path) -> None:
    [course] = check([course_dir], Reporter())
    plain = MarkdownRenderer(course.language)
    for module in course.modules:
        for lesson in module.lessons:
            html = plain.block(lesson.body, lambda url, is_image: url)
            assert tokens(Sanitizer(course.html).clean(html)) == tokens(html), lesson.source


HOSTILE = [
    ('<script>alert("x")</script>Fin', "Fin"),
    ("<style>body{display:none}</style>Fin", "Fin"),
    (
        '<img src="data:image/png;base64,AA==" onerror="alert(1)">',
        '<img src="data:image/png;base64,AA==">',
    ),
    ('<a href="javascript:alert(1)">lien</a>', "<a>lien</a>"),
    ('<a href="  JaVaScRiPt:alert(1)">lien</a>', "<a>lien</a>"),
    ('<a href="data:text/html,<script>alert(1)</script>">lien</a>', "<a>lien</a>"),
    ('<a href="vbscript:msgbox(1)">lien</a>', "<a>lien</a>"),
    ('<iframe src="https://example.com"></iframe>Fin', "Fin"),
    ('<div style="position:fixed">x</div>', "<div>x</div>"),
    ('<div id="cp-main">x</div>', "<div>x</div>"),
    ("<svg><script>alert(1)</script></svg>Fin", "Fin"),
    ('<form action="https://example.com"><input name="q"></form>Fin', "Fin"),
    ('<object data="x.swf"></object>Fin', "Fin"),
    ('<blockquote cite="javascript:alert(1)">x</blockquote>', "<blockquote>x</blockquote>"),
]


@pytest.mark.parametrize(("written", "kept"), HOSTILE)
def test_hostile_html_is_cut_and_reported(written: str, kept: str) -> None:
    sanitizer = Sanitizer()
    assert sanitizer.clean(written) == kept
    assert sanitizer.removals(written) != []


def test_a_course_may_allow_more() -> None:
    written = '<video controls data-x="1">Vidéo</video>'
    assert Sanitizer().clean(written) == "Vidéo"
    allowance = HtmlAllowance(tags=("video",), attributes=(("video", ("controls",)),))
    assert Sanitizer(allowance).clean(written) == '<video controls="">Vidéo</video>'
    assert [r.needle for r in Sanitizer(allowance).removals(written)] == ["data-x"]


def test_removals_are_warnings_at_the_line_written(tmp_path: Path) -> None:
    lesson = (
        "---\ntitle: Accueil\n---\n\nBienvenue.\n\n<script>alert(1)</script>\n\n"
        '<p class="note" onclick="go()">Cliquez</p>\n\nUn paragraphe.\n{: onmouseover="x()" }\n'
    )
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson})
    courses, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:7:1: warning: raw HTML: removed the <script> element and "
        "its content: a course runs no scripts or styles of its own (restyle it with a _theme "
        "folder) [html.removed]",
        "cours/01-bases/01-accueil.md:9:17: warning: raw HTML: removed the 'onclick' attribute "
        "of <p>: event handlers and inline styles never run in a course (use a class) "
        "[html.removed]",
        "cours/01-bases/01-accueil.md:12:4: warning: raw HTML: removed the 'onmouseover' "
        "attribute of <p>: event handlers and inline styles never run in a course (use a "
        "class) [html.removed]",
    ]
    html = render(courses[0], Theme.for_course(course)).pages[0].html
    assert "script" not in html and "onclick" not in html and "onmouseover" not in html
    assert '<p class="note">Cliquez</p>' in html


def test_quiz_texts_are_cleaned_and_reported_at_their_key(tmp_path: Path) -> None:
    quiz = (
        "questions:\n  - prompt: Quoi <b onclick=go()>ici</b> ?\n    choices:\n"
        "      - text: Oui\n        correct: true\n      - text: Non\n"
    )
    course = write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz})
    courses, reporter = check_course(course)
    assert [d.render(tmp_path) for d in reporter.diagnostics] == [
        "cours/01-bases/quiz.yml:2:13: warning: raw HTML: removed the 'onclick' attribute of "
        "<b>: event handlers and inline styles never run in a course (use a class) "
        "[html.removed]"
    ]
    [quiz_view] = render(courses[0], Theme.for_course(course)).quizzes
    assert "onclick" not in quiz_view.questions[0].prompt_html


@pytest.mark.parametrize("tag", ["noembed", "noframes", "noscript", "plaintext", "xmp"])
def test_a_course_cannot_allow_tags_whose_content_the_parser_reads_raw(
    tag: str, tmp_path: Path
) -> None:
    config = COURSE_YML.format(id="essai") + f"html:\n  allow_tags: [{tag}]\n"
    course = write_course(tmp_path / "cours", {"course.yml": config})
    _, reporter = check_course(course)
    assert [(d.location.line, d.code, d.message) for d in reporter.sorted()] == [
        (
            6,
            "html.forbidden",
            f"the '{tag}' tag can never be allowed: scripts, styles, frames, forms and event "
            "handlers could run code or load from outside the course; remove it",
        )
    ]


def test_allowed_html_is_kept_without_warning(tmp_path: Path) -> None:
    config = COURSE_YML.format(id="essai") + "html:\n  allow_tags: [video]\n"
    lesson = "---\ntitle: Accueil\n---\n\n<video>Votre navigateur ne lit pas la vidéo.</video>\n"
    course = write_course(
        tmp_path / "cours", {"course.yml": config, "01-bases/01-accueil.md": lesson}
    )
    courses, reporter = check_course(course)
    assert reporter.diagnostics == []
    assert "<video>" in render(courses[0], Theme.for_course(course)).pages[0].html


def test_a_course_cannot_allow_scripts_or_handlers(tmp_path: Path) -> None:
    config = COURSE_YML.format(id="essai") + (
        "html:\n  allow_tags: [script, Video]\n  allow_attributes:\n"
        "    '*': [onclick, style]\n    iframe: [src]\n    tr: []\n"
    )
    course = write_course(tmp_path / "cours", {"course.yml": config})
    _, reporter = check_course(course)
    assert [(d.location.line, d.code) for d in reporter.sorted()] == [
        (6, "html.forbidden"),
        (6, "schema.pattern"),
        (8, "html.forbidden"),
        (8, "html.forbidden"),
        (9, "html.forbidden"),
        (10, "schema.empty"),
    ]
