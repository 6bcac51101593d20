// Times the search modules (theme/static/js/search/) + lunr.js on built search
// files: the engine's start (index.json to a ready engine), then each query of a JSON
// list as the search page runs it (query building, expansion, ranking its best
// PAGE_LIMIT results: theme/static/js/search/ui.js), once its shards are loaded, each
// figure the best of several runs; and the gzipped bytes a first
// query fetches (lunr.min.js, index.json, the vocabulary blocks, shards and document
// files it needs), each query on a fresh engine. Prints JSON.
//
//   node bench/query_bench.mjs SEARCH_DIR QUERIES.json [ROUNDS]
//
// SEARCH_DIR holds index.json and the files it names (words/, terms/, docs/), and may hold
// lunr-runtime.js: the page's lunr.js of a site not in English (lunr.js, the language's
// lunr-languages files and their registration, kbgen/render/theme.py search_runtime),
// then run as the page runs it, as a classic script, and counted in its place.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import zlib from "node:zlib";

import plainLunr from "../theme/node_modules/lunr/lunr.js";
import { createEngine } from "../theme/static/js/search/engine.js";

// The most results a page asks for (ui.js PAGE_LIMIT): the page never ranks past them.
const PAGE_LIMIT = 50;
const REPO = fileURLToPath(new URL("..", import.meta.url));
let LUNR = path.join(REPO, "theme", "node_modules", "lunr", "lunr.min.js");
let lunr = plainLunr;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function gzipSize(bytes) {
  return zlib.gzipSync(bytes, { level: 9 }).length;
}

async function main() {
  const [dir, queriesPath, roundsArg] = process.argv.slice(2);
  const runtime = path.join(dir, "lunr-runtime.js");
  if (fs.existsSync(runtime)) {
    const page = {};
    vm.runInNewContext(fs.readFileSync(runtime, "utf8"), page);
    lunr = page.lunr;
    LUNR = runtime;
  }
  const indexBytes = fs.readFileSync(path.join(dir, "index.json"));
  const data = JSON.parse(indexBytes);
  const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"));
  const rounds = Number(roundsArg || 5);
  const sizes = new Map();
  const read = (name) => {
    const bytes = fs.readFileSync(path.join(dir, name));
    if (!sizes.has(name)) sizes.set(name, gzipSize(bytes));
    return JSON.parse(bytes);
  };

  // Best of several runs: the machine may be shared, and the minimum is the
  // figure least disturbed by other processes.
  let startMs = Infinity;
  let engine;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    engine = createEngine(data, lunr, read);
    startMs = Math.min(startMs, Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (const q of queries.slice(0, 20)) await engine.search(q, 10); // warm up the JIT
  const times = [];
  let found = 0;
  for (const q of queries) {
    if ((await engine.search(q, 10)).length) found++;
    let best = Infinity;
    for (let round = 0; round < rounds; round++) {
      const start = process.hrtime.bigint();
      const expansion = await engine.prepare(q);
      engine.reRank(expansion, PAGE_LIMIT);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.push(best);
  }
  times.sort((a, b) => a - b);

  const fixed = gzipSize(fs.readFileSync(LUNR)) + gzipSize(indexBytes);
  const firsts = [];
  for (const q of queries.slice(0, 60)) {
    const names = new Set();
    const fresh = createEngine(data, lunr, (name) => { names.add(name); return read(name); });
    await fresh.search(q, 6);
    let bytes = fixed;
    for (const name of names) bytes += sizes.get(name);
    firsts.push(bytes);
  }
  firsts.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      decode_ms: startMs,
      queries: queries.length,
      with_results: found,
      p50_ms: percentile(times, 50),
      p95_ms: percentile(times, 95),
      max_ms: times[times.length - 1],
      first_query_gzip_p50: percentile(firsts, 50),
      first_query_gzip_max: firsts[firsts.length - 1],
    })
  );
}

main();
