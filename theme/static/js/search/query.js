/*
 * kbgen search, query: a query string's lunr clauses. Each meaningful word is
 * one concept, matched exactly, as a prefix, with one typo, split when run
 * together; synonym groups add their other members (docs/search.md).
 * Pure functions of strings and of what the context says of the index.
 */

import { words } from "./fold.js";

const BOOST_EXACT = 10;
const BOOST_PREFIX = 3;
const BOOST_FUZZY = 1;
const BOOST_TYPO = 3;
const BOOST_SYNONYM = 5;
const BOOST_PHRASE_WORD = 3;
const BOOST_SPLIT = 5;
const FUZZY_MIN_LENGTH = 5;
// "popnow" (6) splits; shorter run-together words are too often a real word.
const SPLIT_MIN_LENGTH = 6;
// A one-letter prefix matches a twentieth of any vocabulary: too broad to help.
const PREFIX_MIN_LENGTH = 2;
// No real word is longer; bounds the work a pasted essay can cause.
const FUZZY_MAX_LENGTH = 24;
const MAX_QUERY_CHARS = 200;
const MAX_QUERY_WORDS = 12;

/**
 * Clauses for a query string. `ctx` gives fold(text), stem(word),
 * isStopWord(word), synonyms (groups of folded word lists) and optionally
 * hasTerm(term), whether the index holds a term, and typos(word), the index
 * terms of known words one edit away from an unknown word.
 *
 * Each meaningful word is one concept (`clause.concepts`, what coverage
 * counts): it matches exactly (stemmed) and as a prefix (as typed, from two
 * letters); a word the index does not hold, from five letters, also with one
 * typo (on its stem, and through typos() on the word as written, since a
 * typo can change the stem: "authenticty"), or, run together, as the two
 * index terms it splits into ("blindbox"). Two typed words that join into an
 * index term ("pre order") add the joined term to both concepts. Synonym
 * groups add the other members: single words as words, multi-word members as
 * phrases (`clause.phrase`, its stems: a document only counts such a word
 * when it holds every word of the phrase); a multi-word member typed as
 * such ("money back") is one concept, its words weighted less than its
 * synonyms.
 */
export function buildClauses(text, ctx) {
  var typed = words(ctx.fold(String(text).slice(0, MAX_QUERY_CHARS))).slice(0, MAX_QUERY_WORDS);
  if (!typed.length) return [];
  var meaningful = typed.filter(function (w) { return !ctx.isStopWord(w); });
  var onlyStopWords = !meaningful.length;
  var stems = typed.map(ctx.stem);
  var inPhrase = phraseStems(stems, ctx);
  var concept = conceptsOf(typed, stems, inPhrase, ctx);
  var clauses = [];
  var seen = Object.create(null);
  function add(clause, concepts) {
    var key = [clause.term, clause.prefix ? 1 : 0, clause.editDistance || 0, clause.phrase || ""].join("|");
    if (seen[key] !== undefined) {
      var old = clauses[seen[key]];
      concepts.forEach(function (c) { if (old.concepts.indexOf(c) < 0) old.concepts.push(c); });
      return;
    }
    clause.concepts = concepts.filter(function (c, at) { return concepts.indexOf(c) === at; });
    seen[key] = clauses.length;
    clauses.push(clause);
  }
  var known = ctx.hasTerm || function () { return true; };
  typed.forEach(function (word, i) {
    if (onlyStopWords ? i !== typed.length - 1 : ctx.isStopWord(word)) return;
    var mine = [concept[i]];
    var phrase = inPhrase[stems[i]];
    var within = function (clause) { if (phrase && phrase.indexOf(" ") > 0) clause.phrase = phrase; return clause; };
    if (word.length >= PREFIX_MIN_LENGTH) add(within({ term: word, prefix: true, usePipeline: false, boost: BOOST_PREFIX }), mine);
    if (onlyStopWords) return;
    add(within({ term: word, usePipeline: true, boost: phrase ? BOOST_PHRASE_WORD : BOOST_EXACT }), mine);
    if (known(stems[i])) return;
    var parts = ctx.hasTerm ? splitCompound(word, ctx) : null;
    if (parts) {
      parts.forEach(function (part) {
        add({ term: part, usePipeline: true, boost: BOOST_SPLIT, phrase: parts.map(ctx.stem).join(" ") }, mine);
      });
    }
    if (word.length >= FUZZY_MIN_LENGTH && word.length <= FUZZY_MAX_LENGTH) {
      add({ term: word, usePipeline: true, editDistance: 1, boost: BOOST_FUZZY }, mine);
      (ctx.typos ? ctx.typos(word) : []).forEach(function (term) {
        add({ term: term, usePipeline: false, boost: BOOST_TYPO }, mine);
      });
    }
  });
  if (ctx.hasTerm && !onlyStopWords) {
    for (var i = 0; i + 1 < typed.length; i++) {
      var joined = typed[i] + typed[i + 1];
      if (ctx.hasTerm(ctx.stem(joined))) add({ term: joined, usePipeline: true, boost: BOOST_EXACT }, [concept[i], concept[i + 1]]);
    }
  }
  synonymWords(stems, ctx).forEach(function (item) {
    if (item.word === undefined) return;
    var clause = { term: item.word, usePipeline: true, boost: item.boost, synonym: true };
    if (item.phrase) clause.phrase = item.phrase;
    add(clause, item.members.map(function (at) { return concept[at]; }).filter(function (c) { return c !== undefined; }));
  });
  return clauses;
}

/**
 * Per typed word, its concept number: one per meaningful word, shared by
 * the words of a typed multi-word synonym ("money back"); stop words get
 * the concept of the phrase they are in, if any.
 */
function conceptsOf(typed, stems, inPhrase, ctx) {
  var concept = [], next = 0;
  for (var i = 0; i < typed.length; i++) {
    var phraseWord = inPhrase[stems[i]] !== undefined;
    if (phraseWord && i > 0 && concept[i - 1] !== undefined && inPhrase[stems[i]] === inPhrase[stems[i - 1]]) {
      concept.push(concept[i - 1]);
    } else if (phraseWord || !ctx.isStopWord(typed[i])) {
      concept.push(next++);
    } else {
      concept.push(undefined);
    }
  }
  return concept;
}

/**
 * A word the index does not hold, split into two words whose stems it holds
 * (a stop word may be one of them: "instock"), the split with the longest
 * shorter part; or null.
 */
function splitCompound(word, ctx) {
  if (word.length < SPLIT_MIN_LENGTH) return null;
  var best = null, bestShort = 0;
  for (var at = 2; at <= word.length - 2; at++) {
    var left = word.slice(0, at), right = word.slice(at);
    var leftStop = ctx.isStopWord(left), rightStop = ctx.isStopWord(right);
    if (leftStop && rightStop) continue;
    if (!(leftStop || ctx.hasTerm(ctx.stem(left))) || !(rightStop || ctx.hasTerm(ctx.stem(right)))) continue;
    var shorter = Math.min(left.length, right.length);
    if (shorter > bestShort) { best = [left, right]; bestShort = shorter; }
  }
  if (!best) return null;
  return best.filter(function (w) { return !ctx.isStopWord(w); });
}

/**
 * Stems of the query words that spell a multi-word synonym ("money back"),
 * each mapped to the phrase's stems: the phrase is one idea, matched as a
 * phrase or by its synonyms, not word by word.
 */
function phraseStems(stems, ctx) {
  var out = Object.create(null);
  (ctx.synonyms || []).forEach(function (group) {
    group.forEach(function (member) {
      if (member.length > 1 && containsPhrase(stems, member, ctx.stem) >= 0) {
        var phrase = member.filter(function (w) { return !ctx.isStopWord(w); }).map(ctx.stem).join(" ");
        member.forEach(function (w) { if (out[ctx.stem(w)] === undefined) out[ctx.stem(w)] = phrase; });
      }
    });
  });
  return out;
}

/**
 * What the synonym groups add for the (stemmed) query words: {word, boost,
 * phrase, members} items, `members` the positions of the typed words that
 * matched the group, `phrase` the stems of a multi-word member.
 */
function synonymWords(stems, ctx) {
  var out = [];
  var inPhrase = Object.create(null);
  (ctx.synonyms || []).forEach(function (group) {
    group.forEach(function (member) {
      var at = member.length > 1 ? containsPhrase(stems, member, ctx.stem) : -1;
      for (var k = 0; at >= 0 && k < member.length; k++) inPhrase[at + k] = true;
    });
  });
  (ctx.synonyms || []).forEach(function (group) {
    var members = [];
    group.forEach(function (member) {
      var at = containsPhrase(stems, member, ctx.stem);
      // a word of a typed phrase ("delivery company") stands for the phrase, not for itself
      if (at >= 0 && !(member.length === 1 && inPhrase[at])) members.push(at);
    });
    if (!members.length) return;
    group.forEach(function (member) {
      if (containsPhrase(stems, member, ctx.stem) >= 0) return;
      var kept = member.filter(function (w) { return !ctx.isStopWord(w); });
      var phrase = kept.length > 1 ? kept.map(ctx.stem).join(" ") : undefined;
      kept.forEach(function (w) {
        if (stems.indexOf(ctx.stem(w)) >= 0) return;
        out.push({ word: w, boost: BOOST_SYNONYM, phrase: phrase, members: members });
      });
    });
  });
  return out;
}

/** Position of the first occurrence of a member's stems in the query's, or -1. */
function containsPhrase(stems, member, stem) {
  var wanted = member.map(stem);
  for (var i = 0; i + wanted.length <= stems.length; i++) {
    var all = true;
    for (var j = 0; j < wanted.length && all; j++) all = stems[i + j] === wanted[j];
    if (all) return i;
  }
  return -1;
}

/** lunr.Query#term options of a clause (`editDistance` only when positive: with it, even 0, lunr matches a "*" as one character). */
export function lunrOptions(clause, lunr) {
  var options = { boost: clause.boost, usePipeline: clause.usePipeline };
  if (clause.prefix) options.wildcard = lunr.Query.wildcard.TRAILING;
  if (clause.editDistance) options.editDistance = clause.editDistance;
  return options;
}
