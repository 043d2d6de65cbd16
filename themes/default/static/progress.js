/* coursepack progress: the learner's state, and the scores and course status it gives.
 *
 * Pure functions of the page data and the state (no page access), apart from
 * the screens that show them, so the rules of what counts are in one place:
 * the summary, the LMS report and the browser's save all ask here. The state's
 * shape is codec.js's, which says how it is saved.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var Marking = C.marking;

  /* data: the page data (marking.js pageData). */
  function create(data) {
    var pages = data.pages;
    var quizzes = data.quizzes;
    var course = data.course;
    var graded = [];
    quizzes.forEach(function (quiz, q) { if (quiz.graded) { graded.push(q); } });

    function freshRecord(quiz) {
      return {
        attempts: 0,
        seed: Marking.newSeed(),
        submitted: false,
        score: null,
        answers: quiz.questions.map(Marking.emptyAnswer)
      };
    }

    /* The weighted mean of the graded quizzes' latest scores, once all have one; else null. */
    function score(state) {
      if (!graded.length || graded.some(function (q) { return state.quizzes[q].score === null; })) {
        return null;
      }
      var weights = 0;
      var weighted = 0;
      var plain = 0;
      graded.forEach(function (q) {
        var got = state.quizzes[q].score;
        weights += quizzes[q].weight;
        weighted += got * quizzes[q].weight;
        plain += got;
      });
      /* All weights zero means "all count the same", not "nothing counts". */
      var mean = weights ? weighted / weights : plain / graded.length;
      return Math.round(mean * 100) / 100;
    }

    function visited(state) {
      return state.visited.filter(Boolean).length;
    }

    /* passed-failed: the graded quizzes decide once all have a score.
     * completed: enough pages viewed (completionPages %) and every graded quiz submitted. */
    function status(state) {
      var got = score(state);
      if (course.statusRule === "passed-failed") {
        if (got === null) { return "incomplete"; }
        return got >= course.passMark ? "passed" : "failed";
      }
      var quizzesDone = graded.length === 0 || got !== null;
      var enough = visited(state) * 100 >= course.completionPages * pages.length;
      return quizzesDone && enough ? "completed" : "incomplete";
    }

    return {
      graded: graded,
      fresh: function () {
        return {
          page: 0,
          visited: pages.map(function () { return false; }),
          quizzes: quizzes.map(freshRecord)
        };
      },
      /* The codec vouches for the shape; a submitted attempt also needs its score. */
      sane: function (restored) {
        if (restored) {
          restored.quizzes.forEach(function (record) {
            if (record.score === null) { record.submitted = false; }
          });
        }
        return restored;
      },
      score: score,
      visited: visited,
      status: status,
      /* Over: nothing left to do. A failed course is over only once no graded quiz can
         be retried; until then the session is suspended, so the learner comes back. */
      over: function (state, current) {
        if (current !== "failed") { return current !== "incomplete"; }
        return graded.every(function (q) {
          return Marking.isFinal(quizzes[q], state.quizzes[q]);
        });
      },
      /* One LMS objective per graded quiz. */
      objectives: function (state) {
        return graded.map(function (q) {
          var record = state.quizzes[q];
          var passed = Marking.passed(quizzes[q], record);
          return {
            id: quizzes[q].oid,
            score: record.score,
            status: record.score === null ? null : passed ? "passed" : "failed"
          };
        });
      }
    };
  }

  C.progress = create;
})();
