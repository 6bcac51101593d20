/*
 * kbgen search, text: the folding rule of kbgen/search.py's fold_text, a query's
 * lunr clauses (prefix, typo, synonyms) and a result's highlight ranges and
 * snippet. Pure functions of strings.
 *
 * One of four classic scripts, loaded in order: search-text.js, search-index.js,
 * search-engine.js, search-ui.js. Each adds its names to one namespace:
 * window.KBSearch in the page; under node, the file's module.exports, which also
 * holds the names of the files it builds on (require the last one you need).
 */
(function (KB) {
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

  KB.makeFolder = makeFolder;
  KB.words = words;
  KB.buildClauses = buildClauses;
  KB.runClauses = runClauses;
  KB.highlightRanges = highlightRanges;
  KB.selectSnippet = selectSnippet;
})(typeof module !== "undefined" && module.exports
  ? module.exports
  : (window.KBSearch = window.KBSearch || {}));
