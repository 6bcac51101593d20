// Findability report: both halves of tests/data/findability.yaml (the held-out half is
// measured here only), per kind, with the browser's search code and the real lunr.js on
// the shipped content's index. "none" rows count a correct "no results".
//
//   node bench/findability_bench.mjs [--misses] [--half tune|held]
import * as F from "../tests/js/support/findability.js";

async function main() {
  const args = process.argv.slice(2);
  const { payload, queries } = F.load();
  const half = args.includes("--half") ? args[args.indexOf("--half") + 1] : null;
  const rows = await F.score(F.engineFor(payload), half ? queries.filter((q) => q.half === half) : queries);
  console.log(F.report(F.summarise(rows)));
  if (args.includes("--misses")) {
    for (const r of rows.filter((row) => !row.top1)) {
      const mark = r.top3 ? "not first" : "MISS     ";
      console.log(`${r.half} ${r.kind.padEnd(8)} ${mark} ${JSON.stringify(r.query)} -> ${r.top.join(", ") || "(no results)"}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
