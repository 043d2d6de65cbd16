"""One test per diagnostic code: the exact lines an author reads for a tiny broken course.

Each case is a folder ``tests/roots/err-<code with dots as dashes>/``, checked through the same
stage the CLI calls; test_cli.py runs the installed ``coursepack`` script on some of them.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_courses import (
    ROOTS,
    check_course,
    rendered,
    write_course,
    write_files,
)

from builder.cli import cli
from builder.textfile import MAX_TEXT_BYTES

BUILDER = Path(__file__).resolve().parents[1] / "builder"
AUTHORING = Path(__file__).resolve().parents[1] / "docs" / "en" / "authoring.md"

#: code -> every line ``coursepack check`` prints for ``tests/roots/err-<code>/`` (sorted order).
EXPECTED: dict[str, list[str]] = {
    "yaml.syntax": [
        "err-yaml-syntax/course.yml:5:23: error: YAML syntax error: mapping values are not "
        "allowed here; a text containing ': ' (common in French typography) must be put in "
        "quotes [yaml.syntax]",
    ],
    "asset.cleaned": [
        "err-asset-cleaned/01-bases/evil.html:6:1: warning: removed what would run or load "
        "from elsewhere if this file were opened on its own: <script>, the 'onload' attribute"
        " of <body>; it ships without them [asset.cleaned]",
        "err-asset-cleaned/01-bases/evil.svg:2:1: warning: removed what would run or load "
        "from elsewhere if this file were opened on its own: the 'onload' attribute of <svg>,"
        " <script>; it ships without them [asset.cleaned]",
        "err-asset-cleaned/01-bases/evil.xml:4:1: warning: removed what would run or load "
        "from elsewhere if this file were opened on its own: <script>, <img>; it ships "
        "without them [asset.cleaned]",
    ],
    "asset.malformed": [
        "err-asset-malformed/01-bases/01-accueil.md:5:18: error: 'schema.svg' cannot be "
        "cleaned of scripts, so it cannot be shipped: it is not well-formed XML (Opening and "
        "ending tag mismatch: text line 2 and svg, line 3, column 7), at line 3 of the file; "
        "save it again from the program that made it [asset.malformed]",
    ],
    "asset.refused": [
        "err-asset-refused/01-bases/01-accueil.md:5:17: error: 'fiche.xhtml' cannot be "
        "shipped: a browser runs the scripts of a .xhtml file opened on its own, and "
        "coursepack cleans only .html files; save it as .html [asset.refused]",
    ],
    "theme.locale": [
        "err-theme-locale/_theme/locales/fr.json:4:1: error: this file of interface texts cannot "
        "be used: it is not valid JSON (Expecting property name enclosed in double quotes); fix "
        "it, or delete it to use the default texts [theme.locale]",
    ],
    "theme.script": [
        "err-theme-script/_theme/static/quiz.js:3:16: error: this player script is not valid "
        "ES5: Unexpected ';' at 3:16 between '=' at 3:14 and '}' at 4:1; fix it, or delete it "
        "from the course's theme folder to use the default one [theme.script]",
        "err-theme-script/course.yml:5:16: warning: the course's theme ships its own scripts, "
        "which run in the browser of every learner: _theme/static/quiz.js; build only scripts "
        "you have read [theme.scripts-allowed]",
    ],
    "theme.script-not-allowed": [
        "err-theme-script-not-allowed/_theme/static/player.js:1:1: error: this script would run "
        "in the browser of every learner, which a course's theme may do only when course.yml "
        "says 'theme_scripts: true'; add that line if you trust the script, or delete it to use "
        "the default player [theme.script-not-allowed]",
    ],
    "theme.scripts-allowed": [
        "err-theme-scripts-allowed/course.yml:5:16: warning: the course's theme ships its own "
        "scripts, which run in the browser of every learner: _theme/static/house.js; build only "
        "scripts you have read [theme.scripts-allowed]",
    ],
    "theme.unsafe-template": [
        "err-theme-unsafe-template/_theme/templates/page.html:3:38: error: this template reaches "
        "into Python ('__init__'), which could run programs on this computer; a course's "
        "template may only show the values coursepack gives it: remove it "
        "[theme.unsafe-template]",
        "err-theme-unsafe-template/_theme/templates/page.html:3:47: error: this template reaches "
        "into Python ('__globals__'), which could run programs on this computer; a course's "
        "template may only show the values coursepack gives it: remove it "
        "[theme.unsafe-template]",
    ],
    "theme.template-syntax": [
        "err-theme-template-syntax/_theme/templates/page.html:3:1: error: this template cannot "
        "be read: Unexpected end of template. Jinja was looking for the following tags: 'elif' "
        "or 'else' or 'endif'. The innermost block that needs to be closed is 'if'; fix it, or "
        "delete it from the course's theme folder to use the default one "
        "[theme.template-syntax]",
    ],
    "theme.template-error": [
        "err-theme-template-error/_theme/templates/page.html:3:1: error: this template fails "
        "when the course is rendered: 'lesson' is undefined; fix it, or delete it from the "
        "course's theme folder to use the default one [theme.template-error]",
    ],
    "yaml.duplicate-key": [
        "err-yaml-duplicate-key/course.yml:5:1: error: key 'title' appears twice "
        "(first on line 2); keep one [yaml.duplicate-key]",
    ],
    "yaml.key": [
        "err-yaml-key/01-bases/module.yml:2:1: error: a key must be a plain word [yaml.key]",
    ],
    "yaml.value": [
        "err-yaml-value/course.yml:6:3: error: '<<' merges the keys of a mapping: write "
        "'<<: *name', where '&name' marks a mapping, or '<<: [*one, *two]' [yaml.value]",
    ],
    "file.encoding": [
        "err-file-encoding/01-bases/01-accueil.md:5:27: error: file is not valid UTF-8; "
        "save it as UTF-8 in your editor [file.encoding]",
    ],
    "schema.type": [
        "err-schema-type/course.yml:5:10: error: 'authors' must be a list of text, "
        "not 'Équipe coursepack' [schema.type]",
    ],
    "schema.pattern": [
        "err-schema-pattern/course.yml:1:5: error: 'id' is 'découvrir openimis': use letters, "
        "digits, '-' and '_', starting with a letter (no spaces or accents) [schema.pattern]",
    ],
    "schema.too-long": [
        "err-schema-too-long/course.yml:4:10: error: 'version' is 29 characters long; "
        "keep it to 20 or fewer [schema.too-long]",
    ],
    "schema.range": [
        "err-schema-range/course.yml:5:12: error: 'pass_mark' is 120; "
        "it must be between 0 and 100 [schema.range]",
    ],
    "schema.choice": [
        "err-schema-choice/01-bases/quiz.yml:2:11: error: 'type' is 'multiples'; use one of: "
        "single, multiple, true-false, fill-in, numeric, matching, ordering (did you mean "
        "'multiple'?) [schema.choice]",
    ],
    "schema.empty": [
        "err-schema-empty/01-bases/quiz.yml:4:7: error: 'choices' needs at least 2 item(s) "
        "[schema.empty]",
    ],
    "schema.unknown-key": [
        "err-schema-unknown-key/01-bases/quiz.yml:5:9: error: unknown key 'corect' in choice "
        "(did you mean 'correct'?) [schema.unknown-key]",
    ],
    "schema.missing-key": [
        "err-schema-missing-key/course.yml:1:1: error: course.yml is missing the required key "
        "'version' [schema.missing-key]",
    ],
    "lesson.unclosed-front-matter": [
        "err-lesson-unclosed-front-matter/01-bases/01-accueil.md:1:1: error: front matter "
        "starts with '---' but is never closed; add a '---' line after it "
        "[lesson.unclosed-front-matter]",
    ],
    "lesson.unclosed-fence": [
        "err-lesson-unclosed-fence/01-bases/01-accueil.md:7:1: error: the ```quiz block is "
        "never closed; add a line with ``` after it [lesson.unclosed-fence]",
    ],
    "lesson.indented-quiz": [
        "err-lesson-indented-quiz/01-bases/01-accueil.md:8:1: warning: this ```quiz block is "
        "indented, so it shows as code; start it at the beginning of a line (a quiz cannot sit "
        "inside a note or a list) [lesson.indented-quiz]",
    ],
    "lesson.no-title": [
        "err-lesson-no-title/01-bases/01-accueil.md:1:1: error: the lesson has no title; "
        "add 'title:' in its front matter or start with '# Title' [lesson.no-title]",
    ],
    "course.empty": [
        "err-course-empty/course.yml:1:1: error: the course has no modules; add a folder with "
        "at least one lesson (.md file) [course.empty]",
    ],
    "course.unknown-module": [
        "err-course-unknown-module/course.yml:6:5: error: 'modules' names '01-base', which is "
        "not a module folder (did you mean '01-bases'?) [course.unknown-module]",
    ],
    "course.unlisted-module": [
        "err-course-unlisted-module/course.yml:6:3: error: module folder '02-annexes' is not "
        "listed in 'modules', so it would be left out of the course; add it to the list, or "
        "rename it with a leading '_' to set it aside [course.unlisted-module]",
    ],
    "course.quiz-without-lessons": [
        "err-course-quiz-without-lessons/02-evaluation/quiz.yml:1:1: warning: this folder has a "
        "quiz.yml but no lesson (.md file), so it is not a module and the quiz is left out; add "
        "a lesson or move the quiz [course.quiz-without-lessons]",
    ],
    "course.not-found": [
        "err-course-not-found:1:1: error: not a course folder: there is no course.yml in it "
        "[course.not-found]",
    ],
    "course.duplicate-module": [
        "err-course-duplicate-module/course.yml:8:5: error: 'modules' lists '01-bases' twice; "
        "keep one [course.duplicate-module]",
    ],
    "course.no-graded-quiz": [
        "err-course-no-graded-quiz/course.yml:6:11: error: 'status: passed-failed' needs a "
        "graded quiz (a quiz.yml in a module); add one or use 'status: completed' "
        "[course.no-graded-quiz]",
    ],
    "id.duplicate": [
        "err-id-duplicate/01-bases/quiz.yml:8:9: error: question id 'pays' is already used by "
        "01-bases/quiz.yml:2:9; give each question a different name [id.duplicate]",
    ],
    "quiz.no-correct": [
        "err-quiz-no-correct/01-bases/quiz.yml:2:5: error: question has no correct answer; "
        "mark the right choice with 'correct: true' [quiz.no-correct]",
    ],
    "quiz.several-correct": [
        "err-quiz-several-correct/01-bases/quiz.yml:2:5: error: single-choice question has 2 "
        "correct choices; keep one, or set 'type: multiple' [quiz.several-correct]",
    ],
    "quiz.no-answer": [
        "err-quiz-no-answer/01-bases/01-accueil.md:8:1: error: true-false question has no "
        "'answer'; add 'answer: true' or 'answer: false' [quiz.no-answer]",
    ],
    "quiz.choices-not-allowed": [
        "err-quiz-choices-not-allowed/01-bases/quiz.yml:5:5: error: a true-false question "
        "takes 'answer: true' or 'answer: false', not 'choices' [quiz.choices-not-allowed]",
    ],
    "quiz.answer-not-allowed": [
        "err-quiz-answer-not-allowed/01-bases/quiz.yml:3:5: error: 'answer' is for true-false "
        "and numeric questions; in a single-choice question mark the right choices with "
        "'correct: true' [quiz.answer-not-allowed]",
    ],
    "quiz.key-not-for-type": [
        "err-quiz-key-not-for-type/01-bases/quiz.yml:3:5: error: 'partial_credit' has no "
        "meaning in a single-choice question, which uses 'choices' [quiz.key-not-for-type]",
    ],
    "quiz.bad-answer": [
        "err-quiz-bad-answer/01-bases/quiz.yml:4:13: error: a numeric question's 'answer' is a "
        "number [quiz.bad-answer]",
    ],
    "quiz.answer-and-range": [
        "err-quiz-answer-and-range/01-bases/quiz.yml:5:5: error: use either 'answer' (with "
        "'tolerance') or 'range', not both [quiz.answer-and-range]",
    ],
    "quiz.bad-range": [
        "err-quiz-bad-range/01-bases/quiz.yml:4:12: error: 'range' is [lowest, highest]: two "
        "numbers, the lowest first [quiz.bad-range]",
    ],
    "quiz.no-pairs": [
        "err-quiz-no-pairs/01-bases/quiz.yml:2:5: error: matching question has no 'pairs'; list "
        "at least two, each with left and right [quiz.no-pairs]",
    ],
    "quiz.no-sequence": [
        "err-quiz-no-sequence/01-bases/quiz.yml:2:5: error: ordering question has no "
        "'sequence'; list its items in the right order [quiz.no-sequence]",
    ],
    "quiz.duplicate-option": [
        "err-quiz-duplicate-option/01-bases/quiz.yml:9:9: error: 'right' 'Afrique' appears "
        "twice in 'pairs'; each must be different [quiz.duplicate-option]",
    ],
    "quiz.too-many-options": [
        "err-quiz-too-many-options/01-bases/quiz.yml:4:5: error: 'sequence' has 27 items; SCORM "
        "names each with a letter, so keep 26 or fewer [quiz.too-many-options]",
    ],
    "quiz.draw-too-many": [
        "err-quiz-draw-too-many/01-bases/quiz.yml:1:7: error: 'draw' is 3 but the quiz has 2 "
        "questions; draw fewer or add questions [quiz.draw-too-many]",
    ],
    "quiz.no-choices": [
        "err-quiz-no-choices/01-bases/quiz.yml:2:5: error: multiple-choice question has no "
        "'choices'; list at least two [quiz.no-choices]",
    ],
    "link.missing": [
        "err-link-missing/01-bases/01-accueil.md:7:23: error: 'images/connexion.png' points to "
        "a file that does not exist [link.missing]",
    ],
    "link.outside": [
        "err-link-outside/01-bases/01-accueil.md:7:39: error: '../../guide-point-focal.pdf' "
        "points outside the course folder; copy the file into the course and link to the copy "
        "[link.outside]",
    ],
    "link.absolute": [
        "err-link-absolute/01-bases/01-accueil.md:7:9: error: '/images/logo.svg' is an absolute "
        "path; write it relative to the lesson, e.g. 'images/x.png' [link.absolute]",
    ],
    "link.unsafe": [
        "err-link-unsafe/01-bases/01-accueil.md:7:13: error: "
        "'file:///C:/Formations/manuel-openimis.pdf' uses the 'file:' scheme, which is not "
        "allowed; use a relative path or an http(s) address [link.unsafe]",
    ],
    "link.remote-image": [
        "err-link-remote-image/01-bases/01-accueil.md:7:18: error: image "
        "'https://openimis.org/logo.png' would be downloaded from the internet; save the image "
        "in the course folder and point to it with a relative path [link.remote-image]",
    ],
    "link.raw-html": [
        "err-link-raw-html/01-bases/01-accueil.md:7:11: error: 'images/accueil.svg' is written "
        "in raw HTML <img>, which coursepack neither checks nor packages; write it in Markdown: "
        "[text](path) or ![description](path) [link.raw-html]",
    ],
    "link.not-a-lesson": [
        "err-link-not-a-lesson/01-bases/01-accueil.md:7:30: error: '../NOTES.md' is a Markdown "
        "file but not a lesson of this course [link.not-a-lesson]",
    ],
    "link.malformed": [
        "err-link-malformed/01-bases/01-accueil.md:7:27: error: 'http://[serveur-test]/openimis' "
        "is not a well-formed address: after '//', square brackets may only hold an IP address; "
        "correct the address [link.malformed]",
    ],
    "link.too-long": [
        "err-link-too-long/01-bases/01-accueil.md:7:17: error: '"
        + "documents-de-reference-du-ministere/" * 5
        + "organigramme.png' leads to a path of 205 characters in the course; keep paths to 160 "
        "characters and names to 255 bytes (move the file up or shorten its folder names) "
        "[link.too-long]",
    ],
    "yaml.tag": [
        "err-yaml-tag/course.yml:5:10: error: the YAML tag '!!timestamp' has no use in a course "
        "file; remove it (and put the value in quotes if it is text) [yaml.tag]",
    ],
    "yaml.too-complex": [
        "err-yaml-too-complex/course.yml:5:19: error: values are nested more than 32 levels deep "
        "here; check the brackets and the indentation (an alias used inside itself, *name, also "
        "does this) [yaml.too-complex]",
    ],
    "file.not-a-file": [
        "err-file-not-a-file/01-bases/quiz.yml:1:1: error: 'quiz.yml' is a folder, but a file is "
        "expected here; rename or remove it [file.not-a-file]",
    ],
    "html.removed": [
        "err-html-removed/01-bases/01-accueil.md:7:20: warning: raw HTML: removed the 'onclick' "
        "attribute of <p>: event handlers and inline styles never run in a course (use a class) "
        "[html.removed]",
    ],
    "html.forbidden": [
        "err-html-forbidden/course.yml:6:23: error: the 'iframe' tag can never be allowed: "
        "scripts, styles, frames, forms and event handlers could run code or load from outside "
        "the course; remove it [html.forbidden]",
    ],
    "glossary.duplicate-term": [
        "err-glossary-duplicate-term/glossary.yml:7:11: error: 'Fosa' is the same term as "
        "'FOSA', defined on line 2; keep one entry per term and merge their definitions "
        "[glossary.duplicate-term]",
    ],
    "branding.contrast": [
        "err-branding-contrast/course.yml:7:12: error: 'primary' #F5A623 is too pale to read "
        "on white (2.0:1, at least 4.5:1 is needed); use a darker shade such as '#9f6c17' "
        "[branding.contrast]",
    ],
    "branding.logo-type": [
        "err-branding-logo-type/course.yml:7:9: error: the logo 'documents/logo.pdf' is not an "
        "image a browser shows; use one of: PNG, JPG, JPEG, GIF, SVG, WEBP [branding.logo-type]",
    ],
}

#: Codes whose case needs something git cannot hold; each has its own test below, or in
#: tests/test_file_names.py (names a checkout on Windows or macOS would break on) and
#: tests/test_asset_sizes.py (files of many megabytes).
BUILT_IN_TMP = {
    "file.unreadable",
    "file.too-large",
    "file.outside",
    "file.name-encoding",
    "link.unreadable",
    "output.stale",  # needs an earlier build: tests/test_cli.py
    "link.windows-name",
    "link.case-twin",
    "size.large-image",
    "size.large-file",
    "size.one-file",
}
#: Codes only a variant build reports (``build --audience``): tests/test_audience.py has them.
AUDIENCE_ONLY = {"audience.empty", "audience.untagged", "audience.dropped-link"}


def case_folder(code: str) -> Path:
    return ROOTS / ("err-" + code.replace(".", "-"))


def emitted_codes() -> set[str]:
    """Every literal code the builder passes to ``reporter.error``/``warning`` or ``Problem``."""
    codes = set()
    for source in BUILDER.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = {"error": 2, "warning": 2, "Problem": 1}.get(name)
            if position is None or len(node.args) <= position:
                continue
            code = node.args[position]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                codes.add(code.value)
    return codes


def test_every_code_the_builder_emits_has_a_case() -> None:
    assert emitted_codes() == set(EXPECTED) | BUILT_IN_TMP | AUDIENCE_ONLY


def documented_codes() -> list[str]:
    """The first column of the error-code table in docs/en/authoring.md."""
    text = AUTHORING.read_text(encoding="utf-8")
    table = text.split("| Code | Meaning | What to do |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z]+\.[a-z-]+)`", table, re.MULTILINE)


def test_every_code_is_documented_for_authors() -> None:
    assert sorted(documented_codes()) == sorted(emitted_codes())


def test_every_error_folder_is_a_case() -> None:
    folders = {p.name for p in ROOTS.iterdir() if p.name.startswith("err-")}
    assert folders == {case_folder(code).name for code in EXPECTED}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_error_code(code: str) -> None:
    _, reporter = check_course(case_folder(code))
    assert rendered(reporter, ROOTS) == EXPECTED[code]
    assert code in {d.code for d in reporter.diagnostics}


def test_file_unreadable_broken_symlink(tmp_path: Path) -> None:
    # A lesson linked from a shared folder that was since moved; chmod 000 would not stop root.
    course = write_course(tmp_path / "cours")
    os.symlink("../../partage/accueil.md", course / "01-bases" / "02-partage.md")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/02-partage.md:1:1: error: cannot read file: No such file or directory "
        "[file.unreadable]",
    ]


def test_file_not_a_file_folder_named_like_a_lesson(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours", {"01-bases/02-annexes.md/carte.svg": "<svg/>"})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/02-annexes.md:1:1: error: '02-annexes.md' is a folder, but a file is "
        "expected here; rename or remove it [file.not-a-file]",
    ]


def test_link_outside_through_a_symlink(tmp_path: Path) -> None:
    write_files(tmp_path / "partage", {"logo.svg": "<svg/>"})
    course = write_course(
        tmp_path / "cours",
        {"01-bases/01-accueil.md": "---\ntitle: Accueil\n---\n\n![Logo](images/logo.svg)\n"},
    )
    os.symlink("../../partage", course / "01-bases" / "images")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:9: error: 'images/logo.svg' points outside the course "
        "folder; copy the file into the course and link to the copy [link.outside]",
    ]


# --- raw HTML: only links to web pages and anchors pass --------------------------------------


def lesson_course(tmp_path: Path, body: str, files: dict[str, str] | None = None) -> Path:
    """A course whose lesson has front matter (4 lines) and then ``body`` from line 5."""
    lesson = "---\ntitle: Accueil\n---\n\n" + body
    return write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson, **(files or {})})


def test_remote_image_in_raw_html_is_refused(tmp_path: Path) -> None:
    course = lesson_course(tmp_path, '<img src="https://openimis.org/logo.png" alt="Logo">\n')
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:11: error: image 'https://openimis.org/logo.png' would "
        "be downloaded from the internet; save the image in the course folder and point to it "
        "with a relative path [link.remote-image]",
    ]


def test_javascript_link_in_raw_html_is_refused(tmp_path: Path) -> None:
    course = lesson_course(tmp_path, '<a href="javascript:alert(1)">Cliquez</a>\n')
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:10: error: 'javascript:alert(1)' uses the 'javascript:' "
        "scheme, which is not allowed; use a relative path or an http(s) address [link.unsafe]",
    ]


def test_raw_html_links_to_web_pages_and_anchors_are_accepted(tmp_path: Path) -> None:
    body = (
        'Voir <a href="https://openimis.org/fr" target="_blank">le site</a>\n'
        'et <a href="#objectifs">les objectifs</a>.\n\n<p id="objectifs">Objectifs</p>\n'
    )
    courses, reporter = check_course(lesson_course(tmp_path, body))
    assert reporter.diagnostics == []
    assert len(courses) == 1


def test_markdown_image_is_not_counted_again_as_identical_raw_html(tmp_path: Path) -> None:
    # The Markdown image renders to the same <img src> as the raw one: only the raw one is refused.
    body = '![Logo](images/logo.svg)\n\n<img src="images/logo.svg" alt="Logo">\n'
    course = lesson_course(tmp_path, body, {"01-bases/images/logo.svg": "<svg/>"})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:7:11: error: 'images/logo.svg' is written in raw HTML "
        "<img>, which coursepack neither checks nor packages; write it in Markdown: "
        "[text](path) or ![description](path) [link.raw-html]",
    ]


def test_markdown_image_alone_is_not_raw_html(tmp_path: Path) -> None:
    body = "![Logo](images/logo.svg)\n\n![Le même logo](images/logo.svg)\n"
    course = lesson_course(tmp_path, body, {"01-bases/images/logo.svg": "<svg/>"})
    courses, reporter = check_course(course)
    assert reporter.diagnostics == []
    assert len(courses) == 1


def test_quiz_in_a_folder_set_aside_gets_no_warning(tmp_path: Path) -> None:
    quiz = "questions:\n  - prompt: Vrai ?\n    type: true-false\n    answer: true\n"
    course = write_course(tmp_path / "cours", {"_brouillon/quiz.yml": quiz, ".old/quiz.yml": quiz})
    _, reporter = check_course(course)
    assert reporter.diagnostics == []


def test_duplicate_module_ids_after_prefix_and_accents(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours", {"02-bases/01-accueil.md": "# Accueil\n"})
    (course / "02-bases").rename(course / "02-Bâses")
    _, reporter = check_course(course)
    lines = [line for line in rendered(reporter, tmp_path) if "[id.duplicate]" in line]
    assert lines == [
        "cours/02-Bâses:1:1: error: module id 'bases' is already used by 01-bases:1:1; "
        "give each module a different name [id.duplicate]",
    ]


def test_duplicate_course_ids(tmp_path: Path) -> None:
    first = write_course(tmp_path / "cours-a", course_id="openimis")
    second = write_course(tmp_path / "cours-b", course_id="openimis")
    courses, reporter = check_course(first, second)
    assert len(courses) == 2
    assert rendered(reporter, tmp_path) == [
        "cours-b/course.yml:1:1: error: course id 'openimis' is also used by the course in "
        "folder 'cours-a'; their outputs would clash [id.duplicate]",
    ]


def test_errors_of_several_courses_in_one_run() -> None:
    codes = ("quiz.no-correct", "link.missing", "schema.range")
    courses, reporter = check_course(*(case_folder(code) for code in codes))
    assert courses == []
    assert rendered(reporter, ROOTS) == sorted(
        (line for code in codes for line in EXPECTED[code]),
        key=lambda line: line.split(":")[0],
    )


def test_raw_html_that_loads_from_the_web_is_refused_as_raw_html(tmp_path: Path) -> None:
    lesson = '# Vidéo\n\n<iframe src="https://www.youtube.com/embed/abc"></iframe>\n'
    course = write_course(tmp_path / "cours", {"01-bases/01-video.md": lesson})
    _, reporter = check_course(course)
    assert [(d.code, d.location.line, d.location.column) for d in reporter.diagnostics] == [
        ("link.raw-html", 3, 14)
    ]


def test_raw_html_written_before_the_same_markdown_image_is_located_at_the_tag(
    tmp_path: Path,
) -> None:
    lesson = '# Plan\n\n<img src="images/x.svg">\n\n![Plan](images/x.svg)\n'
    course = write_course(
        tmp_path / "cours", {"01-bases/01-plan.md": lesson, "01-bases/images/x.svg": "<svg/>"}
    )
    _, reporter = check_course(course)
    assert [(d.code, d.location.line, d.location.column) for d in reporter.diagnostics] == [
        ("link.raw-html", 3, 11)
    ]


def test_an_autolinked_email_address_is_accepted(tmp_path: Path) -> None:
    lesson = "# Contact\n\nÉcrivez à <contact@openimis.org>.\n"
    course = write_course(tmp_path / "cours", {"01-bases/01-contact.md": lesson})
    _, reporter = check_course(course)
    assert reporter.diagnostics == []


def test_an_unreadable_item_of_a_list_is_reported_once(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours")
    config = course / "course.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"authors: [{'9' * 5000}]\n", "utf-8")
    _, reporter = check_course(course)
    assert [d.code for d in reporter.diagnostics] == ["yaml.value"]


# --- hostile files: what git cannot hold is made here; each is refused with nothing written ---


def assert_nothing_built(course: Path, tmp_path: Path) -> None:
    """``coursepack build`` exits 1, says so, and leaves no trace in its output folder."""
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", str(course), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == "nothing was written"
    assert not out.exists()


NEW_CASES = ("link.malformed", "link.too-long", "yaml.tag", "yaml.too-complex", "file.not-a-file")


@pytest.mark.parametrize("code", NEW_CASES)
def test_broken_course_builds_nothing(code: str, tmp_path: Path) -> None:
    assert_nothing_built(case_folder(code), tmp_path)


def test_file_too_large(tmp_path: Path) -> None:
    # A screen recording saved as .md by mistake: refused from its size, never read whole.
    big = b"# Accueil\n\n" + b"x" * MAX_TEXT_BYTES
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": big})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:1:1: error: file is 5.0 MB, over the 5 MB allowed for a "
        "course text file; split it into several lessons, and keep images and videos in files "
        "of their own [file.too-large]",
    ]
    assert_nothing_built(course, tmp_path)


def test_file_outside_through_a_symlinked_lesson(tmp_path: Path) -> None:
    write_files(tmp_path / "partage", {"accueil.md": "# Accueil\n"})
    course = write_course(tmp_path / "cours")
    os.symlink("../../partage/accueil.md", course / "01-bases" / "02-partage.md")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        f"cours/01-bases/02-partage.md:1:1: error: this is a symbolic link to "
        f"'{tmp_path.resolve()}/partage/accueil.md', outside the course folder; copy that file "
        "into the course instead [file.outside]",
    ]
    assert_nothing_built(course, tmp_path)


def test_file_name_encoding_of_a_lesson_and_a_module(tmp_path: Path) -> None:
    # Names copied from an old Windows share: Latin-1 bytes, which Linux keeps as they are.
    course = write_course(tmp_path / "cours", {"02-suite/01-fin.md": "# Fin\n"})
    folder = os.fsencode(course / "01-bases")
    with open(folder + b"/02-le\xe7on.md", "wb") as lesson:
        lesson.write(b"# Le\xc3\xa7on\n")
    os.rename(os.fsencode(course / "02-suite"), os.fsencode(course) + b"/02-r\xe9sum\xe9")
    courses, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours:1:1: error: the name '02-r\\xe9sum\\xe9' is not valid UTF-8, so it is left out; "
        "rename it (a file manager or 'convmv' can convert such names) [file.name-encoding]",
        "cours/01-bases:1:1: error: the name '02-le\\xe7on.md' is not valid UTF-8, so it is left "
        "out; rename it (a file manager or 'convmv' can convert such names) "
        "[file.name-encoding]",
    ]
    assert courses == []
    assert_nothing_built(course, tmp_path)


def test_file_unreadable_symlink_loop(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours")
    os.symlink("02-boucle.md", course / "01-bases" / "02-boucle.md")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/02-boucle.md:1:1: error: cannot read file: it is a symbolic link that "
        "leads back to itself; put the file itself there [file.unreadable]",
    ]
    assert_nothing_built(course, tmp_path)


@pytest.mark.parametrize("name", ["course.yml", "01-bases/module.yml"])
def test_file_not_a_file_folder_named_like_a_yaml_file(name: str, tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": "# Accueil\n"})
    (course / name).unlink(missing_ok=True)
    (course / name).mkdir()
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        f"cours/{name}:1:1: error: '{Path(name).name}' is a folder, but a file is expected here; "
        "rename or remove it [file.not-a-file]",
    ]
    assert_nothing_built(course, tmp_path)


def test_file_not_a_file_pipe_does_not_hang(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours")
    os.mkfifo(course / "01-bases" / "02-tube.md")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/02-tube.md:1:1: error: '02-tube.md' is not an ordinary file, but a file "
        "is expected here; rename or remove it [file.not-a-file]",
    ]


def test_link_unreadable_image_in_a_symlink_loop(tmp_path: Path) -> None:
    course = lesson_course(tmp_path, "![Plan](images/plan.svg)\n")
    (course / "01-bases" / "images").mkdir()
    os.symlink("plan.svg", course / "01-bases" / "images" / "plan.svg")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:9: error: 'images/plan.svg' is a symbolic link that "
        "leads back to itself; put the file there [link.unreadable]",
    ]
    assert_nothing_built(course, tmp_path)


def test_link_unreadable_image_without_permission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 000 does not stop root, who runs CI containers: the check itself is made to say no.
    course = lesson_course(tmp_path, "![Plan](plan.svg)\n", {"01-bases/plan.svg": "<svg/>"})
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:9: error: 'plan.svg' points to a file that cannot be "
        "read (Permission denied); check its permissions [link.unreadable]",
    ]


def test_link_too_long_into_very_deep_folders(tmp_path: Path) -> None:
    deep = "/".join(f"niveau-{level:02}" for level in range(40))
    course = lesson_course(
        tmp_path, f"![Plan]({deep}/plan.svg)\n", {f"01-bases/{deep}/plan.svg": "<svg/>"}
    )
    _, reporter = check_course(course)
    assert [(d.code, d.location.line, d.location.column) for d in reporter.diagnostics] == [
        ("link.too-long", 5, 9)
    ]
    assert "leads to a path of 417 characters" in reporter.diagnostics[0].message
    assert_nothing_built(course, tmp_path)


def test_link_too_long_name_is_refused_before_the_file_system_fails(tmp_path: Path) -> None:
    # 70 emoji are 280 bytes: Linux would answer "File name too long" for this one name.
    course = lesson_course(tmp_path, f"![Plan]({'😀' * 70}.svg)\n")
    _, reporter = check_course(course)
    assert [d.code for d in reporter.diagnostics] == ["link.too-long"]


def test_link_outside_through_a_symlinked_image(tmp_path: Path) -> None:
    write_files(tmp_path / "partage", {"logo.svg": "<svg/>"})
    course = lesson_course(tmp_path, "![Logo](logo.svg)\n")
    os.symlink("../../partage/logo.svg", course / "01-bases" / "logo.svg")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:9: error: 'logo.svg' points outside the course folder; "
        "copy the file into the course and link to the copy [link.outside]",
    ]
    assert_nothing_built(course, tmp_path)


# --- crashes the fuzz test (tests/test_fuzz.py) found, each now a diagnostic -----------------


def test_link_malformed_nul_character(tmp_path: Path) -> None:
    course = lesson_course(tmp_path, "![Plan](plan%00.svg)\n")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:9: error: 'plan%00.svg' holds a NUL character, which no "
        "file name can contain; remove it [link.malformed]",
    ]


def test_link_malformed_in_raw_html(tmp_path: Path) -> None:
    # Both the link check and the HTML sanitizer read this address; neither may stumble on it.
    course = lesson_course(tmp_path, '<a href="http://[intranet]/">Intranet</a>\n')
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:10: error: 'http://[intranet]/' is not a well-formed "
        "address: after '//', square brackets may only hold an IP address; correct the address "
        "[link.malformed]",
    ]


@pytest.mark.parametrize("written", [".nan", "-.inf"])
def test_numeric_answer_that_is_not_finite_is_refused(written: str, tmp_path: Path) -> None:
    quiz = f"questions:\n  - prompt: Combien ?\n    type: numeric\n    answer: {written}\n"
    course = write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/quiz.yml:4:13: error: a numeric question's 'answer' is a number "
        "(.nan and .inf are not) [quiz.bad-answer]",
    ]


@pytest.mark.parametrize("written", [".nan", ".inf"])
def test_a_bounded_number_that_is_not_finite_is_refused(written: str, tmp_path: Path) -> None:
    # .nan compares false with every bound: it once slipped past them into a crash.
    quiz = f"questions:\n  - prompt: Combien ?\n    type: numeric\n    range: [0, {written}]\n"
    course = write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz})
    _, reporter = check_course(course)
    assert [(d.code, d.location.line, d.location.column) for d in reporter.diagnostics] == [
        ("schema.type", 4, 16)
    ]


@pytest.mark.parametrize(
    ("broken", "code"),
    [
        (b"# Annexe\n\nCaf\xe9\n", "file.encoding"),
        (b"---\ntitle: Annexe\n\nTexte.\n", "lesson.unclosed-front-matter"),
    ],
    ids=["encoding", "front-matter"],
)
def test_a_lesson_that_fails_to_load_is_reported_once_not_at_every_link_to_it(
    tmp_path: Path, broken: bytes, code: str
) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "01-bases/01-accueil.md": "# Accueil\n\nVoir [l'annexe](02-annexe.md).\n",
            "01-bases/02-annexe.md": broken,
        },
    )
    _, reporter = check_course(course)
    assert [d.code for d in reporter.diagnostics] == [code]


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"02-vide/images/logo.svg": "<svg/>"}, "a folder with no lesson"),
        ({"02-vide/_brouillon.md": "# Brouillon\n"}, "a folder with no lesson"),
    ],
    ids=["no-md", "only-drafts"],
)
def test_a_listed_folder_without_lessons_is_refused_with_the_reason(
    tmp_path: Path, files: dict[str, str], reason: str
) -> None:
    listed = 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\nmodules: [01-bases, 02-vide]\n'
    course = write_course(tmp_path / "cours", {"course.yml": listed, **files})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:5:21: error: 'modules' names '02-vide', a folder with no lesson (no .md "
        "file, or only ones whose name starts with '_' or '.'), so it is not a module; add a "
        "lesson to it or remove it from the list [course.unknown-module]",
    ]


def test_a_listed_folder_set_aside_is_refused_with_the_reason(tmp_path: Path) -> None:
    listed = 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\nmodules: [01-bases, _vieux]\n'
    course = write_course(tmp_path / "cours", {"course.yml": listed, "_vieux/01-a.md": "# A\n"})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:5:21: error: 'modules' names '_vieux', a folder set aside (its name "
        "starts with '.' or '_'); rename it or unlist it [course.unknown-module]",
    ]


def test_a_missing_image_written_with_backslashes_and_wrong_case_gets_a_did_you_mean(
    tmp_path: Path,
) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "01-bases/01-accueil.md": "# Accueil\n\n![Logo](Images\\Logo.svg)\n",
            "01-bases/images/logo.svg": "<svg/>",
        },
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:3:9: error: 'Images\\Logo.svg' points to a file that "
        "does not exist (did you mean 'images/logo.svg'? separate folders with '/', not '\\' "
        "and letter case counts once the course is on a server) [link.missing]",
    ]


def test_links_are_quoted_as_typed_at_their_place(tmp_path: Path) -> None:
    """Backslash escapes and character references stay as typed in the message and the
    location, instead of Markdown's internal stand-ins at 1:1."""
    lesson = (
        "# Accueil\n\n"
        "Voir [le partage](\\\\serveur\\partage\\doc.pdf).\n\n"
        "Et [ceci](&#106;avascript:alert(1)) ici.\n"
    )
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:3:19: error: '\\\\serveur\\partage\\doc.pdf' is a path on "
        "your computer; write it relative to the lesson, e.g. 'images/x.png' [link.absolute]",
        "cours/01-bases/01-accueil.md:5:11: error: '&#106;avascript:alert(1)' uses the "
        "'javascript:' scheme, which is not allowed; use a relative path or an http(s) address "
        "[link.unsafe]",
    ]


def test_a_backslash_escape_in_a_link_leads_to_the_file_the_browser_opens(
    tmp_path: Path,
) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "01-bases/01-accueil.md": "# Accueil\n\nVoir [le guide](mon\\_guide.pdf).\n",
            "01-bases/mon_guide.pdf": b"%PDF",
        },
    )
    _, reporter = check_course(course)
    assert reporter.diagnostics == []
