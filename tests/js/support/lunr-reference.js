// The reference the engine's ranking is held to: clauses run by lunr.js itself on a
// whole lunr.Index (lunr.Index.load of the plain serialization). Test-only.

import { lunrOptions } from "../../../theme/static/js/search/query.js";

/** lunr.Index#query with each clause's lunr options (search/query.js's lunrOptions). */
function runClauses(index, clauses, lunr) {
  if (!clauses.length) return [];
  return index.query((q) => {
    for (const c of clauses) q.term(c.term, lunrOptions(c, lunr));
  });
}

export { runClauses };
