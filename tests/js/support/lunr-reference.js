// The reference the engine's ranking is held to: clauses run by lunr.js itself on a
// whole lunr.Index (lunr.Index.load of the plain serialization). Test-only.
"use strict";

const path = require("node:path");
const { REPO } = require("./python.js");

const S = require(path.join(REPO, "theme", "static", "js", "search-engine.js"));

/** lunr.Index#query with each clause's lunr options (search-text.js's lunrOptions). */
function runClauses(index, clauses, lunr) {
  if (!clauses.length) return [];
  return index.query((q) => {
    for (const c of clauses) q.term(c.term, S.lunrOptions(c, lunr));
  });
}

module.exports = { runClauses };
