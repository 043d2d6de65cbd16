/* coursepack serve only: the preview server adds this script to the page it
   serves; it is never part of a built course. It asks the server which build
   is current, reloads the page after a good rebuild, and shows build errors
   over the last good build. It asks by loading a script, not with XHR, because
   the player's Content-Security-Policy forbids connections (connect-src 'none')
   and the preview must run under the same policy as the real build. The server
   gives the state only with the token written into this page's script tag, so
   another site cannot include it. ES5. */
(function () {
  "use strict";
  var VERSION_URL = "/__coursepack/version.js";
  var BOX_ID = "cp-preview-errors";
  var script = document.currentScript;
  var seen = script ? Number(script.getAttribute("data-version")) : null;
  var token = script ? script.getAttribute("data-token") : "";

  function overlay(state) {
    var box = document.getElementById(BOX_ID);
    if (!state.errors.length) {
      if (box) {
        box.parentNode.removeChild(box);
      }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = BOX_ID;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60%;" +
        "overflow:auto;margin:0;padding:1em;background:#fff4f4;color:#5c0000;" +
        "border-top:4px solid #b00020;font:14px/1.4 sans-serif;";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var heading = document.createElement("strong");
    heading.textContent = state.heading;
    var lines = document.createElement("pre");
    lines.style.cssText = "white-space:pre-wrap;font:13px/1.4 monospace;margin:.5em 0 0;";
    lines.textContent = state.errors.join("\n");
    box.appendChild(heading);
    box.appendChild(lines);
  }

  /* Called by version.js with the server's state. */
  window.__coursepackPreview = function (state) {
    if (seen !== null && state.version !== seen && !state.errors.length) {
      window.location.reload();
      return;
    }
    seen = state.version;
    overlay(state);
  };

  function poll() {
    var tag = document.createElement("script");
    function next(delay) {
      tag.parentNode.removeChild(tag);
      window.setTimeout(poll, delay);
    }
    tag.src = VERSION_URL + "?token=" + encodeURIComponent(token) + "&t=" + new Date().getTime();
    tag.onload = function () {
      next(300);
    };
    tag.onerror = function () {
      next(1000); /* server stopped or restarting */
    };
    document.head.appendChild(tag);
  }

  poll();
})();
