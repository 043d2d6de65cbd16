/* coursepack quiz review: what a submitted attempt shows, as far as the quiz's review
 * policy allows: each question's verdict, explanations and right answers, and the
 * line under the quiz with its score. quiz.js lays out, reads and submits attempts and
 * asks here what to show; marking.js says what an answer is worth.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var Marking = C.marking;
  var $ = C.$;
  var $all = C.all;
  var index = C.index;

  /* text(key, values) and number(value): the player's wording and number format. */
  function create(text, number) {
    function expected(question, set) {
      if (question.type === "fill-in") { return question.pattern; }
      if (question.type === "numeric") {
        return question.low === question.high ? number(question.low)
          : number(question.low) + " \u2013 " + number(question.high);
      }
      if (question.type === "ordering") {
        var texts = [];
        $all(".cp-order-item", set).forEach(function (item) {
          texts[index(item, "item")] = $(".cp-order-text", item).textContent;
        });
        return texts.join(" \u2192 ");
      }
      return "";
    }

    function showExpected(element, shown, answer) {
      if (!element) { return; }
      element.hidden = !shown;
      element.textContent = shown ? text("quiz.expected", { answer: answer }) : "";
    }

    /* One question's verdict, explanations and right answers, or none of them. An answer
       lost to a shortened suspend_data (level 1-3 in codec.js) gets no verdict. */
    function showQuestion(question, answer, set, reveal) {
      var got = Marking.credit(question, answer);
      var verdict = !Marking.answered(question, answer) ? ""
        : got === 1 ? "right" : got > 0 ? "partial" : "wrong";
      var result = $(".cp-question-result", set);
      result.hidden = !reveal;
      set.className = "cp-question" + (reveal && verdict ? " cp-" + verdict : "");
      var verdictKey = verdict === "right" ? "quiz.correct"
        : verdict === "partial" ? "quiz.partial" : "quiz.incorrect";
      $(".cp-verdict", result).textContent = reveal && verdict ? text(verdictKey) : "";
      $all(".cp-feedback", result).forEach(function (block) {
        block.hidden = !reveal || !verdict ||
          block.getAttribute("data-when") !== (verdict === "right" ? "correct" : "incorrect");
      });
      $all(".cp-choice", set).forEach(function (item) {
        var c = index(item, "choice");
        var feedback = $(".cp-choice-feedback", item);
        if (feedback) { feedback.hidden = !(reveal && (answer >> c & 1)); }
        var isRight = question.correct.indexOf(c) >= 0;
        item.className = "cp-choice" + (reveal && isRight ? " cp-choice-right" : "");
        $(".cp-choice-mark", item).hidden = !(reveal && isRight);
      });
      $all(".cp-pair", set).forEach(function (item, left) {
        var chosen = answer ? answer[left] : -1;
        var mark = chosen === left ? " cp-pair-right" : " cp-pair-wrong";
        item.className = "cp-pair" + (reveal && verdict ? mark : "");
        var option = $('option[value="' + left + '"]', item);
        showExpected($(".cp-pair-expected", item), reveal && chosen !== left, option.textContent);
      });
      $all(".cp-order-item", set).forEach(function (item, place) {
        var right = index(item, "item") === place;
        var mark = right ? " cp-order-right" : " cp-order-wrong";
        item.className = "cp-order-item" + (reveal && verdict ? mark : "");
      });
      var spelledOut = question.type === "fill-in" || question.type === "numeric" ||
        question.type === "ordering";
      showExpected($(".cp-expected", result), reveal && spelledOut && verdict !== "right",
        expected(question, set));
    }

    /* The line under a submitted quiz: its score, and whether it is passed. */
    function message(quiz, done, order, reveal) {
      if (!quiz.graded) {
        var right = order.filter(function (i) {
          return Marking.credit(quiz.questions[i], done.answers[i]) === 1;
        }).length;
        return text("quiz.check_score", { right: right, total: order.length });
      }
      var parts = [text("quiz.score", {
        score: number(done.score), pass: number(quiz.passMark)
      })];
      if (quiz.review !== "never") {
        if (Marking.passed(quiz, done)) {
          parts.push(text("quiz.passed"));
        } else {
          var more = quiz.review === "always" && Marking.canRetry(quiz, done);
          parts.push(text(more ? "quiz.failed" : "quiz.not_passed"));
        }
        if (!reveal) { parts.push(text("quiz.review_later")); }
      }
      return parts.join(" ");
    }

    return { question: showQuestion, message: message };
  }

  C.review = create;
})();
