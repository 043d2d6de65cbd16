"""A course's ``_theme/`` is untrusted: building, checking or previewing it runs none of its code.

``tests/roots/err-theme-unsafe-template`` holds the attack of issue 11: a ``page.html`` that
reaches ``os.system`` through ``cycler.__init__.__globals__``. Its command would create the file
named by ``COURSEPACK_MARKER``, so each test proves nothing ran by that file's absence.
Scripts a theme adds reach learners only when course.yml says ``theme_scripts: true``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_courses import (
    ROOTS,
    check_course,
    rendered,
    run_coursepack,
    write_course,
)
from playwright.sync_api import Page

from builder.diagnostics import Reporter
from builder.serve import Preview, failure_heading
from builder.theme import Theme, default_theme_dir

ATTACK = ROOTS / "err-theme-unsafe-template"
REFUSED = [
    f"{ATTACK}/_theme/templates/page.html:3:38: error: this template reaches into Python "
    "('__init__'), which could run programs on this computer; a course's template may only "
    "show the values coursepack gives it: remove it [theme.unsafe-template]",
    f"{ATTACK}/_theme/templates/page.html:3:47: error: this template reaches into Python "
    "('__globals__'), which could run programs on this computer; a course's template may only "
    "show the values coursepack gives it: remove it [theme.unsafe-template]",
]
#: Reaches os.system with names put together while rendering, which no reading of the
#: template can see: the sandbox itself refuses it.
ASSEMBLED = (
    "<section>\n"
    "{% set a = '__in' ~ 'it__' %}{% set g = '__glo' ~ 'bals__' %}\n"
    "{{ ((cycler|attr(a))|attr(g)).os.system('touch \"$COURSEPACK_MARKER\"') }}\n"
    "</section>\n"
)


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file the attacking templates try to create through a shell."""
    path = tmp_path / "marker"
    monkeypatch.setenv("COURSEPACK_MARKER", str(path))
    return path


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_template_reaching_into_python_runs_nothing(
    command: str, marker: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    args = [command, str(ATTACK)] + (["--out", str(out)] if command == "build" else [])
    done = run_coursepack(args, tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[: len(REFUSED)] == REFUSED
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not marker.exists()
    assert not out.exists()


def test_the_preview_build_runs_nothing_either(
    marker: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the preview names files from the current folder
    out = tmp_path / "preview"
    out.mkdir()
    preview = Preview(ATTACK, out)
    outcome = preview.rebuild(Reporter())
    assert outcome.artifacts == []
    assert preview.errors == REFUSED
    assert not marker.exists()
    assert list(out.iterdir()) == []


def test_names_put_together_while_rendering_are_refused_by_the_sandbox(
    marker: Path, tmp_path: Path
) -> None:
    course = write_course(tmp_path / "cours", {"_theme/templates/page.html": ASSEMBLED})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/_theme/templates/page.html:3:1: error: this template reaches into Python "
        "('__init__'), which could run programs on this computer; a course's template may only "
        "show the values coursepack gives it: remove it [theme.unsafe-template]"
    ]
    done = run_coursepack(["build", "cours", "--out", "dist"], tmp_path)
    assert done.returncode == 1
    assert "[theme.unsafe-template]" in done.stderr
    assert "Traceback" not in done.stderr
    assert not marker.exists()
    assert not (tmp_path / "dist").exists()


def test_a_template_that_fails_when_rendered_stops_the_build_before_writing(
    tmp_path: Path,
) -> None:
    done = run_coursepack(
        ["build", str(ROOTS / "err-theme-template-error"), "--out", "dist"], tmp_path
    )
    assert done.returncode == 1
    assert "page.html:3:1: error: this template fails when the course is rendered" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "dist").exists()


def test_a_script_element_in_a_course_template_needs_the_opt_in(tmp_path: Path) -> None:
    page = (
        '<section>\n  {{ page.html|safe }}\n  <script src="assets/suivi.js"></script>\n</section>\n'
    )
    course = write_course(tmp_path / "cours", {"_theme/templates/page.html": page})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/_theme/templates/page.html:3:3: error: this script would run in the browser of "
        "every learner, which a course's theme may do only when course.yml says "
        "'theme_scripts: true'; add that line if you trust the script, or delete it to use the "
        "default player [theme.script-not-allowed]"
    ]


@pytest.mark.parametrize("target", ["html", "html-single"])
def test_an_allowed_theme_script_runs_in_the_learners_browser(
    target: str, page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    course = ROOTS / "err-theme-scripts-allowed"
    done = run_coursepack(["build", str(course), "--target", target, "--out", "dist"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "[theme.scripts-allowed]" in done.stderr
    built = tmp_path / "dist" / "theme-scripts"
    index = built / "html" / "index.html" if target == "html" else built / "theme-scripts.html"
    page.goto(index.as_uri())
    page.wait_for_selector("#p-bases--accueil:not([hidden])")
    assert page.evaluate("document.documentElement.getAttribute('data-house')") == "yes"
    assert page_errors == []


def test_a_theme_file_linking_out_of_the_course_is_refused(tmp_path: Path) -> None:
    """A template or stylesheet that is a symbolic link would copy any file of this computer
    (a key, a password file) into the package the author then uploads."""
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe\n", encoding="utf-8")
    course = write_course(tmp_path / "cours")
    (course / "_theme" / "static").mkdir(parents=True)
    (course / "_theme" / "static" / "theme.css").symlink_to(secret)
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        f"cours/_theme/static/theme.css:1:1: error: this is a symbolic link to '{secret}', "
        "outside the course folder; copy that file into the course instead [file.outside]"
    ]
    done = run_coursepack(["build", "cours", "--out", "dist"], tmp_path)
    assert done.returncode == 1
    assert not (tmp_path / "dist").exists()


def test_a_script_pieced_together_by_a_template_needs_the_opt_in(tmp_path: Path) -> None:
    """No reading of the template's text sees this script: rendering the course shows it."""
    pieced = "{{ ('<scr' ~ 'ipt src=\"assets/01-bases/suivi.js\"></scr' ~ 'ipt>')|safe }}\n"
    page = (ROOTS / ".." / ".." / "themes" / "default" / "templates" / "page-body.html").resolve()
    course = write_course(
        tmp_path / "cours",
        {"_theme/templates/page-body.html": page.read_text(encoding="utf-8") + pieced},
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/_theme/templates:1:1: error: with the course's templates, the one-file page adds "
        '<script src="assets/01-bases/suivi.js">: a course\'s theme may change the scripts or the '
        "security policy of the player only when course.yml says 'theme_scripts: true'; add that "
        "line if you trust it, or use the default template [theme.script-not-allowed]"
    ]


def test_a_template_that_drops_the_security_policy_needs_the_opt_in(tmp_path: Path) -> None:
    handout = (ROOTS / ".." / ".." / "themes" / "default" / "templates" / "handout.html").resolve()
    text = handout.read_text(encoding="utf-8")
    policy = '<meta http-equiv="Content-Security-Policy" content="{{ csp }}">\n'
    assert policy in text
    course = write_course(
        tmp_path / "cours", {"_theme/templates/handout.html": text.replace(policy, "")}
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/_theme/templates:1:1: error: with the course's templates, the handout drops or "
        "moves a script or a policy of coursepack's template: a course's theme may change the "
        "scripts or the security policy of the player only when course.yml says "
        "'theme_scripts: true'; add that line if you trust it, or use the default template "
        "[theme.script-not-allowed]"
    ]


def test_the_preview_of_a_course_with_broken_interface_texts_still_starts() -> None:
    """serve words its failure overlay with the course's texts before building."""
    broken = ROOTS / "err-theme-locale"
    assert failure_heading(broken) == Theme((default_theme_dir(),)).strings("fr")["preview.failed"]
