/* coursepack marking: what an attempt shows and what an answer is worth.
 *
 * Pure functions over the answer keys of the page data (no page access), so
 * the same rules serve the quiz screens, the course score and the LMS report.
 * Each attempt is laid out from a small seed kept in the saved state: a
 * resumed session redraws exactly the same questions in the same order.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var range = C.range;
  var SEEDS = 4096; /* 12 bits in suspend_data */
  var KINDS = {
    single: "choices", multiple: "choices", "true-false": "choices",
    "fill-in": "typed", numeric: "typed", matching: "pairs", ordering: "order"
  };
  /* Combining marks the builder strips too (Python drops every combining character). */
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  /* For browsers without String.prototype.normalize: the accented letters of
     French, Portuguese and Spanish, which cover what our learners type. */
  var PLAIN = {};
  (function (pairs) {
    for (var i = 0; i < pairs.length; i += 2) {
      for (var j = 0; j < pairs[i].length; j++) { PLAIN[pairs[i].charAt(j)] = pairs[i + 1]; }
    }
  })(["àáâãäå", "a", "ç", "c", "èéêë", "e", "ìíîï", "i", "ñ", "n", "òóôõö", "o",
      "ùúûü", "u", "ýÿ", "y", "ÀÁÂÃÄÅ", "A", "Ç", "C", "ÈÉÊË", "E", "ÌÍÎÏ", "I", "Ñ", "N",
      "ÒÓÔÕÖ", "O", "ÙÚÛÜ", "U", "Ý", "Y"]);

  function kind(question) {
    return KINDS[question.type];
  }

  function newSeed() {
    return Math.floor(Math.random() * SEEDS);
  }

  /* Park-Miller "minimal standard" generator: exact in plain ES5 number arithmetic
     (no Math.imul), and plenty for shuffling a quiz. Gives below(count): the next
     whole number from 0 to count - 1. */
  function generator(seed) {
    var state = (seed * 2654435761 + 1) % 2147483647 || 1;

    function next() {
      state = (state * 48271) % 2147483647;
      return (state - 1) / 2147483646;
    }

    next();
    next();
    return function (count) {
      return Math.min(count - 1, Math.floor(next() * count));
    };
  }

  function shuffle(list, below) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = below(i + 1);
      var held = list[i];
      list[i] = list[j];
      list[j] = held;
    }
    return list;
  }

  /* A shuffled order that never happens to be the answer itself. */
  function scrambled(count, below) {
    var order = shuffle(range(count), below);
    var same = order.every(function (item, i) { return item === i; });
    return same && count > 1 ? order.slice(1).concat(order[0]) : order;
  }

  /* What an attempt shows: which questions in which order (a question bank draws
     some of them), and per question the order of its choices, of the rights of
     a matching question (always shuffled: in page order they would line up with
     the lefts) and the starting order of an ordering question (always shuffled:
     in page order it would be the answer). */
  function plan(quiz, seed) {
    var random = generator(seed);
    var all = range(quiz.questions.length);
    var order = all;
    if (quiz.draw && quiz.draw < all.length) {
      order = shuffle(all.slice(), random).slice(0, quiz.draw);
      if (!quiz.shuffleQuestions) { order.sort(function (a, b) { return a - b; }); }
    } else if (quiz.shuffleQuestions) {
      order = shuffle(all.slice(), random);
    }
    var options = quiz.questions.map(function (question) {
      if (question.type === "single" || question.type === "multiple") {
        var choices = range(question.choices);
        return quiz.shuffleChoices ? shuffle(choices, random) : choices;
      }
      if (question.type === "matching") { return scrambled(question.pairs, random); }
      if (question.type === "ordering") { return scrambled(question.items, random); }
      return null;
    });
    return { order: order, options: options };
  }

  /* The answer of a question not answered, by its kind (codec.js uses it too). */
  function blank(k) {
    return k === "choices" ? 0 : k === "typed" ? "" : null;
  }

  function emptyAnswer(question) {
    return blank(kind(question));
  }

  /* Whether the learner gave a full answer: every left matched, some text typed. */
  function answered(question, answer) {
    var k = kind(question);
    if (k === "choices") { return answer > 0; }
    if (k === "typed") { return typeof answer === "string" && /\S/.test(answer); }
    if (k === "pairs") {
      return !!answer && answer.every(function (right) { return right >= 0; });
    }
    return !!answer;
  }

  /* A typed number: "3,5", "3.5", " -12 ", "1 000,25". Gives its value and its
     plain decimal text ("3.5"), or null when it is not a number. */
  function parseNumber(text) {
    var plain = String(text).replace(/[\s\u00a0\u202f]+/g, "");
    var parts = /^([+-]?)(\d{0,15})(?:[.,](\d{0,15}))?$/.exec(plain);
    if (!parts || !(parts[2] || parts[3])) { return null; }
    var whole = parts[2].replace(/^0+(?=\d)/, "") || "0";
    var fraction = (parts[3] || "").replace(/0+$/, "");
    var negative = parts[1] === "-" && (whole !== "0" || fraction !== "");
    var decimal = (negative ? "-" : "") + whole + (fraction ? "." + fraction : "");
    return { value: Number(decimal), text: decimal };
  }

  function stripAccents(text) {
    if (text.normalize) { return text.normalize("NFD").replace(COMBINING, ""); }
    return text.replace(/[^\u0000-\u007f]/g, function (c) { return PLAIN[c] || c; });
  }

  /* The form in which typed text is compared; mirrors builder/answer_keys.normalise,
     which wrote the accepted answers in this form. */
  function normalise(text, match) {
    text = String(text);
    if (!match.spaces) { text = text.replace(/\s+/g, " ").replace(/^ | $/g, ""); }
    if (!match.case) { text = text.toLowerCase(); }
    if (!match.accents) { text = stripAccents(text); }
    return text.normalize ? text.normalize("NFC") : text;
  }

  function correctMask(question) {
    return question.correct.reduce(function (mask, index) { return mask | (1 << index); }, 0);
  }

  function bitCount(mask) {
    var count = 0;
    for (; mask; mask >>>= 1) { count += mask & 1; }
    return count;
  }

  /* Bounds come from the YAML through floating point (3.5 - 0.1): allow for the
     rounding, never for a real difference. */
  function within(value, low, high) {
    var slack = 1e-9 * Math.max(1, Math.abs(low), Math.abs(high));
    return value >= low - slack && value <= high + slack;
  }

  /* What an answer earns, from 0 to 1. Partial credit, where the author allows
     it: multiple choice gets (right picks - wrong picks) / right choices, never
     below 0; matching gets the share of right pairs. Otherwise all or nothing. */
  function credit(question, answer) {
    if (!answered(question, answer)) { return 0; }
    switch (question.type) {
      case "multiple":
        if (question.partial) {
          var right = correctMask(question);
          var gained = bitCount(answer & right) - bitCount(answer & ~right);
          return Math.max(0, gained / question.correct.length);
        }
        return answer === correctMask(question) ? 1 : 0;
      case "single":
      case "true-false":
        return answer === correctMask(question) ? 1 : 0;
      case "fill-in":
        return question.accepted.indexOf(normalise(answer, question.match)) >= 0 ? 1 : 0;
      case "numeric":
        var number = parseNumber(answer);
        return number && within(number.value, question.low, question.high) ? 1 : 0;
      case "matching":
        var pairs = answer.filter(function (chosen, left) { return chosen === left; }).length;
        if (question.partial) { return pairs / question.pairs; }
        return pairs === question.pairs ? 1 : 0;
      default:
        return answer.every(function (item, place) { return item === place; }) ? 1 : 0;
    }
  }

  /* The score of an attempt, 0-100 with 2 decimals: its questions' credits
     weighted by their weights (all weights 0 means they count the same). */
  function score(quiz, order, answers) {
    var weights = 0;
    var earned = 0;
    var plain = 0;
    order.forEach(function (i) {
      var question = quiz.questions[i];
      var got = credit(question, answers[i]);
      weights += question.weight;
      earned += got * question.weight;
      plain += got;
    });
    var share = weights > 0 ? earned / weights : (order.length ? plain / order.length : 0);
    return Math.round(share * 10000) / 100;
  }

  function attemptsLeft(quiz, record) {
    return quiz.maxAttempts ? Math.max(0, quiz.maxAttempts - record.attempts) : Infinity;
  }

  function passed(quiz, record) {
    return record.score !== null && record.score >= quiz.passMark;
  }

  /* A quiz is final once passed or once its attempts are used up. */
  function isFinal(quiz, record) {
    return record.score !== null && (passed(quiz, record) || attemptsLeft(quiz, record) === 0);
  }

  /* Whether a submitted attempt shows the verdicts, right answers and explanations. */
  function reveals(quiz, record) {
    return quiz.review === "always" || (quiz.review === "end" && isFinal(quiz, record));
  }

  /* Another attempt is allowed while attempts are left, passed or not (docs/authoring.md
     section 3): the latest submission counts. */
  function canRetry(quiz, record) {
    return attemptsLeft(quiz, record) > 0;
  }

  /* The table of builder/scramble.py course_alphabet: the printable ASCII characters
     shuffled by xorshift32 seeded with FNV-1a of the course id and version (the shifts
     keep FNV's multiplication exact in ES5 numbers). */
  function courseAlphabet(course) {
    var text = unescape(encodeURIComponent(course.id + "\n" + course.version));
    var state = 0x811c9dc5;
    var letters = [];
    var i;
    for (i = 0; i < text.length; i++) {
      state ^= text.charCodeAt(i);
      state += (state << 1) + (state << 4) + (state << 7) + (state << 8) + (state << 24);
      state >>>= 0;
    }
    state = state || 1;
    for (i = 32; i < 127; i++) { letters.push(String.fromCharCode(i)); }
    for (i = letters.length - 1; i > 0; i--) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      var other = state % (i + 1);
      var held = letters[i];
      letters[i] = letters[other];
      letters[other] = held;
    }
    return letters;
  }

  /* The page data with each quiz's answer keys back in place. The builder ships
     them scrambled, each character swapped through the course's table, so that
     the page source does not show the answers: a deterrent, not a secret. */
  function pageData(json) {
    var data = JSON.parse(json);
    var letters = courseAlphabet(data.course);
    var plain = {};
    letters.forEach(function (letter, i) { plain[letter] = String.fromCharCode(32 + i); });
    var keys = JSON.parse(data.keys.replace(/[ -~]/g, function (c) { return plain[c]; }));
    data.quizzes.forEach(function (quiz, q) { quiz.questions = keys[q]; });
    delete data.keys;
    return data;
  }

  C.marking = {
    pageData: pageData,
    kind: kind,
    blank: blank,
    newSeed: newSeed,
    plan: plan,
    emptyAnswer: emptyAnswer,
    answered: answered,
    parseNumber: parseNumber,
    credit: credit,
    score: score,
    attemptsLeft: attemptsLeft,
    passed: passed,
    isFinal: isFinal,
    reveals: reveals,
    canRetry: canRetry
  };
})();
