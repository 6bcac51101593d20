/*
 * kbgen search, index: decoding the index file kbgen/search_transport.py writes
 * (base64 VLQ numbers, front-coded terms, term shards fetched on demand) or
 * deriving an inline index's postings with lunr.js's pipeline.
 *
 * One of seven classic scripts, loaded in order: search-text.js, search-index.js,
 * search-expand.js, search-score.js, search-rerank.js, search-engine.js,
 * search-ui.js. Each adds its names to one namespace: window.KBSearch in the
 * page; under node, the file's module.exports, which also holds the names of
 * the files it builds on (require the last one you need).
 */
(function (KB) {
  "use strict";

  var words = KB.words;

  /* ------------------------------------------------------- index decoding */

  var VLQ = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var VLQ_VALUE = new Int8Array(128).fill(-1);
  for (var v = 0; v < VLQ.length; v++) VLQ_VALUE[VLQ.charCodeAt(v)] = v;

  /** Every base64 VLQ number of `text`, in order. */
  function vlqList(text) {
    var out = new Int32Array(text.length);
    var n = 0, value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      var digit = code < 128 ? VLQ_VALUE[code] : -1;
      if (digit < 0) throw new Error("bad VLQ at " + i);
      value += (digit & 31) * Math.pow(2, shift);
      if (digit & 32) {
        shift += 5;
      } else {
        out[n++] = value;
        value = 0;
        shift = 0;
      }
    }
    return out.subarray(0, n);
  }

  /** The terms of a front-coded list (see kbgen/search_transport.py). */
  function frontDecode(text) {
    var previous = "";
    return text ? text.split(" ").map(function (item) {
      var shared = 0, shift = 0, pos = 0, digit;
      do {
        digit = VLQ_VALUE[item.charCodeAt(pos++)];
        shared += (digit & 31) * Math.pow(2, shift);
        shift += 5;
      } while (digit & 32);
      previous = previous.slice(0, shared) + item.slice(pos);
      return previous;
    }) : [];
  }

  /** A term shard's postings: per term, per field, {docs, tf} (see term_shards in search_transport.py). */
  function decodeShard(shard, fieldCount) {
    var terms = [];
    for (var t = 0; t < shard.count; t++) terms.push(new Array(fieldCount));
    for (var f = 0; f < fieldCount; f++) {
      var parts = shard.fields[f];
      var counts = vlqList(parts[0]), gaps = vlqList(parts[1]), tfs = vlqList(parts[2]);
      var at = 0;
      for (var i = 0; i < shard.count; i++) {
        var docs = gaps.subarray(at, at + counts[i]), tf = tfs.subarray(at, at + counts[i]);
        var doc = -1;
        for (var k = 0; k < docs.length; k++) {
          doc += docs[k] + 1;
          docs[k] = doc;
          tf[k] += 1;
        }
        terms[i][f] = { docs: docs, tf: tf };
        at += counts[i];
      }
    }
    return terms;
  }

  /**
   * An inline index's postings, derived from its text with lunr.js's pipeline
   * exactly as kbgen/search.py's Analyzer derives them: `add(d)` takes one
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

  var SLICE_MS = 8;

  /**
   * The same postings, derived a few documents at a time: after each slice of
   * about SLICE_MS the work yields to the browser (a new task), so deriving a
   * page's index never blocks a tap or a keystroke for long. A promise.
   */
  function deriveIndexInSlices(data, lunr, fold) {
    var deriver = makeDeriver(data, lunr, fold);
    var now = typeof performance !== "undefined" ? function () { return performance.now(); } : Date.now;
    return new Promise(function (resolve, reject) {
      var next = 0;
      function slice() {
        try {
          if (next === deriver.count) { resolve(deriver.finish()); return; }
          var started = now();
          while (next < deriver.count && now() - started < SLICE_MS) deriver.add(next++);
          setTimeout(slice, 0);  // the last slice is finish(): gathering every term's postings
        } catch (error) {
          reject(error);
        }
      }
      slice();
    });
  }

  /* --------------------------------------------------------------- index */

  /**
   * The index a query runs against: the vocabulary, field lengths and the
   * postings of every term loaded so far. Inline indexes have them all;
   * split ones fetch a term's shard (through `load(name)`) when a query needs it.
   * `derived`, when given, is an inline index's postings already derived (deriveIndexInSlices).
   */
  function makeIndex(data, lunr, fold, load, derived) {
    var fields = data.fields.map(function (f) { return f[0]; });
    var index = { fields: fields, boosts: data.fields.map(function (f) { return f[1]; }) };
    if (data.text) {
      derived = derived || deriveIndex(data, lunr, fold);
      index.terms = derived.terms;
      index.lengths = derived.lengths;
      index.postings = derived.postings;
      index.docCount = data.docs.length;
      index.shardFirsts = [];
    } else {
      index.terms = frontDecode(data.terms);
      index.lengths = data.lengths.map(vlqList);
      index.postings = new Array(index.terms.length);
      index.docCount = data.count;
      index.shardFirsts = data.shards.map(function (s) { return s[0]; });
    }
    index.number = new Map();
    index.terms.forEach(function (term, i) { index.number.set(term, i); });
    addStatistics(index, data.bm25);
    addLoader(index, data, load);
    return index;
  }

  /** The index's alphabet (for typo variants), average field lengths and lunr.py's BM25 length norms. */
  function addStatistics(index, bm25) {
    var letters = Object.create(null);
    index.terms.forEach(function (term) {
      for (var i = 0; i < term.length; i++) letters[term.charAt(i)] = true;
    });
    index.alphabet = Object.keys(letters).sort().join("");
    index.averages = index.lengths.map(function (list) {
      var sum = 0;
      for (var i = 0; i < list.length; i++) sum += list[i];
      return sum / index.docCount;
    });
    // BM25 length normalisation per field and document, as lunr.py computes it
    var k1 = bm25[0], b = bm25[1];
    index.k1 = k1;
    index.norms = index.lengths.map(function (list, f) {
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
        var s = KB.bisect(index.shardFirsts, n, true) - 1;
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

  KB.vlqList = vlqList;
  KB.frontDecode = frontDecode;
  KB.makeIndex = makeIndex;
  KB.deriveIndexInSlices = deriveIndexInSlices;
})(typeof module !== "undefined" && module.exports
  ? Object.assign(module.exports, require("./search-text.js"))
  : (window.KBSearch = window.KBSearch || {}));
