/* coursepack learner runtime: navigation between the pages, the screens around them,
 * and when to save.
 *
 * One page shows the whole course, so moving between lessons never reloads
 * it and one LMS session spans the visit; each module's pages arrive in their
 * own script (pages/<module>.js) when first needed, so a big course opens as
 * fast as a small one. Written as plain ES5 so it runs on the old browsers our
 * learners have, split by job and loaded in order, each adding its part to
 * window.Coursepack: core.js (shared helpers), marking.js (draws and scores),
 * codec.js (suspend_data), review.js and quiz.js (quiz screens), progress.js
 * (scores and status), storage.js (saving without an LMS), glossary.js,
 * print.js, then this file. Saving goes through a "tracker": scorm12.js
 * provides one that talks to the LMS; without an LMS, storage.js keeps the
 * progress in localStorage.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var $ = C.$;
  var on = C.on;
  var data = C.marking.pageData($("#cp-data").textContent);
  var strings = data.strings;
  var pages = data.pages;
  var quizzes = data.quizzes;
  var SUMMARY = pages.length;
  var Codec = C.codec;
  var progress = C.progress(data);
  var layout = Codec.layout(data);

  document.documentElement.className = "js";

  /* A number as the course's language writes it; no grouping, so a year stays "2019".
     One formatter for the visit: making one costs more than a lesson change. */
  var numberFormat = null;

  function number(value) {
    var lang = document.documentElement.lang;
    var options = { useGrouping: false, maximumFractionDigits: 6 };
    if (!window.Intl) { return Number(value).toLocaleString(lang, options); }
    numberFormat = numberFormat || new window.Intl.NumberFormat(lang, options);
    return numberFormat.format(Number(value));
  }

  function text(key, values) {
    return (strings[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  function make(tag) {
    return document.createElement(tag);
  }

  /* ---- Saving: a snapshot of the state through the tracker, at each checkpoint. ---- */

  var tracker = (C.lms && C.lms.connect()) || C.storage.tracker(data.course);
  var state = progress.fresh();
  var finished = false;

  /* Another tab of the same offline course saved: take in what it recorded. */
  function takeInOtherTab() {
    var news = tracker.news && tracker.news();
    var theirs = news && progress.sane(Codec.decode(layout, news.theirs.suspend));
    if (!theirs) { return; }
    var base = progress.sane(Codec.decode(layout, news.mine.suspend));
    views.capture();
    if (C.storage.merge(quizzes, state, theirs, base)) { views.refresh(); }
    render();
  }

  function snapshot() {
    takeInOtherTab();
    views.capture();
    var status = progress.status(state);
    return {
      location: state.page === SUMMARY ? "summary" : pages[state.page].id,
      suspend: Codec.encode(layout, state),
      status: status,
      score: progress.score(state),
      objectives: progress.objectives(state),
      over: progress.over(state, status)
    };
  }

  function checkpoint() {
    if (finished) { return; }
    var ok = tracker.save(snapshot()) && tracker.commit();
    var line = $("#cp-tracking");
    line.textContent = !ok ? text("tracking.error") : review ? text("tracking.review")
      : tracker.kind === "lms" ? text("tracking.lms") : text("tracking.offline");
    line.className = "cp-tracking" + (ok ? "" : " cp-tracking-error");
  }

  /* A review of a closed attempt (Moodle reopens one whose status is final): what the
     LMS recorded, since nothing done now changes it, and how to try again. */
  var review = tracker.review || null;

  function reviewNotice() {
    var values = { score: review.score === "" ? "-" : number(review.score) };
    return review.status === "passed" ? text("review.passed", values)
      : review.status === "failed" ? text("review.failed", values) : text("review.completed", values);
  }

  if (review) {
    var notice = $("#cp-notice");
    notice.textContent = reviewNotice();
    notice.hidden = false;
  }

  function finish() {
    if (finished) { return; }
    var last = snapshot();
    tracker.save(last);
    tracker.finish(last);
    finished = true;
  }

  /* ---- Quizzes (quiz.js draws them; the state and the saving stay here). ---- */

  var views = C.quiz.create({
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

  /* Each module's pages come as markup strings in a script, pages/<module>.js, loaded
     the first time one of them is needed: a <script> element works from file://, where
     fetch does not. A one-file course carries its pages in the document instead. */
  var markup = window.CoursepackPages || (window.CoursepackPages = {});
  var loading = {};
  var summary = $("#cp-summary");
  var current = null;
  var wanted = 0;
  /* The link of a screen beside the course (the glossary) while it is shown. */
  var away = null;
  var pageByDom = {};
  pages.forEach(function (page, i) { pageByDom[page.dom] = i; });

  function sectionFor(index) {
    return index === SUMMARY ? summary : document.getElementById(pages[index].dom);
  }

  /* Call then() once page index can be shown: at once if its markup is here. */
  function load(index, then) {
    if (index === SUMMARY || markup[index] !== undefined || sectionFor(index)) { return then(); }
    var module = pages[index].module;
    if (loading[module]) { return loading[module].push(then); }
    loading[module] = [then];
    var script = make("script");
    script.src = "pages/" + module + ".js";
    script.onload = script.onerror = function () {
      var waiting = loading[module];
      delete loading[module];
      waiting.forEach(function (run) { run(); });
    };
    document.body.appendChild(script);
  }

  /* A page's section, made from its markup the first time. It stays in the document,
     hidden when not shown, so a quiz keeps what the learner typed. */
  function section(index) {
    var found = sectionFor(index);
    if (!found) {
      var holder = make("div");
      holder.innerHTML = markup[index] ||
        '<section class="cp-page" hidden><h1 tabindex="-1"></h1></section>';
      found = holder.firstChild;
      found.id = pages[index].dom;
      if (markup[index] === undefined) { $("h1", found).textContent = text("page.unavailable"); }
      summary.parentNode.insertBefore(found, summary);
    }
    return found;
  }

  function go(index, moveFocus) {
    var target = wanted = Math.max(0, Math.min(SUMMARY, index));
    if (current) { current.hidden = true; }
    load(target, function () {
      if (target === wanted) { show(target, moveFocus); }
    });
  }

  function show(index, moveFocus) {
    state.page = index;
    if (index < SUMMARY) { state.visited[index] = true; }
    current = section(index);
    current.hidden = false;
    if (away) { away.removeAttribute("aria-current"); }
    views.shown(current);
    render();
    closeToc();
    markScrollingTables();
    window.scrollTo(0, 0);
    if (moveFocus) { $("h1", current).focus(); }
    checkpoint();
    /* From the summary, every page is loaded, to print. Otherwise the next page is
       made ready once this one is drawn, so "Next" only has to show it. */
    if (index === SUMMARY) {
      pages.forEach(function (page, i) { load(i, function () {}); });
    } else {
      load(index + 1, function () {
        window.setTimeout(function () { views.prepare(section(index + 1)); }, 0);
      });
    }
  }

  /* Show a screen beside the course (the glossary) in place of the page; the page,
     progress and saved state stay as they were, and go() comes back to them. */
  function leave(screen, link) {
    wanted = -1;
    if (current) { current.hidden = true; }
    current = screen;
    screen.hidden = false;
    closeToc();
    away = link;
    link.setAttribute("aria-current", "page");
    window.scrollTo(0, 0);
  }

  function pageOfLink(href) {
    var id = href.slice(1);
    if (id === summary.id) { return SUMMARY; }
    return pageByDom.hasOwnProperty(id) ? pageByDom[id] : -1;
  }

  var tocLinks = [];
  var tocMarks = [];
  C.all(".cp-toc a[data-page]").forEach(function (link) {
    tocLinks[C.index(link, "page")] = link;
  });

  function render() {
    var done = progress.visited(state);
    $("#cp-progress").value = done;
    $("#cp-progress-text").textContent = text("progress.pages", { done: done, total: pages.length });
    $("#cp-prev").disabled = state.page === 0;
    $("#cp-next").hidden = state.page === SUMMARY;
    /* Only the links whose marks change are touched: a big course has thousands. */
    tocLinks.forEach(function (link, index) {
      var isCurrent = index === state.page;
      var visited = Boolean(state.visited[index]);
      if (tocMarks[index] === String([isCurrent, visited])) { return; }
      tocMarks[index] = String([isCurrent, visited]);
      if (isCurrent) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
      link.classList.toggle("cp-visited", visited);
    });
    if (state.page === SUMMARY) { renderSummary(); }
  }

  function renderSummary() {
    var body = $("#cp-summary-body");
    var list = make("ul");

    function line(words) {
      var item = make("li");
      item.textContent = words;
      list.appendChild(item);
    }

    line(text("summary.pages", { done: progress.visited(state), total: pages.length }));
    progress.graded.forEach(function (q) {
      var title = tocLinks[pageWhere("quiz", q)].textContent;
      var score = state.quizzes[q].score;
      line(score !== null ? text("summary.quiz_score", { quiz: title, score: number(score) })
        : text("summary.quiz_pending", { quiz: title }));
    });
    var score = progress.score(state);
    if (score !== null) {
      line(text("summary.score", { score: number(score), pass: number(data.course.passMark) }));
    }
    var now = progress.status(state);
    var status = make("p");
    status.className = "cp-status cp-status-" + now;
    status.textContent = text(now === "failed" && progress.over(state, now)
      ? "summary.status.failed_final" : "summary.status." + now);
    body.innerHTML = "";
    body.appendChild(list);
    if (!review) { /* in a review, the notice above the page already says what was recorded */
      body.appendChild(status);
    }
    if (now === "failed" && !review && tracker.kind === "lms") {
      /* Moodle reopens a failed attempt for review only: say so before the learner leaves. */
      var advice = make("p");
      advice.textContent = text("summary.lms_failed", { score: number(score) });
      body.appendChild(advice);
    }
  }

  /* The first page whose key is value; the summary if none is. */
  function pageWhere(key, value) {
    for (var i = 0; i < pages.length; i++) {
      if (pages[i][key] === value) { return i; }
    }
    return SUMMARY;
  }

  var tocButton = $(".cp-toc-toggle");
  var toc = $("#cp-toc");

  function tocOpen() {
    return document.body.classList.contains("cp-toc-open");
  }

  function closeToc() {
    document.body.classList.remove("cp-toc-open");
    tocButton.setAttribute("aria-expanded", "false");
  }

  /* On a phone the table of contents is a drawer; the button stays above it to close it.
     It opens where the learner has scrolled to and scrolls with the page, so a long
     contents reads to its end and its links stay in the page's flow. */
  on(tocButton, "click", function () {
    var open = !tocOpen();
    toc.style.setProperty("--cp-drawer-top", window.pageYOffset + "px");
    document.body.classList.toggle("cp-toc-open", open);
    tocButton.setAttribute("aria-expanded", String(open));
    if (open) { $("a[aria-current]", toc).focus(); }
  });

  on(document, "keydown", function (event) {
    if (event.key === "Escape" && tocOpen()) {
      closeToc();
      tocButton.focus();
    }
  });

  /* The drawer covers the page: leaving it, by keyboard or by a tap beside it, closes it. */
  function outsideDrawer(event) {
    var node = event.target;
    if (tocOpen() && !toc.contains(node) && !tocButton.contains(node)) { closeToc(); }
  }
  on(document, "focusin", outsideDrawer);
  on(document, "click", outsideDrawer);

  /* A table wider than the screen scrolls sideways; keyboard users reach it with Tab. */
  function markScrollingTables() {
    C.all("table", sectionFor(state.page)).forEach(function (table) {
      if (table.scrollWidth > table.clientWidth) {
        table.setAttribute("tabindex", "0");
      } else {
        table.removeAttribute("tabindex");
      }
    });
  }
  on(window, "resize", markScrollingTables);

  function page() {
    return state.page;
  }

  C.glossary({ page: page, sectionFor: sectionFor, go: go, leave: leave });

  /* Links to another page (table of contents, lesson links) navigate in place. */
  on(document, "click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    var index = link ? pageOfLink(link.getAttribute("href")) : -1;
    if (index >= 0) {
      event.preventDefault();
      go(index, true);
    }
  });

  /* An address ending in a page's anchor (#p-module--lesson) opens that page. */
  on(window, "hashchange", function () {
    var index = pageOfLink(window.location.hash);
    if (index >= 0) { go(index, true); }
  });

  on($("#cp-prev"), "click", function () { go(state.page - 1, true); });
  on($("#cp-next"), "click", function () { go(state.page + 1, true); });
  on($("#cp-exit"), "click", function () {
    finish();
    $("#cp-exit").disabled = true;
    $("#cp-exit-message").textContent = review ? text("summary.exited_review")
      : text("summary.exited");
  });

  C.print({
    pages: pages,
    summary: summary,
    page: page,
    loaded: function (index) { return markup[index] !== undefined; },
    section: section,
    sectionFor: sectionFor,
    shown: views.shown
  });

  on(document, "visibilitychange", function () {
    if (document.visibilityState === "hidden") { checkpoint(); }
  });
  /* Closing the tab: Moodle stores an LMSFinish made at beforeunload, but one made at
     pagehide reached it as a beacon it turned away; pagehide stays for browsers that
     skip beforeunload, and finish() runs once whichever comes first. */
  on(window, "beforeunload", finish);
  on(window, "pagehide", finish);

  /* ---- Start: restore what was saved, then show where the learner left off. ---- */

  /* The page a saved location names; the first page if it names none. */
  function pageAt(location) {
    var found = pageWhere("id", location);
    return found < SUMMARY || location === "summary" ? found : 0;
  }

  var saved = tracker.start();
  var restored = progress.sane(Codec.decode(layout, saved.suspend));
  if (restored) { state = restored; }
  var linked = pageOfLink(window.location.hash);
  go(linked >= 0 ? linked : restored ? pageAt(saved.location) : 0, false);
  if (tracker.watch) { tracker.watch(takeInOtherTab); }
})();
