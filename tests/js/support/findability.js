// Scores the findability evaluation (tests/data/findability.yaml) with the browser's own
// search code (search/engine.js + the real lunr.js) on the shipped content's index: per
// query its first three results and whether the page would say "no results"; per half and
// kind the first-hit rate, the top-3 rate and, for kind "none", the no-answer correct rate.
import { pythonJson } from "./python.js";

import lunr from "../../../theme/node_modules/lunr/lunr.js";
import { createEngine } from "../../../theme/static/js/search/engine.js";

const PYTHON = `
import json, yaml
from kbgen.load.loader import load_help_center
from kbgen.search.shards import search_transport
hc, _ = load_help_center("content")
queries = yaml.safe_load(open("tests/data/findability.yaml", encoding="utf-8"))
print(json.dumps({"payload": search_transport(hc).index, "queries": queries}))
`;

function load() {
  return pythonJson(PYTHON);
}

/** The page's answer to a query: the first three URLs, or none when it says "no results". */
async function answer(engine, query) {
  const result = engine.answer ? await engine.answer(query, 3) : { hits: await engine.search(query, 3), weak: false };
  return result.weak ? [] : result.hits.map((hit) => hit.url);
}

async function score(engine, queries) {
  const rows = [];
  for (const q of queries) {
    const top = await answer(engine, q.query);
    const none = !q.expect.length;
    rows.push({
      ...q,
      top,
      top1: none ? !top.length : q.expect.includes(top[0]),
      top3: none ? !top.length : top.some((url) => q.expect.includes(url)),
    });
  }
  return rows;
}

/** {half: {kind: {n, top1, top3}}} with an "all" kind; for "none", top1 = top3 = correct "no results". */
function summarise(rows) {
  const out = {};
  for (const r of rows) {
    for (const kind of [r.kind, "all"]) {
      const half = (out[r.half] ||= {});
      const cell = (half[kind] ||= { n: 0, top1: 0, top3: 0 });
      cell.n++;
      cell.top1 += r.top1 ? 1 : 0;
      cell.top3 += r.top3 ? 1 : 0;
    }
  }
  return out;
}

function pct(n, d) {
  return d ? ((100 * n) / d).toFixed(0).padStart(3) + " %" : "  -  ";
}

/** A table: one line per kind, both halves side by side. */
function report(summary) {
  const kinds = ["keyword", "question", "typo", "synonym", "prefix", "compound", "none", "all"];
  const lines = ["kind        | tune  n  first  top-3  | held  n  first  top-3"];
  for (const kind of kinds) {
    const cells = ["tune", "held"].map((half) => {
      const c = (summary[half] || {})[kind];
      return c ? `${String(c.n).padStart(7)} ${pct(c.top1, c.n)} ${pct(c.top3, c.n)}` : "";
    });
    lines.push(`${kind.padEnd(11)} | ${cells[0]}  | ${cells[1]}`);
  }
  return lines.join("\n");
}

function engineFor(payload) {
  return createEngine(payload, lunr);
}

export { load, score, summarise, report, engineFor, answer };
