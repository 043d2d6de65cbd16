"""The ``coursepack`` command: a thin layer over :mod:`builder.build`."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from builder import __version__
from builder.build import DEFAULT_OUT_DIR, Artifact, build, check
from builder.diagnostics import CourseError, Reporter
from builder.exporters import EXPORTERS, ExportProblems, export_questions
from builder.model import Packaging
from builder.targets import TARGETS
from builder.writer import SettingError


def _print_diagnostics(reporter: Reporter) -> None:
    cwd = Path.cwd()
    for diagnostic in reporter.sorted():
        click.echo(diagnostic.render(cwd), err=True)
    errors = len(reporter.errors)
    warnings = len(reporter.diagnostics) - errors
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def _describe(artifact: Artifact) -> str:
    try:
        where = artifact.path.relative_to(Path.cwd())
    except ValueError:
        where = artifact.path
    return (
        f"{artifact.target:8} {where}  {artifact.size / 1024:.0f} KiB  "
        f"{artifact.seconds * 1000:.0f} ms"
    )


@click.group()
@click.version_option(__version__, prog_name="coursepack")
def cli() -> None:
    """Compile Markdown + YAML courses into SCORM 1.2 packages and offline HTML."""


@cli.command("check")
@click.argument("courses", nargs=-1, type=click.Path(path_type=Path))
def check_command(courses: tuple[Path, ...]) -> None:
    """Report every problem in COURSES (default: every course under courses/)."""
    reporter = Reporter()
    checked = check(courses, reporter)
    _print_diagnostics(reporter)
    if reporter.has_errors:
        sys.exit(1)
    click.echo(f"{len(checked)} course(s) OK")


@cli.command("build")
@click.argument("courses", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--target",
    "target",
    type=click.Choice([*TARGETS, "all"]),
    default="all",
    show_default=True,
    help="What to produce.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT_DIR,
    show_default=True,
    help="Output folder.",
)
@click.option(
    "--package",
    "packaging",
    type=click.Choice([p.value for p in Packaging]),
    default=None,
    help="SCORM packages: one per course or one per module (default: course.yml's choice).",
)
def build_command(courses: tuple[Path, ...], target: str, out: Path, packaging: str | None) -> None:
    """Check, then build COURSES (default: every course under courses/)."""
    reporter = Reporter()
    targets = list(TARGETS) if target == "all" else [target]
    chosen = Packaging(packaging) if packaging else None
    try:
        artifacts = build(courses, targets, out, reporter, chosen)
    except SettingError as problem:
        click.echo(f"coursepack: error: {problem}", err=True)
        sys.exit(1)
    except CourseError:
        _print_diagnostics(reporter)
        click.echo("nothing was written", err=True)
        sys.exit(1)
    _print_diagnostics(reporter)
    for artifact in artifacts:
        click.echo(_describe(artifact))


@cli.command("export-questions")
@click.argument("course", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(EXPORTERS)),
    required=True,
    help="Moodle XML (keeps everything) or GIFT (plain text).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write. Default: dist/<course-id>/<course-id>-questions.xml (or .gift.txt).",
)
def export_questions_command(course: Path, format_name: str, out: Path | None) -> None:
    """Check COURSE, then write its questions for import into a Moodle question bank."""
    reporter = Reporter()
    try:
        written = export_questions(course, format_name, out, reporter)
    except (CourseError, ExportProblems) as failed:
        _print_diagnostics(reporter)
        for problem in failed.problems if isinstance(failed, ExportProblems) else ():
            click.echo(problem.render(Path.cwd(), "error"), err=True)
        click.echo("nothing was written", err=True)
        sys.exit(1)
    except OSError as problem:
        click.echo(f"coursepack: error: cannot write the export: {problem}", err=True)
        sys.exit(1)
    _print_diagnostics(reporter)
    for note in written.export.notes:
        click.echo(note.render(Path.cwd()), err=True)
    try:
        where = written.path.relative_to(Path.cwd())
    except ValueError:
        where = written.path
    click.echo(
        f"{format_name:10} {where}  {written.export.questions} question(s) "
        f"in {written.export.categories} categories"
    )


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
