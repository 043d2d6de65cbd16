/* coursepack runtime core: the one global the player's scripts share, and the
 * small helpers more than one of them needs.
 *
 * Every runtime file adds its part to window.Coursepack instead of a global of
 * its own, and takes these helpers from here instead of keeping a copy: the
 * runtime has a size budget (14 KiB gzipped for all of it) and one shared
 * piece is smaller, and easier to keep right, than several. Loaded first.
 */
(function () {
  "use strict";

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function range(count) {
    var out = [];
    for (var i = 0; i < count; i++) { out.push(i); }
    return out;
  }

  /* The number an element's data-<name> attribute holds (page, quiz, item indices). */
  function index(element, name) {
    return Number(element.getAttribute("data-" + name));
  }

  /* target.addEventListener, written once: the runtime listens in many places. */
  function on(target, type, listener) {
    target.addEventListener(type, listener);
  }

  /* At most max UTF-16 code units of text, never splitting a surrogate pair. */
  function cut(text, max) {
    text = String(text);
    var last = text.charCodeAt(max - 1);
    return text.length <= max ? text : text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
  }

  window.Coursepack = { $: $, all: all, index: index, on: on, range: range, cut: cut };
})();
