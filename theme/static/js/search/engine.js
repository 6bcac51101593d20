/*
 * kbgen search, engine: a query's clauses expanded over the index, the term
 * shards and document files it needs fetched, its documents ranked and re-ranked
 * (search/expand.js, search/score.js, search/rerank.js) and turned into hits.
 * lunr.js is passed in: the page loads it as a classic script (window.lunr),
 * node tests require it.
 */

import { expandQuery, typoTerms } from "./expand.js";
import { makeFolder } from "./fold.js";
import { makeIndex, mapTermsInSlices, prepareInSlices } from "./index.js";
import { buildClauses } from "./query.js";
import { isWeak, reRank } from "./rerank.js";
import { matchedTerms, rankExpanded } from "./score.js";

const FORMAT_VERSION = 6;

/**
 * A search engine over the index file's data; lunr is the lunr.js module and
 * `load(name)` returns (a promise of) the parsed JSON of a file the index
 * names, relative to it. Inline indexes never call it.
 */
export function createEngine(data, lunr, load, prepared) {
  checkVersion(data);
  var fold = makeFolder(data.normalize.apostrophes);
  var index = makeIndex(data, lunr, fold, load, prepared);
  var search = lunr.Pipeline.load(data.pipeline.search);
  var ctx = queryContext(data, lunr, fold, index, search);
  var rows = docRows(data, load);

  // a split index's vocabulary comes in blocks: `settle` runs the work again until every block it looks at is there;
  // then the shards of the expansion's terms are fetched
  function expanded(expand) {
    return index.settle(expand).then(function (expansion) {
      return index.ensure(expansion.order).then(function () { return expansion; });
    });
  }

  function prepareClauses(clauses) {
    return expanded(function () { return expandQuery(index, clauses, lunr, search); });
  }

  function clauses(text) {
    return index.settle(function () { return buildClauses(text, ctx); });
  }

  function prepare(text) {
    return expanded(function () { return expandQuery(index, buildClauses(text, ctx), lunr, search); });
  }

  function answer(text, limit) {
    return results(text, limit).then(function (found) {
      return found.hits(0, found.count).then(function (list) {
        return { hits: list, weak: found.weak };
      });
    });
  }

  /**
   * The best `limit` results of a query, ranked, without their text yet:
   * {count, weak, hits(from, to)}, where `hits` fetches the document files
   * of those results only (a page shows the first few and more on request).
   */
  function results(text, limit) {
    return prepare(text).then(function (expansion) {
      var ranked = reRank(index, expansion, limit);
      return {
        count: ranked.length,
        weak: isWeak(ranked),
        hits: function (from, to) { return hits(ranked.slice(from, to), expansion); }
      };
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
    /** `prepare` for given clauses (what `clauses` gives). */
    prepareClauses: prepareClauses,
    /** A promise of a query's clauses (buildClauses once the vocabulary it looks at is loaded). */
    clauses: clauses,
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
    /** A promise of {count, weak, hits(from, to)}: the ranking first, each slice's text when it is shown. */
    results: results,
    /** The popular questions, as hits without text. */
    popular: function () { return popularHits(data); }
  };
}

function checkVersion(data) {
  if (data.version !== FORMAT_VERSION) throw new Error("search index format " + data.version + " unsupported");
}

/**
 * createEngine for the page: a promise of the same engine, its index prepared
 * in slices that yield to the browser between them (an inline index's
 * postings derived).
 */
export function startEngine(data, lunr, load) {
  return Promise.resolve().then(function () {
    checkVersion(data);
    return prepareInSlices(data, lunr, makeFolder(data.normalize.apostrophes)).then(function (prepared) {
      var engine = createEngine(data, lunr, load, prepared);
      // in the background (inline): queries search the sorted terms until it is done
      if (data.text) mapTermsInSlices(engine.index);
      // and one more task before the first query runs
      return new Promise(function (resolve) { setTimeout(function () { resolve(engine); }, 0); });
    });
  });
}

/** What buildClauses needs of the index: folding, stemming (memoised), stop words, terms, synonyms, typos. */
function queryContext(data, lunr, fold, index, search) {
  // lunr's English filter, or the site language's (kbgen-stop-<code>, registered by the page's search script)
  var stopName = data.pipeline.index.filter(function (name) {
    return name === "stopWordFilter" || name.indexOf("kbgen-stop-") === 0;
  })[0];
  var stopWord = stopName ? lunr.Pipeline.registeredFunctions[stopName] : null;
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

/**
 * A function from document numbers to a promise of their rows `[section, slug, title, tags, text]`: the
 * section a number into `data.sections` (inline), or `[slug, title]` itself (a split index's files).
 */
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
      var name = "docs/" + data.docs.groups[Math.floor(number / groupFiles)] + "-" + number + ".json";
      if (!docFiles[name]) {
        docFiles[name] = Promise.resolve(load(name));
        docFiles[name].catch(function () { delete docFiles[name]; });
      }
      return docFiles[name].then(function (file) { return file[d % per]; });
    }));
  };
}

function popularHits(data) {
  return (data.popular || []).map(function (item) {
    var row = data.text ? data.docs[item] : item.slice(1);
    return hit(data, [row[0], row[1], row[2], "", ""], [], 0);
  });
}

/** pack_synonyms (kbgen/search/) undone: groups of members of folded words. */
function unpackSynonyms(text) {
  return text ? text.split(";").map(function (group) {
    return group.split("|").map(function (member) { return member.split(" "); });
  }) : [];
}

function hit(data, row, terms, score) {
  var section = typeof row[0] === "number" ? data.sections[row[0]] : row[0], slug = section[0];
  return {
    url: row[1] ? slug + "/" + row[1] + "/" : slug + "/",
    title: row[2],
    section: section[1],
    text: row[4] || "",
    terms: terms,
    score: score
  };
}
