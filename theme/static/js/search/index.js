/*
 * kbgen search, index: the index a query runs against, made from the index
 * file's data: an inline index's postings derived with lunr.js's pipeline, a
 * split index's vocabulary blocks (search/vocabulary.js) and term shards
 * (search/decode.js) fetched when a query needs them; the BM25 statistics;
 * work done in slices that yield to the browser.
 */

import { decodeShard, splitLengths } from "./decode.js";
import { words } from "./fold.js";
import { bisect, makeVocabulary, prefixedIn } from "./vocabulary.js";

export { bisect };

/**
 * An inline index's postings, derived from its text with lunr.js's pipeline
 * exactly as the build's Analyzer (kbgen/search/) derives them: `add(d)` takes one
 * document, `finish()` gives {terms, lengths, postings} once all are added.
 */
function makeDeriver(data, lunr, fold) {
  var pipeline = lunr.Pipeline.load(data.pipeline.index);
  var fieldCount = data.fields.length;
  var docCount = data.docs.length;
  var byTerm = Object.create(null);
  var lengths = [];
  for (var f = 0; f < fieldCount; f++) lengths.push(new Int32Array(docCount));

  function add(d) {
    var row = data.docs[d];
    var texts = [row[2], row[3] || "", data.sections[row[0]][1], data.text[d]];
    for (var f = 0; f < fieldCount; f++) {
      var counts = Object.create(null), length = 0;
      var tokens = words(fold(texts[f])).map(function (w) { return new lunr.Token(w, {}); });
      pipeline.run(tokens).forEach(function (token) {
        var term = token.toString();
        counts[term] = (counts[term] || 0) + 1;
        length++;
      });
      lengths[f][d] = length;
      for (var term in counts) {
        var entry = byTerm[term] || (byTerm[term] = []);
        entry.push(f, d, counts[term]);
      }
    }
  }

  function finish() {
    var terms = Object.keys(byTerm).sort();
    var postings = terms.map(function (term) {
      var flat = byTerm[term], perField = [];
      for (var f = 0; f < fieldCount; f++) {
        var docs = [], tf = [];
        for (var i = 0; i < flat.length; i += 3) {
          if (flat[i] === f) { docs.push(flat[i + 1]); tf.push(flat[i + 2]); }
        }
        perField.push({ docs: Int32Array.from(docs), tf: Int32Array.from(tf) });
      }
      return perField;
    });
    return { terms: terms, lengths: lengths, postings: postings };
  }

  return { count: docCount, add: add, finish: finish };
}

/** An inline index's postings, all at once. */
function deriveIndex(data, lunr, fold) {
  var deriver = makeDeriver(data, lunr, fold);
  for (var d = 0; d < deriver.count; d++) deriver.add(d);
  return deriver.finish();
}

const SLICE_MS = 8;

/**
 * Runs `step(i)` for i = 0 … count-1 a few at a time: after each slice of
 * about SLICE_MS the work yields to the browser (a new task), so preparing a
 * page's index never blocks a tap or a keystroke for long. Then `finish()`,
 * in a slice of its own; a promise of what it returns.
 */
function inSlices(count, step, finish) {
  var now = typeof performance !== "undefined" ? function () { return performance.now(); } : Date.now;
  return new Promise(function (resolve, reject) {
    var next = 0;
    function slice() {
      try {
        if (next === count) { resolve(finish()); return; }
        var started = now();
        while (next < count && now() - started < SLICE_MS) step(next++);
        setTimeout(slice, 0);
      } catch (error) {
        reject(error);
      }
    }
    slice();
  });
}

const DECODE_STEP = 500;

/**
 * What makeIndex would compute first, in slices (inSlices): an inline
 * index's postings (a split index has nothing to prepare: its vocabulary
 * comes in blocks). A promise of `prepared`.
 */
export function prepareInSlices(data, lunr, fold) {
  if (!data.text) return Promise.resolve(null);
  var deriver = makeDeriver(data, lunr, fold);
  return inSlices(deriver.count, deriver.add, deriver.finish);
}

/**
 * The index a query runs against: the vocabulary, field lengths and the
 * postings of every term loaded so far. Inline indexes have them all;
 * split ones fetch (through `load(name)`) a vocabulary block when a query
 * looks a word up in it and a term's shard when a query needs its postings.
 * `prepared`, when given, is what prepareInSlices made of the data.
 * `settle(run)`: a promise of run()'s result once the vocabulary it looks at is loaded.
 */
export function makeIndex(data, lunr, fold, load, prepared) {
  var fields = data.fields.map(function (f) { return f[0]; });
  var index = { fields: fields, boosts: data.fields.map(function (f) { return f[1]; }) };
  if (data.text) {
    var derived = prepared || deriveIndex(data, lunr, fold);
    index.terms = derived.terms;
    index.lengths = derived.lengths;
    index.postings = derived.postings;
    index.docCount = data.docs.length;
    index.shardFirsts = [];
    // the page's engine (prepared in slices) starts with a binary search and gets its Map in slices too
    index.number = prepared ? termNumbers(index.terms) : termMap(index.terms, 0, new Map());
    index.prefixed = function (prefix) { return prefixedIn(index.terms, prefix); };
    index.settle = function (run) { return Promise.resolve(run()); };
    addAlphabet(index, null);
  } else {
    var vocabulary = makeVocabulary(data.vocab, load);
    index.terms = vocabulary.terms;
    // a field's lengths are listed (the answer's) or travel with its postings (null here)
    index.lengths = data.lengths.map(function (list) { return list === null ? null : splitLengths(list); });
    index.totals = data.totals;
    index.postings = new Array(vocabulary.size);
    index.docCount = data.count;
    index.shardFirsts = data.shards.map(function (s) { return s[0]; });
    index.number = vocabulary;
    index.prefixed = vocabulary.prefixed;
    index.settle = vocabulary.settle;
    addAlphabet(index, data.alphabet);
  }
  addStatistics(index, data.bm25);
  addLoader(index, data, load);
  return index;
}

/** `map` with the numbers of terms[from…] (up to `to`, default all); `map`. */
function termMap(terms, from, map, to) {
  for (var i = from, end = Math.min(terms.length, to === undefined ? terms.length : to); i < end; i++) {
    map.set(terms[i], i);
  }
  return map;
}

/**
 * Builds the Map of term numbers in slices (inSlices), then puts it in
 * place of the binary search termNumbers does meanwhile. A promise.
 */
export function mapTermsInSlices(index) {
  var map = new Map(), terms = index.terms;
  return inSlices(Math.ceil(terms.length / DECODE_STEP), function (s) {
    termMap(terms, s * DECODE_STEP, map, (s + 1) * DECODE_STEP);
  }, function () { index.number = map; });
}

/**
 * A term's number by binary search of the sorted terms: a Map's `has` and
 * `get`, without building a Map of every term before the first query.
 */
function termNumbers(terms) {
  function find(term) {
    var i = bisect(terms, term);
    return i < terms.length && terms[i] === term ? i : -1;
  }
  return {
    has: function (term) { return find(term) >= 0; },
    get: function (term) { var i = find(term); return i < 0 ? undefined : i; }
  };
}

/**
 * The index's alphabet, for typo variants: every UTF-16 unit of its terms,
 * sorted; a split index's file lists its characters (`listed`), an inline
 * one's is worked out from its terms when a typo is first tried.
 */
function addAlphabet(index, listed) {
  var alphabet = listed === null ? null : Array.from(new Set(listed.split(""))).sort().join("");
  Object.defineProperty(index, "alphabet", {
    get: function () {
      if (alphabet === null) {
        var letters = Object.create(null);
        index.terms.forEach(function (term) {
          for (var i = 0; i < term.length; i++) letters[term.charAt(i)] = true;
        });
        alphabet = Object.keys(letters).sort().join("");
      }
      return alphabet;
    }
  });
}

/**
 * Average field lengths and lunr.py's BM25 length norms (per document, or,
 * for a field whose lengths travel with its postings, `index.norm`).
 */
function addStatistics(index, bm25) {
  index.averages = index.lengths.map(function (list, f) {
    if (index.totals) return index.totals[f] / index.docCount;
    var sum = 0;
    for (var i = 0; i < list.length; i++) sum += list[i];
    return sum / index.docCount;
  });
  // BM25 length normalisation per field and document, as lunr.py computes it
  var k1 = bm25[0], b = bm25[1];
  index.k1 = k1;
  index.norm = function (f, length) { return k1 * (1 - b + b * (length / index.averages[f])); };
  index.norms = index.lengths.map(function (list, f) {
    if (list === null) return null;
    var out = new Float64Array(list.length);
    for (var d = 0; d < list.length; d++) out[d] = k1 * (1 - b + b * (list[d] / index.averages[f]));
    return out;
  });
}

/** `index.missing(numbers)` and `index.ensure(numbers)`: the shards a query needs, fetched once. */
function addLoader(index, data, load) {
  var pending = Object.create(null);
  var fieldCount = index.fields.length;

  /** Shard numbers holding the given term numbers whose postings are not loaded. */
  index.missing = function (numbers) {
    var shards = [];
    numbers.forEach(function (n) {
      if (index.postings[n]) return;
      var s = bisect(index.shardFirsts, n, true) - 1;
      if (shards.indexOf(s) < 0) shards.push(s);
    });
    return shards.sort(function (x, y) { return x - y; });
  };

  /** Loads the postings of the given term numbers. */
  index.ensure = function (numbers) {
    return Promise.all(index.missing(numbers).map(function (s) {
      // by shard number: two shards with the same postings have one name (their bytes' hash)
      var first = data.shards[s][0], name = data.shards[s][1];
      if (!pending[s]) {
        pending[s] = Promise.resolve(load(name)).then(function (shard) {
          decodeShard(shard, fieldCount).forEach(function (postings, i) {
            index.postings[first + i] = postings;
          });
        });
        pending[s].catch(function () { delete pending[s]; });
      }
      return pending[s];
    }));
  };
}
