/*
 * The /track/ page: tell a shopper which carrier has their parcel.
 *
 * The page's entry module (loaded only by the track page).
 * Reads the rules from #track-form[data-rules], looks up as the shopper types
 * and on submit, and fills #track-result. The page works without this script
 * (the carrier table is always there). The DOM is built with createElement and
 * textContent only: the tracking number is user text and never becomes HTML.
 */

import { matchCarrier, normalizeTrackingNumber } from "./carriers.js";
import { el } from "./dom.js";
import { word, wordParts } from "./words.js";

/** Wires the lookup to the page's form, unless the page lacks it or its rules are broken. */
function start() {
  var form = document.getElementById("track-form");
  var input = document.getElementById("tracking-number");
  var result = document.getElementById("track-result");
  if (!form || !input || !result) return;

  var rules;
  try {
    rules = JSON.parse(form.getAttribute("data-rules") || "[]");
  } catch (e) {
    return; // broken rules: leave the no-JS page as it is
  }
  var contact = form.getAttribute("data-contact") || "";
  var stepsUrl = form.getAttribute("data-steps-url") || "";


  /** A link; external links get rel="noopener" and open normally. */
  function link(href, text, external) {
    var a = el("a", "", text);
    a.href = href;
    if (external) a.rel = "noopener";
    return a;
  }

  /** A paragraph of the page's words for `key` (js/words.js), with nodes in place of its `{name}` values. */
  function para(className, key, values) {
    var p = el("p", className);
    wordParts(key, values).forEach(function (part) {
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return p;
  }

  function stepsPara() {
    if (!stepsUrl) return null;
    return para("track-steps", "trackSteps", { link: link(stepsUrl, word("trackStepsLink")) });
  }

  function renderMatch(match) {
    var rule = match.carrier;
    var deep = match.url !== rule.website;
    var box = el("div", "track-match");
    box.appendChild(para("track-carrier", "trackCarrier", { carrier: el("strong", "track-carrier-name", rule.name) }));
    var action = link(match.url, word(deep ? "trackOn" : "trackWebsite", { carrier: rule.name }), true);
    action.className = "button";
    var actionLine = el("p", "track-link");
    actionLine.appendChild(action);
    box.appendChild(actionLine);
    if (!deep) box.appendChild(para("track-hint", "trackThere"));
    if (rule.phone) {
      box.appendChild(para("track-phone", "trackPhone",
        { phone: link("tel:" + rule.phone.replace(/[^0-9+]/g, ""), rule.phone) }));
    }
    var steps = stepsPara();
    if (steps) box.appendChild(steps);
    return box;
  }

  /** True when number is (the start of) a known prefix: the shopper is still typing. */
  function isPartialPrefix(number) {
    return rules.some(function (rule) {
      return (rule.prefixes || []).some(function (prefix) {
        return String(prefix).toUpperCase().indexOf(number) === 0;
      });
    });
  }

  function renderNoMatch(number) {
    if (isPartialPrefix(number)) {
      return para("track-partial", "trackPartial");
    }
    var box = el("div", "track-nomatch");
    box.appendChild(para("track-nomatch-title", "trackNoMatch", { number: el("strong", "track-number", number) }));
    box.appendChild(para("", "trackKnown"));
    var list = el("ul", "track-prefix-list");
    rules.forEach(function (rule) {
      var item = el("li", "");
      (rule.prefixes || []).forEach(function (prefix, i) {
        if (i) item.appendChild(document.createTextNode(" " + word("trackOr") + " "));
        item.appendChild(el("code", "", String(prefix).toUpperCase()));
      });
      item.appendChild(document.createTextNode(
        " \u2014 " + rule.name + (rule.digits_only ? " " + word("trackDigitsOnly") : "")));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (contact) {
      box.appendChild(para("track-contact", "trackContact", { email: link("mailto:" + contact, contact) }));
    }
    return box;
  }

  /** Look up the input's value and show the result (empty clears it); return the number. */
  function update() {
    var number = normalizeTrackingNumber(input.value);
    var content = null;
    if (number) {
      var match = matchCarrier(input.value, rules);
      content = match ? renderMatch(match) : renderNoMatch(number);
    }
    result.textContent = "";
    if (content) result.appendChild(content);
    return number;
  }

  // Sent empty: the page's own words (#tracking-number-empty) say what to type, tied to the box.
  var empty = document.getElementById("tracking-number-empty");
  var hint = input.getAttribute("aria-describedby") || "";
  function showEmpty(shown) {
    if (!empty) return;
    empty.hidden = !shown;
    if (shown) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", (empty.id + " " + hint).trim());
    } else {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", hint);
    }
  }

  input.addEventListener("input", function () {
    showEmpty(false);
    update();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var number = update();
    showEmpty(!number);
    if (!number) input.focus();
    // Keep the address shareable: /track/?number=... links to this lookup.
    try {
      var url = new URL(window.location.href);
      if (number) url.searchParams.set("number", number);
      else url.searchParams.delete("number");
      window.history.replaceState(null, "", url.href);
    } catch (e) {
      // file:// pages may refuse replaceState; the lookup itself still works
    }
  });

  var linked = new URLSearchParams(window.location.search).get("number");
  if (linked) {
    input.value = linked;
    update();
  }
}

start();
