/* coursepack quiz screens: lay out each attempt, read and restore answers,
 * submit, show results as the quiz's review policy allows, and retry.
 *
 * The markup (templates/quiz.html) holds every question in page order, each
 * control carrying page-order indices (input values, option values, data-item),
 * so shuffling only moves elements and answers never depend on what is shown.
 * The player owns the state; this module changes the record of a quiz when the
 * learner submits or retries, and tells the player through its callbacks.
 */
(function () {
  "use strict";

  var Marking = window.CoursepackMarking;

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function $all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function now() {
    return new Date().getTime();
  }

  /* The nearest ancestor (or self) with the class, for event delegation without Element.closest. */
  function ancestor(node, className) {
    for (; node && node.nodeType === 1; node = node.parentNode) {
      if ((" " + node.className + " ").indexOf(" " + className + " ") >= 0) { return node; }
    }
    return null;
  }

  /* options: quizzes (page data), records() (the state's quiz records), text(key, values),
     number(value), submitted(q, journal) and changed() (callbacks to the player). */
  function create(options) {
    var quizzes = options.quizzes;
    var text = options.text;
    var plans = [];
    var began = [];

    function form(q) {
      return $('form[data-quiz="' + q + '"]');
    }

    function fieldset(q, i) {
      return $('fieldset[data-question="' + i + '"]', form(q));
    }

    function record(q) {
      return options.records()[q];
    }

    /* Put the attempt's questions in its order (the others hidden), and its choices,
       matching options and numbers as its plan says. */
    function arrange(q) {
      var quiz = quizzes[q];
      var plan = plans[q] = Marking.plan(quiz, record(q).seed);
      var anchor = $(".cp-quiz-message", form(q));
      var shown = {};
      plan.order.forEach(function (i, place) {
        shown[i] = true;
        var number = $(".cp-question-number", fieldset(q, i));
        if (number) {
          number.textContent = (place + 1) + ".";
          number.hidden = plan.order.length < 2;
        }
      });
      var others = quiz.questions.map(function (question, i) { return i; }).filter(function (i) {
        return !shown[i];
      });
      plan.order.concat(others).forEach(function (i) {
        var set = fieldset(q, i);
        set.parentNode.insertBefore(set, anchor);
        set.hidden = !shown[i];
      });
      quiz.questions.forEach(function (question, i) {
        var set = fieldset(q, i);
        var order = plan.options[i];
        if (question.type === "single" || question.type === "multiple") {
          var list = $(".cp-choices", set);
          order.forEach(function (c) {
            list.appendChild($('.cp-choice[data-choice="' + c + '"]', list));
          });
        } else if (question.type === "matching") {
          $all("select", set).forEach(function (select) {
            order.forEach(function (r) {
              select.appendChild($('option[value="' + r + '"]', select));
            });
          });
        }
      });
    }

    function orderList(q, i) {
      return $(".cp-order", fieldset(q, i));
    }

    function orderItems(list) {
      return $all(".cp-order-item", list);
    }

    function fill(q, answers) {
      quizzes[q].questions.forEach(function (question, i) {
        var set = fieldset(q, i);
        var answer = answers[i];
        var kind = Marking.kind(question);
        if (kind === "choices") {
          $all("input", set).forEach(function (input) {
            input.checked = (answer >> Number(input.value) & 1) === 1;
          });
        } else if (kind === "typed") {
          $("input", set).value = answer || "";
        } else if (kind === "pairs") {
          $all("select", set).forEach(function (select, left) {
            select.value = answer && answer[left] >= 0 ? String(answer[left]) : "";
          });
        } else {
          var list = orderList(q, i);
          (answer || plans[q].options[i]).forEach(function (item) {
            list.appendChild($('.cp-order-item[data-item="' + item + '"]', list));
          });
          list.setAttribute("data-moved", answer ? "yes" : "");
        }
      });
    }

    /* The answers on screen, in page order; questions not in the attempt are empty.
       An ordering the learner has not touched counts only on submission. */
    function read(q, submitting) {
      return quizzes[q].questions.map(function (question, i) {
        var set = fieldset(q, i);
        var kind = Marking.kind(question);
        if (set.hidden) { return Marking.emptyAnswer(question); }
        if (kind === "choices") {
          return $all("input", set).reduce(function (mask, input) {
            return input.checked ? mask | (1 << Number(input.value)) : mask;
          }, 0);
        }
        if (kind === "typed") { return $("input", set).value; }
        if (kind === "pairs") {
          var chosen = $all("select", set).map(function (select) {
            return select.value === "" ? -1 : Number(select.value);
          });
          return chosen.some(function (right) { return right >= 0; }) ? chosen : null;
        }
        var list = orderList(q, i);
        if (!submitting && !list.getAttribute("data-moved")) { return null; }
        return orderItems(list).map(function (item) {
          return Number(item.getAttribute("data-item"));
        });
      });
    }

    function lock(q, locked) {
      $all("input, select, .cp-order button", form(q)).forEach(function (control) {
        control.disabled = locked;
      });
      if (!locked) { $all(".cp-order", form(q)).forEach(enableMoves); }
    }

    function enableMoves(list) {
      var items = orderItems(list);
      items.forEach(function (item, place) {
        $(".cp-up", item).disabled = place === 0;
        $(".cp-down", item).disabled = place === items.length - 1;
      });
    }

    /* ↑/↓ move an item; a live region says where it went; focus stays on a usable button. */
    function move(button, step) {
      var item = ancestor(button, "cp-order-item");
      var list = item.parentNode;
      var sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
      if (!sibling) { return; }
      list.insertBefore(item, step < 0 ? sibling : sibling.nextElementSibling);
      list.setAttribute("data-moved", "yes");
      enableMoves(list);
      var items = orderItems(list);
      var status = $(".cp-order-status", list.parentNode);
      if (status) {
        status.textContent = text("quiz.moved", {
          item: $(".cp-order-text", item).textContent,
          position: items.indexOf(item) + 1,
          total: items.length
        });
      }
      (button.disabled ? $(step < 0 ? ".cp-down" : ".cp-up", item) : button).focus();
    }

    function expected(question, set) {
      if (question.type === "fill-in") { return question.pattern; }
      if (question.type === "numeric") {
        return question.low === question.high ? options.number(question.low)
          : options.number(question.low) + " \u2013 " + options.number(question.high);
      }
      if (question.type === "ordering") {
        var texts = [];
        $all(".cp-order-item", set).forEach(function (item) {
          texts[Number(item.getAttribute("data-item"))] = $(".cp-order-text", item).textContent;
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
    function showQuestion(q, i, reveal) {
      var question = quizzes[q].questions[i];
      var answer = record(q).answers[i];
      var set = fieldset(q, i);
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
        var c = Number(item.getAttribute("data-choice"));
        var feedback = $(".cp-choice-feedback", item);
        if (feedback) { feedback.hidden = !(reveal && (answer >> c & 1)); }
        var isRight = question.correct.indexOf(c) >= 0;
        item.className = "cp-choice" + (reveal && isRight ? " cp-choice-right" : "");
      });
      $all(".cp-pair", set).forEach(function (item, left) {
        var chosen = answer ? answer[left] : -1;
        var mark = chosen === left ? " cp-pair-right" : " cp-pair-wrong";
        item.className = "cp-pair" + (reveal && verdict ? mark : "");
        var option = $('option[value="' + left + '"]', item);
        showExpected($(".cp-pair-expected", item), reveal && chosen !== left, option.textContent);
      });
      $all(".cp-order-item", set).forEach(function (item, place) {
        var right = Number(item.getAttribute("data-item")) === place;
        var mark = right ? " cp-order-right" : " cp-order-wrong";
        item.className = "cp-order-item" + (reveal && verdict ? mark : "");
      });
      var spelledOut = question.type === "fill-in" || question.type === "numeric" ||
        question.type === "ordering";
      showExpected($(".cp-expected", result), reveal && spelledOut && verdict !== "right",
        expected(question, set));
    }

    function message(q, reveal) {
      var quiz = quizzes[q];
      var done = record(q);
      if (!quiz.graded) {
        var right = plans[q].order.filter(function (i) {
          return Marking.credit(quiz.questions[i], done.answers[i]) === 1;
        }).length;
        return text("quiz.check_score", { right: right, total: plans[q].order.length });
      }
      var parts = [text("quiz.score", {
        score: options.number(done.score), pass: options.number(quiz.passMark)
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

    function show(q) {
      var quiz = quizzes[q];
      var done = record(q);
      var f = form(q);
      var submitted = done.submitted;
      var reveal = submitted && Marking.reveals(quiz, done);
      var retry = submitted && Marking.canRetry(quiz, done);
      lock(q, submitted);
      $(".cp-submit", f).hidden = submitted;
      $(".cp-retry", f).hidden = !retry;
      quiz.questions.forEach(function (question, i) { showQuestion(q, i, reveal); });
      $(".cp-quiz-message", f).textContent = submitted ? message(q, reveal) : "";
      var attempts = $(".cp-attempts", f);
      var left = Marking.attemptsLeft(quiz, done);
      attempts.hidden = !quiz.maxAttempts;
      attempts.textContent = !quiz.maxAttempts ? ""
        : left > 0 ? text("quiz.attempts_left", { count: left }) : text("quiz.no_attempts");
    }

    /* What the LMS journal needs about each question of a submitted attempt. */
    function journal(q, answers) {
      var quiz = quizzes[q];
      var time = new Date();
      var latency = time.getTime() - (began[q] || time.getTime());
      return plans[q].order.map(function (i) {
        var question = quiz.questions[i];
        var answer = answers[i];
        return {
          question: question,
          answer: question.type === "numeric" ? Marking.parseNumber(answer).text : answer,
          correct: Marking.credit(question, answers[i]) === 1,
          latency: latency,
          time: time
        };
      });
    }

    function focusFirst(q, selector) {
      var first = $(selector, fieldset(q, plans[q].order[0]));
      if (first) { first.focus(); }
    }

    function submit(q) {
      var quiz = quizzes[q];
      var plan = plans[q];
      var f = form(q);
      var answers = read(q, true);
      var line = $(".cp-quiz-message", f);
      $all(".cp-typed input", f).forEach(function (input) {
        input.removeAttribute("aria-invalid");
      });
      var missing = plan.order.filter(function (i) {
        return !Marking.answered(quiz.questions[i], answers[i]);
      });
      if (missing.length) {
        line.textContent = text("quiz.unanswered");
        return;
      }
      var notNumbers = plan.order.filter(function (i) {
        return quiz.questions[i].type === "numeric" && !Marking.parseNumber(answers[i]);
      });
      if (notNumbers.length) {
        notNumbers.forEach(function (i) {
          $("input", fieldset(q, i)).setAttribute("aria-invalid", "true");
        });
        line.textContent = text("quiz.not_a_number");
        $("input", fieldset(q, notNumbers[0])).focus();
        return;
      }
      var done = record(q);
      done.answers = answers;
      done.submitted = true;
      done.attempts += 1;
      done.score = Marking.score(quiz, plan.order, answers);
      show(q);
      options.submitted(q, quiz.graded ? journal(q, answers) : []);
    }

    /* A new attempt: a new seed, so new draws and orders, and blank answers. */
    function retry(q) {
      var done = record(q);
      done.seed = Marking.newSeed();
      done.submitted = false;
      done.answers = quizzes[q].questions.map(Marking.emptyAnswer);
      arrange(q);
      fill(q, done.answers);
      show(q);
      began[q] = now();
      focusFirst(q, "input, select, button");
      options.changed();
    }

    quizzes.forEach(function (quiz, q) {
      var f = form(q);
      f.addEventListener("submit", function (event) {
        event.preventDefault();
        submit(q);
      });
      $(".cp-retry", f).addEventListener("click", function () { retry(q); });
      f.addEventListener("click", function (event) {
        var button = ancestor(event.target, "cp-up") || ancestor(event.target, "cp-down");
        if (button && !button.disabled) { move(button, ancestor(button, "cp-up") ? -1 : 1); }
      });
    });

    return {
      /* Lay out every quiz as its record says: its attempt's draw and orders, answers, results. */
      restore: function () {
        quizzes.forEach(function (quiz, q) {
          arrange(q);
          fill(q, record(q).answers);
          show(q);
        });
      },
      /* Keep unsubmitted answers in the state, so a checkpoint saves them too. */
      capture: function () {
        quizzes.forEach(function (quiz, q) {
          if (!record(q).submitted) { record(q).answers = read(q, false); }
        });
      },
      /* An attempt's latency counts from when its quiz was first on screen in this session. */
      shown: function (section) {
        $all("form[data-quiz]", section).forEach(function (f) {
          var q = Number(f.getAttribute("data-quiz"));
          if (!began[q]) { began[q] = now(); }
        });
      }
    };
  }

  window.CoursepackQuiz = { create: create };
})();
