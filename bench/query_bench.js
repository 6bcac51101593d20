// Times search.js + lunr.js on an index.json: the decode (index.json to a loaded
// lunr.Index), then each query of a JSON list as the browser runs it (query
// building included), each figure the best of several runs. Prints JSON.
//
//   node bench/query_bench.js INDEX.json QUERIES.json [ROUNDS]
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const REPO = path.join(__dirname, "..");
const lunr = require(path.join(REPO, "theme", "node_modules", "lunr"));
const S = require(path.join(REPO, "theme", "static", "js", "search.js"));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function main() {
  const [indexPath, queriesPath, roundsArg] = process.argv.slice(2);
  const data = JSON.parse(fs.readFileSync(indexPath, "utf8"));
  const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"));
  const rounds = Number(roundsArg || 5);

  // Best of several runs, per query and for the decode: the machine may be shared,
  // and the minimum is the figure least disturbed by other processes.
  let decodeMs = Infinity;
  let engine;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    engine = S.createEngine(data, lunr);
    decodeMs = Math.min(decodeMs, Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (const q of queries.slice(0, 20)) engine.search(q, 10); // warm up the JIT
  const times = [];
  let found = 0;
  for (const q of queries) {
    let best = Infinity;
    for (let round = 0; round < rounds; round++) {
      const start = process.hrtime.bigint();
      const hits = engine.search(q, 10);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      if (round === 0 && hits.length) found++;
    }
    times.push(best);
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      decode_ms: decodeMs,
      queries: queries.length,
      with_results: found,
      p50_ms: percentile(times, 50),
      p95_ms: percentile(times, 95),
      max_ms: times[times.length - 1],
    })
  );
}

main();
