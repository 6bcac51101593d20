/*
 * kbgen search, scoring: one pass over a prepared query's postings gives each
 * document lunr's score, exactly as lunr.Index#query computes it with the whole
 * index loaded (phrase clauses aside: they count only where the whole phrase is),
 * and the query's concepts it holds; the terms a hit matched (docs/search.md).
 */

/** Python's round(x, 3): nearest thousandth, exact ties to even. */
export function roundLikePython(x) {
  var scaled = x * 1000, floor = Math.floor(scaled), frac = scaled - floor;
  // far from a tie, the product's rounding error cannot change the answer
  if (Math.abs(frac - 0.5) > 1e-6 && scaled < 1e9) return (frac < 0.5 ? floor : floor + 1) / 1000;
  var sixteenths = x * 16;
  if (Number.isInteger(sixteenths) && sixteenths % 2 !== 0) {
    return (floor % 2 === 0 ? floor : floor + 1) / 1000;
  }
  return Number(x.toFixed(3));
}

/** lunr.idf, from the number of (field, document) pairs holding the term. */
export function idf(withTerm, docCount) {
  var x = (docCount - withTerm + 0.5) / (withTerm + 0.5);
  return Math.log(1 + Math.abs(x));
}

/**
 * Whether a (phrase-only) term counts for a document: a function of
 * (term, doc). Terms no phrase restricts always count.
 */
function phraseFilter(index, expansion) {
  var holders = new Map();
  function holds(n, doc) {
    var set = holders.get(n);
    if (!set) {
      set = new Set();
      index.postings[n].forEach(function (p) { for (var k = 0; k < p.docs.length; k++) set.add(p.docs[k]); });
      holders.set(n, set);
    }
    return set.has(doc);
  }
  return function (n, doc) {
    var phrases = expansion.phrases.get(n);
    if (!phrases) return true;
    return phrases.some(function (phrase) {
      return phrase.every(function (m) { return holds(m, doc); });
    });
  };
}

/**
 * Per (document, field) and per document slots, reused by every query of an index; a slot counts for the
 * query whose stamp it holds. A document's fields are neighbours (slot document × fields + field), so the
 * scan and collect touch one stretch of memory per document, not one per field.
 */
function scratchOf(index) {
  var size = index.fields.length * index.docCount, s = index.scratch;
  if (!s || s.size !== size) {
    var d = index.docCount;
    s = index.scratch = {
      size: size, stamp: 0, keyStamp: new Int32Array(size), dot: new Float64Array(size), pos: new Int32Array(size),
      docStamp: new Int32Array(d), any: new Int32Array(d), title: new Int32Array(d), direct: new Int32Array(d)
    };
  }
  s.stamp++;
  return s;
}

function numeric(x, y) { return x - y; }

/**
 * One pass over the postings of a prepared query's terms (all must be
 * loaded): per (field, document), lunr's dot product of the query vector
 * with the BM25 field vector, summed in term order, and the first position
 * that reaches it; per document, the masks of the query's concepts it holds
 * (any field, the question field, literally). A phrase-only term counts only
 * for documents holding its phrase. Returns the documents' rows (see collect).
 */
export function scan(index, expansion) {
  var s = scratchOf(index), stamp = s.stamp;
  var numbers = expansion.order.slice().sort(numeric);
  var fieldCount = index.fields.length, docCount = index.docCount, k1 = index.k1;
  var sumOfSquares = 0;
  numbers.forEach(function (n) { sumOfSquares += expansion.boost.get(n) * expansion.boost.get(n); });
  var counts = phraseFilter(index, expansion);
  var docs = [];
  numbers.forEach(function (n) {
    var postings = index.postings[n];
    if (!postings) throw new Error("postings of term " + index.terms[n] + " are not loaded");
    var termIdf = idf(holderCount(postings), docCount);
    var queryValue = expansion.boost.get(n), position = expansion.position.get(n);
    var restricted = expansion.phrases.has(n);
    var mask = maskOf(expansion.concepts.get(n)), own = maskOf(expansion.direct.get(n));
    for (var f = 0; f < fieldCount; f++) {
      var list = postings[f].docs, tfs = postings[f].tf, norms = index.norms[f], boost = index.boosts[f];
      var lengths = postings[f].lengths;  // where the field's lengths travel with its postings (norms null)
      for (var k = 0; k < list.length; k++) {
        var doc = list[k], tf = tfs[k];
        if (restricted && !counts(n, doc)) continue;
        var norm = norms ? norms[doc] : index.norm(f, lengths[k]);
        var score = termIdf * ((k1 + 1) * tf) / (norm + tf);
        score *= boost;
        var value = queryValue * roundLikePython(score), key = doc * fieldCount + f;
        if (s.keyStamp[key] !== stamp) {
          s.keyStamp[key] = stamp;
          s.dot[key] = value;
          s.pos[key] = position;
        } else {
          s.dot[key] += value;
          if (position < s.pos[key]) s.pos[key] = position;
        }
        if (s.docStamp[doc] !== stamp) {
          s.docStamp[doc] = stamp;
          docs.push(doc);
          s.any[doc] = s.title[doc] = s.direct[doc] = 0;
        }
        s.any[doc] |= mask;
        s.direct[doc] |= own;
        if (f === 0) s.title[doc] |= mask;
      }
    }
  });
  return collect(index, s, docs, Math.sqrt(sumOfSquares));
}

/** The number of (field, document) pairs a term's postings hold. */
export function holderCount(postings) {
  var n = 0;
  for (var f = 0; f < postings.length; f++) n += postings[f].docs.length;
  return n;
}

/**
 * The scanned documents as columns: `doc`, lunr's `score` (the fields'
 * scores summed in the order lunr first meets them), the position and field
 * lunr meets first (its tie-breaks), and the concept masks.
 */
function collect(index, s, docs, magnitude) {
  var m = docs.length, fieldCount = index.fields.length, stamp = s.stamp;
  var out = {
    length: m, doc: Int32Array.from(docs), score: new Float64Array(m), first: new Int32Array(m), field: new Int32Array(m),
    any: new Int32Array(m), title: new Int32Array(m), direct: new Int32Array(m)
  };
  var order = new Int32Array(fieldCount);
  for (var i = 0; i < m; i++) {
    var doc = docs[i], held = 0, base = doc * fieldCount;
    for (var f = 0; f < fieldCount; f++) {
      var key = base + f;
      if (s.keyStamp[key] !== stamp) continue;
      // insertion by (first position, field): fields come in order, so equal positions keep it
      var j = held++;
      while (j > 0 && s.pos[base + order[j - 1]] > s.pos[key]) { order[j] = order[j - 1]; j--; }
      order[j] = f;
    }
    var score = s.dot[base + order[0]] / magnitude || 0;
    for (j = 1; j < held; j++) score += s.dot[base + order[j]] / magnitude || 0;
    out.score[i] = score;
    out.first[i] = s.pos[base + order[0]];
    out.field[i] = order[0];
    out.any[i] = s.any[doc];
    out.title[i] = s.title[doc];
    out.direct[i] = s.direct[doc];
  }
  return out;
}

/** lunr's order of two scanned rows: score, then the first position and field lunr meets, then the document. */
export function lunrOrder(rows, a, b) {
  return rows.score[b] - rows.score[a] || rows.first[a] - rows.first[b] || rows.field[a] - rows.field[b] || rows.doc[a] - rows.doc[b];
}

/**
 * Ranks documents for expanded query terms exactly as lunr.Index#query does
 * with the whole index loaded: per field, the dot product of the query vector
 * with the document's BM25 field vector (summed in term order), divided by
 * the query vector's length; per document, the fields' scores summed in the
 * order lunr first meets them; ties in that order too. A phrase-only term
 * counts only for documents holding its phrase. Every term's postings
 * must be loaded. Returns [{doc, score}], best first.
 */
export function rankExpanded(index, expansion) {
  var rows = scan(index, expansion);
  return rowNumbers(rows.length).sort(function (a, b) { return lunrOrder(rows, a, b); }).map(function (i) {
    return { doc: rows.doc[i], score: rows.score[i] };
  });
}

export function rowNumbers(m) {
  var out = new Array(m);
  for (var i = 0; i < m; i++) out[i] = i;
  return out;
}

/** Of the expanded terms, those each document holds in any field (what lunr's matchData lists). */
export function matchedTerms(index, expansion, docs) {
  var counts = phraseFilter(index, expansion);
  var slot = new Int32Array(index.docCount), seen = new Int32Array(docs.length);
  var out = docs.map(function (doc, i) { slot[doc] = i + 1; return []; });
  expansion.order.forEach(function (n, t) {
    index.postings[n].forEach(function (p) {
      for (var k = 0; k < p.docs.length; k++) {
        var i = slot[p.docs[k]] - 1;
        if (i < 0 || seen[i] === t + 1 || !counts(n, p.docs[k])) continue;
        seen[i] = t + 1;
        out[i].push(index.terms[n]);
      }
    });
  });
  return out;
}

function maskOf(concepts) {
  var mask = 0;
  concepts.forEach(function (c) { mask |= 1 << c; });
  return mask;
}

export function bitCount(mask) {
  var n = 0;
  for (; mask; mask &= mask - 1) n++;
  return n;
}
