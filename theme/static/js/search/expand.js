/*
 * kbgen search, query expansion: the index terms a query's lunr clauses reach,
 * in the order lunr.Index#query meets them, with the query vector's boosts, the
 * concepts each term stands for and the phrases a phrase-only term needs; typo
 * variants of words the index does not know (docs/search.md).
 */

import { lunrOptions } from "./query.js";

/**
 * lunr.TokenSet#toArray's order for the words of a trailing-wildcard match:
 * depth first, a word before its extensions, higher characters first.
 */
function tokenSetOrder(a, b) {
  var n = Math.min(a.length, b.length);
  for (var i = 0; i < n; i++) {
    var x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) return y - x;
  }
  return a.length - b.length;
}

/**
 * The terms a lunr clause matches, in the order lunr.Index#query meets them
 * (`this.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray()`),
 * found without a token set of the whole vocabulary: a prefix is a range of
 * the sorted terms; typo variants are generated, then ordered by intersecting
 * lunr's fuzzy token set with a token set of just the variants that exist.
 */
function expandClause(index, clause, lunr) {
  var term = clause.term;
  if (clause.editDistance) {
    var found = [];
    var seen = Object.create(null);
    [term].concat(editsOf(term, index.alphabet)).forEach(function (w) {
      if (!seen[w] && index.number.has(w)) { seen[w] = true; found.push(w); }
    });
    if (!found.length) return found;
    found.sort();
    return lunr.TokenSet.fromArray(found).intersect(lunr.TokenSet.fromClause(clause)).toArray();
  }
  var star = term.indexOf("*");
  if (star < 0) return index.number.has(term) ? [term] : [];
  if (star !== term.length - 1) throw new Error("unsupported wildcard in " + term);
  return index.prefixed(term.slice(0, -1)).sort(tokenSetOrder);
}

/**
 * A query's terms, as lunr.Index#query sees them: every (clause, term) in
 * order with the terms it expands to. Returns the distinct term numbers in
 * order of first appearance, the position of that appearance and the query
 * vector's value for each (the boosts of the clauses that reach it, summed);
 * per term the query's concepts it stands for; for a term only phrase
 * clauses reach, the phrases (term-number lists) a document must hold whole.
 */
export function expandQuery(index, clauses, lunr, searchPipeline) {
  var query = new lunr.Query(index.fields);
  clauses.forEach(function (c) { query.term(c.term, lunrOptions(c, lunr)); });
  var x = { order: [], boost: new Map(), position: new Map(), concepts: new Map(), direct: new Map(), phrases: new Map(), conceptCount: 0 };
  var free = new Set(), all = new Set();
  query.clauses.forEach(function (clause, at) {
    var source = clauses[at];
    var phrase = source.phrase ? phraseTerms(index, source.phrase) : null;
    if (source.phrase && !phrase) return;
    (source.concepts || []).forEach(function (c) { all.add(c); });
    var terms = clause.usePipeline ? searchPipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
    terms.forEach(function (term) {
      clause.term = term;
      expandClause(index, clause, lunr).forEach(function (expanded) {
        var n = index.number.get(expanded);
        if (x.boost.has(n)) {
          x.boost.set(n, x.boost.get(n) + clause.boost);
        } else {
          x.boost.set(n, clause.boost);
          x.position.set(n, x.order.length);
          x.order.push(n);
          x.concepts.set(n, new Set());
          x.direct.set(n, new Set());
        }
        (source.concepts || []).forEach(function (c) {
          x.concepts.get(n).add(c);
          if (!source.synonym) x.direct.get(n).add(c);
        });
        if (!phrase) free.add(n);
        else (x.phrases.get(n) || x.phrases.set(n, []).get(n)).push(phrase);
      });
    });
  });
  free.forEach(function (n) { x.phrases.delete(n); });
  x.conceptCount = all.size;
  return x;
}

/** Term numbers of a phrase's stems ("blind box"), or null when the index lacks one. */
function phraseTerms(index, phrase) {
  var out = [];
  var stems = phrase.split(" ");
  for (var i = 0; i < stems.length; i++) {
    if (!index.number.has(stems[i])) return null;
    out.push(index.number.get(stems[i]));
  }
  return out;
}

/**
 * Terms of the words one edit away from a word the index does not know,
 * whose stem the index holds: a typo can change the stem ("authenticty"),
 * which the fuzzy clause on the stem alone would miss.
 */
export function typoTerms(word, index, ctx) {
  var terms = [];
  var own = ctx.stem(word);
  if (index.number.has(own)) return terms;
  editsOf(word, index.alphabet).forEach(function (w) {
    var term = ctx.stem(w);
    if (term !== own && index.number.has(term) && terms.indexOf(term) < 0) terms.push(term);
  });
  return terms;
}

/** Every string one deletion, transposition, substitution or insertion away. */
export function editsOf(word, alphabet) {
  var out = [];
  for (var i = 0; i <= word.length; i++) {
    var head = word.slice(0, i), tail = word.slice(i);
    if (tail) out.push(head + tail.slice(1));
    if (tail.length > 1) out.push(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
    for (var a = 0; a < alphabet.length; a++) {
      var c = alphabet.charAt(a);
      if (tail && c !== tail.charAt(0)) out.push(head + c + tail.slice(1));
      out.push(head + c + tail);
    }
  }
  return out;
}
