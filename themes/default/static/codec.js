/* coursepack suspend_data codec, version 2.
 *
 * The learner's state must fit in cmi.suspend_data, which SCORM 1.2 caps at 4096
 * characters (Moodle enforces it in "standards mode", other LMSs always), and it
 * must survive anything an LMS hands back: data from an older build, someone
 * else's package, a truncated or corrupted string. So the state is written as
 * a bit stream in base64url, behind a header naming the format version and the
 * course structure, and followed by a checksum; decode gives null for anything
 * it cannot fully vouch for, and the player then starts afresh.
 *
 * Text:  "2.<structure key>.<level><payload><checksum>"
 * State: { page, visited: [bool], quizzes: [{ attempts, seed, submitted, score,
 *          answers: [one per question, in the page's question order] }] }
 * Answers by kind of question (empty value first):
 *   choices (single, multiple, true-false): 0, or a bit mask of the picked choices;
 *   typed (fill-in, numeric): "", or the text as typed (kept up to 64 characters);
 *   matching: null, or per left the index of the chosen right (-1 for none);
 *   ordering: null, or the item indices in the learner's order.
 * When the full state would not fit, the level says what was left out, in this
 * order: 1 typed texts of submitted attempts, 2 every typed text, 3 every answer.
 * Scores, attempts and seeds are always kept, so nothing that counts is lost.
 */
(function () {
  "use strict";

  var VERSION = "2";
  var LIMIT = 4096;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var LEVELS = "0123";
  var MAX_TEXT = 64;
  var TEXT_LENGTH_BITS = 7;
  var SEED_BITS = 12;
  var SCORE_BITS = 14; /* hundredths of a percent: 0..10000 */
  var VARINT_GROUPS = 5; /* 4 bits each: attempts up to about a million */
  var CHECK_MODULUS = 16777213; /* a prime below 2^24: four characters */
  var CHECK_CHARS = 4;
  /* Typed answers in French or English: printable ASCII and the usual accented
     letters take 7 bits; anything else is an escape plus its 16-bit code unit. */
  var SYMBOLS = (function () {
    var ascii = "";
    for (var code = 32; code < 127; code++) { ascii += String.fromCharCode(code); }
    return ascii + "àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊÎÔÛ’«»€\u00a0";
  })();
  var ESCAPE = 127;
  var KINDS = {
    "single": "choices", "multiple": "choices", "true-false": "choices",
    "fill-in": "typed", "numeric": "typed", "matching": "pairs", "ordering": "order"
  };

  /* What the codec needs from the page data: the structure key, the page count,
     and per quiz the kind and size of each question. */
  function layout(data) {
    return {
      key: data.course.key,
      pages: data.pages.length,
      quizzes: data.quizzes.map(function (quiz) {
        return quiz.questions.map(function (question) {
          var kind = KINDS[question.type];
          var size = kind === "choices" ? question.choices
            : kind === "pairs" ? question.pairs
            : kind === "order" ? question.items : 0;
          return { kind: kind, size: size };
        });
      })
    };
  }

  function bitsFor(largest) {
    var bits = 1;
    while (Math.pow(2, bits) <= largest) { bits++; }
    return bits;
  }

  function Writer() {
    this.out = [];
    this.value = 0;
    this.used = 0;
  }

  Writer.prototype.bits = function (value, count) {
    for (var i = 0; i < count; i++) {
      if (Math.floor(value / Math.pow(2, i)) % 2) { this.value += 1 << this.used; }
      if (++this.used === 6) {
        this.out.push(DIGITS.charAt(this.value));
        this.value = 0;
        this.used = 0;
      }
    }
  };

  Writer.prototype.flag = function (on) { this.bits(on ? 1 : 0, 1); };

  Writer.prototype.varint = function (value) {
    do {
      this.bits(value % 16, 4);
      value = Math.floor(value / 16);
      this.flag(value > 0);
    } while (value > 0);
  };

  Writer.prototype.text = function (text) {
    this.bits(text.length, TEXT_LENGTH_BITS);
    for (var i = 0; i < text.length; i++) {
      var symbol = SYMBOLS.indexOf(text.charAt(i));
      if (symbol >= 0) {
        this.bits(symbol, 7);
      } else {
        this.bits(ESCAPE, 7);
        this.bits(text.charCodeAt(i), 16);
      }
    }
  };

  Writer.prototype.result = function () {
    return this.out.join("") + (this.used ? DIGITS.charAt(this.value) : "");
  };

  /* Reads what Writer wrote; throws on anything out of place (decode turns that into null). */
  function Reader(source) {
    this.source = source;
    this.at = 0;
    this.value = 0;
    this.left = 0;
  }

  Reader.prototype.bit = function () {
    if (!this.left) {
      if (this.at >= this.source.length) { throw new Error("truncated"); }
      this.value = DIGITS.indexOf(this.source.charAt(this.at++));
      if (this.value < 0) { throw new Error("bad digit"); }
      this.left = 6;
    }
    var bit = this.value & 1;
    this.value >>= 1;
    this.left--;
    return bit;
  };

  Reader.prototype.bits = function (count) {
    var value = 0;
    for (var i = 0; i < count; i++) { value += this.bit() * Math.pow(2, i); }
    return value;
  };

  Reader.prototype.flag = function () { return this.bit() === 1; };

  Reader.prototype.upTo = function (count, largest) {
    var value = this.bits(count);
    if (value > largest) { throw new Error("out of range"); }
    return value;
  };

  Reader.prototype.varint = function () {
    var value = 0;
    for (var group = 0; group < VARINT_GROUPS; group++) {
      value += this.bits(4) * Math.pow(16, group);
      if (!this.flag()) { return value; }
    }
    throw new Error("number too long");
  };

  Reader.prototype.text = function () {
    var length = this.upTo(TEXT_LENGTH_BITS, MAX_TEXT);
    if (!length) { throw new Error("empty text"); }
    var out = "";
    for (var i = 0; i < length; i++) {
      var symbol = this.bits(7);
      out += symbol === ESCAPE ? String.fromCharCode(this.bits(16)) : SYMBOLS.charAt(symbol);
    }
    return out;
  };

  /* Only padding may remain: fewer than six zero bits and no further character. */
  Reader.prototype.end = function () {
    if (this.at !== this.source.length || this.value !== 0) { throw new Error("trailing data"); }
  };

  function checksum(text) {
    var sum = 0;
    for (var i = 0; i < text.length; i++) {
      sum = (sum * 31 + text.charCodeAt(i)) % CHECK_MODULUS;
    }
    var out = "";
    for (var j = 0; j < CHECK_CHARS; j++) {
      out += DIGITS.charAt(sum % 64);
      sum = Math.floor(sum / 64);
    }
    return out;
  }

  /* At most MAX_TEXT code units, never splitting a surrogate pair. */
  function cut(text) {
    text = String(text);
    if (text.length <= MAX_TEXT) { return text; }
    var end = MAX_TEXT;
    var last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) { end--; }
    return text.slice(0, end);
  }

  function isEmpty(kind, answer) {
    if (kind === "choices") { return !answer; }
    if (kind === "typed") { return answer === "" || answer === null || answer === undefined; }
    return answer === null || answer === undefined;
  }

  function writeAnswer(out, question, answer) {
    var i;
    if (question.kind === "choices") {
      out.bits(answer, question.size);
    } else if (question.kind === "typed") {
      out.text(cut(answer));
    } else if (question.kind === "pairs") {
      for (i = 0; i < question.size; i++) { out.bits(answer[i] + 1, bitsFor(question.size)); }
    } else {
      for (i = 0; i < question.size; i++) { out.bits(answer[i], bitsFor(question.size - 1)); }
    }
  }

  function readAnswer(input, question) {
    var i;
    var size = question.size;
    if (question.kind === "choices") {
      var mask = input.bits(size);
      if (!mask) { throw new Error("empty choice"); }
      return mask;
    }
    if (question.kind === "typed") { return input.text(); }
    var answer = [];
    if (question.kind === "pairs") {
      for (i = 0; i < size; i++) { answer.push(input.upTo(bitsFor(size), size) - 1); }
      return answer;
    }
    var seen = {};
    for (i = 0; i < size; i++) {
      var item = input.upTo(bitsFor(size - 1), size - 1);
      if (seen[item]) { throw new Error("not an order"); }
      seen[item] = true;
      answer.push(item);
    }
    return answer;
  }

  function emptyAnswer(question) {
    return question.kind === "choices" ? 0 : question.kind === "typed" ? "" : null;
  }

  /* The state as kept at a degradation level: what the level leaves out is emptied. */
  function keptAnswer(level, question, record, answer) {
    if (question.kind === "typed" && (level >= 2 || (level === 1 && record.submitted))) {
      return "";
    }
    return answer;
  }

  function encodeAt(shape, state, level) {
    var out = new Writer();
    out.bits(state.page, bitsFor(shape.pages));
    for (var p = 0; p < shape.pages; p++) { out.flag(state.visited[p]); }
    shape.quizzes.forEach(function (questions, q) {
      var record = state.quizzes[q];
      out.varint(record.attempts);
      out.bits(record.seed, SEED_BITS);
      out.flag(record.submitted);
      out.flag(record.score !== null);
      if (record.score !== null) { out.bits(Math.round(record.score * 100), SCORE_BITS); }
      if (level === 3) { return; }
      questions.forEach(function (question, i) {
        var answer = keptAnswer(level, question, record, record.answers[i]);
        out.flag(!isEmpty(question.kind, answer));
        if (!isEmpty(question.kind, answer)) { writeAnswer(out, question, answer); }
      });
    });
    var text = VERSION + "." + shape.key + "." + LEVELS.charAt(level) + out.result();
    return text + checksum(text);
  }

  /* The shortest faithful encoding that fits; "" (a fresh start) only if even the
     scores alone would not fit, which takes hundreds of graded quizzes. */
  function encode(shape, state) {
    for (var level = 0; level < LEVELS.length; level++) {
      var text = encodeAt(shape, state, level);
      if (text.length <= LIMIT) { return text; }
    }
    return "";
  }

  function decode(shape, text) {
    try {
      var head = VERSION + "." + shape.key + ".";
      if (typeof text !== "string" || text.length > LIMIT || text.indexOf(head) !== 0 ||
          text.length < head.length + 1 + CHECK_CHARS) {
        return null;
      }
      var body = text.slice(0, text.length - CHECK_CHARS);
      if (checksum(body) !== text.slice(body.length)) { return null; }
      var level = LEVELS.indexOf(body.charAt(head.length));
      if (level < 0) { return null; }
      var input = new Reader(body.slice(head.length + 1));
      var state = { page: input.upTo(bitsFor(shape.pages), shape.pages), visited: [], quizzes: [] };
      for (var p = 0; p < shape.pages; p++) { state.visited.push(input.flag()); }
      shape.quizzes.forEach(function (questions) {
        var record = { attempts: input.varint(), seed: input.bits(SEED_BITS) };
        record.submitted = input.flag();
        record.score = input.flag() ? input.upTo(SCORE_BITS, 10000) / 100 : null;
        record.answers = questions.map(function (question) {
          return level < 3 && input.flag() ? readAnswer(input, question) : emptyAnswer(question);
        });
        state.quizzes.push(record);
      });
      input.end();
      return state;
    } catch (e) {
      return null;
    }
  }

  window.CoursepackCodec = { encode: encode, decode: decode, layout: layout };
})();
