/* coursepack glossary: the glossary screen beside the course, and the terms' tips.
 *
 * Opening the glossary leaves the learner's page, progress and saved state as
 * they were; "Back" returns to the page, and to the term the learner followed.
 * A course without a glossary has no screen: only the tips' keyboard rules run.
 * player.js calls Coursepack.glossary(nav) once, with its navigation.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var on = C.on;

  /* The element or its nearest ancestor matching selector; null in a browser without
     Element.closest (tests/test_browser_support.py checks every use is guarded or supported). */
  function closest(element, selector) {
    return element && element.closest ? element.closest(selector) : null;
  }

  /* Escape hides a term's tip until the pointer and the focus leave it (WCAG 1.4.13). */
  function tips() {
    on(document, "keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var focused = closest(document.activeElement, ".cp-term");
      C.all(".cp-term:hover").concat(focused || []).forEach(function (term) {
        term.classList.add("cp-term-quiet");
      });
    });

    function unquiet(event) {
      var term = closest(event.target, ".cp-term");
      if (term && !term.contains(event.relatedTarget)) { term.classList.remove("cp-term-quiet"); }
    }
    on(document, "focusout", unquiet);
    on(document, "mouseout", unquiet);
  }

  /* nav: page(), sectionFor(index), go(index, moveFocus) and leave(screen, link). */
  function glossary(nav) {
    var screen = C.$("#cp-glossary");
    var cameFrom = null;
    tips();
    if (!screen) { return; }

    function entry(href) {
      var found = document.getElementById(href.slice(1));
      return found && screen.contains(found) ? found : null;
    }

    on(document, "click", function (event) {
      var link = closest(event.target, "a[href^='#'], .cp-glossary-back");
      var found = link && link.hasAttribute("href") && entry(link.getAttribute("href"));
      if (found) {
        event.preventDefault();
        cameFrom = link;
        nav.leave(screen, C.$(".cp-toc-glossary"));
        (found === screen ? C.$("h1", screen) : found).focus();
      } else if (link && !link.hasAttribute("href")) {
        var back = cameFrom && nav.sectionFor(nav.page()).contains(cameFrom) ? cameFrom : null;
        nav.go(nav.page(), !back);
        if (back) { back.focus(); }
      }
    });
  }

  C.glossary = glossary;
})();
