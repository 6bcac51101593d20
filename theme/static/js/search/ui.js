/*
 * kbgen search, page: the header and hero boxes' search-as-you-type combobox and
 * the search page's results (kept in sync with ?q=). The engine's modules
 * (search/engine.js and what it imports, search/snippet.js), lunr.js (a classic script, window.lunr)
 * and the index are loaded on first use of a search box (at once on the search
 * page), and nothing typed by a user is ever inserted as HTML.
 * The page's entry module: it runs on load. Its words are the page's (js/words.js).
 */

import { el } from "../dom.js";
import { counted, word } from "../words.js";
import { showSearchHelp } from "../help.js";
import { countText, noResults, resultContent } from "./results.js";

const DEBOUNCE_MS = 80;
const SUGGEST_LIMIT = 6;
const PAGE_LIMIT = 50;
const PAGE_SIZE = 10;
const body = document.body;
const root = body.getAttribute("data-root") || "";
let enginePromise = null;
let snippets = null; // search/snippet.js, loaded with the engine: results are shown only once it is there

function loadScript(src) {
  return new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = resolve;
    script.onerror = function () { reject(new Error("could not load " + src)); };
    document.head.appendChild(script);
  });
}

function engine() {
  if (!enginePromise) {
    var lunrUrl = body.getAttribute("data-lunr") || root + "assets/js/lunr.min.js";
    // The index's first file has a stable URL; the files it names are content-hashed under data-search-parts.
    var indexUrl = body.getAttribute("data-search-index") || root + "search/index.json";
    var partsUrl = body.getAttribute("data-search-parts") || root + "assets/search/";
    var lunrReady = window.lunr ? Promise.resolve() : loadScript(lunrUrl);
    var base = new URL(partsUrl, document.baseURI);
    var dataReady = fetchJson(new URL(indexUrl, document.baseURI).href);
    // most pages are read, not searched: the engine's modules come with lunr.js, when a box is first used
    enginePromise = Promise.all([import("./engine.js"), import("./snippet.js"), lunrReady, dataReady]).then(function (all) {
      snippets = all[1];
      return all[0].startEngine(all[3], window.lunr, function (name) {
        return fetchJson(new URL(name, base).href);
      });
    });
    enginePromise.catch(function () { enginePromise = null; });
  }
  return enginePromise;
}

function fetchJson(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  });
}

/*
 * Feedback hooks (issue 21). The search announces on `document` what it found ("kbgen:search": the query,
 * and whether anything was found) and what was opened from it ("kbgen:search-open": the query, the link).
 * js/feedback.js, loaded only on a site with a feedback endpoint, listens and sends them; elsewhere nobody
 * listens and nothing happens.
 */
function announce(name, detail) {
  document.dispatchEvent(new CustomEvent(name, { detail: detail }));
}

/** Announces a click on a result or a popular question inside `container` (not "See all", not mail). */
function announceOpens(container, input) {
  container.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (link && !link.closest(".search-more") && /^https?:$/.test(link.protocol)) {
      announce("kbgen:search-open", { query: input.value, url: link.href });
    }
  });
}
/* End of the feedback hooks. */

/*
 * Typing runs `fn` at once while searches answer within a frame (the index is
 * loaded and the query needs no shard fetch), so results follow the last key
 * in the same frame; while they are slower (first load, shards to fetch) it
 * waits until typing pauses for `ms`.
 */
const FAST_MS = 8;
let lastCost = Infinity;

function timed(promise, started) {
  return promise.then(function (value) {
    lastCost = Date.now() - started;
    return value;
  });
}

function debounce(fn, ms) {
  var timer = null;
  return function () {
    clearTimeout(timer);
    if (lastCost <= FAST_MS) fn();
    else timer = setTimeout(fn, ms);
  };
}

/** The listbox of suggestions; each option made active on hover through `setActive`. */
function suggestionList(input, listId, shown, eng, state, setActive) {
  var list = el("ul", "search-suggest-list");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", word("suggestions"));
  shown.forEach(function (result, i) {
    var option = el("li", "search-hit");
    option.id = input.id + "-option-" + i;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    var link = el("a");
    link.href = root + result.url;
    link.tabIndex = -1;
    resultContent(snippets, link, result, eng.ctx, 110);
    option.appendChild(link);
    option.addEventListener("mousemove", function () { if (state.active !== i) setActive(i); });
    list.appendChild(option);
    state.options.push(option);
  });
  return list;
}

/** "See all results": the search page for the query. */
function seeAll(form, query) {
  var more = el("p", "search-more");
  var all = el("a", "", word("seeAll"));
  all.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
  more.appendChild(all);
  return more;
}

/** The suggestion box's keys: arrows move the active option, Enter opens it, Escape closes. */
function suggestKey(event, state, panel, input, actions) {
  var open = !panel.hidden && state.options.length > 0;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!open) { if (input.value.trim()) actions.update(); return; }
    event.preventDefault();
    var next = state.active + (event.key === "ArrowDown" ? 1 : -1);
    if (next >= state.options.length) next = 0;
    if (next < -1) next = state.options.length - 1;
    actions.setActive(next);
  } else if (event.key === "Enter") {
    if (open && state.active >= 0) {
      event.preventDefault();
      var href = state.options[state.active].querySelector("a").href;
      announce("kbgen:search-open", { query: input.value, url: href }); // feedback hook
      window.location.href = href;
    }
  } else if (event.key === "Escape" && !panel.hidden) {
    event.preventDefault();
    actions.close();
  }
}

/** Closes the suggestion panel of a combobox. */
function closer(input, panel, state) {
  return function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    state.active = -1;
  };
}

/** Makes option i (or none, -1) the combobox's active option. */
function activator(input, state) {
  return function setActive(i) {
    state.options.forEach(function (option, n) {
      option.setAttribute("aria-selected", n === i ? "true" : "false");
    });
    state.active = i;
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", state.options[i].id);
      state.options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
}

/** The header and home search boxes: a combobox with a listbox of suggestions. */
function enhanceSuggest(form, input, panel, status) {
  var listId = input.id + "-listbox";
  var state = { active: -1, options: [] };
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  var close = closer(input, panel, state), setActive = activator(input, state);

  function render(query, eng, results) {
    panel.textContent = "";
    state.options = [];
    state.active = -1;
    if (!query.trim()) { close(); status.textContent = ""; return; }
    var shown = results.slice(0, SUGGEST_LIMIT);
    if (!shown.length) {
      panel.appendChild(noResults(query, form.getAttribute("data-contact"), eng.popular(), root));
      input.setAttribute("aria-expanded", "false");
    } else {
      panel.appendChild(suggestionList(input, listId, shown, eng, state, setActive));
      panel.appendChild(seeAll(form, query));
      input.setAttribute("aria-expanded", "true");
    }
    panel.hidden = false;
    announce("kbgen:search", { query: query, found: shown.length > 0 }); // feedback hook
    status.textContent = results.length > SUGGEST_LIMIT
      ? counted("moreThan", SUGGEST_LIMIT) : countText(shown.length);
  }

  function update() {
    var query = input.value;
    engine().then(function (eng) {
      if (input.value !== query) return null;
      return timed(eng.answer(query, SUGGEST_LIMIT + 1), Date.now()).then(function (answer) {
        // below the bar (see docs/search.md), the list says "no results" rather than show a weak match
        if (input.value === query) render(query, eng, answer.weak ? [] : answer.hits);
      });
    }).catch(function () {
      status.textContent = word("unavailable");
    });
  }

  var actions = { update: update, setActive: setActive, close: close };
  announceOpens(panel, input); // feedback hook
  input.addEventListener("input", debounce(update, DEBOUNCE_MS));
  input.addEventListener("focus", function () {
    engine();
    if (input.value.trim() && panel.hidden) update();
  });
  input.addEventListener("keydown", function (event) { suggestKey(event, state, panel, input, actions); });
  document.addEventListener("pointerdown", function (event) {
    if (!form.contains(event.target)) close();
  });
  form.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
  });
}

/** The search page: results in #search-results, PAGE_SIZE at a time, URL kept in sync. */
function enhancePage(form, input, target, status) {
  /** Appends result items to `list`; returns the first new link. */
  function appendHits(list, hits, eng) {
    var first = null;
    hits.forEach(function (result) {
      var item = el("li", "search-hit");
      var link = el("a");
      link.href = root + result.url;
      resultContent(snippets, link, result, eng.ctx, 220);
      item.appendChild(link);
      list.appendChild(item);
      first = first || link;
    });
    return first;
  }

  /** "Show 10 more": the next results, their text fetched when asked for; focus moves to the first of them. */
  function moreButton(list, found, eng, shown) {
    var button = el("button", "button button-secondary search-show-more");
    button.type = "button";
    function label() {
      button.textContent = counted("showMore", Math.min(PAGE_SIZE, found.count - shown));
    }
    label();
    button.addEventListener("click", function () {
      button.disabled = true;
      found.hits(shown, shown + PAGE_SIZE).then(function (more) {
        var first = appendHits(list, more, eng);
        shown += more.length;
        if (shown >= found.count) button.remove(); else { label(); button.disabled = false; }
        if (first) first.focus();
      }, function () {
        button.disabled = false;
        button.textContent = word("moreFailed");
      });
    });
    return button;
  }

  function render(query, eng, found, first) {
    target.textContent = "";
    if (!query.trim()) { status.textContent = ""; showSearchHelp(query, true); return; }
    var weak = found ? found.weak : false, count = found ? found.count : 0;
    // feedback hooks: below the bar counts as nothing found, as the page says; the help card shows then
    announce("kbgen:search", { query: query, found: count > 0 && !weak });
    showSearchHelp(query, count > 0 && !weak);
    status.textContent = countText(weak ? 0 : count);
    if (!count || weak) {
      target.appendChild(noResults(query, form.getAttribute("data-contact"), eng.popular(), root));
      if (!count) return;
      // below the bar: the partial matches come after the popular questions and the contact, named as such
      target.appendChild(el("p", "search-count search-weak", word("weak")));
    } else {
      target.appendChild(el("p", "search-count", word("resultsFor", { results: countText(count), query: query })));
    }
    var list = el("ol", "search-page-results");
    appendHits(list, first, eng);
    target.appendChild(list);
    if (count > first.length) target.appendChild(moreButton(list, found, eng, first.length));
  }

  function update() {
    var query = input.value;
    var url = query.trim() ? "?q=" + encodeURIComponent(query) : window.location.pathname;
    window.history.replaceState(null, "", url);
    engine().then(function (eng) {
      if (input.value !== query) return null;
      if (!query.trim()) { render(query, eng, null, []); return null; }
      var firstPage = eng.results(query, PAGE_LIMIT).then(function (found) {
        return found.hits(0, PAGE_SIZE).then(function (first) { return { found: found, first: first }; });
      });
      return timed(firstPage, Date.now()).then(function (page) {
        if (input.value === query) render(query, eng, page.found, page.first);
      });
    }).catch(function () {
      target.textContent = "";
      target.appendChild(el("p", "search-error", word("failed")));
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  input.addEventListener("input", debounce(update, DEBOUNCE_MS));
  announceOpens(target, input); // feedback hook
  if (initial.trim()) update(); else engine();
}

function init() {
  var target = document.getElementById("search-results");
  Array.prototype.forEach.call(document.querySelectorAll("form.search-form"), function (form) {
    var input = form.querySelector("input[name=q]");
    var status = form.querySelector(".search-status");
    if (!input || !status) return;
    if (target && form.hasAttribute("data-search-page")) {
      enhancePage(form, input, target, status);
      return;
    }
    var panel = form.querySelector(".search-suggest");
    if (panel) enhanceSuggest(form, input, panel, status);
  });
}

init();
