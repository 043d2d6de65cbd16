/* A small addition of the organisation: it marks the page once the player has loaded. */
(function () {
  document.documentElement.setAttribute("data-house", "yes");
})();
