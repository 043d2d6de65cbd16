"""What a course's own ``_theme/`` folder may do, checked before anything is built.

A course folder is untrusted input: partners swap courses and authors preview
what they download. Its templates are rendered in a sandbox (see
:mod:`builder.theme`); this module reads them beforehand so that a template
reaching into Python, or one Jinja cannot read, is reported at its line
instead of stopping a build halfway; so is a file of interface texts that is
not JSON, and a symbolic link that would copy a file from outside the course.
Scripts a course adds to the player run in every learner's browser, inside
the LMS page next to their session, so they ship only when ``course.yml`` asks
for them with ``theme_scripts: true``; even then each build names them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.sandbox import (
    UNSAFE_ASYNC_GENERATOR_ATTRIBUTES,
    UNSAFE_COROUTINE_ATTRIBUTES,
    UNSAFE_FUNCTION_ATTRIBUTES,
    UNSAFE_GENERATOR_ATTRIBUTES,
    UNSAFE_METHOD_ATTRIBUTES,
)

from builder.diagnostics import Location, Reporter
from builder.load import COURSE_FILE, RawCourse
from builder.minify import ScriptProblem, minified
from builder.textfile import loop_message, outside_message, read_bytes
from builder.theme import (
    COURSE_THEME_DIR,
    SCRIPTS_KEY,
    syntax_message,
    template_environment,
    unsafe_message,
)
from builder.yamlsource import YamlMap

#: Names the sandbox never lets a template read, whatever object they are asked of.
UNSAFE_NAMES = frozenset(
    {"mro"}
    | UNSAFE_FUNCTION_ATTRIBUTES
    | UNSAFE_METHOD_ATTRIBUTES
    | UNSAFE_GENERATOR_ATTRIBUTES
    | UNSAFE_COROUTINE_ATTRIBUTES
    | UNSAFE_ASYNC_GENERATOR_ATTRIBUTES
)
#: Filter arguments that name an attribute to read (``|attr('x')``, ``|map(attribute='x')``).
ATTRIBUTE_KEYWORDS = frozenset({"attribute"})


def check_course_theme(raw: RawCourse, reporter: Reporter) -> None:
    """Report the course theme's unsafe or unreadable templates and its scripts."""
    folder = raw.root / COURSE_THEME_DIR
    if not folder.is_dir() or _leads_outside(folder, raw.root, reporter):
        return
    for catalogue in _files_named(folder / "locales", "*.json"):
        _check_catalogue(catalogue, raw.root, reporter)
    for template in sorted(_files(folder / "templates")):
        _check_template(template, folder / "templates", raw.root, reporter)
    scripts = _files_named(folder / "static", "*.js")
    if not scripts:
        return
    config = raw.config if isinstance(raw.config, YamlMap) else YamlMap(Location(raw.config_path))
    if not scripts_allowed(raw):
        for path in scripts:
            message = (
                "this script would run in the browser of every learner, which a course's theme "
                f"may do only when {COURSE_FILE} says '{SCRIPTS_KEY}: true'; add that line if "
                "you trust the script, or delete it to use the default player"
            )
            reporter.error(Location(path), message, "theme.script-not-allowed")
        return
    names = ", ".join(str(path.relative_to(raw.root)) for path in scripts)
    message = (
        f"the course's theme ships its own scripts, which run in the browser of every "
        f"learner: {names}; build only scripts you have read"
    )
    reporter.warning(config.value_at(SCRIPTS_KEY), message, "theme.scripts-allowed")
    for path in scripts:
        _check_script(path, raw.root, reporter)


def scripts_allowed(raw: RawCourse) -> bool:
    """Whether course.yml lets the course's theme ship scripts (``theme_scripts: true``)."""
    return isinstance(raw.config, YamlMap) and raw.config.get(SCRIPTS_KEY) is True


def _leads_outside(folder: Path, root: Path, reporter: Reporter) -> bool:
    """Report each symbolic link of the theme that leads out of the course (it would copy any
    file of this computer into the package), and each that leads back to itself; True if there
    is one."""
    inside = root.resolve()
    links = [folder] + [
        Path(parent, name) for parent, folders, files in os.walk(folder) for name in folders + files
    ]
    found = False
    for path in links:
        try:
            leads_outside = not path.resolve().is_relative_to(inside)
        except (OSError, RuntimeError):  # a loop of links: RuntimeError before Python 3.13
            reporter.error(Location(path), loop_message(), "file.unreadable")
            found = True
            continue
        if leads_outside:
            reporter.error(Location(path), outside_message(path), "file.outside")
            found = True
    return found


def _files_named(folder: Path, pattern: str) -> list[Path]:
    """The files of ``folder`` matching ``pattern``, by name; a folder so named is no file."""
    return sorted(path for path in folder.glob(pattern) if path.is_file())


def _files(folder: Path) -> Iterator[Path]:
    """Every file under ``folder`` a template could include, hidden ones aside."""
    if folder.is_dir():
        for path in folder.rglob("*"):
            hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
            if path.is_file() and not hidden:
                yield path


def _check_catalogue(path: Path, root: Path, reporter: Reporter) -> None:
    """Interface texts are data: a file that is not a JSON object of texts is refused here
    rather than stopping the build halfway."""
    content = read_bytes(path, reporter, within=root)
    if content is None:
        return
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        problem, where = "it is not UTF-8 text", Location(path)
    except json.JSONDecodeError as error:
        problem, where = (
            f"it is not valid JSON ({error.msg})",
            Location(path, error.lineno, error.colno),
        )
    else:
        if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()):
            return
        problem = 'it must map each text\'s name to a text, e.g. {"nav.next": "Suivant"}'
        where = Location(path)
    message = (
        f"this file of interface texts cannot be used: {problem}; fix it, or delete it to use "
        "the default texts"
    )
    reporter.error(where, message, "theme.locale")


def _check_script(path: Path, root: Path, reporter: Reporter) -> None:
    """A script that is not valid ES5 would leave a player that does not start."""
    content = read_bytes(path, reporter, within=root)
    if content is None:
        return
    try:
        minified(path, content)
    except ScriptProblem as found:
        message = (
            f"this player script is {found.problem}; fix it, or delete it from the "
            "course's theme folder to use the default one"
        )
        reporter.error(found.location, message, "theme.script")


def _check_template(path: Path, folder: Path, root: Path, reporter: Reporter) -> None:
    text = _template_text(path, root, reporter)
    if text is None:
        return
    name = path.relative_to(folder).as_posix()
    try:
        tree = template_environment([folder]).parse(text, name, str(path))
    except jinja2.TemplateSyntaxError as failed:
        where = Location(path, failed.lineno or 1)
        reporter.error(where, syntax_message(failed), "theme.template-syntax")
        return
    lines = text.splitlines()
    for line, reached in _unsafe_names(tree):
        before = lines[line - 1] if line <= len(lines) else ""
        column = before.find(reached) + 1 or 1
        where = Location(path, line, column)
        reporter.error(where, unsafe_message(f"'{reached}'"), "theme.unsafe-template")


def _template_text(path: Path, root: Path, reporter: Reporter) -> str | None:
    content = read_bytes(path, reporter, within=root)
    if content is None:
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        message = (
            "this template cannot be read: it is not UTF-8 text; save it as UTF-8, or delete "
            "it from the course's theme folder to use the default one"
        )
        reporter.error(Location(path, line), message, "theme.template-syntax")
        return None


def _unsafe_names(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    """Each attribute the template names that the sandbox refuses, with its line.

    Only names written out are seen here; one put together while rendering is
    refused by the sandbox itself (see :func:`builder.theme.report_template_failure`).
    """
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Keyword)):
        # A subscript reads a key first (a dict key may start with '_'); only a dunder
        # name there can end up as an attribute.
        private = "__" if isinstance(node, nodes.Getitem) else "_"
        for name in _named_attributes(node):
            if name.startswith(private) or name in UNSAFE_NAMES:
                yield node.lineno, name


def _named_attributes(node: nodes.Node) -> Iterator[str]:
    if isinstance(node, nodes.Getattr):
        yield node.attr
    elif isinstance(node, nodes.Getitem):
        yield from _constant_text(node.arg)
    elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
        yield from _constant_text(node.args[0])
    elif isinstance(node, nodes.Keyword) and node.key in ATTRIBUTE_KEYWORDS:
        yield from _constant_text(node.value)


def _constant_text(node: nodes.Node) -> Iterator[str]:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        yield node.value
