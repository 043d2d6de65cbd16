/* coursepack quiz screens: lay out each attempt, read and restore answers,
 * submit, show results (review.js says which), and retry.
 *
 * The markup (templates/quiz.html) holds every question in page order, each
 * control carrying page-order indices (input values, option values, data-item),
 * so shuffling only moves elements and answers never depend on what is shown.
 * The player owns the state; this module changes the record of a quiz when the
 * learner submits or retries, and tells the player through its callbacks.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var Marking = C.marking;
  var $ = C.$;
  var on = C.on;
  var $all = C.all;
  var index = C.index;

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
    var review = C.review(text, options.number);
    var plans = [];
    var began = [];
    /* When each question's answer last changed ("quiz.question"): its latency ends there. */
    var answered = {};
    var forms = [];

    /* The quiz's form once its page has been shown; pages come into the document lazily. */
    function form(q) {
      return forms[q];
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
      var others = C.range(quiz.questions.length).filter(function (i) {
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
          return index(item, "item");
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
      quiz.questions.forEach(function (question, i) {
        review.question(question, done.answers[i], fieldset(q, i), reveal);
      });
      $(".cp-quiz-message", f).textContent =
        submitted ? review.message(quiz, done, plans[q].order, reveal) : "";
      var attempts = $(".cp-attempts", f);
      var left = Marking.attemptsLeft(quiz, done);
      attempts.hidden = !quiz.maxAttempts;
      attempts.textContent = !quiz.maxAttempts ? ""
        : left > 0 ? text("quiz.attempts_left", { count: left }) : text("quiz.no_attempts");
    }

    /* What the LMS journal needs about each question of a submitted attempt. A question's
       latency runs from when the quiz came on screen to its answer's last change (to the
       submission for one answered in an earlier session), so each question gets its own. */
    function journal(q, answers) {
      var quiz = quizzes[q];
      var time = new Date();
      var start = began[q] || time.getTime();
      return plans[q].order.map(function (i) {
        var question = quiz.questions[i];
        var answer = answers[i];
        /* A change from before this attempt (or none) ends at the submission. */
        var end = answered[q + "." + i] >= start ? answered[q + "." + i] : time.getTime();
        return {
          question: question,
          answer: question.type === "numeric" ? Marking.parseNumber(answer).text : answer,
          correct: Marking.credit(question, answers[i]) === 1,
          latency: end - start,
          time: time
        };
      });
    }

    /* Note when the answer to the question holding node changed. */
    function touched(q, node) {
      var set = ancestor(node, "cp-question");
      if (set) { answered[q + "." + index(set, "question")] = now(); }
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
      /* The submit button is now hidden: keep the keyboard where the result is. */
      var again = $(".cp-retry", f);
      (again.hidden ? line : again).focus();
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

    /* The page lists matching options and ordering items by a label (render.py says
       why); give them back the source-order indices the rest of the runtime uses. */
    function unlabel(q) {
      quizzes[q].questions.forEach(function (question, i) {
        if (!question.labels) { return; }
        var source = [];
        question.labels.forEach(function (label, place) { source[label] = place; });
        var set = fieldset(q, i);
        $all("option", set).forEach(function (option) {
          if (option.value !== "") { option.value = String(source[Number(option.value)]); }
        });
        $all(".cp-order-item", set).forEach(function (item) {
          item.setAttribute("data-item", String(source[index(item, "item")]));
        });
      });
    }

    /* A form comes alive the first time its page is shown: its listeners, then the
       attempt's draw and orders, the answers and results its record holds. */
    function attach(f, q) {
      forms[q] = f;
      unlabel(q);
      on(f, "submit", function (event) {
        event.preventDefault();
        submit(q);
      });
      on($(".cp-retry", f), "click", function () { retry(q); });
      on(f, "click", function (event) {
        var button = ancestor(event.target, "cp-up") || ancestor(event.target, "cp-down");
        if (button && !button.disabled) {
          move(button, ancestor(button, "cp-up") ? -1 : 1);
          touched(q, button);
        }
      });
      on(f, "change", function (event) { touched(q, event.target); });
      arrange(q);
      fill(q, record(q).answers);
      show(q);
    }

    /* Ready a page's quizzes before it shows, so that showing it is quick. */
    function prepare(section) {
      $all("form[data-quiz]", section).forEach(function (f) {
        var q = index(f, "quiz");
        if (forms[q] !== f) { attach(f, q); }
      });
    }

    return {
      /* Lay out again every quiz on the page as its record says: another tab changed it. */
      refresh: function () {
        forms.forEach(function (f, q) {
          arrange(q);
          fill(q, record(q).answers);
          show(q);
        });
      },
      /* Keep unsubmitted answers in the state, so a checkpoint saves them too; a quiz
         not shown yet in this session has its answers in the state already. */
      capture: function () {
        forms.forEach(function (f, q) {
          if (!record(q).submitted) { record(q).answers = read(q, false); }
        });
      },
      prepare: prepare,
      /* An attempt's latency counts from when its quiz was first on screen in this session. */
      shown: function (section) {
        prepare(section);
        $all("form[data-quiz]", section).forEach(function (f) {
          var q = index(f, "quiz");
          if (!began[q]) { began[q] = now(); }
        });
      }
    };
  }

  C.quiz = { create: create };
})();
