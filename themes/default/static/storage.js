/* coursepack storage without an LMS: progress kept in localStorage, and two tabs of
 * one offline course that neither erase what the other recorded.
 *
 * The tracker here has the same methods as scorm12.js's, so the player saves the
 * same way with or without an LMS. localStorage is shared by every tab showing
 * the course: the tracker remembers the text it last wrote or took in, so it can
 * tell another tab's save (news) and hand over both what the other tab saved and
 * what this one knew, which merge() needs to tell who changed what.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var on = C.on;

  function tracker(course) {
    var key = "coursepack:" + course.id + ":" + course.version;
    var storage = null;
    var known = null;
    try { storage = window.localStorage; } catch (e) { storage = null; }

    function stored() {
      try { return storage ? storage.getItem(key) : null; } catch (e) { return null; }
    }

    function parsed(text) {
      var saved = null;
      try { saved = JSON.parse(text || "null"); } catch (e) { saved = null; }
      return saved || { location: "", suspend: "" };
    }

    function yes() { return true; }

    return {
      kind: "local",
      start: function () {
        known = stored();
        return parsed(known);
      },
      news: function () {
        var now = stored();
        if (!now || now === known) { return null; }
        var news = { theirs: parsed(now), mine: parsed(known) };
        known = now;
        return news;
      },
      watch: function (callback) {
        on(window, "storage", function (event) {
          if (event.key === key) { callback(); }
        });
      },
      save: function (snapshot) {
        var text = JSON.stringify({ location: snapshot.location, suspend: snapshot.suspend });
        try {
          if (storage) { storage.setItem(key, text); }
          known = text;
        } catch (e) { /* storage full or disabled: the course keeps working */ }
        return true;
      },
      journal: function () { /* the answers journal is for an LMS only */ },
      commit: yes,
      finish: yes
    };
  }

  /* Pages seen in either tab count. A quiz only one tab changed since they last agreed
     takes that tab's record; changed in both, the attempt further along wins (more
     attempts, then submitted), and within one open attempt, per question, the answer
     changed last. Each tab keeps its own place in the course. */

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function sameRecord(a, b) {
    return a.attempts === b.attempts && a.seed === b.seed && a.submitted === b.submitted &&
      a.score === b.score && same(a.answers, b.answers);
  }

  function ahead(a, b) {
    return a.attempts !== b.attempts ? a.attempts > b.attempts : a.submitted && !b.submitted;
  }

  function mergeRecord(quiz, mine, theirs, base) {
    if (base && sameRecord(theirs, base)) { return mine; }
    if (base && sameRecord(mine, base) || ahead(theirs, mine)) { return theirs; }
    if (ahead(mine, theirs) || mine.submitted) { return mine; }
    var open = base && base.attempts === mine.attempts && !base.submitted;
    theirs.answers = theirs.answers.map(function (answer, i) {
      var before = open ? base.answers[i] : C.marking.emptyAnswer(quiz.questions[i]);
      return same(answer, before) && !same(mine.answers[i], before) ? mine.answers[i] : answer;
    });
    return theirs;
  }

  /* Takes the other tab's state (theirs) into state, given the state both last agreed
     on (base, or null); true if a quiz record changed. */
  function merge(quizzes, state, theirs, base) {
    var changed = false;
    state.visited = state.visited.map(function (seen, i) { return seen || theirs.visited[i]; });
    state.quizzes = state.quizzes.map(function (mine, q) {
      var merged = mergeRecord(quizzes[q], mine, theirs.quizzes[q], base && base.quizzes[q]);
      changed = changed || !sameRecord(merged, mine);
      return merged;
    });
    return changed;
  }

  C.storage = { tracker: tracker, merge: merge };
})();
