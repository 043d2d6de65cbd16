/* A house player that also reports each page to a tracker. */
(function () {
  window.houseTracker = true;
})();
