/* coursepack learner runtime: navigation, progress, course status and saving.
 *
 * One page holds the whole course, so moving between lessons never reloads
 * it and one LMS session spans the visit. Written as plain ES5 so it runs on
 * the old browsers our learners have, split by job and loaded in order:
 * codec.js (suspend_data), marking.js (draws and scores), quiz.js (quiz
 * screens), then this file. Saving goes through a "tracker": scorm12.js
 * provides one that talks to the LMS; without an LMS the learner's progress is
 * kept in localStorage.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cp-data").textContent);
  var strings = data.strings;
  var pages = data.pages;
  var quizzes = data.quizzes;
  var SUMMARY = pages.length;
  var Codec = window.CoursepackCodec;
  var Marking = window.CoursepackMarking;
  var layout = Codec.layout(data);

  document.documentElement.className = "js";

  /* A number as the course's language writes it; no grouping, so a year stays "2019". */
  function number(value) {
    return Number(value).toLocaleString(document.documentElement.lang, {
      useGrouping: false, maximumFractionDigits: 6
    });
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

  /* ---- State: what the learner has done (codec.js says how it is saved). ---- */

  function freshRecord(quiz) {
    return {
      attempts: 0,
      seed: Marking.newSeed(),
      submitted: false,
      score: null,
      answers: quiz.questions.map(Marking.emptyAnswer)
    };
  }

  function freshState() {
    return {
      page: 0,
      visited: pages.map(function () { return false; }),
      quizzes: quizzes.map(freshRecord)
    };
  }

  /* The codec vouches for the shape; a submitted attempt also needs its score. */
  function sane(restored) {
    if (restored) {
      restored.quizzes.forEach(function (record) {
        if (record.score === null) { record.submitted = false; }
      });
    }
    return restored;
  }

  /* ---- Scores and status. ---- */

  function gradedIndexes() {
    var found = [];
    quizzes.forEach(function (quiz, q) { if (quiz.graded) { found.push(q); } });
    return found;
  }

  /* The weighted mean of the graded quizzes' latest scores, once all have one; else null. */
  function courseScore(state) {
    var graded = gradedIndexes();
    if (!graded.length || graded.some(function (q) { return state.quizzes[q].score === null; })) {
      return null;
    }
    var weights = 0;
    var weighted = 0;
    var plain = 0;
    graded.forEach(function (q) {
      var score = state.quizzes[q].score;
      weights += quizzes[q].weight;
      weighted += score * quizzes[q].weight;
      plain += score;
    });
    /* All weights zero means "all count the same", not "nothing counts". */
    var score = weights ? weighted / weights : plain / graded.length;
    return Math.round(score * 100) / 100;
  }

  function visitedCount(state) {
    return state.visited.filter(Boolean).length;
  }

  /* passed-failed: the graded quizzes decide once all have a score.
   * completed: enough pages viewed (completionPages %) and every graded quiz submitted. */
  function courseStatus(state) {
    var score = courseScore(state);
    if (data.course.statusRule === "passed-failed") {
      if (score === null) { return "incomplete"; }
      return score >= data.course.passMark ? "passed" : "failed";
    }
    var quizzesDone = gradedIndexes().length === 0 || score !== null;
    var enough = visitedCount(state) * 100 >= data.course.completionPages * pages.length;
    return quizzesDone && enough ? "completed" : "incomplete";
  }

  /* Over: nothing left to do. A failed course is over only once no graded quiz can be
     retried; until then the session is suspended, so the learner comes back to it. */
  function isOver(state, status) {
    if (status !== "failed") { return status !== "incomplete"; }
    return gradedIndexes().every(function (q) {
      return Marking.isFinal(quizzes[q], state.quizzes[q]);
    });
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
      journal: function () { /* the answers journal is for an LMS only */ },
      commit: function () { return true; },
      finish: function () { return true; }
    };
  }

  var tracker = (window.CoursepackLMS && window.CoursepackLMS.connect()) || localTracker();
  var state = freshState();
  var finished = false;

  function objectives() {
    return gradedIndexes().map(function (q) {
      var record = state.quizzes[q];
      var passed = Marking.passed(quizzes[q], record);
      return {
        id: quizzes[q].oid,
        score: record.score,
        status: record.score === null ? null : passed ? "passed" : "failed"
      };
    });
  }

  function snapshot() {
    views.capture();
    var status = courseStatus(state);
    return {
      location: state.page === SUMMARY ? "summary" : pages[state.page].id,
      suspend: Codec.encode(layout, state),
      status: status,
      score: courseScore(state),
      objectives: objectives(),
      over: isOver(state, status)
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

  /* ---- Quizzes (quiz.js draws them; the state and the saving stay here). ---- */

  var views = window.CoursepackQuiz.create({
    quizzes: quizzes,
    records: function () { return state.quizzes; },
    text: text,
    number: number,
    submitted: function (q, journal) {
      if (journal.length) { tracker.journal(journal); }
      render();
      checkpoint();
    },
    changed: checkpoint
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
    views.shown(sectionFor(state.page));
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
      var score = state.quizzes[q].score;
      item.textContent = title + " : " +
        (score !== null ? number(score) + " %" : text("summary.quiz_pending"));
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
    var current = courseStatus(state);
    var status = document.createElement("p");
    status.className = "cp-status cp-status-" + current;
    status.textContent = text(current === "failed" && isOver(state, current)
      ? "summary.status.failed_final" : "summary.status." + current);
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
  var restored = sane(Codec.decode(layout, saved.suspend));
  if (restored) { state = restored; }
  views.restore();
  go(restored ? pageIndexOf(saved.location) : 0, false);
})();
