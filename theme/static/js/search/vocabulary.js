/*
 * kbgen search, vocabulary: a split index's terms (format 6), fetched in
 * blocks by the words a query looks up. The index file names each block by
 * its first term; a lookup in a block not loaded yet is noted, and `settle`
 * runs a query's synchronous work again once the blocks it noted are loaded,
 * until it needs none: its result is then what the whole vocabulary gives.
 */

import { frontDecode, vlqList } from "./decode.js";

/**
 * The first position in `sorted[lo…hi)` (default: all) whose item is not below
 * `value` (`upper`: not below or equal), by binary search.
 */
export function bisect(sorted, value, upper, lo, hi) {
  lo = lo || 0;
  hi = hi === undefined ? sorted.length : hi;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (sorted[mid] < value || (upper && sorted[mid] === value)) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The terms of `sorted[lo…hi)` (default: all) that start with `prefix`. */
export function prefixedIn(sorted, prefix, lo, hi) {
  hi = hi === undefined ? sorted.length : hi;
  var from = bisect(sorted, prefix, false, lo, hi), to = from;
  while (to < hi && sorted[to].lastIndexOf(prefix, 0) === 0) to++;
  return sorted.slice(from, to);
}

/**
 * The vocabulary of the index file's `vocab` ({firsts, counts, files}), its
 * blocks (`words/<hash>.json`, the hashes in `files`) fetched through `load(name)` (a promise of a block's JSON, or the JSON).
 * `terms` is every term by number, a block's filled in when it is loaded;
 * `has`, `get` and `prefixed` answer from loaded blocks.
 */
export function makeVocabulary(vocab, load) {
  var firsts = frontDecode(vocab.firsts), counts = vlqList(vocab.counts);
  var files = vocab.files ? vocab.files.split(" ") : [];
  var starts = new Int32Array(firsts.length + 1);
  for (var b = 0; b < firsts.length; b++) starts[b + 1] = starts[b] + counts[b];
  var terms = new Array(starts[firsts.length]);
  var numbers = new Map();
  var loaded = new Uint8Array(firsts.length), pending = Object.create(null);
  var wanted = null; // the blocks lookups found missing while `settle` runs its work

  function blockOf(term) { return Math.max(0, bisect(firsts, term, true) - 1); }

  /** Whether a block is loaded (an empty vocabulary has none to load); if not, noted as wanted. */
  function ready(block) {
    if (loaded[block] || !firsts.length) return true;
    if (wanted) wanted.add(block);
    return false;
  }

  function loadBlock(block) {
    if (!pending[block]) {
      pending[block] = Promise.resolve(load("words/" + files[block] + ".json")).then(function (text) {
        frontDecode(text).forEach(function (term, i) {
          terms[starts[block] + i] = term;
          numbers.set(term, starts[block] + i);
        });
        loaded[block] = 1;
      });
      pending[block].catch(function () { delete pending[block]; });
    }
    return pending[block];
  }

  return {
    size: terms.length,
    terms: terms,
    /** Whether the index holds `term` (true until its block is loaded: a first pass looks no further). */
    has: function (term) { return ready(blockOf(term)) ? numbers.has(term) : true; },
    /** A term's number, once its block is loaded. */
    get: function (term) { return numbers.get(term); },
    /** The terms starting with `prefix`, sorted (none until every block they may be in is loaded). */
    prefixed: function (prefix) {
      var first = blockOf(prefix), last = first, all = ready(first);
      while (last + 1 < firsts.length && firsts[last + 1].lastIndexOf(prefix, 0) === 0) all = ready(++last) && all;
      return all ? prefixedIn(terms, prefix, starts[first], starts[last + 1]) : [];
    },
    /**
     * A promise of `run()`'s result once every block its lookups need is
     * loaded: run, load the blocks it noted, run again, until it notes none.
     */
    settle: function settle(run) {
      wanted = new Set();
      var result, missing;
      try {
        result = run();
      } finally {
        missing = wanted;
        wanted = null;
      }
      if (!missing.size) return Promise.resolve(result);
      return Promise.all(Array.from(missing, loadBlock)).then(function () { return settle(run); });
    }
  };
}
