/* kbgen default theme: small page behaviours that are not search.
 * A link to a question on its section page (#slug) opens that answer's
 * <details>: browsers do not open a closed details element around a target.
 * Printing opens every answer, so the paper has them all. Without JavaScript
 * the question is still scrolled to, one tap from open. */
(function () {
  "use strict";

  function openTarget() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (e) {
      return; // a malformed address: nothing to open
    }
    var target = id && document.getElementById(id);
    if (!target) return;
    var details = target.closest("details") || target.querySelector("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }

  openTarget();
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".qa details").forEach(function (details) {
      details.open = true;
    });
  });
})();
