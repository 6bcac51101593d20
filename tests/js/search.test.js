// search.js against lunr.js and against what kbgen/search.py computes (via python3).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const REPO = path.join(__dirname, "..", "..");
const lunr = require(path.join(REPO, "theme", "node_modules", "lunr"));
const S = require(path.join(REPO, "theme", "static", "js", "search.js"));

const py = JSON.parse(
  execFileSync("python3", ["-c", "import json; from tests.test_search import node_fixtures; print(json.dumps(node_fixtures()))"], {
    cwd: REPO,
    maxBuffer: 64 * 1024 * 1024,
    encoding: "utf8",
  })
);

const QUERIES = [
  "authenticity", "authent", "membrship", "membership policy apple wallet", "points",
  "pints", "money back", "refund", "where is my parcel", "ups number", "cant log in",
  "don’t like it", "café", "👉 verify", "how", "the", "carrier", "1z", "delete account",
  "shiping", "pre order", "cancel my order", "zzzz",
];

/** Equal JSON text (key order included), failing with the first difference only. */
function assertSameJson(actual, expected) {
  const a = JSON.stringify(actual), b = JSON.stringify(expected);
  if (a === b) return;
  let i = 0;
  while (a[i] === b[i]) i++;
  assert.fail(`JSON differs at ${i}:\n  got  ...${a.slice(i - 80, i + 80)}\n  want ...${b.slice(i - 80, i + 80)}`);
}

function contextFor(payload) {
  return S.createEngine(payload, lunr).ctx;
}

function results(index, text, ctx) {
  return S.runClauses(index, S.buildClauses(text, ctx), lunr).map((r) => [r.ref, r.score]);
}

const sets = [["fixture", py.fixture]];
if (py.content) sets.push(["shipped content", py.content]);

for (const [name, pair] of sets) {
  test(`${name}: decoded index is lunr.py's plain serialization, byte for byte`, () => {
    assertSameJson(S.decodeIndex(pair.payload, lunr), pair.plain);
  });

  test(`${name}: decoded and plain indexes answer every query identically`, () => {
    const ctx = contextFor(pair.payload);
    const fromCompact = lunr.Index.load(S.decodeIndex(pair.payload, lunr));
    const fromPlain = lunr.Index.load(pair.plain);
    for (const q of QUERIES) {
      assert.deepEqual(results(fromCompact, q, ctx), results(fromPlain, q, ctx), q);
    }
  });
}

if (py.contentEncoded) {
  test("shipped content with posting-encoded answers decodes to the same index", () => {
    assert.equal(py.contentEncoded.text, undefined);
    assertSameJson(S.decodeIndex(py.contentEncoded, lunr), py.content.plain);
  });

  test("compact transport is smaller than plain lunr JSON", () => {
    const plain = JSON.stringify(py.content.plain).length;
    const encoded = JSON.stringify(py.contentEncoded.encoded).length;
    assert.ok(encoded * 3 < plain, `${encoded} vs ${plain}`);
  });
}

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
  const fold = S.makeFolder(py.fixture.payload.normalize.apostrophes);
  for (const [text, folded] of Object.entries(py.folds)) assert.equal(fold(text), folded, text);
});

test("rounding matches Python's round(x, 3), ties included", () => {
  for (const [value, rounded] of py.rounds) assert.equal(S.roundLikePython(value), rounded, String(value));
});

test("every term is also a prefix; five letters or more tolerate a typo", () => {
  const engine = S.createEngine(py.fixture.payload, lunr);
  assert.equal(engine.search("authent")[0].url, "product-inquiry/authenticity/");
  assert.equal(engine.search("verif")[0].url, "product-inquiry/authenticity/");
  assert.equal(engine.search("authentcity")[0].url, "product-inquiry/authenticity/");
  assert.equal(engine.search("membrship policy")[0].url, "membership/");
  assert.equal(engine.search("membership policy Apple Wallet")[0].url, "membership/");
  assert.deepEqual(engine.search("zzzz"), []);
});

test("clauses: stemmed exact, raw prefix, fuzzy from five letters; stop words dropped", () => {
  const ctx = contextFor(py.fixture.payload);
  const clauses = S.buildClauses("Where is my Parcels", ctx);
  const terms = clauses.filter((c) => !c.prefix && !c.editDistance && c.boost >= 10).map((c) => c.term);
  assert.deepEqual(terms, ["parcels"]);
  assert.ok(clauses.some((c) => c.term === "parcels" && c.prefix && c.usePipeline === false));
  assert.ok(clauses.some((c) => c.term === "parcels" && c.editDistance === 1));
  assert.ok(!clauses.some((c) => c.term === "where" || c.term === "is" || c.term === "my"));
  assert.ok(!S.buildClauses("ship", ctx).some((c) => c.editDistance));
  assert.deepEqual(S.buildClauses("   ", ctx), []);
  const onlyStop = S.buildClauses("how", ctx);
  assert.deepEqual(onlyStop.map((c) => [c.term, Boolean(c.prefix)]), [["how", true]]);
});

test("synonym groups expand at query time, phrases included", () => {
  const ctx = contextFor(py.fixture.payload);
  const exact = (q) =>
    Object.fromEntries(S.buildClauses(q, ctx).filter((c) => !c.prefix && !c.editDistance).map((c) => [c.term, c.boost]));
  // a typed phrase counts as one idea: its words weigh less than its synonyms
  assert.deepEqual(exact("money back"), { money: 3, back: 3, refund: 5, return: 5 });
  // a phrase reached through a synonym adds its words, lightly
  assert.deepEqual(exact("refunds"), { refunds: 10, return: 5, money: 1.5, back: 1.5 });
  assert.deepEqual(exact("where is my parcel"), { parcel: 10, package: 5, order: 5 });
  const engine = S.createEngine(py.fixture.payload, lunr);
  assert.equal(engine.search("money back")[0].url, "product-inquiry/refund-after-unboxing/");
});

test("highlight ranges cover whole words whose stem matched", () => {
  const ctx = contextFor(py.fixture.payload);
  const text = "Opened ‘blind boxes’ can’t be returned—returns are closed.";
  const ranges = S.highlightRanges(text, ["box", "return"], ctx.fold, ctx.stem);
  assert.deepEqual(ranges.map(([a, b]) => text.slice(a, b)), ["boxes", "returned", "returns"]);
  assert.deepEqual(S.highlightRanges("Café 👉 cafés", ["cafe"], ctx.fold, ctx.stem).length, 2);
  assert.deepEqual(S.highlightRanges("nothing here", [], ctx.fold, ctx.stem), []);
});

test("snippet: a window around the densest matches, cut at word boundaries", () => {
  const filler = "lorem ipsum dolor sit amet ".repeat(20);
  const text = filler + "the refund policy says a refund takes days " + filler;
  const ranges = [];
  const re = /refund|policy/g;
  let m;
  while ((m = re.exec(text))) ranges.push([m.index, m.index + m[0].length]);
  const snippet = S.selectSnippet(text, ranges, 100);
  assert.ok(snippet.text.startsWith("\u2026 "));
  assert.ok(snippet.text.endsWith(" \u2026"));
  assert.ok(snippet.text.length <= 100 + 4);
  assert.deepEqual(snippet.ranges.map(([a, b]) => snippet.text.slice(a, b)), ["refund", "policy", "refund"]);
  const short = S.selectSnippet("short text", [[0, 5]], 100);
  assert.deepEqual(short, { text: "short text", ranges: [[0, 5]] });
  const none = S.selectSnippet(text, [], 50);
  assert.ok(none.text.startsWith("lorem") && none.text.endsWith(" \u2026"));
});

test("results carry what the list shows", () => {
  const engine = S.createEngine(py.fixture.payload, lunr);
  const [hit] = engine.search("expiry");
  assert.equal(hit.url, "membership/points-validity/");
  assert.equal(hit.title, "How long are the points valid for?");
  assert.equal(hit.section, "POP MART Membership");
  assert.ok(hit.text.startsWith("Points are valid"));
  assert.deepEqual(hit.terms.sort(), ["expir", "expiri"]);
  assert.deepEqual(engine.popular().map((p) => p.url), [
    "membership/points-validity/",
    "product-inquiry/authenticity/",
    "logistics/contact-your-carrier/",
  ]);
});

test("pasted essays stay cheap: queries are capped in length and words", () => {
  const ctx = contextFor(py.fixture.payload);
  const engine = S.createEngine(py.fixture.payload, lunr);
  for (const text of ["x".repeat(5000), Array(400).fill("supercalifragilistic").join(" "), "points ".repeat(300)]) {
    const start = process.hrtime.bigint();
    const clauses = S.buildClauses(text, ctx);
    engine.search(text, 10);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.ok(clauses.length <= 12 * 4, `${clauses.length} clauses`);
    assert.ok(ms < 200, `${ms} ms`);
  }
});
