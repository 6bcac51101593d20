/*
 * kbgen search, engine: expands a query's clauses over the index and ranks the
 * documents exactly as lunr.Index#query would with the whole index loaded
 * (phrase clauses aside: they count only where the whole phrase is), fetching
 * only the term shards and document files a query needs; then re-ranks by how
 * much of the query each document covers and flags a result below the bar
 * (docs/search.md).
 *
 * One of four classic scripts, loaded in order: search-text.js, search-index.js,
 * search-engine.js, search-ui.js. Each adds its names to one namespace:
 * window.KBSearch in the page; under node, the file's module.exports, which also
 * holds the names of the files it builds on (require the last one you need).
 */
(function (KB) {
  "use strict";

  var makeFolder = KB.makeFolder, buildClauses = KB.buildClauses, makeIndex = KB.makeIndex;

  /* ------------------------------------------------------------- scoring */

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

  /* ----------------------------------------------------------- expansion */

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
    var from = KB.bisect(index.terms, prefix, false);
    var to = from;
    while (to < index.terms.length && index.terms[to].lastIndexOf(prefix, 0) === 0) to++;
    return index.terms.slice(from, to).sort(tokenSetOrder);
  }

  /**
   * A query's terms, as lunr.Index#query sees them: every (clause, term) in
   * order with the terms it expands to. Returns the distinct term numbers in
   * order of first appearance, the position of that appearance and the query
   * vector's value for each (the boosts of the clauses that reach it, summed);
   * per term the query's concepts it stands for; for a term only phrase
   * clauses reach, the phrases (term-number lists) a document must hold whole.
   */
  function expandQuery(index, clauses, lunr, searchPipeline) {
    var query = new lunr.Query(index.fields);
    clauses.forEach(function (c) { query.term(c.term, KB.lunrOptions(c, lunr)); });
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

  /** Per (field, document) and per document slots, reused by every query of an index; a slot counts for the query whose stamp it holds. */
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
  function scan(index, expansion) {
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
        var list = postings[f].docs, tfs = postings[f].tf, norms = index.norms[f], boost = index.boosts[f], base = f * docCount;
        for (var k = 0; k < list.length; k++) {
          var doc = list[k], tf = tfs[k];
          if (restricted && !counts(n, doc)) continue;
          var score = termIdf * ((k1 + 1) * tf) / (norms[doc] + tf);
          score *= boost;
          var value = queryValue * roundLikePython(score), key = base + doc;
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
  function holderCount(postings) {
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
    var m = docs.length, fieldCount = index.fields.length, docCount = index.docCount, stamp = s.stamp;
    var out = {
      length: m, doc: Int32Array.from(docs), score: new Float64Array(m), first: new Int32Array(m), field: new Int32Array(m),
      any: new Int32Array(m), title: new Int32Array(m), direct: new Int32Array(m)
    };
    var order = new Int32Array(fieldCount);
    for (var i = 0; i < m; i++) {
      var doc = docs[i], held = 0;
      for (var f = 0; f < fieldCount; f++) {
        var key = f * docCount + doc;
        if (s.keyStamp[key] !== stamp) continue;
        // insertion by (first position, field): fields come in order, so equal positions keep it
        var j = held++;
        while (j > 0 && s.pos[order[j - 1] * docCount + doc] > s.pos[key]) { order[j] = order[j - 1]; j--; }
        order[j] = f;
      }
      var score = s.dot[order[0] * docCount + doc] / magnitude || 0;
      for (j = 1; j < held; j++) score += s.dot[order[j] * docCount + doc] / magnitude || 0;
      out.score[i] = score;
      out.first[i] = s.pos[order[0] * docCount + doc];
      out.field[i] = order[0];
      out.any[i] = s.any[doc];
      out.title[i] = s.title[doc];
      out.direct[i] = s.direct[doc];
    }
    return out;
  }

  /** lunr's order of two scanned rows: score, then the first position and field lunr meets, then the document. */
  function lunrOrder(rows, a, b) {
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
  function rankExpanded(index, expansion) {
    var rows = scan(index, expansion);
    return rowNumbers(rows.length).sort(function (a, b) { return lunrOrder(rows, a, b); }).map(function (i) {
      return { doc: rows.doc[i], score: rows.score[i] };
    });
  }

  function rowNumbers(m) {
    var out = new Array(m);
    for (var i = 0; i < m; i++) out[i] = i;
    return out;
  }

  /** Of the expanded terms, those each document holds in any field (what lunr's matchData lists). */
  function matchedTerms(index, expansion, docs) {
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

  /* ----------------------------------------------------------- re-ranking */

  // How much a question title holding every concept of the query adds to lunr's score.
  var TITLE_COVERAGE_WEIGHT = 0.5;
  // A concept matched only through a synonym counts for this share of its weight.
  var SYNONYM_SHARE = 0.8;
  // An unknown word weighs this share of the rarest term's idf.
  var UNKNOWN_WEIGHT = 0.7;
  // The best result must hold this share of the query's concept weight, or the page says "no results".
  var WEAK_SHARE = 0.6;

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
   * masks (a query has at most MAX_QUERY_WORDS concepts).
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

  function maskOf(concepts) {
    var mask = 0;
    concepts.forEach(function (c) { mask |= 1 << c; });
    return mask;
  }

  function bitCount(mask) {
    var n = 0;
    for (; mask; mask &= mask - 1) n++;
    return n;
  }

  /**
   * lunr's ranking re-ordered: documents matching more of the query's
   * concepts first, then those matching its rarer concepts; among equals,
   * lunr's score raised by the share of the concepts the question itself
   * holds; ties keep lunr's order. With a limit, only the best `limit` rows
   * (the same as the full order's first ones: the order is total).
   */
  function reRank(index, expansion, limit) {
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
  function isWeak(rows) {
    return !rows.length || rows[0].share < WEAK_SHARE;
  }

  /* -------------------------------------------------------------- engine */

  var FORMAT_VERSION = 4;

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
    var ctx = queryContext(data, lunr, fold, index, search);
    var rows = docRows(data, load);

    function prepareClauses(clauses) {
      var expansion = expandQuery(index, clauses, lunr, search);
      return index.ensure(expansion.order).then(function () { return expansion; });
    }

    function prepare(text) {
      return prepareClauses(buildClauses(text, ctx));
    }

    function answer(text, limit) {
      return prepare(text).then(function (expansion) {
        var ranked = reRank(index, expansion, limit);
        var weak = isWeak(ranked);
        return hits(ranked, expansion).then(function (found) {
          return { hits: found, weak: weak };
        });
      });
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
      /** `prepare` for given clauses (what buildClauses returns). */
      prepareClauses: prepareClauses,
      /** Ranked documents [{doc, score}] of a prepared query (synchronous). */
      rank: function (expansion) { return rankExpanded(index, expansion); },
      /** lunr's ranking re-ranked (see reRank), with the coverage of each document; the best `limit` when given. */
      reRank: function (expansion, limit) { return reRank(index, expansion, limit); },
      /** Ranked hits: a promise of [{url, title, section, text, terms, score}]. */
      search: function (text, limit) {
        return answer(text, limit).then(function (result) { return result.hits; });
      },
      /** A promise of {hits, weak}: `weak` when the best hit is below the bar (the page then says "no results"). */
      answer: answer,
      /** The popular questions, as hits without text. */
      popular: function () { return popularHits(data); }
    };
  }

  /** What buildClauses needs of the index: folding, stemming (memoised), stop words, terms, synonyms, typos. */
  function queryContext(data, lunr, fold, index, search) {
    var stopWord = data.pipeline.index.indexOf("stopWordFilter") >= 0
      ? lunr.Pipeline.registeredFunctions.stopWordFilter : null;
    var stemCache = new Map();
    var filler = new Set(data.filler ? data.filler.split(" ") : []);
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
      isStopWord: function (word) { return (stopWord ? !stopWord(word) : false) || filler.has(word); },
      hasTerm: function (term) { return index.number.has(term); },
      synonyms: unpackSynonyms(data.synonyms),
      typos: function (word) { return typoTerms(word, index, ctx); }
    };
    return ctx;
  }

  /** A function from document numbers to a promise of their rows `[section, slug, title, tags, text]`. */
  function docRows(data, load) {
    var docFiles = Object.create(null);
    return function rows(docs) {
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

  function popularHits(data) {
    return (data.popular || []).map(function (item) {
      var row = data.text ? data.docs[item] : item.slice(1);
      return hit(data, [row[0], row[1], row[2], "", ""], [], 0);
    });
  }

  /** kbgen/search_transport.py's pack_synonyms undone: groups of members of folded words. */
  function unpackSynonyms(text) {
    return text ? text.split(";").map(function (group) {
      return group.split("|").map(function (member) { return member.split(" "); });
    }) : [];
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

  KB.roundLikePython = roundLikePython;
  KB.editsOf = editsOf;
  KB.createEngine = createEngine;
})(typeof module !== "undefined" && module.exports
  ? Object.assign(module.exports, require("./search-text.js"), require("./search-index.js"))
  : (window.KBSearch = window.KBSearch || {}));
