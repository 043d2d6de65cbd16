"""The ``coursepack`` command: a thin layer over :mod:`builder.build`.

Each command imports what it runs inside its function, and the choices of the
options are read only when shown or parsed: ``coursepack check`` then loads
no renderer, packager or exporter, and ``coursepack --help`` hardly anything.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from builder import __version__
from builder.console import Console, relative
from builder.diagnostics import CourseError, Reporter
from builder.writer import DEFAULT_OUT_DIR, SettingError

if TYPE_CHECKING:
    from builder.exporters import MoodleVersion

#: The preview server's port on 127.0.0.1.
DEFAULT_PORT = 8000
#: ``builder.exporters.TESTED_MOODLE``, written out so the help does not import the
#: exporters (tests/test_lazy_imports.py keeps the two equal).
DEFAULT_MOODLE = "4.3"


class LazyChoice(click.Choice[str]):
    """A choice among ``names()``, called when click first reads ``choices`` to parse or show.

    The registries that hold the names import the stages they name; declaring the
    commands must not, so unlike ``click.Choice`` the names are not read when made.
    """

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self.case_sensitive = True
        self._names = names

    def __getattr__(self, name: str) -> tuple[str, ...]:
        """Only for ``choices`` before it is set: Python asks here for missing attributes."""
        if name != "choices":
            raise AttributeError(name)
        self.choices = tuple(self._names())
        return self.choices


def _targets() -> list[str]:
    from builder.targets import TARGETS

    return [*TARGETS, "all"]


def _packagings() -> list[str]:
    from builder.model import Packaging

    return [p.value for p in Packaging]


def _audiences() -> tuple[str, ...]:
    from builder.audience import AUDIENCE_IDS

    return AUDIENCE_IDS


def _export_formats() -> list[str]:
    from builder.exporters import EXPORTERS

    return list(EXPORTERS)


def _languages() -> tuple[str, ...]:
    from builder.scaffold import LANGUAGES

    return LANGUAGES


def _documents() -> list[str]:
    from builder.json_schema import DOCUMENTS

    return list(DOCUMENTS)


def output_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--quiet`` and ``--verbose``, the same on every command that builds."""
    command = click.option(
        "--verbose", "-v", is_flag=True, help="Also show each stage and its timing."
    )(command)
    return click.option("--quiet", "-q", is_flag=True, help="Show errors only.")(command)


def out_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--out``, the build folder, on the commands that write into it."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path),
        default=DEFAULT_OUT_DIR,
        show_default=True,
        help=help_text,
    )


@click.group()
@click.version_option(__version__, prog_name="coursepack")
def cli() -> None:
    """Compile Markdown + YAML courses into SCORM 1.2 packages and offline HTML."""


@cli.command("check")
@click.argument("courses", nargs=-1, type=click.Path(path_type=Path))
@output_options
def check_command(courses: tuple[Path, ...], quiet: bool, verbose: bool) -> None:
    """Report every problem in COURSES (default: every course under courses/)."""
    from builder.build import check

    console = Console.for_command(quiet, verbose)
    reporter = console.attach(Reporter())
    checked = check(courses, reporter)
    console.diagnostics(reporter)
    if reporter.has_errors:
        sys.exit(1)
    console.info(f"{len(checked)} course(s) OK")


@cli.command("build")
@click.argument("courses", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--target",
    "target",
    type=LazyChoice(_targets),
    default="all",
    show_default=True,
    help="What to produce; 'all' is every target but handout (which needs Chromium).",
)
@out_option("Output folder.")
@click.option(
    "--package",
    "packaging",
    type=LazyChoice(_packagings),
    default=None,
    help="SCORM packages: one per course or one per module (default: course.yml's choice).",
)
@click.option(
    "--audience",
    type=LazyChoice(_audiences),
    default=None,
    help="Build the variant for one group: only its modules and lessons, id suffix --NAME.",
)
@output_options
def build_command(
    courses: tuple[Path, ...],
    target: str,
    out: Path,
    packaging: str | None,
    audience: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Check, then build COURSES (default: every course under courses/)."""
    from builder.build import build
    from builder.model import Packaging
    from builder.targets import TARGETS

    console = Console.for_command(quiet, verbose)
    reporter = console.attach(Reporter())
    targets = [n for n, t in TARGETS.items() if t.in_all] if target == "all" else [target]
    chosen = Packaging(packaging) if packaging else None
    try:
        artifacts = build(courses, targets, out, reporter, chosen, audience)
    except SettingError as problem:
        console.error(str(problem))
        sys.exit(1)
    except CourseError:
        console.failed(reporter)
        sys.exit(1)
    console.diagnostics(reporter)
    for artifact in artifacts:
        console.artifact(artifact)


@cli.command("serve")
@click.argument("course", required=False, type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option("--audience", type=LazyChoice(_audiences), default=None, help="Preview one variant.")
@output_options
def serve_command(
    course: Path | None, port: int, audience: str | None, quiet: bool, verbose: bool
) -> None:
    """Preview COURSE in a browser; rebuild and reload on every save (Ctrl+C stops)."""
    from builder.serve import Preview, pick_course, preview_dir, remove, serve

    console = Console.for_command(quiet, verbose)
    reporter = Reporter()
    folder = pick_course(course, reporter)
    if folder is None:
        console.diagnostics(reporter)
        sys.exit(1)
    out = preview_dir()
    try:
        preview = Preview(folder, out, audience)
        serve(preview, port, console.serving, console.preview_built, console.new_reporter)
    except SettingError as problem:
        console.error(str(problem))
        sys.exit(1)
    except OSError as problem:
        console.error(f"cannot serve on port {port}: {problem.strerror or problem}; try --port 0")
        sys.exit(1)
    finally:
        remove(out)
    console.note("preview stopped")


def parse_moodle_version(
    _context: click.Context, _option: click.Parameter, text: str
) -> MoodleVersion:
    """``--moodle-version``: a bad value is a usage error (exit 2), before anything is read."""
    from builder.exporters import MoodleVersion

    try:
        return MoodleVersion.parse(text)
    except ValueError as problem:
        raise click.BadParameter(str(problem)) from None


@cli.command("export-questions")
@click.argument("course", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=LazyChoice(_export_formats),
    required=True,
    help="Moodle XML (keeps everything) or GIFT (plain text).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write. Default: dist/<course-id>/<course-id>-questions.xml (or .gift.txt).",
)
@click.option(
    "--moodle-version",
    "moodle_version",
    default=DEFAULT_MOODLE,
    show_default=True,
    callback=parse_moodle_version,
    help="The Moodle that imports the file: ordering questions need 4.4 or later.",
)
def export_questions_command(
    course: Path, format_name: str, out: Path | None, moodle_version: MoodleVersion
) -> None:
    """Check COURSE, then write its questions for import into a Moodle question bank."""
    from builder.exporters import ExportProblems, export_questions

    console = Console.for_command(quiet=False, verbose=False)
    reporter = Reporter()
    try:
        written = export_questions(course, format_name, out, reporter, moodle_version)
    except (CourseError, ExportProblems) as failed:
        problems = failed.problems if isinstance(failed, ExportProblems) else ()
        console.failed(reporter, (problem.render(Path.cwd(), "error") for problem in problems))
        sys.exit(1)
    except OSError as problem:
        console.error(f"cannot write the export: {problem}")
        sys.exit(1)
    console.diagnostics(reporter)
    for note in written.export.notes:
        console.note(note.render(Path.cwd()))
    for warning in written.export.warnings:
        console.note(warning.render(Path.cwd(), "warning"))
    console.info(
        f"{format_name:10} {relative(written.path)}  {written.export.questions} question(s) "
        f"in {written.export.categories} categories"
    )


@cli.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--lang", type=LazyChoice(_languages), default="fr", show_default=True)
def new_command(folder: Path, lang: str) -> None:
    """Create a working course in FOLDER (absent or empty) to start from."""
    from builder.scaffold import ScaffoldError, new_course

    try:
        course_id = new_course(folder, lang)
    except ScaffoldError as problem:
        click.echo(f"coursepack: error: {problem}", err=True)
        sys.exit(1)
    click.echo(f"created course '{course_id}' in {folder}; next: coursepack check {folder}")


@cli.command("schema")
@click.argument("kind", type=LazyChoice(_documents), default="course")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a source file, for editors."""
    from builder.json_schema import schema_text

    click.echo(schema_text(kind), nl=False)


@cli.command("catalog")
@click.argument("courses", nargs=-1, type=click.Path(path_type=Path))
@out_option("Build folder: the catalogue goes there and links to what was built in it.")
def catalog_command(courses: tuple[Path, ...], out: Path) -> None:
    """List COURSES (default: all under courses/) in OUT/index.html and OUT/catalog.csv."""
    from builder.catalog import write_catalog

    console = Console.for_command(quiet=False, verbose=False)
    reporter = Reporter()
    try:
        written = write_catalog(courses, out, reporter)
    except CourseError:
        console.failed(reporter)
        sys.exit(1)
    except SettingError as problem:
        console.error(str(problem))
        sys.exit(1)
    console.diagnostics(reporter)
    console.info("\n".join(str(path) for path in written))


@cli.command("validate")
@click.argument("packages", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate_command(packages: tuple[Path, ...]) -> None:
    """Check SCORM 1.2 zips (from any tool) for what Moodle rejects or does not track."""
    from builder.package_check import check_package

    reports = [check_package(package) for package in packages]
    for report in reports:
        for finding in report.findings:
            click.echo(finding.render(str(report.path)), err=True)
        click.echo(report.summary(), err=bool(report.errors))
    if any(report.errors for report in reports):
        sys.exit(1)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM stops a build like Ctrl+C: cleanly, temporary files removed."""
    raise KeyboardInterrupt


def main() -> None:
    """Entry point: user errors exit 1 via the commands; anything else is a bug."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        cli(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as usage:
        usage.show()
        sys.exit(usage.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("coursepack: interrupted; the previous output is untouched", err=True)
        sys.exit(130)
    except Exception as bug:  # the last line of defence: reported as a bug
        click.echo(
            f"coursepack: internal error: {type(bug).__name__}: {bug}\n"
            "This is a bug in coursepack, not in your course; please report it "
            "with the command you ran.",
            err=True,
        )
        sys.exit(2)
