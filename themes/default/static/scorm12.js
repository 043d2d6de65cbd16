/* coursepack SCORM 1.2 adapter: the tracker player.js saves through in an LMS.
 *
 * It finds the LMS "API" object the standard way (parent frames, then the
 * opener), initialises once, hands back the bookmark and suspend_data on
 * resume, writes status and score only when they change, commits at the
 * checkpoints player.js asks for, and finishes exactly once. Without an API
 * it returns null and the player saves in the browser instead.
 */
(function () {
  "use strict";

  var MAX_DEPTH = 7;

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

  function connect() {
    var api = findApi();
    if (!api || String(api.LMSInitialize("")) !== "true") { return null; }
    var started = new Date().getTime();
    var written = {};
    var failed = false;
    var review = api.LMSGetValue("cmi.core.lesson_mode") === "review" ||
      api.LMSGetValue("cmi.core.credit") === "no-credit";

    function set(element, value) {
      value = String(value);
      if (written[element] === value) { return true; }
      var ok = String(api.LMSSetValue(element, value)) === "true";
      if (ok) { written[element] = value; } else { failed = true; }
      return ok;
    }

    var status = api.LMSGetValue("cmi.core.lesson_status");
    written["cmi.core.lesson_status"] = status;
    if (!review && (status === "not attempted" || status === "")) {
      set("cmi.core.lesson_status", "incomplete");
    }

    return {
      kind: "lms",
      start: function () {
        /* Only a first launch starts blank. Besides "resume", this also brings back
           progress committed before a crash (no LMSFinish, so entry is "") and shows
           a finished course as it was in review mode. */
        if (api.LMSGetValue("cmi.core.entry") === "ab-initio") {
          return { location: "", suspend: "" };
        }
        return {
          location: api.LMSGetValue("cmi.core.lesson_location"),
          suspend: api.LMSGetValue("cmi.core.suspend_data")
        };
      },
      save: function (snapshot) {
        failed = false;
        set("cmi.core.lesson_location", snapshot.location);
        set("cmi.core.suspend_data", snapshot.suspend);
        if (!review) {
          if (snapshot.score !== null) {
            set("cmi.core.score.min", "0");
            set("cmi.core.score.max", "100");
            set("cmi.core.score.raw", snapshot.score);
          }
          set("cmi.core.lesson_status", snapshot.status);
        }
        return !failed;
      },
      commit: function () {
        return String(api.LMSCommit("")) === "true" && !failed;
      },
      finish: function (snapshot) {
        set("cmi.core.session_time", timespan(new Date().getTime() - started));
        set("cmi.core.exit", snapshot.over ? "" : "suspend");
        return String(api.LMSFinish("")) === "true";
      }
    };
  }

  window.CoursepackLMS = { connect: connect };
})();
