/* coursepack printing: what goes on paper when the learner prints.
 *
 * Printing from a lesson prints its module, from the summary the whole course
 * (print.css hides the rest): every page whose markup is here becomes a section,
 * the pages go in course order, their quizzes laid out as the learner would see
 * them; folded blocks are opened for paper, then folded again.
 * player.js calls Coursepack.print(nav) once, with its navigation.
 */
(function () {
  "use strict";

  var C = window.Coursepack;
  var on = C.on;

  /* nav: pages, summary, page(), loaded(index), section(index), sectionFor(index), shown(section). */
  function print(nav) {
    var unfolded = [];

    on(window, "beforeprint", function () {
      var module = nav.page() === nav.pages.length ? null : nav.pages[nav.page()].module;
      var first = true;
      nav.pages.forEach(function (page, i) {
        var here = nav.loaded(i) ? nav.section(i) : nav.sectionFor(i);
        var skip = module !== null && page.module !== module;
        if (!here) { return; }
        nav.summary.parentNode.insertBefore(here, nav.summary);
        here.classList.toggle("cp-print-skip", skip);
        here.classList.toggle("cp-print-first", first && !skip);
        if (!skip) { nav.shown(here); }
        first = first && skip;
      });
      unfolded = C.all("details:not([open])");
      unfolded.forEach(function (block) { block.open = true; });
    });

    on(window, "afterprint", function () {
      C.all(".cp-print-skip, .cp-print-first").forEach(function (section) {
        section.classList.remove("cp-print-skip");
        section.classList.remove("cp-print-first");
      });
      unfolded.forEach(function (block) { block.open = false; });
    });
  }

  C.print = print;
})();
