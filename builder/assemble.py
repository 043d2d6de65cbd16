"""Model stage: turn a validated :class:`RawCourse` into the frozen course model.

Defaults are applied here and only here, so every target sees the same
course. This stage trusts the validate stage: it runs only when that stage
reported no error.
"""

from __future__ import annotations

from typing import Any

from builder.branding import branding_of
from builder.diagnostics import Location
from builder.glossary import glossary_entries
from builder.identifiers import humanise, name_id, question_id
from builder.load import RawCheck, RawCourse, RawLesson, RawModule
from builder.model import (
    Choice,
    Course,
    HtmlAllowance,
    Lesson,
    Module,
    Packaging,
    Pair,
    Question,
    QuestionType,
    Quiz,
    Review,
    StatusRule,
    TextMatch,
)
from builder.theme import DEFAULT_THEME, SCRIPTS_KEY
from builder.yamlsource import YamlMap

DEFAULT_PASS_MARK = 80.0
#: The quiz page's name in its module; lesson ids are slugs, which never start with '_'.
QUIZ_PAGE = "_quiz"


def assemble(raw: RawCourse) -> Course:
    config: YamlMap = raw.config
    pass_mark = float(config.get("pass_mark", DEFAULT_PASS_MARK))
    by_folder = {m.folder.name: m for m in raw.modules}
    ordered = (
        [by_folder[str(name)] for name in config["modules"]]
        if "modules" in config
        else list(raw.modules)
    )
    modules = tuple(_module(m, pass_mark) for m in ordered)
    has_graded = any(m.quiz is not None for m in modules)
    default_rule = StatusRule.PASSED_FAILED if has_graded else StatusRule.COMPLETED
    scorm = config.get("scorm") or {}
    status_rule = StatusRule(scorm["status"]) if "status" in scorm else default_rule
    completion = config.get("completion") or {}
    return Course(
        id=str(config["id"]),
        title=str(config["title"]),
        language=str(config["language"]),
        version=str(config["version"]),
        description=_optional_text(config, "description"),
        authors=tuple(str(a) for a in config.get("authors", ())),
        audience=_optional_text(config, "audience"),
        duration=config.get("duration"),
        topic=_optional_text(config, "topic"),
        mode=_optional_text(config, "mode"),
        updated=_optional_text(config, "updated"),
        pass_mark=pass_mark,
        status_rule=status_rule,
        modules=modules,
        root=raw.root,
        location=Location(raw.config_path),
        completion_pages=float(completion.get("pages", 100)),
        packaging=Packaging(scorm.get("package", Packaging.COURSE.value)),
        handout_answer_key=bool((config.get("handout") or {}).get("answer_key", True)),
        html=html_allowance(config),
        glossary=glossary_entries(raw),
        branding=branding_of(config, raw.root),
        theme=str(config.get("theme", DEFAULT_THEME)),
        theme_scripts=config.get(SCRIPTS_KEY) is True,
    )


def html_allowance(config: YamlMap) -> HtmlAllowance:
    """What ``html:`` in a valid course.yml allows beyond the default set."""
    html = config.get("html") or {}
    attributes = html.get("allow_attributes") or {}
    return HtmlAllowance(
        tags=tuple(str(tag) for tag in html.get("allow_tags", ())),
        attributes=tuple(
            (str(tag), tuple(str(name) for name in names)) for tag, names in attributes.items()
        ),
    )


def _optional_text(mapping: dict[str, Any], key: str) -> str | None:
    return str(mapping[key]) if key in mapping else None


def _module(raw: RawModule, pass_mark: float) -> Module:
    config = raw.config or {}
    module_id = name_id(raw.folder)
    quiz = None
    if raw.quiz is not None:
        quiz = _quiz(raw.quiz, f"{module_id}/{QUIZ_PAGE}", True, pass_mark, Location(raw.quiz_path))
    return Module(
        id=module_id,
        title=str(config.get("title") or humanise(raw.folder)),
        objectives=tuple(str(o) for o in config.get("objectives", ())),
        audience=_optional_text(config, "audience"),
        duration=config.get("duration"),
        lessons=tuple(_lesson(lesson, module_id, pass_mark) for lesson in raw.lessons),
        quiz=quiz,
        folder=raw.folder,
        location=Location(raw.folder),
        audiences=tuple(str(a) for a in config.get("audiences", ())),
    )


def _lesson(raw: RawLesson, module_id: str, pass_mark: float) -> Lesson:
    front = raw.front or {}
    lesson_id = f"{module_id}/{name_id(raw.path)}"
    checks = tuple(
        _check(check, f"{lesson_id}/check{index + 1}", pass_mark)
        for index, check in enumerate(raw.checks)
    )
    return Lesson(
        id=lesson_id,
        title=str(front.get("title") or raw.heading_title),
        duration=front.get("duration"),
        body=raw.body,
        checks=checks,
        source=raw.path,
        location=Location(raw.path),
        audiences=tuple(str(a) for a in front.get("audiences", ())),
    )


def _check(raw: RawCheck, check_id: str, pass_mark: float) -> Quiz:
    data: YamlMap = raw.data
    if "questions" not in data:
        data = YamlMap(raw.location)
        data["questions"] = [raw.data]
    return _quiz(data, check_id, False, pass_mark, raw.location)


def _quiz(data: YamlMap, quiz_id: str, graded: bool, pass_mark: float, where: Location) -> Quiz:
    questions = tuple(_question(q, i) for i, q in enumerate(data["questions"]))
    return Quiz(
        id=quiz_id,
        title=_optional_text(data, "title"),
        intro=_optional_text(data, "intro"),
        questions=questions,
        graded=graded,
        pass_mark=float(data.get("pass_mark", pass_mark)),
        weight=float(data.get("weight", 1)),
        location=where,
        shuffle_questions=data.get("shuffle_questions") is True,
        shuffle_choices=data.get("shuffle_choices") is True,
        draw=data.get("draw"),
        max_attempts=data.get("max_attempts"),
        review=Review(data.get("review", Review.ALWAYS.value)),
    )


#: Partly right answers earn their share unless ``partial_credit: false``: the rule Moodle's
#: question bank applies to these types, so that a course and its exported questions give
#: the same mark (docs/en/authoring.md, sections 3 and 8).
PARTIAL_BY_DEFAULT = (QuestionType.MULTIPLE, QuestionType.MATCHING)


def _question(data: YamlMap, index: int) -> Question:
    kind = QuestionType(data.get("type", QuestionType.SINGLE.value))
    feedback = data.get("feedback") or {}
    low, high = _numeric_bounds(data) if kind is QuestionType.NUMERIC else (None, None)
    match = data.get("match") or {}
    return Question(
        id=question_id(data.get("id"), index),
        type=kind,
        prompt=str(data["prompt"]),
        choices=_choices(kind, data),
        feedback_correct=_optional_text(feedback, "correct"),
        feedback_incorrect=_optional_text(feedback, "incorrect"),
        location=data.location,
        accepted=tuple(str(a) for a in data.get("answers", ())),
        match=TextMatch(**{k: match.get(k) is True for k in ("case", "accents", "spaces")}),
        low=low,
        high=high,
        pairs=tuple(Pair(str(p["left"]), str(p["right"])) for p in data.get("pairs", ())),
        sequence=tuple(str(item) for item in data.get("sequence", ())),
        partial_credit=data.get("partial_credit", kind in PARTIAL_BY_DEFAULT) is True,
        weight=float(data.get("weight", 1)),
    )


def _choices(kind: QuestionType, data: YamlMap) -> tuple[Choice, ...]:
    if kind is QuestionType.TRUE_FALSE:
        answer = bool(data["answer"])
        return (Choice("true", answer, None), Choice("false", not answer, None))
    return tuple(
        Choice(str(c["text"]), c.get("correct") is True, _optional_text(c, "feedback"))
        for c in data.get("choices", ())
    )


def _numeric_bounds(data: YamlMap) -> tuple[float, float]:
    """A numeric question's right values: ``answer`` ± ``tolerance``, or ``range``."""
    if "range" in data:
        low, high = data["range"]
        return float(low), float(high)
    tolerance = float(data.get("tolerance", 0))
    return float(data["answer"]) - tolerance, float(data["answer"]) + tolerance
