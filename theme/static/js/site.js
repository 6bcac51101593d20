/* kbgen default theme: small page behaviours that are not search.
 * - A link to a question on its section page (#slug) opens that answer's
 *   <details>: browsers do not open a closed details element around a target.
 * - On a phone the header's search link opens the header's search box in place
 *   (or goes to the page's own box); without JavaScript it is a link to the
 *   search page.
 * - Printing opens every answer, so the paper has them all.
 * An entry module of every page; it imports nothing. */

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

function setUpSearchLink() {
  var link = document.querySelector(".header-search-link");
  var header = document.querySelector(".site-header");
  if (!link || !header) return;
  var form = header.querySelector(".search-form");
  var pageBox = document.querySelector("main .search-input");
  if (form) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-controls", form.id);
  }
  link.addEventListener("click", function (event) {
    if (form) {
      event.preventDefault();
      var open = !header.classList.contains("search-open");
      header.classList.toggle("search-open", open);
      link.setAttribute("aria-expanded", String(open));
      if (open) form.querySelector(".search-input").focus();
    } else if (pageBox) {
      event.preventDefault();
      pageBox.scrollIntoView({ block: "center" });
      pageBox.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("search-open") &&
        !form.querySelector(".search-suggest:not([hidden])")) {
      header.classList.remove("search-open");
      link.setAttribute("aria-expanded", "false");
      link.focus();
    }
  });
}

openTarget();
setUpSearchLink();
window.addEventListener("hashchange", openTarget);
window.addEventListener("beforeprint", function () {
  document.querySelectorAll(".qa details").forEach(function (details) {
    details.open = true;
  });
});
