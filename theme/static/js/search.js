/*
 * kbgen search: search-as-you-type over the index that kbgen/search.py builds.
 *
 * Pure parts first (text folding, query building, index decoding, snippets and
 * highlight ranges), exported for node tests and as window.KBSearch; then the
 * page glue: lunr.js is loaded lazily on first use of a search box (at once on
 * the search page) and nothing typed by a user is ever inserted as HTML.
 */
(function () {
  "use strict";

  /* ---------------------------------------------------------------- text */

  var MARKS = /\p{M}+/gu;
  var SEPARATORS = /[^\p{L}\p{N}]+/gu;
  var WORD_RUN = /[\p{L}\p{N}\p{M}'`\u00b4\u02b9\u02bb\u02bc\u02bd\u2018\u2019\u201b\u2032]+/gu;

  function escapeClass(chars) {
    return chars.replace(/[\\\]\[^-]/g, "\\$&");
  }

  /** The folding rule of kbgen/search.py's fold_text, with its apostrophe set. */
  function makeFolder(apostrophes) {
    var drop = new RegExp("[" + escapeClass(apostrophes) + "]", "gu");
    return function fold(text) {
      return String(text)
        .normalize("NFKD")
        .toLowerCase()
        .replace(MARKS, "")
        .replace(drop, "")
        .replace(SEPARATORS, " ")
        .trim();
    };
  }

  function words(folded) {
    return folded ? folded.split(" ") : [];
  }

  /* ------------------------------------------------------ query building */

  var BOOST_EXACT = 10;
  var BOOST_PREFIX = 3;
  var BOOST_FUZZY = 1;
  var BOOST_TYPO = 3;
  var BOOST_SYNONYM = 5;
  var BOOST_PHRASE_WORD = 3;
  var FUZZY_MIN_LENGTH = 5;
  // A one-letter prefix matches a twentieth of any vocabulary: too broad to help.
  var PREFIX_MIN_LENGTH = 2;
  // No real word is longer; bounds the work a pasted essay can cause.
  var FUZZY_MAX_LENGTH = 24;
  var MAX_QUERY_CHARS = 200;
  var MAX_QUERY_WORDS = 12;

  /**
   * Clauses for a query string. `ctx` gives fold(text), stem(word),
   * isStopWord(word), synonyms (groups of folded word lists) and optionally
   * typos(word), the index terms of known words one edit away from an unknown
   * word. Each word matches exactly (stemmed), as a prefix (as typed, from two letters) and,
   * from five letters, with one typo (on its stem, and through typos() on the
   * words as written, since a typo can change the stem: "authenticty").
   * Synonym groups add the other members' words; the words of a multi-word
   * member typed as such ("money back") count less than its synonyms.
   */
  function buildClauses(text, ctx) {
    var typed = words(ctx.fold(String(text).slice(0, MAX_QUERY_CHARS))).slice(0, MAX_QUERY_WORDS);
    if (!typed.length) return [];
    var meaningful = typed.filter(function (w) { return !ctx.isStopWord(w); });
    var onlyStopWords = !meaningful.length;
    var stems = typed.map(ctx.stem);
    var inPhrase = phraseStems(stems, ctx);
    var clauses = [];
    var seen = Object.create(null);
    function add(clause) {
      var key = [clause.term, clause.prefix ? 1 : 0, clause.editDistance || 0].join("|");
      if (seen[key]) return;
      seen[key] = true;
      clauses.push(clause);
    }
    (onlyStopWords ? typed.slice(-1) : meaningful).forEach(function (word) {
      if (word.length >= PREFIX_MIN_LENGTH) add({ term: word, prefix: true, usePipeline: false, boost: BOOST_PREFIX });
      if (onlyStopWords) return;
      add({ term: word, usePipeline: true, boost: inPhrase[ctx.stem(word)] ? BOOST_PHRASE_WORD : BOOST_EXACT });
      if (word.length >= FUZZY_MIN_LENGTH && word.length <= FUZZY_MAX_LENGTH) {
        add({ term: word, usePipeline: true, editDistance: 1, boost: BOOST_FUZZY });
        (ctx.typos ? ctx.typos(word) : []).forEach(function (term) {
          add({ term: term, usePipeline: false, boost: BOOST_TYPO });
        });
      }
    });
    var own = Object.create(null);
    stems.forEach(function (s) { own[s] = true; });
    synonymWords(stems, ctx).forEach(function (item) {
      if (own[ctx.stem(item.word)]) return;
      add({ term: item.word, usePipeline: true, boost: item.boost });
    });
    return clauses;
  }

  /**
   * Stems of the query words that spell a multi-word synonym ("money back"):
   * the phrase is one idea, better matched by its synonyms than word by word.
   */
  function phraseStems(stems, ctx) {
    var out = Object.create(null);
    (ctx.synonyms || []).forEach(function (group) {
      group.forEach(function (member) {
        if (member.length > 1 && containsPhrase(stems, member, ctx.stem)) {
          member.forEach(function (w) { out[ctx.stem(w)] = true; });
        }
      });
    });
    return out;
  }

  /** Words the synonym groups add for the (stemmed) query words. */
  function synonymWords(stems, ctx) {
    var out = [];
    (ctx.synonyms || []).forEach(function (group) {
      var hit = group.some(function (member) { return containsPhrase(stems, member, ctx.stem); });
      if (!hit) return;
      group.forEach(function (member) {
        if (containsPhrase(stems, member, ctx.stem)) return;
        var kept = member.filter(function (w) { return !ctx.isStopWord(w); });
        kept.forEach(function (w) {
          out.push({ word: w, boost: member.length > 1 ? BOOST_PHRASE_WORD / kept.length : BOOST_SYNONYM });
        });
      });
    });
    return out;
  }

  function containsPhrase(stems, member, stem) {
    var wanted = member.map(stem);
    for (var i = 0; i + wanted.length <= stems.length; i++) {
      var all = true;
      for (var j = 0; j < wanted.length && all; j++) all = stems[i + j] === wanted[j];
      if (all) return true;
    }
    return false;
  }

  /**
   * Runs clauses against a whole lunr.Index (lunr is the lunr.js module): what
   * the engine's own ranking must equal. `editDistance` is only set when it is
   * positive: with it, even 0, lunr matches a "*" as exactly one character.
   */
  function runClauses(index, clauses, lunr) {
    if (!clauses.length) return [];
    return index.query(function (q) {
      clauses.forEach(function (c) {
        var options = { boost: c.boost, usePipeline: c.usePipeline };
        if (c.prefix) options.wildcard = lunr.Query.wildcard.TRAILING;
        if (c.editDistance) options.editDistance = c.editDistance;
        q.term(c.term, options);
      });
    });
  }

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

  /** Python's round(x, 3): nearest thousandth, exact ties to even. */
  function roundLikePython(x) {
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
  function idf(withTerm, docCount) {
    var x = (docCount - withTerm + 0.5) / (withTerm + 0.5);
    return Math.log(1 + Math.abs(x));
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
   * exactly as kbgen/search.py's Analyzer derives them.
   */
  function deriveIndex(data, lunr, fold) {
    var pipeline = lunr.Pipeline.load(data.pipeline.index);
    var fieldCount = data.fields.length;
    var docCount = data.docs.length;
    var byTerm = Object.create(null);
    var lengths = [];
    for (var f = 0; f < fieldCount; f++) lengths.push(new Int32Array(docCount));
    data.docs.forEach(function (row, d) {
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
    });
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

  /* --------------------------------------------------------------- index */

  /**
   * The index a query runs against: the vocabulary, field lengths and the
   * postings of every term loaded so far. Inline indexes have them all;
   * split ones fetch a term's shard (through `load(name)`) when a query needs it.
   */
  function makeIndex(data, lunr, fold, load) {
    var fields = data.fields.map(function (f) { return f[0]; });
    var index = { fields: fields, boosts: data.fields.map(function (f) { return f[1]; }) };
    if (data.text) {
      var derived = deriveIndex(data, lunr, fold);
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
    var k1 = data.bm25[0], b = data.bm25[1];
    index.k1 = k1;
    index.norms = index.lengths.map(function (list, f) {
      var out = new Float64Array(list.length);
      for (var d = 0; d < list.length; d++) out[d] = k1 * (1 - b + b * (list[d] / index.averages[f]));
      return out;
    });
    var pending = Object.create(null);

    /** Shard numbers holding the given term numbers whose postings are not loaded. */
    index.missing = function (numbers) {
      var shards = [];
      numbers.forEach(function (n) {
        if (index.postings[n]) return;
        var s = upperBound(index.shardFirsts, n) - 1;
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
            decodeShard(shard, fields.length).forEach(function (postings, i) {
              index.postings[first + i] = postings;
            });
          });
          pending[s].catch(function () { delete pending[s]; });
        }
        return pending[s];
      }));
    };
    return index;
  }

  function upperBound(sorted, value) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function lowerBoundString(sorted, value) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

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
    var prefix = term.slice(0, -1);
    var from = lowerBoundString(index.terms, prefix);
    var to = from;
    while (to < index.terms.length && index.terms[to].lastIndexOf(prefix, 0) === 0) to++;
    return index.terms.slice(from, to).sort(tokenSetOrder);
  }

  /**
   * A query's terms, as lunr.Index#query sees them: every (clause, term) in
   * order with the terms it expands to. Returns the distinct term numbers in
   * order of first appearance, the position of that appearance and the query
   * vector's value for each (the boosts of the clauses that reach it, summed).
   */
  function expandQuery(index, clauses, lunr, searchPipeline) {
    var query = new lunr.Query(index.fields);
    clauses.forEach(function (c) {
      var options = { boost: c.boost, usePipeline: c.usePipeline };
      if (c.prefix) options.wildcard = lunr.Query.wildcard.TRAILING;
      if (c.editDistance) options.editDistance = c.editDistance;
      query.term(c.term, options);
    });
    var order = [], boost = new Map(), position = new Map();
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? searchPipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        clause.term = term;
        expandClause(index, clause, lunr).forEach(function (expanded) {
          var n = index.number.get(expanded);
          if (boost.has(n)) {
            boost.set(n, boost.get(n) + clause.boost);
          } else {
            boost.set(n, clause.boost);
            position.set(n, order.length);
            order.push(n);
          }
        });
      });
    });
    return { order: order, boost: boost, position: position };
  }

  /**
   * Ranks documents for expanded query terms exactly as lunr.Index#query does
   * with the whole index loaded: per field, the dot product of the query vector
   * with the document's BM25 field vector (summed in term order), divided by
   * the query vector's length; per document, the fields' scores summed in the
   * order lunr first meets them; ties in that order too. Every term's postings
   * must be loaded. Returns [{doc, score}], best first.
   */
  function rankExpanded(index, expansion) {
    var numbers = expansion.order.slice().sort(function (x, y) { return x - y; });
    var fieldCount = index.fields.length, docCount = index.docCount;
    var sumOfSquares = 0;
    numbers.forEach(function (n) {
      var value = expansion.boost.get(n);
      sumOfSquares += value * value;
    });
    var magnitude = Math.sqrt(sumOfSquares);
    var dots = new Map(); // f * docCount + doc -> [dot, first position]
    var k1 = index.k1;
    numbers.forEach(function (n) {
      var postings = index.postings[n];
      if (!postings) throw new Error("postings of term " + index.terms[n] + " are not loaded");
      var withTerm = 0;
      for (var f = 0; f < fieldCount; f++) withTerm += postings[f].docs.length;
      var termIdf = idf(withTerm, docCount);
      var queryValue = expansion.boost.get(n), position = expansion.position.get(n);
      for (f = 0; f < fieldCount; f++) {
        var docs = postings[f].docs, tfs = postings[f].tf, norms = index.norms[f], boost = index.boosts[f];
        for (var k = 0; k < docs.length; k++) {
          var doc = docs[k], tf = tfs[k];
          var score = termIdf * ((k1 + 1) * tf) / (norms[doc] + tf);
          score *= boost;
          var weight = roundLikePython(score);
          var key = f * docCount + doc;
          var entry = dots.get(key);
          if (entry === undefined) {
            dots.set(key, [queryValue * weight, position]);
          } else {
            entry[0] += queryValue * weight;
            if (position < entry[1]) entry[1] = position;
          }
        }
      }
    });
    var byDoc = new Map();
    dots.forEach(function (entry, key) {
      var doc = key % docCount, field = (key - doc) / docCount;
      var fieldsOf = byDoc.get(doc);
      if (!fieldsOf) byDoc.set(doc, fieldsOf = []);
      fieldsOf.push([entry[1], field, entry[0] / magnitude || 0]);
    });
    var results = [];
    byDoc.forEach(function (fieldsOf, doc) {
      fieldsOf.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
      var score = fieldsOf[0][2];
      for (var i = 1; i < fieldsOf.length; i++) score += fieldsOf[i][2];
      results.push({ doc: doc, score: score, first: fieldsOf[0][0], field: fieldsOf[0][1] });
    });
    results.sort(function (x, y) {
      return y.score - x.score || x.first - y.first || x.field - y.field || x.doc - y.doc;
    });
    return results.map(function (r) { return { doc: r.doc, score: r.score }; });
  }

  /** Of the expanded terms, those each document holds in any field (what lunr's matchData lists). */
  function matchedTerms(index, expansion, docs) {
    var wanted = new Map();
    docs.forEach(function (doc) { wanted.set(doc, []); });
    expansion.order.forEach(function (n) {
      var postings = index.postings[n];
      var holders = new Set();
      postings.forEach(function (p) {
        for (var k = 0; k < p.docs.length; k++) if (wanted.has(p.docs[k])) holders.add(p.docs[k]);
      });
      holders.forEach(function (doc) { wanted.get(doc).push(index.terms[n]); });
    });
    return docs.map(function (doc) { return wanted.get(doc); });
  }

  /* ------------------------------------------------ snippets, highlights */

  /** [start, end) ranges of the words of `text` whose stem is in `terms`. */
  function highlightRanges(text, terms, fold, stem) {
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
  function selectSnippet(text, ranges, length) {
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

  /* -------------------------------------------------------------- engine */

  var FORMAT_VERSION = 3;

  /**
   * A search engine over the index file's data; lunr is the lunr.js module and
   * `load(name)` returns (a promise of) the parsed JSON of a file the index
   * names, relative to it. Inline indexes never call it.
   */
  function createEngine(data, lunr, load) {
    if (data.version !== FORMAT_VERSION) throw new Error("search index format " + data.version + " unsupported");
    var fold = makeFolder(data.normalize.apostrophes);
    var index = makeIndex(data, lunr, fold, load);
    var search = lunr.Pipeline.load(data.pipeline.search);
    var stopWord = data.pipeline.index.indexOf("stopWordFilter") >= 0
      ? lunr.Pipeline.registeredFunctions.stopWordFilter : null;
    var stemCache = new Map();
    var ctx = {
      fold: fold,
      stem: function (word) {
        var stem = stemCache.get(word);
        if (stem === undefined) {
          stem = search.runString(word)[0] || word;
          if (stemCache.size > 50000) stemCache.clear();
          stemCache.set(word, stem);
        }
        return stem;
      },
      isStopWord: function (word) { return stopWord ? !stopWord(word) : false; },
      synonyms: data.synonyms,
      typos: function (word) { return typoTerms(word, index, ctx); }
    };
    var docFiles = Object.create(null);

    function prepare(text) {
      var expansion = expandQuery(index, buildClauses(text, ctx), lunr, search);
      return index.ensure(expansion.order).then(function () { return expansion; });
    }

    /** Rows `[section, slug, title, tags, text]` of the given documents. */
    function rows(docs) {
      if (data.text) {
        return Promise.resolve(docs.map(function (d) {
          var row = data.docs[d];
          return [row[0], row[1], row[2], row[3] || "", data.text[d]];
        }));
      }
      var per = data.docs.per, groupFiles = data.docs.files;
      return Promise.all(docs.map(function (d) {
        var number = Math.floor(d / per);
        var name = "docs/" + data.docs.groups[Math.floor(number / groupFiles)] + "/" + number + ".json";
        if (!docFiles[name]) {
          docFiles[name] = Promise.resolve(load(name));
          docFiles[name].catch(function () { delete docFiles[name]; });
        }
        return docFiles[name].then(function (file) { return file[d % per]; });
      }));
    }

    function hits(ranked, expansion) {
      var docs = ranked.map(function (r) { return r.doc; });
      var terms = matchedTerms(index, expansion, docs);
      return rows(docs).then(function (found) {
        return found.map(function (row, i) { return hit(data, row, terms[i], ranked[i].score); });
      });
    }

    return {
      ctx: ctx,
      data: data,
      index: index,
      /** Fetches what a query needs; resolves to its expansion, for `rank`. */
      prepare: prepare,
      /** Ranked documents [{doc, score}] of a prepared query (synchronous). */
      rank: function (expansion) { return rankExpanded(index, expansion); },
      /** Ranked hits: a promise of [{url, title, section, text, terms, score}]. */
      search: function (text, limit) {
        return prepare(text).then(function (expansion) {
          var ranked = rankExpanded(index, expansion);
          return hits(ranked.slice(0, limit || ranked.length), expansion);
        });
      },
      popular: function () {
        return (data.popular || []).map(function (item) {
          var row = data.text ? data.docs[item] : item.slice(1);
          return hit(data, [row[0], row[1], row[2], "", ""], [], 0);
        });
      }
    };
  }

  /**
   * Terms of the words one edit away from a word the index does not know,
   * whose stem the index holds: a typo can change the stem ("authenticty"),
   * which the fuzzy clause on the stem alone would miss.
   */
  function typoTerms(word, index, ctx) {
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
  function editsOf(word, alphabet) {
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

  function hit(data, row, terms, score) {
    var slug = data.sections[row[0]][0];
    return {
      url: row[1] ? slug + "/" + row[1] + "/" : slug + "/",
      title: row[2],
      section: data.sections[row[0]][1],
      text: row[4] || "",
      terms: terms,
      score: score
    };
  }

  var api = {
    makeFolder: makeFolder,
    buildClauses: buildClauses,
    runClauses: runClauses,
    frontDecode: frontDecode,
    vlqList: vlqList,
    roundLikePython: roundLikePython,
    highlightRanges: highlightRanges,
    selectSnippet: selectSnippet,
    editsOf: editsOf,
    createEngine: createEngine
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window === "undefined" || typeof document === "undefined") return;
  window.KBSearch = api;

  /* ------------------------------------------------------------- browser */

  var DEBOUNCE_MS = 80;
  var SUGGEST_LIMIT = 6;
  var PAGE_LIMIT = 50;
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var enginePromise = null;

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
      enginePromise = Promise.all([lunrReady, dataReady]).then(function (both) {
        return createEngine(both[1], window.lunr, function (name) {
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

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

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

  function resultContent(link, result, ctx, snippetLength) {
    var title = el("span", "search-hit-title");
    appendHighlighted(title, result.title, highlightRanges(result.title, result.terms, ctx.fold, ctx.stem));
    link.appendChild(title);
    link.appendChild(el("span", "search-hit-section", result.section));
    if (result.text) {
      var ranges = highlightRanges(result.text, result.terms, ctx.fold, ctx.stem);
      var snippet = selectSnippet(result.text, ranges, snippetLength);
      link.appendChild(appendHighlighted(el("span", "search-hit-snippet"), snippet.text, snippet.ranges));
    }
  }

  function countText(n) {
    return n === 0 ? "No results" : n === 1 ? "1 result" : n + " results";
  }

  function noResults(query, contact, popular) {
    var box = el("div", "search-empty");
    var line = el("p", "", "No results for \u201c" + query + "\u201d.");
    box.appendChild(line);
    var help = el("p", "", "Try fewer or different words");
    if (contact) {
      help.appendChild(document.createTextNode(", or email us at "));
      var mail = el("a", "", contact);
      mail.href = "mailto:" + contact;
      help.appendChild(mail);
    }
    help.appendChild(document.createTextNode("."));
    box.appendChild(help);
    if (popular.length) {
      box.appendChild(el("p", "search-empty-popular", "Popular questions:"));
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

  /*
   * Typing runs `fn` at once while searches answer within a frame (the index is
   * loaded and the query needs no shard fetch), so results follow the last key
   * in the same frame; while they are slower (first load, shards to fetch) it
   * waits until typing pauses for `ms`.
   */
  var FAST_MS = 8;
  var lastCost = Infinity;

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

  /** The dropdown of a header or hero search box (ARIA 1.2 combobox). */
  function enhanceSuggest(form, input, panel, status) {
    var listId = input.id + "-listbox";
    var active = -1;
    var options = [];
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(i) {
      options.forEach(function (option, n) {
        option.setAttribute("aria-selected", n === i ? "true" : "false");
      });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(query, eng, results) {
      panel.textContent = "";
      options = [];
      active = -1;
      if (!query.trim()) { close(); status.textContent = ""; return; }
      var shown = results.slice(0, SUGGEST_LIMIT);
      if (!shown.length) {
        panel.appendChild(noResults(query, form.getAttribute("data-contact"), eng.popular()));
        input.setAttribute("aria-expanded", "false");
      } else {
        var list = el("ul", "search-suggest-list");
        list.id = listId;
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "Suggestions");
        shown.forEach(function (result, i) {
          var option = el("li", "search-hit");
          option.id = input.id + "-option-" + i;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          var link = el("a");
          link.href = root + result.url;
          link.tabIndex = -1;
          resultContent(link, result, eng.ctx, 110);
          option.appendChild(link);
          option.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
          list.appendChild(option);
          options.push(option);
        });
        panel.appendChild(list);
        var more = el("p", "search-more");
        var all = el("a", "", "See all results");
        all.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
        more.appendChild(all);
        panel.appendChild(more);
        input.setAttribute("aria-expanded", "true");
      }
      panel.hidden = false;
      status.textContent = results.length > SUGGEST_LIMIT
        ? "More than " + SUGGEST_LIMIT + " results" : countText(shown.length);
    }

    function update() {
      var query = input.value;
      engine().then(function (eng) {
        if (input.value !== query) return null;
        return timed(eng.search(query, SUGGEST_LIMIT + 1), Date.now()).then(function (results) {
          if (input.value === query) render(query, eng, results);
        });
      }).catch(function () {
        status.textContent = "Search is unavailable. Press Enter to open the search page.";
      });
    }

    input.addEventListener("input", debounce(update, DEBOUNCE_MS));
    input.addEventListener("focus", function () {
      engine();
      if (input.value.trim() && panel.hidden) update();
    });
    input.addEventListener("keydown", function (event) {
      var open = !panel.hidden && options.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) { if (input.value.trim()) update(); return; }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= options.length) next = 0;
        if (next < -1) next = options.length - 1;
        setActive(next);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          window.location.href = options[active].querySelector("a").href;
        }
      } else if (event.key === "Escape") {
        if (!panel.hidden) {
          event.preventDefault();
          close();
        }
      }
    });
    document.addEventListener("pointerdown", function (event) {
      if (!form.contains(event.target)) close();
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
    });
  }

  /** The search page: full results in #search-results, URL kept in sync. */
  function enhancePage(form, input, target, status) {
    function render(query, eng, results) {
      target.textContent = "";
      if (!query.trim()) { status.textContent = ""; return; }
      status.textContent = countText(results.length);
      if (!results.length) {
        target.appendChild(noResults(query, form.getAttribute("data-contact"), eng.popular()));
        return;
      }
      target.appendChild(el("p", "search-count", countText(results.length) + " for \u201c" + query + "\u201d"));
      var list = el("ol", "search-page-results");
      results.forEach(function (result) {
        var item = el("li", "search-hit");
        var link = el("a");
        link.href = root + result.url;
        resultContent(link, result, eng.ctx, 220);
        item.appendChild(link);
        list.appendChild(item);
      });
      target.appendChild(list);
    }

    function update() {
      var query = input.value;
      var url = query.trim() ? "?q=" + encodeURIComponent(query) : window.location.pathname;
      window.history.replaceState(null, "", url);
      engine().then(function (eng) {
        if (input.value !== query) return null;
        if (!query.trim()) { render(query, eng, []); return null; }
        return timed(eng.search(query, PAGE_LIMIT), Date.now()).then(function (results) {
          if (input.value === query) render(query, eng, results);
        });
      }).catch(function () {
        target.textContent = "";
        target.appendChild(el("p", "search-error", "Search could not be loaded. Please try again later."));
      });
    }

    var initial = new URLSearchParams(window.location.search).get("q") || "";
    input.value = initial;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    input.addEventListener("input", debounce(update, DEBOUNCE_MS));
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
})();
