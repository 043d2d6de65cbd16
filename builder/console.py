"""What the ``coursepack`` command shows in a terminal, and how loudly.

The core reports diagnostics and progress to a :class:`Reporter`; this module
turns them into lines for a person. A progress bar and colour only appear on
an interactive terminal (never in CI logs or pipes, and never with
``NO_COLOR``); ``--quiet`` keeps errors only; ``--verbose`` adds each stage's
timing. Summaries go to stdout, everything else to stderr, so a script can
capture the artefact list alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from builder.diagnostics import Diagnostic, Progress, Reporter, Severity

if TYPE_CHECKING:
    from builder.build import Artifact
    from builder.serve import BuildOutcome

BAR_WIDTH = 24
_STYLES = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


class Verbosity(IntEnum):
    QUIET = 0
    NORMAL = 1
    VERBOSE = 2


def interactive(stream: TextIO) -> bool:
    """Whether a person is watching ``stream`` (a terminal, not a log or a pipe)."""
    return stream.isatty()


def relative(path: Path) -> Path:
    """``path`` from the current folder when it lies below it, as authors typed it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


@dataclass
class Console:
    """One command's terminal output: diagnostics, progress, artefact summaries."""

    verbosity: Verbosity = Verbosity.NORMAL
    tty: bool = False
    colour: bool = False
    _bar_shown: bool = field(default=False, init=False)

    @classmethod
    def for_command(cls, quiet: bool, verbose: bool) -> Console:
        """Settings from the flags and the terminal; ``--quiet`` wins over ``--verbose``."""
        level = Verbosity.QUIET if quiet else Verbosity.VERBOSE if verbose else Verbosity.NORMAL
        tty = interactive(sys.stderr)
        return cls(level, tty, tty and not os.environ.get("NO_COLOR"))

    def attach(self, reporter: Reporter) -> Reporter:
        reporter.listeners.append(self.progress)
        return reporter

    def progress(self, step: Progress) -> None:
        if step.stage == "remove" and self.verbosity is not Verbosity.QUIET:
            self.note(
                f"removed {relative(Path(step.subject))}: an old package of this course "
                "that this build does not write"
            )
        elif self.verbosity is Verbosity.VERBOSE:
            self._err(f"{step.stage:7} {step.subject}  {step.seconds * 1000:.0f} ms", dim=True)
        elif self.verbosity is Verbosity.NORMAL and self.tty and step.total > 1:
            filled = BAR_WIDTH * step.done // step.total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"\r[{bar}] {step.done}/{step.total} {relative(Path(step.subject))}"
            click.echo(line[:120] + "\x1b[K", err=True, nl=False, color=True)
            self._bar_shown = True

    def diagnostics(self, reporter: Reporter) -> None:
        """Every problem in file order; ``--quiet`` drops warnings and the tally."""
        self._clear_bar()
        cwd = Path.cwd()
        shown = [d for d in reporter.sorted() if self._shows(d)]
        for diagnostic in shown:
            text = diagnostic.render(cwd)
            self._err(text, fg=_STYLES[diagnostic.severity])
        errors = len(reporter.errors)
        warnings = len(reporter.diagnostics) - errors
        if (errors or warnings) and self.verbosity is not Verbosity.QUIET:
            self._err(f"{errors} error(s), {warnings} warning(s)")

    def failed(self, reporter: Reporter, problems: Iterable[str] = ()) -> None:
        """Why a command wrote nothing: its diagnostics, any other problems, then that fact."""
        self.diagnostics(reporter)
        for problem in problems:
            self._err(problem)
        self.note("nothing was written")

    def artifact(self, artifact: Artifact) -> None:
        """One line per artefact: target, path, size and time."""
        if self.verbosity is Verbosity.QUIET:
            return
        self._clear_bar()
        size = click.style(f"{artifact.size / 1024:.0f} KiB", bold=True)
        click.echo(
            f"{artifact.target:8} {relative(artifact.path)}  {size}  "
            f"{artifact.seconds * 1000:.0f} ms",
            color=self.colour,
        )

    def new_reporter(self) -> Reporter:
        return self.attach(Reporter())

    def serving(self, url: str) -> None:
        """Always shown, even with ``--quiet``: without it the preview cannot be opened."""
        self._clear_bar()
        click.echo(f"serving at {url} (Ctrl+C to stop)")

    def preview_built(self, outcome: BuildOutcome) -> None:
        """After each preview (re)build: its problems, or that it is served."""
        self.diagnostics(outcome.reporter)
        if outcome.artifacts:
            self.info(f"built in {outcome.seconds * 1000:.0f} ms")
        else:
            self.note("build failed; still serving the last good build")

    def info(self, message: str) -> None:
        """A line of news on stdout (a count, a URL); silent with ``--quiet``."""
        if self.verbosity is not Verbosity.QUIET:
            self._clear_bar()
            click.echo(message, color=self.colour)

    def error(self, message: str) -> None:
        self._clear_bar()
        self._err(f"coursepack: error: {message}", fg="red")

    def note(self, message: str) -> None:
        """A line on stderr that explains an outcome; shown even with ``--quiet``."""
        self._clear_bar()
        self._err(message)

    def _shows(self, diagnostic: Diagnostic) -> bool:
        return self.verbosity is not Verbosity.QUIET or diagnostic.severity is Severity.ERROR

    def _clear_bar(self) -> None:
        if self._bar_shown:
            click.echo("\r\x1b[K", err=True, nl=False, color=True)
            self._bar_shown = False

    def _err(self, text: str, fg: str | None = None, dim: bool = False) -> None:
        click.echo(click.style(text, fg=fg, dim=dim or None), err=True, color=self.colour)
