"""What a package check finds, and where: shared by the zip and manifest checks.

A package is not a course source, so findings name a zip and one of its
entries (and a line for the manifest) instead of a file on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from builder.diagnostics import Severity


@dataclass(frozen=True)
class Finding:
    """One problem in a package: in the zip itself, or in one of its files at a line."""

    severity: Severity
    message: str
    code: str
    member: str | None = None
    line: int | None = None

    def render(self, package: str) -> str:
        where = package
        if self.member is not None:
            where += f": {self.member}" + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass
class PackageReport:
    """Every finding about one package, in the order they were found."""

    path: Path
    findings: list[Finding] = field(default_factory=list)

    def error(
        self, message: str, code: str, member: str | None = None, line: int | None = None
    ) -> None:
        self.findings.append(Finding(Severity.ERROR, message, code, member, line))

    def warning(
        self, message: str, code: str, member: str | None = None, line: int | None = None
    ) -> None:
        self.findings.append(Finding(Severity.WARNING, message, code, member, line))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def summary(self) -> str:
        """One line for the terminal: the verdict and the counts."""
        errors = len(self.errors)
        warnings = len(self.findings) - errors
        verdict = "not a valid SCORM 1.2 package" if errors else "valid SCORM 1.2 package"
        return f"{self.path}: {verdict} ({errors} error(s), {warnings} warning(s))"


def unsafe_path(name: str) -> str | None:
    """Why a path cannot be used inside a package, or None when it is a plain relative path."""
    if "\\" in name:
        return "uses a backslash; use '/'"
    if name.startswith("/"):
        return "is absolute; paths must be relative to the package root"
    if re.match(r"[A-Za-z]:", name):
        return "starts with a drive letter; paths must be relative to the package root"
    if ".." in PurePosixPath(name).parts:
        return "uses '..'; everything must stay inside the package"
    return None
