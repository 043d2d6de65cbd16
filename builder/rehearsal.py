"""A course's own templates tried out during the check, before anything is written.

The sandbox stops a template from reaching into Python, and the check reads
each template beforehand (:mod:`builder.theme_check`); but a template that
names a value coursepack does not give, or divides by zero, fails only when
it is rendered. Rendering a course that brings templates once more, as the
player and the handout are made, finds that with the check: the build then
stops before its first file, and ``check`` says the same as ``build``.
"""

from __future__ import annotations

from builder.conversion import Conversions
from builder.diagnostics import CourseError, Reporter
from builder.model import Course
from builder.render import render
from builder.targets.html import HtmlTarget
from builder.targets.html_single import HtmlSingleTarget
from builder.targets.paper import handout_html
from builder.theme import Theme


def rehearse(course: Course, conversions: Conversions, reporter: Reporter) -> None:
    """Render ``course`` as every target would if it brings templates; report what fails."""
    theme = Theme.for_course(course.root, course.theme)
    if not theme.brings_templates():
        return
    try:
        rendered = render(course, theme, conversions)
        for target in (HtmlTarget(), HtmlSingleTarget()):
            target.files(rendered, theme)
        handout_html(rendered, theme)
    except CourseError as failed:
        reporter.diagnostics.extend(failed.diagnostics)
