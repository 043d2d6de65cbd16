"""Validate stage: every rule a course must follow, all reported at once.

The schemas catch shapes and types; this module adds what needs more than
one value at a time: identifiers that clash, questions without a right
answer, module lists that name missing folders, links that lead nowhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from builder import formats
from builder.assemble import html_allowance
from builder.branding import check_branding
from builder.conversion import Conversions
from builder.converted import Converted, Link
from builder.diagnostics import Location, Reporter
from builder.glossary import check_glossary
from builder.identifiers import name_id, question_id
from builder.linked_files import LinkedFiles
from builder.load import QUIZ_FILE, RawCheck, RawCourse, RawLesson, RawModule, has_utf8_name
from builder.markdown_render import START_TAG, MarkdownRenderer
from builder.question_rules import check_answers
from builder.references import Kind, Problem, resolve
from builder.sanitize import Sanitizer, report_removals
from builder.schema import check_document
from builder.theme_check import scripts_allowed
from builder.yamlsource import UNPARSABLE, YamlList, YamlMap


def validate(
    raw: RawCourse, reporter: Reporter, conversions: Conversions | None = None
) -> LinkedFiles:
    """Report every problem of ``raw``; the course is buildable if none is an error.

    ``conversions`` are its lessons already converted (see ``builder.conversion``).
    Returns the files its pages link to, for targets that judge them as a whole.
    """
    validator = _CourseValidator(raw, reporter, conversions)
    validator.run()
    return validator.linked


class _CourseValidator:
    def __init__(
        self, raw: RawCourse, reporter: Reporter, conversions: Conversions | None = None
    ) -> None:
        self.raw = raw
        self.reporter = reporter
        self.conversions = conversions
        self.markdown = MarkdownRenderer()
        self.sanitizer = Sanitizer()
        self.linked = LinkedFiles(raw.root, scripts_allowed=scripts_allowed(raw))
        self.lesson_paths = {
            lesson.path.relative_to(raw.root) for m in raw.modules for lesson in m.lessons
        } | {path.relative_to(raw.root) for m in raw.modules for path in m.unloadable}

    def run(self) -> None:
        config = check_document(
            self.raw.config, formats.COURSE, Location(self.raw.config_path), self.reporter
        )
        if config is not None:
            self.sanitizer = Sanitizer(html_allowance(config))
        if config is not None and "modules" in config:
            self._check_module_list(config["modules"])
        if config is not None:
            self._check_status_rule(config)
            check_branding(config, self.raw, self.reporter, self.linked)
        check_glossary(self.raw, self.reporter, self._check_text)
        if not self.raw.modules:
            self.reporter.error(
                Location(self.raw.config_path),
                "the course has no modules; add a folder with at least one lesson (.md file)",
                "course.empty",
            )
        _report_duplicates(
            ((name_id(m.folder), Location(m.folder)) for m in self.raw.modules),
            "module",
            self.reporter,
            self.raw.root,
        )
        for module in self.raw.modules:
            self._check_module(module)
        self._check_stray_quizzes()
        self.linked.finish(self.reporter)

    def _check_stray_quizzes(self) -> None:
        modules = {m.folder for m in self.raw.modules}
        for quiz in sorted(self.raw.root.glob(f"*/{QUIZ_FILE}")):
            hidden = quiz.parent.name.startswith((".", "_")) or not has_utf8_name(quiz.parent)
            if quiz.parent not in modules and not hidden:
                self.reporter.warning(
                    Location(quiz),
                    "this folder has a quiz.yml but no lesson (.md file), so it is not a module "
                    "and the quiz is left out; add a lesson or move the quiz",
                    "course.quiz-without-lessons",
                )

    def _check_status_rule(self, config: YamlMap) -> None:
        scorm = config.get("scorm") or YamlMap(config.location)
        listed = {str(name) for name in config.get("modules", ())}
        built = [m for m in self.raw.modules if not listed or m.folder.name in listed]
        graded = any(m.quiz is not None for m in built)
        if scorm.get("status") == "passed-failed" and not graded:
            self.reporter.error(
                scorm.value_at("status"),
                "'status: passed-failed' needs a graded quiz (a quiz.yml in a module); "
                "add one or use 'status: completed'",
                "course.no-graded-quiz",
            )

    def _check_module_list(self, names: YamlList) -> None:
        """Every name a module folder, every module folder named.

        A folder offered as "did you mean" for a misspelt name is not reported
        a second time as unlisted: fixing the name fixes both.
        """
        folders = {m.folder.name for m in self.raw.modules}
        suggested: set[str] = set()
        seen: set[str] = set()
        for index, name in enumerate(names):
            if str(name) in seen:
                message = f"'modules' lists '{name}' twice; keep one"
                self.reporter.error(names.item_at(index), message, "course.duplicate-module")
            seen.add(str(name))
            if str(name) in folders:
                continue
            close = difflib.get_close_matches(str(name), sorted(folders), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            suggested.update(close)
            message = f"'modules' names '{name}', which is not a module folder{hint}"
            if (self.raw.root / str(name)).is_dir():
                message = f"'modules' names '{name}', {_why_not_a_module(str(name))}"
            self.reporter.error(names.item_at(index), message, "course.unknown-module")
        for module in self.raw.modules:
            if module.folder.name not in {str(n) for n in names} | suggested:
                message = (
                    f"module folder '{module.folder.name}' is not listed in 'modules', so it "
                    "would be left out of the course; add it to the list, or rename it with a "
                    "leading '_' to set it aside"
                )
                self.reporter.error(names.location, message, "course.unlisted-module")

    def _check_module(self, module: RawModule) -> None:
        module_file = module.folder / "module.yml"
        if module.config is not None:
            check_document(module.config, formats.MODULE, Location(module_file), self.reporter)
        _report_duplicates(
            ((name_id(lesson.path), Location(lesson.path)) for lesson in module.lessons),
            "lesson",
            self.reporter,
            self.raw.root,
        )
        for lesson in module.lessons:
            self._check_lesson(lesson)
        if module.quiz is not None or module.quiz_path.is_file():
            quiz = check_document(
                module.quiz, formats.QUIZ, Location(module.quiz_path), self.reporter
            )
            if quiz is not None:
                self._check_quiz_texts(quiz, module.quiz_path)

    def _check_lesson(self, lesson: RawLesson) -> None:
        check_document(lesson.front, formats.FRONT_MATTER, lesson.front_location, self.reporter)
        titled = isinstance(lesson.front, YamlMap) and "title" in lesson.front
        if not titled and lesson.heading_title is None and lesson.front is not UNPARSABLE:
            self.reporter.error(
                Location(lesson.path),
                "the lesson has no title; add 'title:' in its front matter or start with '# Title'",
                "lesson.no-title",
            )
        searched_from: dict[tuple[str, bool], int] = {}
        refused: set[str] = set()
        known = self.conversions.get(lesson.path, lesson.body) if self.conversions else None
        converted = known or self.markdown.convert(lesson.body)
        for link in converted.links:
            key = (link.as_typed, link.raw_tag is None)
            start = searched_from.get(key, 0)
            offset = _find_url(lesson.text, link, start)
            searched_from[key] = offset + 1 if offset >= 0 else start
            where = Location(lesson.path, lesson.body_line).at_offset(lesson.text, offset)
            if not self._check_link(link, lesson.path, where):
                refused.add(link.url)
        body = Location(lesson.path, lesson.body_line)
        self._check_raw_html(lesson.body, lesson.text, body, refused, converted)
        for check in lesson.checks:
            self._check_inline_quiz(check, lesson.path)

    def _check_inline_quiz(self, check: RawCheck, source: Path) -> None:
        schema = (
            formats.CHECK
            if isinstance(check.data, YamlMap) and "questions" in check.data
            else formats.QUESTION
        )
        document = check_document(check.data, schema, check.location, self.reporter)
        if document is None:
            return
        if schema is formats.CHECK:
            self._check_quiz_texts(document, source)
        else:
            single = YamlList(document.location)
            single.append(document)
            single.item_locations.append(document.location)
            self._check_questions(single, source)

    def _check_quiz_texts(self, quiz: YamlMap, source: Path) -> None:
        if "draw" in quiz and quiz["draw"] > len(quiz["questions"]):
            message = (
                f"'draw' is {quiz['draw']} but the quiz has {len(quiz['questions'])} questions; "
                "draw fewer or add questions"
            )
            self.reporter.error(quiz.value_at("draw"), message, "quiz.draw-too-many")
        if "intro" in quiz:
            self._check_text(quiz["intro"], source, quiz.value_at("intro"))
        self._check_questions(quiz["questions"], source)

    def _check_questions(self, questions: YamlList, source: Path) -> None:
        ids = (
            (str(q.get("id", question_id(None, i))), q.value_at("id"))
            for i, q in enumerate(questions)
        )
        _report_duplicates(ids, "question", self.reporter, self.raw.root)
        for question in questions:
            check_answers(question, self.reporter)
            for text, where in _question_texts(question):
                self._check_text(text, source, where)

    def _check_text(self, text: Any, source: Path, where: Location) -> None:
        text = str(text)
        # Without these a text has no link, raw HTML or attribute list: nothing to convert.
        converted = self.markdown.convert(text) if any(c in text for c in "[<{") else None
        refused = {
            link.url
            for link in (converted.links if converted else [])
            if not self._check_link(link, source, where)
        }
        self._check_raw_html(text, "", where, refused, converted)

    def _check_raw_html(
        self,
        text: str,
        source: str,
        where: Location,
        refused: set[str],
        converted: Converted | None = None,
    ) -> None:
        """Warn about each piece of authored HTML the render stage will remove.

        An element whose address the link checks already refused gets no second word.
        """
        if "{" in text or START_TAG.search(text):  # no raw HTML or attr_list without these
            removals = self.sanitizer.removals((converted or self.markdown.convert(text)).html())
            news = [removal for removal in removals if removal.url not in refused]
            report_removals(news, source, where, self.reporter)

    def _check_link(self, link: Link, source: Path, where: Location) -> bool:
        """Report what is wrong with ``link``, quoting it as typed; True when it is fine."""
        url = link.as_typed
        found = resolve(link.url, source, self.raw.root, link.is_image)
        if isinstance(found, Problem):
            message = found.message.replace(f"'{link.url}'", f"'{url}'", 1)
            self.reporter.error(where, message, found.code)
        elif link.raw_tag is not None and not _raw_html_allowed(link.raw_tag, found.kind):
            message = (
                f"'{url}' is written in raw HTML <{link.raw_tag}>, which coursepack neither "
                "checks nor packages; write it in Markdown: [text](path) or ![description](path)"
            )
            self.reporter.error(where, message, "link.raw-html")
        elif found.kind is Kind.LESSON and found.target not in self.lesson_paths:
            message = f"'{url}' is a Markdown file but not a lesson of this course"
            self.reporter.error(where, message, "link.not-a-lesson")
        elif found.kind is Kind.ASSET:
            return self.linked.accept(found, where, self.reporter)
        else:
            return True
        return False


def _why_not_a_module(name: str) -> str:
    """Why the existing folder ``name`` is no module: it holds no lesson anyone can see."""
    if name.startswith((".", "_")):
        return "a folder set aside (its name starts with '.' or '_'); rename it or unlist it"
    return (
        "a folder with no lesson (no .md file, or only ones whose name starts with '_' or "
        "'.'), so it is not a module; add a lesson to it or remove it from the list"
    )


def _question_texts(question: YamlMap) -> Iterator[tuple[Any, Location]]:
    yield question["prompt"], question.value_at("prompt")
    for pair in question.get("pairs") or ():
        yield pair["left"], pair.value_at("left")
    sequence = question.get("sequence") or YamlList(question.location)
    for index, item in enumerate(sequence):
        yield item, sequence.item_at(index)
    for choice in question.get("choices") or ():
        for key in ("text", "feedback"):
            if key in choice:
                yield choice[key], choice.value_at(key)
    feedback = question.get("feedback") or YamlMap(question.location)
    for key in ("correct", "incorrect"):
        if key in feedback:
            yield feedback[key], feedback.value_at(key)


def _report_duplicates(
    items: Iterator[tuple[str, Location]], what: str, reporter: Reporter, root: Path
) -> None:
    first: dict[str, Location] = {}
    for identifier, where in items:
        if identifier in first:
            earlier = first[identifier].render(root)
            message = (
                f"{what} id '{identifier}' is already used by {earlier}; "
                f"give each {what} a different name"
            )
            reporter.error(where, message, "id.duplicate")
        else:
            first[identifier] = where


def _raw_html_allowed(tag: str, kind: Kind) -> bool:
    """Raw HTML may link to web pages and anchors; anything it would load is refused."""
    if kind in (Kind.ANCHOR, Kind.INLINE_DATA):
        return True
    return tag == "a" and kind is Kind.EXTERNAL


def _find_url(text: str, link: Link, start: int) -> int:
    """Where a link's URL is written as such, rather than mentioned in the text around it."""
    url = link.as_typed
    forms = (
        (f'"{url}"', f"'{url}'", f"={url}")
        if link.raw_tag
        else (f"]({url}", f"<{url}>", f"]: {url}")
    )
    found = [(offset, form) for form in forms if (offset := text.find(form, start)) >= 0]
    if found:
        offset, form = min(found)
        return offset + form.index(url)
    return text.find(url, start)
