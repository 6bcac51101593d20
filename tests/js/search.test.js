// The search modules (theme/static/js/search/) against lunr.js and against what
// kbgen/search/ computes (with the project's Python).
import test from "node:test";
import assert from "node:assert/strict";
import { pythonJson } from "./support/python.js";
import { runClauses } from "./support/lunr-reference.js";

import lunr from "../../theme/node_modules/lunr/lunr.js";
import { frontDecode } from "../../theme/static/js/search/decode.js";
import { createEngine, startEngine } from "../../theme/static/js/search/engine.js";
import { makeFolder } from "../../theme/static/js/search/fold.js";
import { buildClauses } from "../../theme/static/js/search/query.js";
import { roundLikePython } from "../../theme/static/js/search/score.js";
import { highlightRanges, selectSnippet } from "../../theme/static/js/search/snippet.js";

const py = pythonJson("import json; from tests.unit.search.test_search import node_fixtures; print(json.dumps(node_fixtures()))");

const QUERIES = [
  "authenticity", "authent", "membrship", "membership policy apple wallet", "points",
  "pints", "money back", "refund", "where is my parcel", "ups number", "cant log in",
  "don’t like it", "café", "👉 verify", "how", "the", "carrier", "1z", "delete account",
  "shiping", "pre order", "cancel my order", "zzzz",
];

function engineFor(set) {
  return createEngine(set.index, lunr, (name) => {
    if (!(name in set.parts)) throw new Error(`no part ${name}`);
    return set.parts[name];
  });
}

/**
 * [ref, score] of every result, best first, by the engine and by lunr.js over the whole
 * plain index, for a query's clauses other than phrase clauses (lunr has no phrases:
 * their rule is tested on its own below).
 */
async function bothRankings(engine, plainIndex, refs, text) {
  const clauses = (await engine.clauses(text)).filter((c) => !c.phrase);
  const ours = engine.rank(await engine.prepareClauses(clauses)).map((r) => [refs[r.doc], r.score]);
  const lunrs = runClauses(plainIndex, clauses, lunr).map((r) => [r.ref, r.score]);
  return [ours, lunrs];
}

const sets = [
  ["fixture (inline)", py.fixture, QUERIES],
  ["fixture (a shard per term, some shared)", py.fixtureSplit, QUERIES],
  ["shipped content (inline)", py.content, QUERIES],
  ["shipped content (split into shards)", py.contentSplit, QUERIES],
  ["generated 150 questions (split)", py.generated, QUERIES.concat(py.generated.queries)],
];

for (const [name, set, queries] of sets) {
  test(`${name}: ranks every query exactly as lunr.Index.load of the plain index`, async () => {
    const engine = engineFor(set);
    const plainIndex = lunr.Index.load(set.plain);
    let nonEmpty = 0;
    for (const q of queries) {
      const [ours, lunrs] = await bothRankings(engine, plainIndex, set.refs, q);
      assert.deepEqual(ours, lunrs, q);
      if (ours.length) nonEmpty++;
    }
    assert.ok(nonEmpty > queries.length / 2, `${nonEmpty} of ${queries.length} queries found something`);
  });

  test(`${name}: results carry the terms lunr's match data lists`, async () => {
    const engine = engineFor(set);
    const plainIndex = lunr.Index.load(set.plain);
    for (const q of queries.slice(0, 40)) {
      const clauses = await engine.clauses(q);
      if (clauses.some((c) => c.phrase)) continue;
      const hits = await engine.search(q);
      const lunrs = new Map(runClauses(plainIndex, clauses, lunr).map((r) => [r.ref, Object.keys(r.matchData.metadata).sort()]));
      assert.deepEqual(new Set(hits.map((h) => h.url)), new Set(lunrs.keys()), q);
      for (const h of hits) assert.deepEqual(h.terms.slice().sort(), lunrs.get(h.url), `${q}: ${h.url}`);
    }
  });
}

test("the page's engine prepares an inline index in slices, to the same index and results", async () => {
  const set = py.content;
  const sync = engineFor(set);
  const realSetTimeout = global.setTimeout;
  let yields = 0;
  global.setTimeout = (fn, ms) => { yields++; return realSetTimeout(fn, ms); };
  const realNow = performance.now.bind(performance);
  let clock = 0;
  performance.now = () => (clock += 3);  // every step "takes" 3 ms: a slice holds two or three
  let sliced;
  try {
    sliced = await startEngine(set.index, lunr, (name) => set.parts[name]);
  } finally {
    global.setTimeout = realSetTimeout;
    performance.now = realNow;
  }
  const steps = set.index.docs.length;
  assert.ok(yields >= steps / 3, `${yields} yields for ${steps} steps`);
  assert.deepEqual(sliced.index.terms, sync.index.terms);
  assert.deepEqual(sliced.index.lengths, sync.index.lengths);
  for (const q of QUERIES) assert.deepEqual(await sliced.search(q), await sync.search(q), q);
  assert.deepEqual(sliced.index.postings, sync.index.postings);
  await new Promise((resolve) => setTimeout(resolve, 50));  // the term Map, built in the background
  assert.ok(sliced.index.number instanceof Map && sliced.index.number.size === sync.index.terms.length);
  await assert.rejects(startEngine({ ...set.index, version: 1 }, lunr, null), /format 1 unsupported/);
});

test("the page's engine starts a split index without its vocabulary, to the same results", async () => {
  const set = py.contentSplit;
  const sync = engineFor(set);
  const fetched = [];
  const started = await startEngine(set.index, lunr, (name) => { fetched.push(name); return set.parts[name]; });
  assert.deepEqual(fetched, [], "nothing fetched before the first query");
  for (const q of QUERIES) assert.deepEqual(await started.search(q), await sync.search(q), q);
  assert.deepEqual(started.index.postings, sync.index.postings);  // the same shards fetched by then
  assert.deepEqual(started.index.terms, sync.index.terms);  // and the same vocabulary blocks
});

test("term numbers by binary search agree with the terms' positions", () => {
  // as the page's engine starts an inline index: looked up by binary search until the Map is built
  const set = py.content;
  const prepared = createEngine(set.index, lunr, null).index;
  const engine = createEngine(set.index, lunr, null, { terms: prepared.terms, lengths: prepared.lengths, postings: prepared.postings });
  assert.ok(!(engine.index.number instanceof Map), "the binary search, before the Map is built");
  const terms = engine.index.terms;
  terms.forEach((term, i) => assert.equal(engine.index.number.get(term), i));
  for (const absent of ["", "zzzzzz", terms[0] + "\u0000", "\uffff"]) {
    assert.equal(engine.index.number.has(absent), terms.includes(absent), absent);
  }
});

test("a split index's vocabulary comes in blocks: numbers, lookups and prefixes as over the whole list", async () => {
  const set = py.contentSplit;
  const fetched = [];
  const index = createEngine(set.index, lunr, (name) => { fetched.push(name); return set.parts[name]; }).index;
  const files = set.index.vocab.files.split(" ");
  const all = files.flatMap((name) => frontDecode(set.parts[`words/${name}.json`]));
  assert.ok(files.length > 1 && all.length === index.terms.length);
  assert.deepEqual(await index.settle(() => index.number.has(all[0])), true);
  assert.equal(fetched.length, 1, "one lookup, one block");
  assert.deepEqual(await index.settle(() => all.map((term) => index.number.has(term))), all.map(() => true));
  assert.equal(new Set(fetched).size, fetched.length, "each block fetched once");
  all.forEach((term, i) => assert.equal(index.number.get(term), i));
  assert.deepEqual(index.terms, all);
  for (const absent of ["", "zzzzzz", all[0] + "\u0000", "\uffff", all[all.length - 1] + "a"]) {
    assert.equal(await index.settle(() => index.number.has(absent)), false, absent);
  }
  for (const prefix of ["a", "po", "zz", all[7].slice(0, 3), all[all.length - 1]]) {
    const fresh = createEngine(set.index, lunr, (name) => set.parts[name]).index;
    assert.deepEqual(await fresh.settle(() => fresh.prefixed(prefix)), all.filter((t) => t.startsWith(prefix)), prefix);
  }
  assert.equal(index.alphabet, [...new Set(all.join(""))].sort().join(""));
});

test("split transport fetches only the shards a query needs, each once", async () => {
  const set = py.generated;
  const fetched = [];
  const engine = createEngine(set.index, lunr, (name) => { fetched.push(name); return set.parts[name]; });
  const shards = set.index.shards.length;
  const query = "How do I " + set.plain.invertedIndex[3][0];
  assert.ok((await engine.search(query, 6)).length > 0);
  const first = fetched.filter((n) => n.startsWith("terms/")).length;
  assert.ok(first >= 1 && first < shards, `${first} of ${shards} shards`);
  const blocks = fetched.filter((n) => n.startsWith("words/")).length, all = set.index.vocab.files.split(" ").length;
  assert.ok(blocks >= 1 && blocks < all / 2, `${blocks} of ${all} vocabulary blocks`);
  assert.ok(fetched.filter((n) => n.startsWith("docs/")).length <= 6);
  await engine.search(query, 6);
  assert.equal(new Set(fetched).size, fetched.length, "nothing fetched twice");
});

test("shards with the same bytes share a file, loaded for each range that names it", () => {
  const names = py.fixtureSplit.index.shards.map((shard) => shard[1]);
  assert.ok(new Set(names).size < names.length, "the fixture has shards with one name");
});

test("a failed fetch fails the query and is retried by the next", async () => {
  const set = py.generated;
  let fail = true;
  const engine = createEngine(set.index, lunr, (name) => {
    if (fail) return Promise.reject(new Error("offline"));
    return set.parts[name];
  });
  await assert.rejects(engine.search(py.generated.queries[1], 6));
  fail = false;
  assert.ok(Array.isArray(await engine.search(py.generated.queries[1], 6)));
});

test("prefix search expands to every term with the prefix", async () => {
  const engine = engineFor(py.content);
  for (const [typed, url] of [["auth", "product-inquiry/authenticity/"], ["memb", "membership/benefits/"]]) {
    const urls = (await engine.search(typed, 3)).map((h) => h.url);
    assert.ok(urls.includes(url), `${typed}: ${urls}`);
  }
});

test("lunr.js stems every word as kbgen's Python port does", () => {
  const wrong = Object.entries(py.stems).filter(([word, stem]) => lunr.stemmer(new lunr.Token(word)).toString() !== stem);
  assert.deepEqual(wrong, []);
  assert.ok(Object.keys(py.stems).length > 1000);
});

test("lunr.js and lunr.py share the stop words", () => {
  for (const word of py.stopWords) assert.equal(lunr.stopWordFilter(word), undefined, word);
  for (const word of ["refund", "order", "parcel", "points", "log"]) assert.equal(lunr.stopWordFilter(word), word);
});

test("folding matches fold_text on curly quotes, emoji, accents and other scripts", () => {
  const fold = makeFolder(py.fixture.index.normalize.apostrophes);
  for (const [text, folded] of Object.entries(py.folds)) assert.equal(fold(text), folded, text);
});

test("rounding matches Python's round(x, 3), ties included", () => {
  for (const [value, rounded] of py.rounds) assert.equal(roundLikePython(value), rounded, String(value));
});

test("every term is also a prefix; five letters or more tolerate a typo", async () => {
  const engine = engineFor(py.fixture);
  assert.equal((await engine.search("authent"))[0].url, "product-inquiry/authenticity/");
  assert.equal((await engine.search("verif"))[0].url, "product-inquiry/authenticity/");
  assert.equal((await engine.search("authentcity"))[0].url, "product-inquiry/authenticity/");
  assert.equal((await engine.search("membrship policy"))[0].url, "membership/");
  assert.equal((await engine.search("membership policy Apple Wallet"))[0].url, "membership/");
  assert.deepEqual(await engine.search("zzzz"), []);
});

test("clauses: stemmed exact, raw prefix, fuzzy from five letters for unknown words; stop words dropped", () => {
  const ctx = engineFor(py.fixture).ctx;
  const clauses = buildClauses("Where is my Parcels", ctx);
  const terms = clauses.filter((c) => !c.prefix && !c.editDistance && c.boost >= 10).map((c) => c.term);
  assert.deepEqual(terms, ["parcels"]);
  assert.ok(clauses.some((c) => c.term === "parcels" && c.prefix && c.usePipeline === false));
  // a word whose stem is an index term is taken as typed: no typo variants
  assert.ok(!clauses.some((c) => c.editDistance));
  assert.ok(buildClauses("parcelz", ctx).some((c) => c.term === "parcelz" && c.editDistance === 1));
  assert.ok(!clauses.some((c) => c.term === "where" || c.term === "is" || c.term === "my"));
  assert.ok(!buildClauses("ship", ctx).some((c) => c.editDistance));
  assert.deepEqual(buildClauses("   ", ctx), []);
  const onlyStop = buildClauses("how", ctx);
  assert.deepEqual(onlyStop.map((c) => [c.term, Boolean(c.prefix)]), [["how", true]]);
});

test("synonym groups expand at query time, phrases included", async () => {
  const ctx = engineFor(py.fixture).ctx;
  // the site's groups (the shipped vocabulary may add more words: those are not looked at here)
  const SITE = new Set(["money", "back", "refund", "refunds", "return", "parcel", "package", "order"]);
  const exact = (q) =>
    Object.fromEntries(
      buildClauses(q, ctx).filter((c) => !c.prefix && !c.editDistance && SITE.has(c.term)).map((c) => [c.term, c.boost])
    );
  // a typed phrase counts as one idea: its words weigh less than its synonyms
  assert.deepEqual(exact("money back"), { money: 3, back: 3, refund: 5, return: 5 });
  // a phrase reached through a synonym adds its words as a phrase: they count only together
  assert.deepEqual(exact("refunds"), { refunds: 10, return: 5, money: 5, back: 5 });
  const phrases = buildClauses("refunds", ctx).filter((c) => c.phrase).map((c) => [c.term, c.phrase]);
  assert.deepEqual(phrases, [["money", "money back"], ["back", "money back"]]);
  assert.deepEqual(exact("where is my parcel"), { parcel: 10, package: 5, order: 5 });
  const engine = engineFor(py.fixture);
  assert.equal((await engine.search("money back"))[0].url, "product-inquiry/refund-after-unboxing/");
});

test("highlight ranges cover whole words whose stem matched", () => {
  const ctx = engineFor(py.fixture).ctx;
  const text = "Opened ‘blind boxes’ can’t be returned—returns are closed.";
  const ranges = highlightRanges(text, ["box", "return"], ctx.fold, ctx.stem);
  assert.deepEqual(ranges.map(([a, b]) => text.slice(a, b)), ["boxes", "returned", "returns"]);
  assert.deepEqual(highlightRanges("Café 👉 cafés", ["cafe"], ctx.fold, ctx.stem).length, 2);
  assert.deepEqual(highlightRanges("nothing here", [], ctx.fold, ctx.stem), []);
});

test("snippet: a window around the densest matches, cut at word boundaries", () => {
  const filler = "lorem ipsum dolor sit amet ".repeat(20);
  const text = filler + "the refund policy says a refund takes days " + filler;
  const ranges = [];
  const re = /refund|policy/g;
  let m;
  while ((m = re.exec(text))) ranges.push([m.index, m.index + m[0].length]);
  const snippet = selectSnippet(text, ranges, 100);
  assert.ok(snippet.text.startsWith("\u2026 "));
  assert.ok(snippet.text.endsWith(" \u2026"));
  assert.ok(snippet.text.length <= 100 + 4);
  assert.deepEqual(snippet.ranges.map(([a, b]) => snippet.text.slice(a, b)), ["refund", "policy", "refund"]);
  const short = selectSnippet("short text", [[0, 5]], 100);
  assert.deepEqual(short, { text: "short text", ranges: [[0, 5]] });
  const none = selectSnippet(text, [], 50);
  assert.ok(none.text.startsWith("lorem") && none.text.endsWith(" \u2026"));
});

test("results carry what the list shows", async () => {
  const engine = engineFor(py.fixture);
  const [hit] = await engine.search("expiry");
  assert.equal(hit.url, "membership/points-validity/");
  assert.equal(hit.title, "How long are the points valid for?");
  assert.equal(hit.section, "POP MART Membership");
  assert.ok(hit.text.startsWith("Points are valid"));
  // "expiry" is itself a term: no typo variant ("expir") joins it
  assert.deepEqual(hit.terms.sort(), ["expiri"]);
  assert.deepEqual(engine.popular().map((p) => p.url), [
    "membership/points-validity/",
    "product-inquiry/authenticity/",
    "logistics/contact-your-carrier/",
  ]);
});

test("pasted essays stay cheap: queries are capped in length and words", async () => {
  const engine = engineFor(py.fixture);
  for (const text of ["x".repeat(5000), Array(400).fill("supercalifragilistic").join(" "), "points ".repeat(300)]) {
    const clauses = buildClauses(text, engine.ctx);
    assert.ok(clauses.length <= 12 * 4, `${clauses.length} clauses`);
    assert.ok(Array.isArray(await engine.search(text, 10)));
  }
});
