/*
 * kbgen default theme, "Still need help?" (partials/help.html): completes the card's contact link with what
 * only the browser knows, the page's own address and, on the search page, the query that found nothing
 * (search/ui.js calls `showSearchHelp`). The link's words come from the card's data attributes, with
 * `{query}` and `{address}` where the values go; values go in URL-encoded, through URL and
 * encodeURIComponent, never as HTML. Imported by search/ui.js, so it runs on every page; it imports nothing.
 */

/** The page's address, without its query or fragment (the query is given on its own). */
function pageAddress() {
  return window.location.origin + window.location.pathname;
}

function fill(template, values) {
  return template.replace(/\{(query|address)\}/g, function (_, name) { return values[name] || ""; });
}

/** The contact link's address for `values` ({query, address}), from the link's data attributes. */
export function helpHref(link, values) {
  var form = link.getAttribute("data-help-form");
  if (form) {
    var url = new URL(form, document.baseURI);
    var question = link.getAttribute("data-help-question");
    if (question !== null) url.searchParams.set("question", question);
    else url.searchParams.set("query", values.query || "");
    url.searchParams.set("page", values.address || "");
    return url.href;
  }
  var lines = function (text) { return text.replace(/\r?\n/g, "\r\n"); };
  return "mailto:" + link.getAttribute("data-help-email") +
    "?subject=" + encodeURIComponent(fill(link.getAttribute("data-help-subject") || "", values)) +
    "&body=" + encodeURIComponent(lines(fill(link.getAttribute("data-help-body") || "", values)));
}

/** Shows the search page's card with a link that carries `query` (found: true hides it). */
export function showSearchHelp(query, found) {
  var card = document.querySelector("[data-help=search]");
  if (!card) return;
  card.hidden = found || !query.trim();
  var link = card.querySelector("[data-help-link]");
  if (link && !card.hidden) link.href = helpHref(link, { query: query.trim(), address: pageAddress() });
}

function completeAddresses() {
  if (!/^https?:$/.test(window.location.protocol)) return; // a page opened from a folder: the built link stays
  Array.prototype.forEach.call(document.querySelectorAll("[data-help]:not([data-help=search]) [data-help-link]"),
    function (link) { link.href = helpHref(link, { address: pageAddress() }); });
}

completeAddresses();
