// Relevance: tests/data/search_queries.yaml against the shipped content's index,
// with the real lunr.js and search/query.js's own query building (what the browser runs).
import test from "node:test";
import assert from "node:assert/strict";
import { pythonJson } from "./support/python.js";

import lunr from "../../theme/node_modules/lunr/lunr.js";
import { createEngine } from "../../theme/static/js/search/engine.js";

const TOP3_MIN = 0.95;

const PYTHON = `
import json, yaml
from kbgen.load.loader import load_help_center
from kbgen.search.shards import search_transport
hc, _ = load_help_center("content")
queries = yaml.safe_load(open("tests/data/search_queries.yaml", encoding="utf-8"))
print(json.dumps({"payload": search_transport(hc).index, "queries": queries}))
`;

const { payload, queries } = pythonJson(PYTHON);

/** Every query's top three URLs, and whether it hit. */
async function evaluate(engine) {
  const rows = [];
  for (const { query, expect } of queries) {
    const top = (await engine.search(query, 3)).map((r) => r.url);
    rows.push({ query, expect, top, top1: expect.includes(top[0]), top3: top.some((url) => expect.includes(url)) });
  }
  return rows;
}

test("relevance set is well formed", () => {
  assert.ok(queries.length >= 60, `${queries.length} queries`);
  const urls = new Set(payload.docs.map((row) => (row[1] ? `${payload.sections[row[0]][0]}/${row[1]}/` : `${payload.sections[row[0]][0]}/`)));
  for (const { query, expect } of queries) {
    assert.ok(query && expect.length, query);
    for (const url of expect) assert.ok(urls.has(url), `${query}: unknown URL ${url}`);
  }
});

test(`top-3 rate is at least ${TOP3_MIN * 100} %`, async () => {
  const rows = await evaluate(createEngine(payload, lunr));
  const top1 = rows.filter((r) => r.top1).length;
  const top3 = rows.filter((r) => r.top3).length;
  const pct = (n) => ((100 * n) / rows.length).toFixed(1);
  console.log(`relevance: ${rows.length} queries, top-1 ${top1} (${pct(top1)} %), top-3 ${top3} (${pct(top3)} %)`);
  for (const r of rows.filter((row) => !row.top1)) {
    console.log(`  ${r.top3 ? "not first" : "MISS     "}  ${JSON.stringify(r.query)} -> ${r.top.join(", ") || "(nothing)"}`);
  }
  assert.ok(top3 / rows.length >= TOP3_MIN, `top-3 ${pct(top3)} %`);
});
