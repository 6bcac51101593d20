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
  // No real word is longer; bounds the work a pasted essay can cause.
  var FUZZY_MAX_LENGTH = 24;
  var MAX_QUERY_CHARS = 200;
  var MAX_QUERY_WORDS = 12;

  /**
   * Clauses for a query string. `ctx` gives fold(text), stem(word),
   * isStopWord(word), synonyms (groups of folded word lists) and optionally
   * typos(word), the index terms of known words one edit away from an unknown
   * word. Each word matches exactly (stemmed), as a prefix (as typed) and,
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
      add({ term: word, prefix: true, usePipeline: false, boost: BOOST_PREFIX });
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

  /** Runs clauses against a lunr.Index; lunr is the lunr.js module. */
  function runClauses(index, clauses, lunr) {
    if (!clauses.length) return [];
    return index.query(function (q) {
      clauses.forEach(function (c) {
        q.term(c.term, {
          boost: c.boost,
          usePipeline: c.usePipeline,
          wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          editDistance: c.editDistance || 0
        });
      });
    });
  }

  /* ------------------------------------------------------- index decoding */

  var VLQ = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var VLQ_VALUE = {};
  for (var v = 0; v < VLQ.length; v++) VLQ_VALUE[VLQ.charAt(v)] = v;

  function vlqReader(text) {
    var reader = { pos: 0 };
    reader.next = function () {
      var value = 0, shift = 0, digit;
      do {
        digit = VLQ_VALUE[text.charAt(reader.pos++)];
        if (digit === undefined) throw new Error("bad VLQ at " + (reader.pos - 1));
        value += (digit & 31) * Math.pow(2, shift);
        shift += 5;
      } while (digit & 32);
      return value;
    };
    return reader;
  }

  function frontDecode(text) {
    var previous = "";
    return text ? text.split(" ").map(function (item) {
      var reader = vlqReader(item);
      var shared = reader.next();
      previous = previous.slice(0, shared) + item.slice(reader.pos);
      return previous;
    }) : [];
  }

  /** Per doc, {term: tf} of a field shipped as postings (see encode_field). */
  function decodeField(encoded, docCount) {
    var terms = frontDecode(encoded.terms);
    var counts = vlqReader(encoded.counts);
    var sizes = terms.map(function () { return counts.next() + 1; });
    var order = terms.map(function (_, i) { return i; });
    order.sort(function (a, b) { return sizes[b] - sizes[a] || a - b; });
    var gaps = vlqReader(encoded.gaps);
    var tfs = vlqReader(encoded.tf);
    var perDoc = [];
    for (var d = 0; d < docCount; d++) perDoc.push(Object.create(null));
    order.forEach(function (i) {
      var doc = -1;
      for (var n = 0; n < sizes[i]; n++) {
        doc += gaps.next() + 1;
        perDoc[doc][terms[i]] = tfs.next() + 1;
      }
    });
    return perDoc;
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

  function docUrl(data, row) {
    var slug = data.sections[row[0]][0];
    return row[1] ? slug + "/" + row[1] + "/" : slug + "/";
  }

  function fieldSource(data, field, i) {
    var row = data.docs[i];
    if (field === "question") return row[2];
    if (field === "tags") return row[3] || "";
    if (field === "section") return data.sections[row[0]][1];
    if (field === "answer" && data.text) return data.text[i];
    throw new Error("no source for field " + field);
  }

  /**
   * The plain lunr serialization of the index, exactly as lunr.py wrote it:
   * derived fields go through lunr.js's pipeline, encoded ones are decoded,
   * then lunr's BM25 field vectors are recomputed.
   */
  function decodeIndex(data, lunr) {
    var fold = makeFolder(data.normalize.apostrophes);
    var pipeline = lunr.Pipeline.load(data.pipeline.index);
    var fields = data.fields.map(function (f) { return f[0]; });
    var docCount = data.docs.length;
    var refs = data.docs.map(function (row) { return docUrl(data, row); });
    var encoded = data.encoded || {};
    var tf = fields.map(function (field) {
      if (encoded[field]) return decodeField(encoded[field], docCount);
      return refs.map(function (_, i) {
        var counts = Object.create(null);
        var tokens = words(fold(fieldSource(data, field, i))).map(function (w) {
          return new lunr.Token(w, {});
        });
        pipeline.run(tokens).forEach(function (token) {
          var term = token.toString();
          counts[term] = (counts[term] || 0) + 1;
        });
        return counts;
      });
    });
    var vocabulary = Object.create(null);
    tf.forEach(function (docs) {
      docs.forEach(function (counts) {
        for (var term in counts) vocabulary[term] = true;
      });
    });
    var terms = Object.keys(vocabulary).sort();
    var sortedFields = fields.slice().sort();
    var postings = Object.create(null);
    var invertedIndex = terms.map(function (term, i) {
      var posting = { _index: i };
      sortedFields.forEach(function (field) { posting[field] = {}; });
      postings[term] = posting;
      return [term, posting];
    });
    var withTerm = Object.create(null);
    refs.forEach(function (ref, d) {
      fields.forEach(function (field, f) {
        for (var term in tf[f][d]) {
          // lunr copies metadata out of postings, never into them: one object will do
          postings[term][field][ref] = NO_METADATA;
          withTerm[term] = (withTerm[term] || 0) + 1;
        }
      });
    });
    return {
      fieldVectors: fieldVectors(data, fields, refs, tf, postings, withTerm, terms),
      fields: fields,
      invertedIndex: invertedIndex,
      pipeline: data.pipeline.search,
      version: data.lunr
    };
  }

  var NO_METADATA = Object.freeze({});

  /** lunr.idf, from the number of (field, document) pairs holding the term. */
  function idf(withTerm, docCount) {
    var x = (docCount - withTerm + 0.5) / (withTerm + 0.5);
    return Math.log(1 + Math.abs(x));
  }

  /** lunr.Builder's BM25 field vectors, computed as lunr.py computed them. */
  function fieldVectors(data, fields, refs, tf, postings, withTerm, terms) {
    var k1 = data.bm25[0], b = data.bm25[1];
    var docCount = refs.length;
    var lengths = tf.map(function (docs) {
      return docs.map(function (counts) {
        var n = 0;
        for (var term in counts) n += counts[term];
        return n;
      });
    });
    var average = lengths.map(function (list) {
      return list.reduce(function (a, n) { return a + n; }, 0) / docCount;
    });
    var idfs = new Float64Array(terms.length).fill(-1);
    var vectors = [];
    refs.forEach(function (ref, d) {
      fields.forEach(function (field, f) {
        var counts = tf[f][d];
        var boost = data.fields[f][1];
        var keys = Object.keys(counts);
        var order = new Int32Array(keys.length);
        for (var k = 0; k < keys.length; k++) order[k] = postings[keys[k]]._index;
        order.sort();
        var flat = [];
        for (var j = 0; j < order.length; j++) {
          var i = order[j], term = terms[i];
          if (idfs[i] < 0) idfs[i] = idf(withTerm[term], docCount);
          var freq = counts[term];
          var score = idfs[i] * ((k1 + 1) * freq) /
            (k1 * (1 - b + b * (lengths[f][d] / average[f])) + freq);
          score *= boost;
          flat.push(i, roundLikePython(score));
        }
        vectors.push([field + "/" + ref, flat]);
      });
    });
    return vectors;
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

  var FORMAT_VERSION = 1;

  /** A search engine over decoded index data; lunr is the lunr.js module. */
  function createEngine(data, lunr) {
    if (data.version !== FORMAT_VERSION) throw new Error("search index format " + data.version + " unsupported");
    var index = lunr.Index.load(decodeIndex(data, lunr));
    var search = lunr.Pipeline.load(data.pipeline.search);
    var stopWord = data.pipeline.index.indexOf("stopWordFilter") >= 0
      ? lunr.Pipeline.registeredFunctions.stopWordFilter : null;
    var stemCache = Object.create(null);
    var fold = makeFolder(data.normalize.apostrophes);
    var spelled = knownWords(data, fold);
    var ctx = {
      fold: fold,
      stem: function (word) {
        if (!(word in stemCache)) stemCache[word] = search.runString(word)[0] || word;
        return stemCache[word];
      },
      isStopWord: function (word) { return stopWord ? !stopWord(word) : false; },
      synonyms: data.synonyms,
      typos: function (word) {
        var terms = [];
        if (spelled.words[word]) return terms;
        var own = ctx.stem(word);
        editsOf(word, spelled.alphabet).forEach(function (w) {
          if (!spelled.words[w]) return;
          var term = ctx.stem(w);
          if (term !== own && terms.indexOf(term) < 0) terms.push(term);
        });
        return terms;
      }
    };
    var byRef = Object.create(null);
    data.docs.forEach(function (row, i) { byRef[docUrl(data, row)] = i; });
    return {
      ctx: ctx,
      data: data,
      index: index,
      /** Ranked hits: {url, title, section, text, terms, score}. */
      search: function (text, limit) {
        var results = runClauses(index, buildClauses(text, ctx), lunr);
        return results.slice(0, limit || results.length).map(function (r) {
          return hit(data, byRef[r.ref], Object.keys(r.matchData.metadata), r.score);
        });
      },
      popular: function () {
        return (data.popular || []).map(function (i) { return hit(data, i, [], 0); });
      }
    };
  }

  /** The words (folded, as written) of every shipped text, and their letters. */
  function knownWords(data, fold) {
    var seen = Object.create(null);
    var letters = Object.create(null);
    function collect(text) {
      words(fold(text)).forEach(function (w) {
        seen[w] = true;
        for (var i = 0; i < w.length; i++) letters[w.charAt(i)] = true;
      });
    }
    data.docs.forEach(function (row, i) {
      collect(row[2]);
      collect(row[3] || "");
      if (data.text) collect(data.text[i]);
    });
    data.sections.forEach(function (section) { collect(section[1]); });
    return { words: seen, alphabet: Object.keys(letters).sort().join("") };
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

  function hit(data, i, terms, score) {
    var row = data.docs[i];
    return {
      url: docUrl(data, row),
      title: row[2],
      section: data.sections[row[0]][1],
      text: data.text ? data.text[i] : "",
      terms: terms,
      score: score
    };
  }

  var api = {
    makeFolder: makeFolder,
    buildClauses: buildClauses,
    runClauses: runClauses,
    decodeIndex: decodeIndex,
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
      var indexUrl = body.getAttribute("data-search-index") || root + "assets/search/index.json";
      var lunrReady = window.lunr ? Promise.resolve() : loadScript(lunrUrl);
      var dataReady = fetch(indexUrl).then(function (response) {
        if (!response.ok) throw new Error("index: HTTP " + response.status);
        return response.json();
      });
      enginePromise = Promise.all([lunrReady, dataReady]).then(function (both) {
        return createEngine(both[1], window.lunr);
      });
      enginePromise.catch(function () { enginePromise = null; });
    }
    return enginePromise;
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

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
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

    function render(query, eng) {
      panel.textContent = "";
      options = [];
      active = -1;
      if (!query.trim()) { close(); status.textContent = ""; return; }
      var results = eng.search(query, SUGGEST_LIMIT + 1);
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
        if (input.value === query) render(query, eng);
      }, function () {
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
    function render(query, eng) {
      target.textContent = "";
      if (!query.trim()) { status.textContent = ""; return; }
      var results = eng.search(query, PAGE_LIMIT);
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
        if (input.value === query) render(query, eng);
      }, function () {
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
