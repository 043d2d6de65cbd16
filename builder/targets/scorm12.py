"""``scorm12``: the HTML player plus the SCORM 1.2 adapter, a manifest, in a zip.

The whole course is one SCO, so one LMS session spans the visit and the
course score is one ``cmi.core.score.raw``. A mastery score is written only
when the graded quizzes decide the status; otherwise Moodle's "mastery score
overrides status" would turn a finished course into ``failed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from builder.manifest import MANIFEST, Sco, manifest_xml
from builder.model import Course, Module, Packaging, StatusRule
from builder.render import RenderedCourse
from builder.stale import package_mark
from builder.targets.html import HtmlTarget
from builder.theme import Theme
from builder.writer import write_zip

LAUNCH = "index.html"


class Scorm12Target(HtmlTarget):
    name = "scorm12"
    description = "SCORM 1.2 zip for Moodle and other LMSs"
    #: The LMS adapter goes right after core.js, before the player looks for it.
    scripts = (HtmlTarget.scripts[0], "scorm12.js", *HtmlTarget.scripts[1:])
    mode = "scorm12"
    folder = False

    def units(self, course: Course) -> list[Course]:
        """With ``scorm.package: module``, one package per module, each its own SCO."""
        if course.packaging is Packaging.COURSE:
            return [course]
        return [_module_course(course, module) for module in course.modules]

    def destination(self, course: Course, out: Path) -> Path:
        return out / (course.part_of or course.id) / f"{course.id}-scorm12.zip"

    def files(self, rendered: RenderedCourse, theme: Theme) -> dict[str, bytes]:
        files = super().files(rendered, theme)
        course = rendered.course
        decides = course.status_rule is StatusRule.PASSED_FAILED and bool(course.graded_quizzes)
        sco = Sco(
            id=course.id,
            title=course.title,
            href=LAUNCH,
            files=tuple(sorted(files)),
            mastery_score=course.pass_mark if decides else None,
        )
        files[MANIFEST] = manifest_xml(course.id, course.version, course.title, [sco])
        return files

    def write(self, files: Mapping[str, bytes], dest: Path) -> None:
        """The zip, marked as this course's so that a later build may remove it when stale."""
        write_zip(files, dest, package_mark(dest.parent))


def _module_course(course: Course, module: Module) -> Course:
    """One module as a course of its own, for a package per module.

    A module without a graded quiz can only report ``completed``.
    """
    rule = course.status_rule if module.quiz is not None else StatusRule.COMPLETED
    return replace(
        course,
        id=f"{course.id}-{module.id}",
        title=f"{course.title} — {module.title}",
        modules=(module,),
        status_rule=rule,
        part_of=course.id,
    )
