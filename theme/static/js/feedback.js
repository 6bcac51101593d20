/*
 * kbgen default theme, feedback: "Was this helpful?" (partials/feedback.html) and the search events that
 * search/ui.js announces on `document` ("kbgen:search", "kbgen:search-open"), each sent as one small JSON
 * object with navigator.sendBeacon to site.yaml's `feedback.endpoint` (docs/feedback.md has the format).
 * Loaded only on a site with an endpoint (base.html); it reads the endpoint from its own script tag.
 * No cookies, no identifiers, nothing stored: what links a search that found nothing to the question opened
 * after it lives in this page's memory only. Under Global Privacy Control or Do Not Track it does nothing at
 * all, and the question stays hidden. An entry module; it imports nothing.
 */

/** How long a query that found nothing must stand before it counts (the shopper may still be typing). */
const SETTLE_MS = 1500;
/** Longer queries are cut: an event stays small, whatever is pasted into the box. */
const MAX_QUERY = 200;

const script = document.getElementById("feedback-script");
const endpoint = script ? script.getAttribute("data-endpoint") : "";

function optedOut() {
  return navigator.globalPrivacyControl === true || navigator.doNotTrack === "1" || window.doNotTrack === "1";
}

function send(type, fields) {
  var event = Object.assign({ v: 1, type: type, page: window.location.pathname }, fields);
  try {
    navigator.sendBeacon(endpoint, JSON.stringify(event));
  } catch (error) {
    // a refused beacon (too large, a blocked address) is not the shopper's problem
  }
}

function clean(query) {
  return String(query || "").replace(/\s+/g, " ").trim().slice(0, MAX_QUERY);
}

/** The search events: a query that found nothing, once it stands; a result opened, with the last such query. */
function listenToSearch() {
  var pending = "", settled = "", timer = null;

  function flush() {
    clearTimeout(timer);
    if (pending) {
      send("search_empty", { query: pending });
      settled = pending;
    }
    pending = "";
  }

  document.addEventListener("kbgen:search", function (event) {
    var query = clean(event.detail && event.detail.query);
    clearTimeout(timer);
    pending = "";
    if (!query || event.detail.found) return;
    pending = query;
    timer = setTimeout(flush, SETTLE_MS);
  });
  document.addEventListener("kbgen:search-open", function (event) {
    var query = clean(event.detail && event.detail.query);
    var url;
    try {
      url = new URL(event.detail.url, document.baseURI);
    } catch (error) {
      return;
    }
    if (url.origin !== window.location.origin) return;
    flush(); // opening a popular question from "no results": that query stood
    var fields = { query: query, result: url.pathname };
    if (settled) fields.after = settled;
    send("search_open", fields);
  });
  // A box's query sent to the search page is counted there (its ?q=), not twice.
  document.addEventListener("submit", function (event) {
    if (event.target.closest && event.target.closest("form.search-form")) {
      clearTimeout(timer);
      pending = "";
    }
  }, true);
  window.addEventListener("pagehide", flush);
}

/** "Was this helpful?": yes, or no and a reason; each answer is sent as it is given. */
function setUpQuestion() {
  var card = document.querySelector("[data-feedback]");
  if (!card) return;
  var vote = card.querySelector("[data-feedback-vote]");
  var reasons = card.querySelector("[data-feedback-reasons]");
  var status = card.querySelector("[data-feedback-status]");
  function thank() {
    status.textContent = card.getAttribute("data-thanks");
    status.focus();
  }
  vote.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-vote]");
    if (!button) return;
    var helpful = button.getAttribute("data-vote") === "yes";
    send("helpful", { helpful: helpful });
    vote.hidden = true;
    if (helpful) {
      thank();
    } else {
      reasons.hidden = false;
      reasons.querySelector("button").focus();
    }
  });
  reasons.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-reason]");
    if (!button) return;
    send("reason", { reason: button.getAttribute("data-reason") });
    reasons.hidden = true;
    thank();
  });
  card.hidden = false;
}

if (endpoint && typeof navigator.sendBeacon === "function" && !optedOut()) {
  listenToSearch();
  setUpQuestion();
}
