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

  var C = window.Coursepack;
  var Marking = C.marking;
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

  /* What the codec needs from the page data: the structure key, the page count,
     and per quiz the kind and size of each question. */
  function layout(data) {
    return {
      key: data.course.key,
      pages: data.pages.length,
      quizzes: data.quizzes.map(function (quiz) {
        return quiz.questions.map(function (question) {
          var kind = Marking.kind(question);
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

  /* Stops decoding: the text is not an encoding of this course (decode gives null). */
  function bad(why) {
    throw new Error(why);
  }

  /* Writes numbers bit by bit, least significant first, six bits to a digit. */
  function writer() {
    var out = [];
    var value = 0;
    var used = 0;

    /* Halving rather than shifting: numbers may pass 32 bits. */
    function bits(number, count) {
      for (var i = 0; i < count; i++, number = Math.floor(number / 2)) {
        if (number % 2) { value += 1 << used; }
        if (++used === 6) {
          out.push(DIGITS.charAt(value));
          value = 0;
          used = 0;
        }
      }
    }

    function flag(on) {
      bits(on ? 1 : 0, 1);
    }

    return {
      bits: bits,
      flag: flag,
      varint: function (number) {
        do {
          bits(number % 16, 4);
          number = Math.floor(number / 16);
          flag(number > 0);
        } while (number > 0);
      },
      text: function (text) {
        bits(text.length, TEXT_LENGTH_BITS);
        for (var i = 0; i < text.length; i++) {
          var symbol = SYMBOLS.indexOf(text.charAt(i));
          if (symbol >= 0) {
            bits(symbol, 7);
          } else {
            bits(ESCAPE, 7);
            bits(text.charCodeAt(i), 16);
          }
        }
      },
      result: function () {
        return out.join("") + (used ? DIGITS.charAt(value) : "");
      }
    };
  }

  /* Reads what writer() wrote; stops (bad) on anything out of place. */
  function reader(source) {
    var at = 0;
    var value = 0;
    var left = 0;

    function bit() {
      if (!left) {
        if (at >= source.length) { bad("truncated"); }
        value = DIGITS.indexOf(source.charAt(at++));
        if (value < 0) { bad("bad digit"); }
        left = 6;
      }
      var got = value & 1;
      value >>= 1;
      left--;
      return got;
    }

    function bits(count) {
      var number = 0;
      for (var i = 0; i < count; i++) { number += bit() * Math.pow(2, i); }
      return number;
    }

    function upTo(count, largest) {
      var number = bits(count);
      if (number > largest) { bad("out of range"); }
      return number;
    }

    return {
      bits: bits,
      upTo: upTo,
      flag: function () {
        return bit() === 1;
      },
      varint: function () {
        var number = 0;
        for (var group = 0; group < VARINT_GROUPS; group++) {
          number += bits(4) * Math.pow(16, group);
          if (!bit()) { return number; }
        }
        bad("number too long");
      },
      text: function () {
        var length = upTo(TEXT_LENGTH_BITS, MAX_TEXT);
        if (!length) { bad("empty text"); }
        var out = "";
        for (var i = 0; i < length; i++) {
          var symbol = bits(7);
          out += symbol === ESCAPE ? String.fromCharCode(bits(16)) : SYMBOLS.charAt(symbol);
        }
        return out;
      },
      /* Only padding may remain: fewer than six zero bits and no further character. */
      end: function () {
        if (at !== source.length || value !== 0) { bad("trailing data"); }
      }
    };
  }

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

  function writeAnswer(out, question, answer) {
    var i;
    if (question.kind === "choices") {
      out.bits(answer, question.size);
    } else if (question.kind === "typed") {
      out.text(C.cut(answer, MAX_TEXT));
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
      if (!mask) { bad("empty choice"); }
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
      if (seen[item]) { bad("not an order"); }
      seen[item] = true;
      answer.push(item);
    }
    return answer;
  }

  /* The state as kept at a degradation level: what the level leaves out is emptied. */
  function keptAnswer(level, question, record, answer) {
    if (question.kind === "typed" && (level >= 2 || (level === 1 && record.submitted))) {
      return "";
    }
    return answer;
  }

  function encodeAt(shape, state, level) {
    var out = writer();
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
        /* An empty answer is Marking's blank for its kind, or none at all. */
        var given = answer != null && answer !== Marking.blank(question.kind);
        out.flag(given);
        if (given) { writeAnswer(out, question, answer); }
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
      var input = reader(body.slice(head.length + 1));
      var state = { page: input.upTo(bitsFor(shape.pages), shape.pages), visited: [], quizzes: [] };
      for (var p = 0; p < shape.pages; p++) { state.visited.push(input.flag()); }
      shape.quizzes.forEach(function (questions) {
        var record = { attempts: input.varint(), seed: input.bits(SEED_BITS) };
        record.submitted = input.flag();
        record.score = input.flag() ? input.upTo(SCORE_BITS, 10000) / 100 : null;
        record.answers = questions.map(function (question) {
          return level < 3 && input.flag() ? readAnswer(input, question) : Marking.blank(question.kind);
        });
        state.quizzes.push(record);
      });
      input.end();
      return state;
    } catch (e) {
      return null;
    }
  }

  C.codec = { encode: encode, decode: decode, layout: layout };
})();
