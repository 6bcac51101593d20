/*
 * kbgen search, snippets: which words of a result's title and text to
 * highlight (those whose stem the query matched), and the window of an answer
 * a result shows. Pure functions of strings.
 */

import { words } from "./fold.js";

const WORD_RUN = /[\p{L}\p{N}\p{M}'`\u00b4\u02b9\u02bb\u02bc\u02bd\u2018\u2019\u201b\u2032]+/gu;

/** [start, end) ranges of the words of `text` whose stem is in `terms`. */
export function highlightRanges(text, terms, fold, stem) {
  var wanted = Object.create(null);
  (terms || []).forEach(function (t) { wanted[t] = true; });
  var ranges = [];
  var match;
  WORD_RUN.lastIndex = 0;
  while ((match = WORD_RUN.exec(text)) !== null) {
    var hit = words(fold(match[0])).some(function (w) { return wanted[stem(w)]; });
    if (!hit) continue;
    var start = match.index, end = match.index + match[0].length;
    while (start < end && !/[\p{L}\p{N}]/u.test(text.charAt(start))) start++;
    while (end > start && !/[\p{L}\p{N}\p{M}]/u.test(text.charAt(end - 1))) end--;
    if (end > start) ranges.push([start, end]);
  }
  return ranges;
}

/**
 * A window of about `length` characters of `text` around its densest run of
 * highlighted words, cut at word boundaries, with the ranges inside it.
 */
export function selectSnippet(text, ranges, length) {
  if (text.length <= length) return { text: text, ranges: ranges.slice() };
  var lead = Math.floor(length / 5);
  var best = 0, bestScore = -1;
  ranges.forEach(function (range, i) {
    var from = Math.max(0, range[0] - lead), to = from + length;
    var distinct = Object.create(null), count = 0;
    for (var j = i; j < ranges.length && ranges[j][1] <= to; j++) {
      distinct[text.slice(ranges[j][0], ranges[j][1]).toLowerCase()] = true;
      count++;
    }
    var score = Object.keys(distinct).length * 100 + count;
    if (score > bestScore) { bestScore = score; best = from; }
  });
  var start = best > 0 ? wordStart(text, best) : 0;
  var end = Math.min(text.length, start + length);
  if (end < text.length) end = wordEnd(text, end, start);
  var prefix = start > 0 ? "\u2026 " : "";
  var suffix = end < text.length ? " \u2026" : "";
  var shift = prefix.length - start;
  var inside = ranges.filter(function (r) { return r[0] >= start && r[1] <= end; })
    .map(function (r) { return [r[0] + shift, r[1] + shift]; });
  return { text: prefix + text.slice(start, end) + suffix, ranges: inside };
}

function wordStart(text, at) {
  var space = text.lastIndexOf(" ", at);
  return space < 0 ? 0 : space + 1;
}

function wordEnd(text, at, min) {
  var space = text.lastIndexOf(" ", at);
  return space > min ? space : at;
}
