/*
 * kbgen search, re-ranking: lunr's ranking re-ordered by how much of the query
 * each document covers (all words first, rarer words, the question title), and
 * the weak-result bar below which the page says "no results" (docs/search.md).
 */

import { bitCount, holderCount, idf, lunrOrder, rowNumbers, scan } from "./score.js";

// How much a question title holding every concept of the query adds to lunr's score.
const TITLE_COVERAGE_WEIGHT = 0.5;
// A concept matched only through a synonym counts for this share of its weight.
const SYNONYM_SHARE = 0.8;
// An unknown word weighs this share of the rarest term's idf.
const UNKNOWN_WEIGHT = 0.7;
// The best result must hold this share of the query's concept weight, or the page says "no results".
const WEAK_SHARE = 0.6;

/**
 * Per concept of the query, its weight: the idf of its rarest term, or,
 * for a word the index knows nothing like, UNKNOWN_WEIGHT of the idf of a
 * term only one field of one document holds (it may be a filler word, or
 * the subject the help center does not cover).
 */
function conceptWeights(index, expansion) {
  var weights = new Map();
  expansion.order.forEach(function (n) {
    var w = idf(holderCount(index.postings[n]), index.docCount);
    expansion.concepts.get(n).forEach(function (c) { weights.set(c, Math.max(weights.get(c) || 0, w)); });
  });
  var unknown = UNKNOWN_WEIGHT * idf(1, index.docCount);
  for (var c = 0; c < expansion.conceptCount; c++) if (!weights.has(c)) weights.set(c, unknown);
  return weights;
}

/**
 * Adds to scanned rows the re-ranking's columns: concepts matched (in any
 * field), their weighted share (a synonym-only match counts SYNONYM_SHARE),
 * concepts in the question and the title-raised score. Concept sets are bit
 * masks (a query has at most MAX_QUERY_WORDS concepts: search/query.js).
 */
function coverage(index, expansion, rows) {
  var concepts = [], weights = [], total = 0;
  conceptWeights(index, expansion).forEach(function (w, c) { concepts.push(c); weights.push(w); total += w; });
  var count = expansion.conceptCount || 1, m = rows.length;
  rows.covered = new Int32Array(m);
  rows.share = new Float64Array(m);
  rows.raised = new Float64Array(m);
  for (var i = 0; i < m; i++) {
    var covered = rows.any[i], mine = rows.direct[i], weight = 0;
    for (var j = 0; j < concepts.length; j++) {
      var bit = 1 << concepts[j];
      if (covered & bit) weight += weights[j] * (mine & bit ? 1 : SYNONYM_SHARE);
    }
    rows.covered[i] = bitCount(covered);
    rows.share[i] = total ? weight / total : 0;
    rows.raised[i] = rows.score[i] * (1 + TITLE_COVERAGE_WEIGHT * bitCount(rows.title[i]) / count);
  }
  return rows;
}

/**
 * lunr's ranking re-ordered: documents matching more of the query's
 * concepts first, then those matching its rarer concepts; among equals,
 * lunr's score raised by the share of the concepts the question itself
 * holds; ties keep lunr's order. With a limit, only the best `limit` rows
 * (the same as the full order's first ones: the order is total).
 */
export function reRank(index, expansion, limit) {
  var rows = coverage(index, expansion, scan(index, expansion));
  function better(a, b) {
    return rows.covered[b] - rows.covered[a] || rows.share[b] - rows.share[a] || rows.raised[b] - rows.raised[a] || lunrOrder(rows, a, b);
  }
  var best = limit && limit < rows.length ? bestOf(rows.length, limit, better) : rowNumbers(rows.length).sort(better);
  return best.map(function (i) {
    return { doc: rows.doc[i], lunr: rows.score[i], covered: rows.covered[i], share: rows.share[i], title: bitCount(rows.title[i]), score: rows.raised[i] };
  });
}

/** The first `limit` of 0 … m-1 in the order of `compare` (a total order), kept sorted as they come. */
function bestOf(m, limit, compare) {
  var best = [];
  for (var i = 0; i < m; i++) {
    if (best.length === limit && compare(i, best[limit - 1]) >= 0) continue;
    var lo = 0, hi = best.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compare(best[mid], i) < 0) lo = mid + 1; else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > limit) best.pop();
  }
  return best;
}

/** Whether the best result is below the bar: it holds less than WEAK_SHARE of the query's concept weight. */
export function isWeak(rows) {
  return !rows.length || rows[0].share < WEAK_SHARE;
}
