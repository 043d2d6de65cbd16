"""One-line bugs of the kind a real change could make, each breaking one promise we make.

Each entry names the file, the exact text it changes (which must occur exactly once), what it
becomes, the tests that must then fail, and the promise in words. ``run.py`` applies them one
at a time in a scratch copy of the repository. The first six are the bugs planted when issue 17
was filed, which the suite of the time let through.
"""

from __future__ import annotations

from dataclasses import dataclass

STATIC = "themes/default/static"


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    original: str
    replacement: str
    tests: tuple[str, ...]
    promise: str


SCORM_SENT = "tests/test_scorm_sent.py"
SHIPPED_IN_LMS = (
    "tests/test_e2e_scorm.py::test_a_learner_passes_each_shipped_course_in_one_session"
    "[decouvrir-openimis]"
)
LEAVE_AND_RESUME = (
    "tests/test_e2e_scorm.py::test_leaving_and_coming_back_restores_place_and_answers"
)
MARKING = "tests/test_marking_rules.py::"

MUTATIONS: tuple[Mutation, ...] = (
    # ---- The six bugs planted in issue 17 ----
    Mutation(
        "planted-status-incomplete",
        f"{STATIC}/scorm12.js",
        "set(STATUS, snapshot.status);",
        'set(STATUS, snapshot.status === "failed" ? "incomplete" : snapshot.status);',
        (SCORM_SENT,),
        "the package itself ends passed or failed (authoring guide, section 6)",
    ),
    Mutation(
        "planted-pass-mark-strict",
        f"{STATIC}/progress.js",
        'return got >= course.passMark ? "passed" : "failed";',
        'return got > course.passMark ? "passed" : "failed";',
        (SCORM_SENT,),
        "a course score equal to the pass mark passes",
    ),
    Mutation(
        "planted-suspend-limit",
        f"{STATIC}/codec.js",
        "var LIMIT = 4096;",
        "var LIMIT = 8192;",
        ("tests/test_codec.py::test_a_state_one_character_over_the_limit_is_cut_down_to_fit",),
        "suspend_data never passes SCORM 1.2's 4096 characters",
    ),
    Mutation(
        "planted-csp-unsafe-inline",
        "builder/site.py",
        "\"default-src 'self'; script-src 'self'; style-src 'self';",
        "\"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self';",
        ("tests/test_csp_policies.py",),
        "the site's Content-Security-Policy forbids inline scripts",
    ),
    Mutation(
        "planted-tabs-ignore-pages",
        f"{STATIC}/storage.js",
        "return seen || theirs.visited[i];",
        "return seen;",
        ("tests/test_two_tabs.py::test_pages_seen_in_either_tab_count_in_both",),
        "pages seen in either tab of an offline course count",
    ),
    Mutation(
        "planted-focus-disabled-button",
        f"{STATIC}/quiz.js",
        '(button.disabled ? $(step < 0 ? ".cp-down" : ".cp-up", item) : button).focus();',
        "button.focus();",
        ("tests/test_keyboard.py::test_focus_stays_on_a_usable_button_after_every_keyboard_move",),
        "focus stays on a usable button while reordering with the keyboard",
    ),
    # ---- The player (ES5 runtime) ----
    Mutation(
        "quiz-pass-mark-strict",
        f"{STATIC}/marking.js",
        "return record.score !== null && record.score >= quiz.passMark;",
        "return record.score !== null && record.score > quiz.passMark;",
        (MARKING + "test_a_quiz_score_equal_to_its_pass_mark_passes", SCORM_SENT),
        "a quiz score equal to its pass mark passes the quiz (message and LMS objective)",
    ),
    Mutation(
        "numeric-range-upper-bound",
        f"{STATIC}/marking.js",
        "return number && within(number.value, question.low, question.high) ? 1 : 0;",
        "return number && within(number.value, question.low, question.low) ? 1 : 0;",
        (MARKING + "test_both_bounds_of_a_numeric_answer_are_right",),
        "any number inside a numeric question's range is right",
    ),
    Mutation(
        "fill-in-accents-not-forgiven",
        f"{STATIC}/marking.js",
        "if (!match.accents) { text = stripAccents(text); }",
        "if (match.accents) { text = stripAccents(text); }",
        (MARKING + "test_a_typed_answer_is_forgiven_case_accents_and_spaces",),
        "a typed answer is forgiven its accents unless the question says they count",
    ),
    Mutation(
        "decimal-comma-refused",
        f"{STATIC}/marking.js",
        r"var parts = /^([+-]?)(\d{0,15})(?:[.,](\d{0,15}))?$/.exec(plain);",
        r"var parts = /^([+-]?)(\d{0,15})(?:[.](\d{0,15}))?$/.exec(plain);",
        (MARKING + "test_both_bounds_of_a_numeric_answer_are_right",),
        "a number typed with a decimal comma (3,5) is a number",
    ),
    Mutation(
        "partial-credit-below-zero",
        f"{STATIC}/marking.js",
        "return Math.max(0, gained / question.correct.length);",
        "return gained / question.correct.length;",
        (MARKING + "test_partial_credit_counts_right_picks_less_wrong_ones_never_below_zero",),
        "partial credit never goes below 0 for a question",
    ),
    Mutation(
        "matching-partial-ignored",
        f"{STATIC}/marking.js",
        "if (question.partial) { return pairs / question.pairs; }",
        "if (question.partial) { return pairs === question.pairs ? 1 : 0; }",
        ("tests/test_quiz_types.py::test_partial_credit_and_weights_make_the_score",),
        "a matching question with partial credit earns the share of right pairs",
    ),
    Mutation(
        "quiz-weight-ignored",
        f"{STATIC}/progress.js",
        "weighted += got * quizzes[q].weight;",
        "weighted += got;",
        (MARKING + "test_each_graded_quiz_counts_with_its_weight",),
        "each graded quiz counts in the course score with its weight",
    ),
    Mutation(
        "completion-needs-every-page-plus-one",
        f"{STATIC}/progress.js",
        "var enough = visited(state) * 100 >= course.completionPages * pages.length;",
        "var enough = visited(state) * 100 > course.completionPages * pages.length;",
        ("tests/test_e2e_scorm.py::test_completion_rule_reports_completed_without_mastery_score",),
        "seeing the share of pages completion asks for completes the course",
    ),
    Mutation(
        "codec-checksum-unchecked",
        f"{STATIC}/codec.js",
        "if (checksum(body) !== text.slice(body.length)) { return null; }",
        "",
        ("tests/test_codec.py::test_anything_else_decodes_to_null",),
        "damaged suspend_data is never taken for a learner's state",
    ),
    Mutation(
        "codec-drops-typed-text-too-early",
        f"{STATIC}/codec.js",
        'if (question.kind === "typed" && (level >= 2 || (level === 1 && record.submitted))) {',
        'if (question.kind === "typed" && (level >= 1 || (level === 1 && record.submitted))) {',
        ("tests/test_codec.py::test_a_state_too_big_to_keep_whole_degrades_but_keeps_every_score",),
        "a state too big to keep whole first drops only the typed texts of submitted attempts",
    ),
    Mutation(
        "session-time-short-hours",
        f"{STATIC}/scorm12.js",
        'return pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." +',
        'return pad(hours, 1) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." +',
        (SHIPPED_IN_LMS,),
        "the session time is a CMITimespan Moodle accepts (HHHH:MM:SS.SS)",
    ),
    Mutation(
        "exit-not-suspended",
        f"{STATIC}/scorm12.js",
        'set("cmi.core.exit", snapshot.over ? "" : "suspend");',
        'set("cmi.core.exit", "");',
        (LEAVE_AND_RESUME,),
        "leaving an unfinished course suspends it, so the LMS resumes it",
    ),
    Mutation(
        "api-not-found-through-opener",
        f"{STATIC}/scorm12.js",
        "return search(window) || (window.opener ? search(window.opener) : null);",
        "return search(window);",
        (
            "tests/test_e2e_scorm.py::"
            "test_a_package_opened_in_a_new_window_finds_the_api_through_its_opener",
        ),
        "a package opened in a new window finds the LMS through its opener",
    ),
    Mutation(
        "review-mode-writes-scores",
        f"{STATIC}/scorm12.js",
        'var review = get("cmi.core.lesson_mode") === "review" || '
        'get("cmi.core.credit") === "no-credit";',
        "var review = false;",
        ("tests/test_quiz_types.py::test_review_mode_says_so_and_writes_nothing",),
        "a review (no-credit) session writes nothing scored",
    ),
    Mutation(
        "hidden-page-not-committed",
        f"{STATIC}/player.js",
        'if (document.visibilityState === "hidden") { checkpoint(); }',
        'if (document.visibilityState === "visible") { checkpoint(); }',
        ("tests/test_e2e_scorm.py::test_hiding_the_page_commits",),
        "hiding the page (phone locked, tab changed) commits the progress",
    ),
    Mutation(
        "tabs-answers-not-merged",
        f"{STATIC}/storage.js",
        "return same(answer, before) && !same(mine.answers[i], before) ? mine.answers[i] : answer;",
        "return answer;",
        (
            "tests/test_two_tabs.py::"
            "test_answers_given_in_both_tabs_before_either_saves_are_both_kept",
        ),
        "answers to different questions of one quiz in two tabs are both kept",
    ),
    # ---- The builder (Python) ----
    Mutation(
        "true-false-key-flipped",
        "builder/assemble.py",
        'answer = bool(data["answer"])',
        'answer = not data["answer"]',
        (SHIPPED_IN_LMS,),
        "a true-false question's answer is the one its source gives",
    ),
    Mutation(
        "choice-without-correct-counts-right",
        "builder/assemble.py",
        'Choice(str(c["text"]), c.get("correct") is True, _optional_text(c, "feedback"))',
        'Choice(str(c["text"]), c.get("correct") is not False, _optional_text(c, "feedback"))',
        (SHIPPED_IN_LMS,),
        "a choice without 'correct: true' is wrong (the default is false)",
    ),
    Mutation(
        "no-correct-choice-accepted",
        "builder/question_rules.py",
        "    if correct == 0:\n",
        "    if correct < 0:\n",
        ("tests/test_errors.py",),
        "a question with no correct choice is an error (quiz.no-correct)",
    ),
    Mutation(
        "bad-range-accepted",
        "builder/question_rules.py",
        "if len(bounds) != 2 or bounds[0] > bounds[1]:",
        "if len(bounds) != 2:",
        ("tests/test_errors.py",),
        "a numeric range written highest first is an error (quiz.bad-range)",
    ),
    Mutation(
        "fill-in-case-not-forgiven",
        "builder/answer_keys.py",
        "        text = text.lower()\n",
        "        text = text\n",
        ("tests/test_answer_keys.py",),
        "a typed answer is forgiven its case unless the question says it counts",
    ),
    Mutation(
        "mastery-score-missing",
        "builder/targets/scorm12.py",
        "mastery_score=course.pass_mark if decides else None,",
        "mastery_score=None,",
        ("tests/test_manifest.py::test_mastery_score_for_a_graded_course",),
        "a passed-failed package tells the LMS its pass mark (adlcp:masteryscore)",
    ),
    Mutation(
        "zip-entries-unsorted",
        "builder/writer.py",
        "            for name in sorted(files):\n                info = zipfile.ZipInfo(",
        "            for name in files:\n                info = zipfile.ZipInfo(",
        ("tests/test_writer.py",),
        "zip entries are sorted, so the same sources give the same bytes",
    ),
    Mutation(
        "answer-keys-in-clear",
        "builder/scramble.py",
        "return text.translate(str.maketrans(PRINTABLE, alphabet))",
        "return text",
        ("tests/test_scrambled_keys.py::test_the_page_data_shows_no_answer",),
        "the page source does not show the right answers",
    ),
    Mutation(
        "one-file-csp-allows-connections",
        "builder/targets/html_single.py",
        "\"img-src data:; media-src data:; base-uri 'none'; form-action 'none'\"",
        "\"img-src data:; media-src data:; base-uri 'none'; form-action 'none'; connect-src *\"",
        ("tests/test_csp_policies.py",),
        "the one-file page loads and sends nothing (no connection allowed)",
    ),
    Mutation(
        "missing-link-accepted",
        "builder/references.py",
        "        if not candidate.is_file():\n",
        "        if candidate.is_dir():\n",
        ("tests/test_errors.py::test_error_code[link.missing]",),
        "a link to a file that does not exist is an error (link.missing)",
    ),
)
