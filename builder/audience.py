"""Audience variants: one course, a smaller package for each group of learners.

The seeds' training method trains each group on what its role needs, so a
module or lesson may name its audiences and ``coursepack build --audience``
keeps only what that group needs. A variant gets its own id and title, so it
can sit next to the full course in the same Moodle course (distinct manifest
identifiers, distinct saved progress).
"""

from __future__ import annotations

from dataclasses import replace

from builder.diagnostics import Location, Reporter
from builder.markdown_render import MarkdownRenderer
from builder.model import Course, Lesson, Module, StatusRule
from builder.references import Kind, Reference, resolve
from builder.theme import Theme

#: The four groups of the openIMIS training method, in the order the seeds give them. Their
#: names, for a variant's title, are in the theme's catalogues (``audience.<id>``).
AUDIENCE_IDS = ("server-admin", "system-admin", "scheme-staff", "facility-staff")
#: Between the course id and the audience id; a single '-' could be part of either.
ID_SEPARATOR = "--"


def for_audience(course: Course, audience: str, reporter: Reporter) -> Course:
    """The variant of ``course`` for ``audience``; untagged modules and lessons are for all.

    Reports (never raises) a variant left empty, and links from a kept lesson
    to a dropped one, which the player shows as plain words.
    """
    modules = tuple(m for m in (_module(m, audience) for m in course.modules) if m is not None)
    tagged = any(m.audiences or any(x.audiences for x in m.lessons) for m in course.modules)
    if not tagged:
        message = (
            f"no module or lesson names its 'audiences', so the variant for '{audience}' "
            "holds the whole course"
        )
        reporter.warning(course.location, message, "audience.untagged")
    if not modules:
        message = (
            f"no lesson is for the audience '{audience}', so its variant would be empty; "
            f"add '{audience}' to the 'audiences' of a module or lesson"
        )
        reporter.error(course.location, message, "audience.empty")
    strings = Theme.for_course(course.root, course.theme).strings(course.language)
    label = strings[f"audience.{audience}"]
    variant = replace(
        course,
        id=f"{course.id}{ID_SEPARATOR}{audience}",
        title=f"{course.title} ({label})",
        modules=modules,
    )
    if not variant.graded_quizzes:
        variant = replace(variant, status_rule=StatusRule.COMPLETED)
    _report_dropped_links(course, variant, audience, reporter)
    return variant


def _module(module: Module, audience: str) -> Module | None:
    if module.audiences and audience not in module.audiences:
        return None
    lessons = tuple(x for x in module.lessons if not x.audiences or audience in x.audiences)
    return replace(module, lessons=lessons) if lessons else None


def _report_dropped_links(
    course: Course, variant: Course, audience: str, reporter: Reporter
) -> None:
    every = {x.source for m in course.modules for x in m.lessons}
    kept = [x for m in variant.modules for x in m.lessons]
    dropped = every - {x.source for x in kept}
    links = MarkdownRenderer()
    for lesson in kept:
        for link in links.links(lesson.body):
            found = resolve(link.url, lesson.source, course.root, link.is_image)
            if not isinstance(found, Reference) or found.kind is not Kind.LESSON:
                continue
            if found.target is not None and course.root / found.target in dropped:
                message = (
                    f"links to '{link.url}', a lesson left out of the variant for '{audience}'; "
                    "there the link shows as plain words (tag that lesson for this audience "
                    "too, or reword)"
                )
                where = _line_of(lesson, link.url)
                reporter.warning(where, message, "audience.dropped-link")


def _line_of(lesson: Lesson, url: str) -> Location:
    """Where ``url`` is first written as a link target in the lesson source."""
    text = lesson.source.read_text(encoding="utf-8", errors="replace")
    found = text.find(f"]({url}")
    if found < 0:
        return lesson.location
    return Location(lesson.source).at_offset(text, found + 2)
