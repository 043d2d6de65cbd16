/* coursepack learner runtime: navigation, quizzes, progress and saving.
 *
 * One page holds the whole course, so moving between lessons never reloads
 * it and one LMS session spans the visit. Written as plain ES5 so it runs on
 * the old browsers our learners have. Saving goes through a "tracker":
 * scorm12.js provides one that talks to the LMS; without an LMS the learner's
 * progress is kept in localStorage.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cp-data").textContent);
  var strings = data.strings;
  var pages = data.pages;
  var quizzes = data.quizzes;
  var SUMMARY = pages.length;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var FORMAT_VERSION = "1";

  document.documentElement.className = "js";

  function number(value) {
    return Number(value).toLocaleString(document.documentElement.lang);
  }

  function text(key, values) {
    return (strings[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function $all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  /* ---- State: what the learner has done, and its compact encoding. ---- */

  function freshState() {
    return {
      page: 0,
      visited: pages.map(function () { return false; }),
      answers: quizzes.map(function (quiz) {
        return quiz.questions.map(function () { return 0; });
      }),
      done: quizzes.map(function () { return false; })
    };
  }

  function charsFor(question) {
    return Math.max(1, Math.ceil(question.choices / 6));
  }

  function encodeBits(bits) {
    var out = "";
    for (var i = 0; i < bits.length; i += 6) {
      var value = 0;
      for (var j = 0; j < 6 && i + j < bits.length; j++) {
        if (bits[i + j]) { value |= 1 << j; }
      }
      out += ALPHABET.charAt(value);
    }
    return out;
  }

  function encodeNumber(value, width) {
    var out = "";
    for (var i = 0; i < width; i++) {
      out += ALPHABET.charAt(value & 63);
      value = Math.floor(value / 64);
    }
    return out;
  }

  /* suspend_data: "1.<course key>.<visited bitset>.<per quiz: done flag + answer masks>" */
  function encode(state) {
    var parts = "";
    quizzes.forEach(function (quiz, q) {
      parts += state.done[q] ? "1" : "0";
      quiz.questions.forEach(function (question, i) {
        parts += encodeNumber(state.answers[q][i], charsFor(question));
      });
    });
    return [FORMAT_VERSION, data.course.key, encodeBits(state.visited), parts].join(".");
  }

  function decodeNumber(chunk) {
    var value = 0;
    for (var i = chunk.length - 1; i >= 0; i--) {
      var digit = ALPHABET.indexOf(chunk.charAt(i));
      if (digit < 0) { throw new Error("bad digit"); }
      value = value * 64 + digit;
    }
    return value;
  }

  /* Anything foreign, truncated or from another version of the course gives null. */
  function decode(saved) {
    try {
      var fields = String(saved || "").split(".");
      if (fields.length !== 4 || fields[0] !== FORMAT_VERSION || fields[1] !== data.course.key) {
        return null;
      }
      var state = freshState();
      var visited = fields[2];
      if (visited.length !== Math.ceil(pages.length / 6)) { return null; }
      state.visited = state.visited.map(function (_, i) {
        return (decodeNumber(visited.charAt(Math.floor(i / 6))) >> (i % 6) & 1) === 1;
      });
      var rest = fields[3];
      var at = 0;
      quizzes.forEach(function (quiz, q) {
        var flag = rest.charAt(at++);
        if (flag !== "0" && flag !== "1") { throw new Error("bad flag"); }
        state.done[q] = flag === "1";
        quiz.questions.forEach(function (question, i) {
          var width = charsFor(question);
          var mask = decodeNumber(rest.substr(at, width));
          if (rest.substr(at, width).length !== width || mask >= Math.pow(2, question.choices)) {
            throw new Error("bad answer");
          }
          state.answers[q][i] = mask;
          at += width;
        });
      });
      return at === rest.length ? state : null;
    } catch (e) {
      return null;
    }
  }

  /* ---- Scoring and status. ---- */

  function correctMask(question) {
    return question.correct.reduce(function (mask, index) { return mask | (1 << index); }, 0);
  }

  function quizScore(state, q) {
    var questions = quizzes[q].questions;
    var right = questions.filter(function (question, i) {
      return state.answers[q][i] === correctMask(question);
    }).length;
    return Math.round((right / questions.length) * 10000) / 100;
  }

  function gradedIndexes() {
    var found = [];
    quizzes.forEach(function (quiz, q) { if (quiz.graded) { found.push(q); } });
    return found;
  }

  /* The weighted mean of the graded quizzes, once all are submitted; else null. */
  function courseScore(state) {
    var graded = gradedIndexes();
    if (!graded.length || graded.some(function (q) { return !state.done[q]; })) { return null; }
    var weights = 0;
    var weighted = 0;
    var plain = 0;
    graded.forEach(function (q) {
      weights += quizzes[q].weight;
      weighted += quizScore(state, q) * quizzes[q].weight;
      plain += quizScore(state, q);
    });
    /* All weights zero means "all count the same", not "nothing counts". */
    var score = weights ? weighted / weights : plain / graded.length;
    return Math.round(score * 100) / 100;
  }

  function visitedCount(state) {
    return state.visited.filter(Boolean).length;
  }

  /* passed-failed: the graded quizzes decide once all are submitted.
   * completed: every page viewed and every graded quiz submitted. */
  function courseStatus(state) {
    var score = courseScore(state);
    var quizzesDone = gradedIndexes().length === 0 || score !== null;
    if (data.course.statusRule === "passed-failed") {
      if (score === null) { return "incomplete"; }
      return score >= data.course.passMark ? "passed" : "failed";
    }
    return quizzesDone && visitedCount(state) === pages.length ? "completed" : "incomplete";
  }

  /* ---- Trackers: where progress is saved. ---- */

  function localTracker() {
    var key = "coursepack:" + data.course.id + ":" + data.course.version;
    var storage = null;
    try { storage = window.localStorage; } catch (e) { storage = null; }
    return {
      kind: "local",
      start: function () {
        var saved = null;
        try { saved = storage && JSON.parse(storage.getItem(key) || "null"); } catch (e) { saved = null; }
        return saved || { location: "", suspend: "" };
      },
      save: function (snapshot) {
        try {
          storage && storage.setItem(key, JSON.stringify({
            location: snapshot.location, suspend: snapshot.suspend
          }));
        } catch (e) { /* storage full or disabled: the course keeps working */ }
        return true;
      },
      commit: function () { return true; },
      finish: function () { return true; }
    };
  }

  var tracker = (window.CoursepackLMS && window.CoursepackLMS.connect()) || localTracker();
  var state = freshState();
  var finished = false;

  function snapshot() {
    var status = courseStatus(state);
    return {
      location: state.page === SUMMARY ? "summary" : pages[state.page].id,
      suspend: encode(state),
      status: status,
      score: courseScore(state),
      over: status !== "incomplete"
    };
  }

  function checkpoint() {
    if (finished) { return; }
    var ok = tracker.save(snapshot()) && tracker.commit();
    showTracking(ok);
  }

  function finish() {
    if (finished) { return; }
    var last = snapshot();
    tracker.save(last);
    tracker.finish(last);
    finished = true;
  }

  function showTracking(ok) {
    var line = $("#cp-tracking");
    if (!ok) {
      line.textContent = text("tracking.error");
      line.className = "cp-tracking cp-tracking-error";
    } else {
      line.textContent = text(tracker.kind === "lms" ? "tracking.lms" : "tracking.offline");
      line.className = "cp-tracking";
    }
  }

  /* ---- Quizzes. ---- */

  function formFor(q) {
    return $('form[data-quiz="' + q + '"]');
  }

  function readForm(form, q) {
    return quizzes[q].questions.map(function (question, i) {
      return $all('input[name="q' + q + "-" + i + '"]', form).reduce(function (mask, input) {
        return input.checked ? mask | (1 << Number(input.value)) : mask;
      }, 0);
    });
  }

  function fillForm(form, q, answers) {
    quizzes[q].questions.forEach(function (question, i) {
      $all('input[name="q' + q + "-" + i + '"]', form).forEach(function (input) {
        input.checked = (answers[i] >> Number(input.value) & 1) === 1;
      });
    });
  }

  function showResult(q, shown) {
    var form = formFor(q);
    var quiz = quizzes[q];
    $all("input", form).forEach(function (input) { input.disabled = shown; });
    $(".cp-submit", form).hidden = shown;
    $(".cp-retry", form).hidden = !shown;
    quiz.questions.forEach(function (question, i) {
      var fieldset = $('fieldset[data-question="' + i + '"]', form);
      var answer = state.answers[q][i];
      var right = answer === correctMask(question);
      var result = $(".cp-question-result", fieldset);
      result.hidden = !shown;
      fieldset.className = "cp-question" + (shown ? (right ? " cp-right" : " cp-wrong") : "");
      $(".cp-verdict", result).textContent = text(right ? "quiz.correct" : "quiz.incorrect");
      $all(".cp-feedback", result).forEach(function (block) {
        block.hidden = block.getAttribute("data-when") !== (right ? "correct" : "incorrect");
      });
      $all(".cp-choice", fieldset).forEach(function (item, c) {
        var feedback = $(".cp-choice-feedback", item);
        if (feedback) { feedback.hidden = !(shown && (answer >> c & 1)); }
        var isRight = question.correct.indexOf(c) >= 0;
        item.className = "cp-choice" + (shown && isRight ? " cp-choice-right" : "");
      });
    });
    var message = $(".cp-quiz-message", form);
    var score = quizScore(state, q);
    if (!shown) {
      message.textContent = "";
    } else if (quiz.graded) {
      message.textContent = text("quiz.score", { score: number(score), pass: number(quiz.passMark) }) +
        " " + text(score >= quiz.passMark ? "quiz.passed" : "quiz.failed");
    } else {
      var right = Math.round(score * quiz.questions.length / 100);
      message.textContent = text("quiz.check_score", { right: right, total: quiz.questions.length });
    }
  }

  function submitQuiz(q) {
    var form = formFor(q);
    var answers = readForm(form, q);
    if (answers.some(function (mask) { return mask === 0; })) {
      $(".cp-quiz-message", form).textContent = text("quiz.unanswered");
      return;
    }
    state.answers[q] = answers;
    state.done[q] = true;
    showResult(q, true);
    render();
    checkpoint();
  }

  function retryQuiz(q) {
    showResult(q, false);
    var first = $("input", formFor(q));
    if (first) { first.focus(); }
  }

  quizzes.forEach(function (quiz, q) {
    var form = formFor(q);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitQuiz(q);
    });
    $(".cp-retry", form).addEventListener("click", function () { retryQuiz(q); });
  });

  /* ---- Navigation and the screens around the pages. ---- */

  function sectionFor(index) {
    return $('.cp-page[data-page="' + index + '"]');
  }

  function go(index, moveFocus) {
    state.page = Math.max(0, Math.min(SUMMARY, index));
    if (state.page < SUMMARY) { state.visited[state.page] = true; }
    $all(".cp-page").forEach(function (section) {
      section.hidden = Number(section.getAttribute("data-page")) !== state.page;
    });
    render();
    closeToc();
    window.scrollTo(0, 0);
    if (moveFocus) { $("h1", sectionFor(state.page)).focus(); }
    checkpoint();
  }

  function render() {
    var done = visitedCount(state);
    $("#cp-progress").value = done;
    $("#cp-progress-text").textContent = text("progress.pages", { done: done, total: pages.length });
    $("#cp-prev").disabled = state.page === 0;
    $("#cp-next").hidden = state.page === SUMMARY;
    $all(".cp-toc a").forEach(function (link) {
      var index = Number(link.getAttribute("data-page"));
      if (index === state.page) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
      link.className = link.className.replace(/ cp-visited/g, "") +
        (state.visited[index] ? " cp-visited" : "");
    });
    renderSummary();
  }

  function renderSummary() {
    var body = $("#cp-summary-body");
    var list = document.createElement("ul");
    var pagesLine = document.createElement("li");
    pagesLine.textContent = text("summary.pages", { done: visitedCount(state), total: pages.length });
    list.appendChild(pagesLine);
    gradedIndexes().forEach(function (q) {
      var item = document.createElement("li");
      var title = $("h1", sectionFor(pageOfQuiz(q))).textContent;
      item.textContent = title + " : " +
        (state.done[q] ? number(quizScore(state, q)) + " %" : text("summary.quiz_pending"));
      list.appendChild(item);
    });
    var score = courseScore(state);
    if (score !== null) {
      var scoreLine = document.createElement("li");
      scoreLine.textContent = text("summary.score", {
        score: number(score), pass: number(data.course.passMark)
      });
      list.appendChild(scoreLine);
    }
    var status = document.createElement("p");
    status.className = "cp-status cp-status-" + courseStatus(state);
    status.textContent = text("summary.status." + courseStatus(state));
    body.innerHTML = "";
    body.appendChild(list);
    body.appendChild(status);
  }

  function pageOfQuiz(q) {
    for (var i = 0; i < pages.length; i++) {
      if (pages[i].quiz === q) { return i; }
    }
    return SUMMARY;
  }

  var tocButton = $(".cp-toc-toggle");

  function closeToc() {
    document.body.classList.remove("cp-toc-open");
    tocButton.setAttribute("aria-expanded", "false");
    tocButton.setAttribute("aria-label", tocButton.getAttribute("data-open"));
  }

  tocButton.addEventListener("click", function () {
    var open = !document.body.classList.contains("cp-toc-open");
    document.body.classList.toggle("cp-toc-open", open);
    tocButton.setAttribute("aria-expanded", String(open));
    tocButton.setAttribute("aria-label", tocButton.getAttribute(open ? "data-close" : "data-open"));
    if (open) { $(".cp-toc a").focus(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.body.classList.contains("cp-toc-open")) {
      closeToc();
      tocButton.focus();
    }
  });

  /* Links to another page (table of contents, lesson links) navigate in place. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target && target.classList.contains("cp-page")) {
      event.preventDefault();
      go(Number(target.getAttribute("data-page")), true);
    }
  });

  $("#cp-prev").addEventListener("click", function () { go(state.page - 1, true); });
  $("#cp-next").addEventListener("click", function () { go(state.page + 1, true); });
  $("#cp-exit").addEventListener("click", function () {
    finish();
    $("#cp-exit").disabled = true;
    $("#cp-exit-message").textContent = text("summary.exited");
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { checkpoint(); }
  });
  window.addEventListener("pagehide", finish);

  /* ---- Start: restore what was saved, then show where the learner left off. ---- */

  function pageIndexOf(location) {
    if (location === "summary") { return SUMMARY; }
    for (var i = 0; i < pages.length; i++) {
      if (pages[i].id === location) { return i; }
    }
    return 0;
  }

  var saved = tracker.start();
  var restored = decode(saved.suspend);
  if (restored) {
    state = restored;
    quizzes.forEach(function (quiz, q) {
      if (state.done[q]) {
        fillForm(formFor(q), q, state.answers[q]);
        showResult(q, true);
      }
    });
  }
  go(restored ? pageIndexOf(saved.location) : 0, false);
})();
