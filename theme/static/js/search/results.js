/*
 * kbgen search, page: how a result and the no-results state look, built as DOM nodes (never HTML from a
 * query or an answer): a hit's title, section and snippet with the matched words marked, the count, and
 * what a search that found nothing offers (the contact address, the popular questions).
 * `snippets` is search/snippet.js, which the page loads with the engine.
 */

import { el } from "../dom.js";
import { counted, word, wordParts } from "../words.js";

function appendHighlighted(parent, text, ranges) {
  var at = 0;
  ranges.forEach(function (range) {
    if (range[0] < at) return;
    if (range[0] > at) parent.appendChild(document.createTextNode(text.slice(at, range[0])));
    parent.appendChild(el("mark", "", text.slice(range[0], range[1])));
    at = range[1];
  });
  if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  return parent;
}

export function resultContent(snippets, link, result, ctx, snippetLength) {
  var title = el("span", "search-hit-title");
  appendHighlighted(title, result.title, snippets.highlightRanges(result.title, result.terms, ctx.fold, ctx.stem));
  link.appendChild(title);
  link.appendChild(el("span", "search-hit-section", result.section));
  if (result.text) {
    var ranges = snippets.highlightRanges(result.text, result.terms, ctx.fold, ctx.stem);
    var snippet = snippets.selectSnippet(result.text, ranges, snippetLength);
    link.appendChild(appendHighlighted(el("span", "search-hit-snippet"), snippet.text, snippet.ranges));
  }
}

export function countText(n) {
  return n === 0 ? word("noResults") : counted("results", n);
}

/** A paragraph of `key`'s words, with nodes in place of its `{name}` values. */
function sentence(className, key, values) {
  var p = el("p", className);
  wordParts(key, values).forEach(function (part) {
    p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
  });
  return p;
}

export function noResults(query, contact, popular, root) {
  var box = el("div", "search-empty");
  box.appendChild(el("p", "", word("noResultsFor", { query: query })));
  if (contact) {
    var mail = el("a", "", contact);
    mail.href = "mailto:" + contact;
    box.appendChild(sentence("", "tryOtherOrEmail", { email: mail }));
  } else {
    box.appendChild(el("p", "", word("tryOther")));
  }
  if (popular.length) {
    box.appendChild(el("p", "search-empty-popular", word("popular")));
    var list = el("ul");
    popular.forEach(function (item) {
      var li = el("li");
      var a = el("a", "", item.title);
      a.href = root + item.url;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  return box;
}
