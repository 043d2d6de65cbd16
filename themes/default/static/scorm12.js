/* coursepack SCORM 1.2 adapter: the tracker player.js saves through in an LMS (Coursepack.lms).
 *
 * It finds the LMS "API" object the standard way (parent frames, then the
 * opener), initialises once, hands back the bookmark and suspend_data on
 * resume, writes status, score and one objective per graded quiz only when
 * they change, appends each submitted answer to the interactions journal,
 * commits at the checkpoints player.js asks for, and finishes exactly once.
 * Without an API it returns null and the player saves in the browser instead.
 * A refused value never stops the course: it is written again at the next
 * checkpoint. In review (no-credit) sessions nothing at all is written: the
 * attempt stays as the LMS recorded it.
 *
 * The course score goes to the LMS only once the status is final, and in a
 * commit after the one that carries that status. Moodle 4.3.0 works out
 * activity completion when a score arrives, but not when an existing status
 * row changes: with the status stored first, the score's arrival finds it.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var range = C.range;
  var MAX_DEPTH = 7;
  var MAX_TRIES = 3;

  function search(win) {
    var depth = 0;
    try {
      while (win && !win.API && win.parent && win.parent !== win && depth < MAX_DEPTH) {
        win = win.parent;
        depth++;
      }
      return win && win.API ? win.API : null;
    } catch (e) {
      return null; /* a frame from another origin: no API there for us */
    }
  }

  function findApi() {
    return search(window) || (window.opener ? search(window.opener) : null);
  }

  function pad(value, width) {
    var out = String(value);
    while (out.length < width) { out = "0" + out; }
    return out;
  }

  /* CMITimespan as Moodle accepts it: HHHH:MM:SS.SS */
  function timespan(milliseconds) {
    var centiseconds = Math.floor(milliseconds / 10);
    var hours = Math.min(9999, Math.floor(centiseconds / 360000));
    var minutes = Math.floor(centiseconds / 6000) % 60;
    var seconds = Math.floor(centiseconds / 100) % 60;
    return pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." +
      pad(centiseconds % 100, 2);
  }

  /* CMITime, the time of day: HH:MM:SS */
  function timeOfDay(date) {
    return [date.getHours(), date.getMinutes(), date.getSeconds()].map(function (part) {
      return pad(part, 2);
    }).join(":");
  }

  /* CMIDecimal: digits with a "." and no exponent; null when a number cannot be one. */
  function decimal(value) {
    var out = (Math.round(value * 10000) / 10000).toFixed(4).replace(/\.?0+$/, "");
    out = out === "-0" ? "0" : out;
    return /^-?\d+(\.\d+)?$/.test(out) ? out : null;
  }

  var LETTERS = "abcdefghijklmnopqrstuvwxyz";

  function letters(indices) {
    return indices.map(function (i) { return LETTERS.charAt(i); }).join(",");
  }

  function picked(mask, count) {
    return range(count).filter(function (i) { return (mask >> i & 1) === 1; });
  }

  /* CMIFeedback is at most 255 characters. */
  function feedback(text) {
    return C.cut(text, 255);
  }

  /* The interaction type, learner response and correct pattern in the 1.2 formats:
     choices and items are letters a-z in page order (at most 26, the builder checks). */
  function formats(question, answer) {
    switch (question.type) {
      case "single":
      case "multiple":
        return ["choice", letters(picked(answer, question.choices)), letters(question.correct)];
      case "true-false":
        /* Choice 0 is "true", choice 1 "false". */
        return ["true-false", answer & 1 ? "t" : "f", question.correct[0] === 0 ? "t" : "f"];
      case "fill-in":
        return ["fill-in", feedback(answer), feedback(question.pattern)];
      case "numeric":
        /* A 1.2 numeric pattern is one number, not a range: a range is reported by its
           midpoint, rounded to 4 decimals (an exact answer is low == high, itself). */
        return ["numeric", answer, decimal((question.low + question.high) / 2)];
      case "matching":
        var pairs = [];
        answer.forEach(function (right, left) {
          if (right >= 0) { pairs.push(LETTERS.charAt(left) + "." + LETTERS.charAt(right)); }
        });
        var rightPairs = range(question.pairs).map(function (i) {
          return LETTERS.charAt(i) + "." + LETTERS.charAt(i);
        });
        return ["matching", pairs.join(","), rightPairs.join(",")];
      default:
        return ["sequencing", letters(answer), letters(range(question.items))];
    }
  }

  /* One journal entry as the values to write, id first: writing it creates the entry. */
  function interaction(entry) {
    var formatted = formats(entry.question, entry.answer);
    var values = [
      ["id", entry.question.iid],
      ["type", formatted[0]],
      ["student_response", formatted[1]],
      ["correct_responses.0.pattern", formatted[2]],
      ["result", entry.correct ? "correct" : "wrong"],
      /* Moodle takes a weighting from -100 to 100: a larger weight is left out, not refused. */
      ["weighting", entry.question.weight <= 100 ? decimal(entry.question.weight) : null],
      ["latency", timespan(entry.latency)],
      ["time", timeOfDay(entry.time)]
    ];
    return {
      values: values.filter(function (pair) { return pair[1] !== null; }),
      index: null,
      tries: 0
    };
  }

  /* What an LMS call returned, as the success it reports: 1.2 APIs give "true" or true. */
  function ok(result) {
    return String(result) === "true";
  }

  function connect() {
    var api = findApi();
    if (!api || !ok(api.LMSInitialize(""))) { return null; }

    function get(element) {
      return api.LMSGetValue(element);
    }

    function count() {
      return Number(get("cmi.interactions._count")) || 0;
    }

    var started = new Date().getTime();
    var written = {};
    var failed = false;
    var review = get("cmi.core.lesson_mode") === "review" || get("cmi.core.credit") === "no-credit";
    /* Interactions are write-only and stay from earlier sessions: only their count can be
       read, and new ones must follow it without a gap. */
    var nextInteraction = count();
    var journal = [];

    function set(element, value) {
      value = String(value);
      if (written[element] === value) { return true; }
      var done = ok(api.LMSSetValue(element, value));
      if (done) { written[element] = value; } else { failed = true; }
      return done;
    }

    /* A score out of 100 under base: the course's ("cmi.core.") or an objective's. */
    function setScore(base, raw) {
      set(base + "score.min", "0");
      set(base + "score.max", "100");
      set(base + "score.raw", raw);
    }

    var STATUS = "cmi.core.lesson_status";
    var status = written[STATUS] = get(STATUS);
    if (!review && (status === "not attempted" || status === "")) {
      set(STATUS, "incomplete");
    }

    /* One objective per graded quiz, in quiz order; an index must exist before the next. */
    function writeObjectives(objectives) {
      for (var n = 0; n < objectives.length; n++) {
        var objective = objectives[n];
        var base = "cmi.objectives." + n + ".";
        if (!set(base + "id", objective.id)) { return; }
        if (objective.score !== null) {
          setScore(base, objective.score);
          set(base + "status", objective.status);
        }
      }
    }

    /* Opens the next journal entry by writing its id; false if the LMS refused. */
    function open(entry) {
      var element = "cmi.interactions." + nextInteraction + ".id";
      if (!ok(api.LMSSetValue(element, entry.values[0][1]))) {
        /* The LMS may have opened the entry anyway: follow its count. */
        nextInteraction = Math.max(nextInteraction, count());
        return false;
      }
      entry.index = nextInteraction++;
      entry.values.shift();
      return true;
    }

    /* Each value of an entry is written once. A refused one is tried again at the next
       checkpoints, up to MAX_TRIES, then left out rather than retried forever; while an
       entry cannot be opened the later ones wait, so the journal keeps its order. */
    function writeJournal() {
      var kept = [];
      var blocked = false;
      journal.forEach(function (entry) {
        if (entry.index === null && (blocked || !open(entry))) {
          failed = true;
          if (!blocked) { entry.tries++; }
          blocked = true;
          if (entry.tries < MAX_TRIES) { kept.push(entry); }
          return;
        }
        var base = "cmi.interactions." + entry.index + ".";
        entry.values = entry.values.filter(function (pair) {
          var done = ok(api.LMSSetValue(base + pair[0], pair[1]));
          failed = failed || !done;
          return !done;
        });
        if (entry.values.length && ++entry.tries < MAX_TRIES) { kept.push(entry); }
      });
      journal = kept;
    }

    return {
      kind: "lms",
      start: function () {
        /* Only a first launch starts blank. Besides "resume", this also brings back
           progress committed before a crash (no LMSFinish, so entry is "") and shows
           a finished course as it was in review mode. */
        if (get("cmi.core.entry") === "ab-initio") {
          return { location: "", suspend: "" };
        }
        return {
          location: get("cmi.core.lesson_location"),
          suspend: get("cmi.suspend_data")
        };
      },
      /* What the LMS recorded, when this session is a review of a closed attempt. */
      review: review ? { status: status, score: get("cmi.core.score.raw") } : null,
      save: function (snapshot) {
        if (review) { return true; }
        failed = false;
        set("cmi.core.lesson_location", snapshot.location);
        set("cmi.suspend_data", snapshot.suspend);
        set(STATUS, snapshot.status);
        writeObjectives(snapshot.objectives);
        writeJournal();
        var scored = snapshot.score !== null && snapshot.status !== "incomplete";
        if (scored && written["cmi.core.score.raw"] !== String(snapshot.score)) {
          failed = !ok(api.LMSCommit("")) || failed;
          setScore("cmi.core.", snapshot.score);
        }
        return !failed;
      },
      journal: function (entries) {
        if (!review) { journal = journal.concat(entries.map(interaction)); }
      },
      commit: function () {
        return review || (ok(api.LMSCommit("")) && !failed);
      },
      finish: function (snapshot) {
        if (!review) {
          set("cmi.core.session_time", timespan(new Date().getTime() - started));
          set("cmi.core.exit", snapshot.over ? "" : "suspend");
        }
        return ok(api.LMSFinish(""));
      }
    };
  }

  C.lms = { connect: connect };
})();
