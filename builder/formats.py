"""The source format: one schema per kind of YAML an author writes.

``docs/en/authoring.md`` describes the same fields for people; keep both in step.
"""

from __future__ import annotations

from builder.audience import AUDIENCE_IDS
from builder.sanitize import HtmlName
from builder.schema import (
    AnyOf,
    Boolean,
    Choice,
    Day,
    Field,
    ListOf,
    MapOf,
    Nested,
    Number,
    Schema,
    Text,
)
from builder.theme import SCRIPTS_KEY, interface_languages, theme_names

IDENTIFIER = Text(
    label="an identifier",
    pattern=r"[A-Za-z][A-Za-z0-9_-]*",
    hint="use letters, digits, '-' and '_', starting with a letter (no spaces or accents)",
    max_length=64,
)
PERCENT = Number(label="a number from 0 to 100", minimum=0, maximum=100)
MINUTES = Number(label="a whole number of minutes", minimum=1, integer=True)
LANGUAGES = interface_languages()
QUESTION_TYPES = (
    "single",
    "multiple",
    "true-false",
    "fill-in",
    "numeric",
    "matching",
    "ordering",
)
STATUS_RULES = ("passed-failed", "completed")
REVIEW_POLICIES = ("always", "end", "never")
PACKAGINGS = ("course", "module")
AUDIENCE_LIST = ListOf(item=Choice(values=AUDIENCE_IDS), min_items=1)
AUDIENCES_DOC = "Groups this is for (build --audience keeps only theirs); default: everyone."
#: Interaction responses name choices, pairs and items with one letter each.
MAX_OPTIONS = 26

SCORM = Schema(
    "scorm options",
    "How the SCORM 1.2 package reports to the LMS.",
    (
        Field(
            "status",
            Choice(values=STATUS_RULES),
            "passed-failed: the graded quizzes decide (a mastery score is written); "
            "completed: finishing the course is enough. "
            "Default: passed-failed when the course has a graded quiz, else completed.",
        ),
        Field(
            "package",
            Choice(values=PACKAGINGS),
            "course (default): one package with one SCO; module: one package per module, "
            "each its own SCO with its own score (one Moodle activity per module).",
        ),
    ),
)

HANDOUT = Schema(
    "handout options",
    "What the trainers' PDF (target handout) holds.",
    (
        Field(
            "answer_key",
            Boolean(),
            "Print the answer key on the last pages. Default true; false for copies handed to "
            "learners.",
        ),
    ),
)

COMPLETION = Schema(
    "completion options",
    "When the course counts as completed.",
    (
        Field(
            "pages",
            PERCENT,
            "Share of the pages (lessons and quizzes) to view, in percent. Default 100.",
        ),
    ),
)

HTML = Schema(
    "html options",
    "Raw HTML the lessons may use beyond the safe default set (see docs/en/authoring.md).",
    (
        Field(
            "allow_tags",
            ListOf(item=HtmlName(), min_items=1),
            "More tags to keep, e.g. [video]; scripts, styles, frames and forms are refused.",
        ),
        Field(
            "allow_attributes",
            MapOf(
                label="a mapping of tag names (or '*' for every tag) to attribute lists",
                key=HtmlName(every=True),
                value=ListOf(item=HtmlName(attribute=True), min_items=1),
            ),
            "More attributes to keep, per tag, e.g. {td: [headers]}; 'on...' and 'style' are "
            "refused.",
        ),
    ),
)

COLOUR = Text(
    label="a colour",
    pattern=r"#[0-9A-Fa-f]{6}",
    hint="write a colour as '#' and six hexadecimal digits, e.g. '#0b5cad', in quotes",
)

BRANDING = Schema(
    "branding",
    "Who publishes the course, shown in the player's header and footer.",
    (
        Field(
            "organisation",
            Text(),
            "Name of the organisation, shown in the header (and the logo's text alternative).",
            True,
        ),
        Field("logo", Text(), "Logo image in the course folder (PNG, JPEG, GIF, SVG or WebP)."),
        Field(
            "primary",
            COLOUR,
            "Colour of buttons, links and the current page; must be readable on white.",
        ),
        Field("accent", COLOUR, "Colour of the header's band; must be readable on white."),
        Field("footer", Text(), "A line shown at the foot of every page (plain text)."),
    ),
)

COURSE = Schema(
    "course.yml",
    "Describes the whole course.",
    (
        Field(
            "id", IDENTIFIER, "Stable identifier; names the package and the saved progress.", True
        ),
        Field("title", Text(), "Course title shown to learners and in the LMS.", True),
        Field("language", Choice(values=LANGUAGES), "Language of the content and player.", True),
        Field(
            "version",
            Text(max_length=20),
            "Content version, kept as typed (1.10 stays 1.10); a new one resets saved progress.",
            True,
        ),
        Field("description", Text(), "One or two sentences on what the course is for."),
        Field("authors", ListOf(item=Text()), "Who wrote the course."),
        Field("audience", Text(), "Who the course is for (the catalogue's target group)."),
        Field("duration", MINUTES, "Estimated time to complete, in minutes."),
        Field("topic", Text(), "Subject, as listed in a capacity-building catalogue."),
        Field("mode", Text(), "How it is delivered, e.g. 'Cours en ligne' or 'Présentiel'."),
        Field("updated", Day(), "Date of the latest content update, YYYY-MM-DD."),
        Field("pass_mark", PERCENT, "Course score (0-100) needed to pass. Default 80."),
        Field(
            "modules",
            ListOf(item=Text(), min_items=1),
            "Module folder names in order; default folder order.",
        ),
        Field("completion", Nested(schema=COMPLETION), "When the course counts as completed."),
        Field("scorm", Nested(schema=SCORM), "SCORM 1.2 options."),
        Field("handout", Nested(schema=HANDOUT), "Options of the trainers' PDF."),
        Field("html", Nested(schema=HTML), "Raw HTML allowed in lessons beyond the default."),
        Field("branding", Nested(schema=BRANDING), "Organisation name, logo, colours, footer."),
        Field(
            "theme",
            Choice(values=theme_names()),
            "Built-in look of the player: default, or contrast (larger text, stronger contrast).",
        ),
        Field(
            SCRIPTS_KEY,
            Boolean(),
            "Let the course's _theme folder ship scripts (its static/*.js files, <script> in its "
            "templates), which run in every learner's browser. Default false; check and build "
            "name them each time.",
        ),
    ),
)

GLOSSARY_ENTRY = Schema(
    "glossary entry",
    "One term of the course glossary.",
    (
        Field("term", Text(), "The word or abbreviation, as written in the lessons.", True),
        Field("expansion", Text(), "What an abbreviation stands for, e.g. 'Formation sanitaire'."),
        Field("definition", Text(), "What the term means (Markdown).", True),
    ),
)

GLOSSARY = Schema(
    "glossary.yml",
    "The course glossary: its terms are explained on a glossary page and linked from lessons.",
    (
        Field(
            "terms",
            ListOf(item=Nested(schema=GLOSSARY_ENTRY), min_items=1),
            "The terms, in any order (the page sorts them).",
            True,
        ),
    ),
)

MODULE = Schema(
    "module.yml",
    "Describes one module (a folder of lessons).",
    (
        Field("title", Text(), "Module title; default from the folder name."),
        Field("objectives", ListOf(item=Text()), "What the learner can do after the module."),
        Field("audience", Text(), "Who the module is for."),
        Field("duration", MINUTES, "Estimated time, in minutes."),
        Field("audiences", AUDIENCE_LIST, AUDIENCES_DOC),
    ),
)

FRONT_MATTER = Schema(
    "lesson front matter",
    "The YAML block between '---' lines at the top of a lesson.",
    (
        Field("title", Text(), "Lesson title; default the leading '# Heading'."),
        Field("duration", MINUTES, "Estimated time, in minutes."),
        Field("audiences", AUDIENCE_LIST, AUDIENCES_DOC),
    ),
)

CHOICE = Schema(
    "choice",
    "One answer offered in a single or multiple choice question.",
    (
        Field("text", Text(), "What the learner reads (inline Markdown).", True),
        Field("correct", Boolean(), "Whether this choice is right. Default false."),
        Field("feedback", Text(), "Shown after submitting when the learner picked this choice."),
    ),
)

MATCH = Schema(
    "match",
    "What must match exactly when a typed answer is compared with the accepted ones.",
    (
        Field("case", Boolean(), "Upper and lower case must match. Default false."),
        Field("accents", Boolean(), "Accents must match (é is not e). Default false."),
        Field("spaces", Boolean(), "Spaces must match exactly. Default false."),
    ),
)

PAIR = Schema(
    "pair",
    "One pair of a matching question: the learner finds the right for each left.",
    (
        Field("left", Text(), "Shown as is (inline Markdown).", True),
        Field("right", Text(), "Offered in a list, shuffled (plain text).", True),
    ),
)

FEEDBACK = Schema(
    "feedback",
    "Shown after the question is submitted.",
    (
        Field("correct", Text(), "When the answer is right."),
        Field("incorrect", Text(), "When the answer is wrong: explain why."),
    ),
)

QUESTION = Schema(
    "question",
    "One question of a quiz or knowledge check.",
    (
        Field("id", IDENTIFIER, "Stable identifier within the quiz; default q1, q2, ..."),
        Field("type", Choice(values=QUESTION_TYPES), "The kind of question; default single."),
        Field("prompt", Text(), "The question (inline Markdown).", True),
        Field("choices", ListOf(item=Nested(schema=CHOICE), min_items=2), "For single/multiple."),
        Field(
            "answer",
            # Any single value here: the question's type says which kind is right
            # (quiz.bad-answer), so a fill-in 'answer' can point to 'answers' instead.
            AnyOf(label="true, false, a number or a text", kinds=(Boolean(), Number(), Text())),
            "true-false: whether the statement is true; numeric: the right number.",
        ),
        Field("tolerance", Number(minimum=0), "numeric: how far from 'answer' is still right."),
        Field(
            "range",
            ListOf(item=Number(), min_items=2),
            "numeric: [lowest, highest] right values, instead of 'answer'.",
        ),
        Field(
            "answers",
            ListOf(item=Text(max_length=255), min_items=1),
            "fill-in: every accepted answer.",
        ),
        Field("match", Nested(schema=MATCH), "fill-in: what must match exactly."),
        Field("pairs", ListOf(item=Nested(schema=PAIR), min_items=2), "matching: the pairs."),
        Field("sequence", ListOf(item=Text(), min_items=2), "ordering: the items, in order."),
        Field(
            "partial_credit",
            Boolean(),
            "multiple/matching: a share of the points for a partly right answer, as in Moodle."
            " Default true; false: all or nothing.",
        ),
        Field(
            "weight",
            Number(minimum=0, maximum=100),
            "Points of this question in its quiz (0 to 100, SCORM's limit). Default 1.",
        ),
        Field("feedback", Nested(schema=FEEDBACK), "Feedback for the whole question."),
    ),
)

QUIZ = Schema(
    "quiz.yml",
    "The graded quiz of a module.",
    (
        Field("title", Text(), "Quiz title; default from the player's language."),
        Field("intro", Text(), "Text shown above the questions (Markdown)."),
        Field("pass_mark", PERCENT, "Score (0-100) to pass this quiz; default the course's."),
        Field("weight", Number(minimum=0), "Weight in the course score. Default 1."),
        Field("shuffle_questions", Boolean(), "Show the questions in a new order each attempt."),
        Field("shuffle_choices", Boolean(), "Show choices, pairs and items in a new order."),
        Field(
            "draw",
            Number(label="a whole number of questions", minimum=1, integer=True),
            "Draw this many of the questions at each attempt (a question bank).",
        ),
        Field(
            "max_attempts",
            Number(label="a whole number of attempts", minimum=1, integer=True),
            "Attempts allowed; default unlimited.",
        ),
        Field(
            "review",
            Choice(values=REVIEW_POLICIES),
            "When right answers and explanations are shown: always (after each submission, "
            "the default), end (once passed or after the last attempt) or never.",
        ),
        Field(
            "questions", ListOf(item=Nested(schema=QUESTION), min_items=1), "The questions.", True
        ),
    ),
)

CHECK = Schema(
    "knowledge check",
    "An ungraded ```quiz block inside a lesson: one question, or a title and questions.",
    (
        Field("title", Text(), "Heading of the check."),
        Field(
            "questions", ListOf(item=Nested(schema=QUESTION), min_items=1), "The questions.", True
        ),
    ),
)
