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
    assert (done.returncode, done.stderr.splitlines()) == (
        1,
        [*rendered(reporter, tmp_path), "1 error(s), 0 warning(s)", "nothing was written"],
    )
    assert not marker.exists()
    assert not (tmp_path / "dist").exists()


def test_a_template_that_fails_when_rendered_stops_the_build_before_writing(
    tmp_path: Path,
) -> None:
    course = ROOTS / "err-theme-template-error"
    done = run_coursepack(["build", str(course), "--out", "dist"], tmp_path)
    assert (done.returncode, done.stderr.splitlines()) == (
        1,
        [
            f"{course}/_theme/templates/page.html:3:1: error: this template fails when the "
            "course is rendered: 'lesson' is undefined; fix it, or delete it from the course's "
            "theme folder to use the default one [theme.template-error]",
            "1 error(s), 0 warning(s)",
            "nothing was written",
        ],
    )
    assert not (tmp_path / "dist").exists()


def test_a_script_element_in_a_course_template_needs_the_opt_in(tmp_path: Path) -> None:
    page = (
        '<section>\n  {{ page.html|safe }}\n  <script src="assets/suivi.js"></script>\n</section>\n'
    )
    course = write_course(tmp_path / "cours", {"_theme/templates/page.html": page})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/_theme/templates:1:1: error: with the course's templates, the one-file page adds "
        '<script src="assets/suivi.js">: a course\'s theme may change the scripts or the security '
        "policy of the player only when course.yml says 'theme_scripts: true'; add that line if "
        "you trust it, or use the default template [theme.script-not-allowed]"
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


def test_the_preview_of_a_course_with_broken_interface_texts_still_starts() -> None:
    """serve words its failure overlay with the course's texts before building."""
    broken = ROOTS / "err-theme-locale"
    assert failure_heading(broken) == Theme((default_theme_dir(),)).strings("fr")["preview.failed"]


def test_a_template_adding_a_script_to_the_scorm_package_only_needs_the_opt_in(
    tmp_path: Path,
) -> None:
    """A template can tell the targets apart by the page's data: the SCORM player page is
    rehearsed too, so a script added there alone is found by ``check``."""
    index = (ROOTS / ".." / ".." / "themes" / "default" / "templates" / "index.html").resolve()
    scorm_only = (
        '{% if \'"mode":"scorm12"\' in data_json %}'
        "{{ ('<scr' ~ 'ipt>window.pwned=1</scr' ~ 'ipt>')|safe }}{% endif %}\n"
    )
    course = write_course(
        tmp_path / "cours",
        {"_theme/templates/index.html": index.read_text(encoding="utf-8") + scorm_only},
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/_theme/templates:1:1: error: with the course's templates, the SCORM player page "
        "(index.html) adds <script>window.pwned=1: a course's theme may change the scripts or "
        "the security policy of the player only when course.yml says 'theme_scripts: true'; "
        "add that line if you trust it, or use the default template [theme.script-not-allowed]"
    ]
    done = run_coursepack(["build", "cours", "--target", "scorm12", "--out", "dist"], tmp_path)
    assert done.returncode == 1
    assert not (tmp_path / "dist").exists()


def test_an_unchanged_copy_of_the_player_page_needs_no_opt_in(tmp_path: Path) -> None:
    """Copying coursepack's own index.html is how an author starts changing it: its scripts
    are coursepack's own, which the rehearsal compares with."""
    index = (ROOTS / ".." / ".." / "themes" / "default" / "templates" / "index.html").resolve()
    course = write_course(
        tmp_path / "cours", {"_theme/templates/index.html": index.read_text(encoding="utf-8")}
    )
    courses, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == []
    assert len(courses) == 1


def test_a_theme_folder_named_like_interface_texts_is_passed_over(tmp_path: Path) -> None:
    """Like any other theme file that is not there, the default texts are used."""
    course = write_course(tmp_path / "cours")
    (course / "_theme" / "locales" / "fr.json").mkdir(parents=True)
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == []


def test_a_theme_folder_named_like_a_script_is_no_script(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours")
    (course / "_theme" / "static" / "suivi.js").mkdir(parents=True)
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == []
    done = run_coursepack(["build", "cours", "--target", "html", "--out", "dist"], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert b"suivi" not in (tmp_path / "dist" / "essai" / "html" / "index.html").read_bytes()


def test_a_symbolic_link_loop_in_the_theme_is_reported_at_the_link(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours")
    static = course / "_theme" / "static"
    static.mkdir(parents=True)
    (static / "a.css").symlink_to(static / "b.css")
    (static / "b.css").symlink_to(static / "a.css")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/_theme/static/a.css:1:1: error: cannot read file: it is a symbolic link that "
        "leads back to itself; put the file itself there [file.unreadable]",
        "cours/_theme/static/b.css:1:1: error: cannot read file: it is a symbolic link that "
        "leads back to itself; put the file itself there [file.unreadable]",
    ]


def test_a_template_failing_only_for_a_module_package_stops_the_build_before_writing(
    tmp_path: Path,
) -> None:
    """Each unit the build will write is rehearsed: here the packages of one module each."""
    index = (ROOTS / ".." / ".." / "themes" / "default" / "templates" / "index.html").resolve()
    per_module = "{% if course.part_of %}{{ module_only.missing }}{% endif %}\n"
    write_course(
        tmp_path / "cours",
        {"_theme/templates/index.html": index.read_text(encoding="utf-8") + per_module},
    )
    done = run_coursepack(
        ["build", "cours", "--target", "all", "--package", "module", "--out", "dist"], tmp_path
    )
    line = len(index.read_text(encoding="utf-8").splitlines()) + 1
    assert (done.returncode, done.stderr.splitlines()) == (
        1,
        [
            f"cours/_theme/templates/index.html:{line}:1: "
            "error: this template fails when the course is rendered: 'module_only' is undefined; "
            "fix it, or delete it from the course's theme folder to use the default one "
            "[theme.template-error]",
            "1 error(s), 0 warning(s)",
            "nothing was written",
        ],
    )
    assert not (tmp_path / "dist").exists()
