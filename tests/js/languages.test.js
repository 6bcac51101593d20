// The build's analyzers (kbgen/search/languages.py) against the browser's (lunr.js, lunr-languages
// and theme/search-languages.cjs): the same stems and bigrams, word for word, over the words
// of Babel's CLDR data (tests/support/cldr_words.py).
import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { pythonJson } from "./support/python.js";

import lunr from "../../theme/node_modules/lunr/lunr.js";
import { makeFolder } from "../../theme/static/js/search/fold.js";

const require = createRequire(import.meta.url);
const LANGUAGES = ["en", "fr", "de", "es", "it", "nl", "pt", "ru", "ar"];

require("../../theme/node_modules/lunr-languages/lunr.stemmer.support.js")(lunr);
for (const code of LANGUAGES.slice(1)) require(`../../theme/node_modules/lunr-languages/lunr.${code}.js`)(lunr);
const register = require("../../theme/search-languages.cjs");

const py = pythonJson(`
import json
from tests.support.cldr_words import cldr_words
from kbgen.search.languages import search_language
from kbgen.search.text import APOSTROPHES, fold_text
out = {"apostrophes": APOSTROPHES, "words": {}}
for code in ${JSON.stringify(LANGUAGES)}:
    language = search_language(code)
    words = cldr_words(code)
    out["words"][code] = {"words": words, "stems": [language.term(fold_text(w)) for w in words],
                          "raw": [language.term(w) for w in words]}
print(json.dumps(out, ensure_ascii=False))
`);
const fold = makeFolder(py.apostrophes);

function browserStemmer(code) {
  return lunr.Pipeline.load([code === "en" ? "stemmer" : `stemmer-${code}`]);
}

for (const code of LANGUAGES) {
  test(`${code}: the build stems every CLDR word as the browser does (folded, as both sides index it)`, () => {
    const { words, stems } = py.words[code];
    assert.ok(words.length >= 3000, `${words.length} words`);
    assert.ok(words.filter((w) => /[^\x00-\x7f]/.test(w)).length >= 50, "non-ASCII words included");
    const pipeline = browserStemmer(code);
    const differ = words.filter((w, i) => pipeline.runString(fold(w))[0] !== stems[i]);
    assert.deepEqual(differ.slice(0, 20), [], `${differ.length} of ${words.length} differ`);
  });

  test(`${code}: as written (accents kept), only the letters the fold settles differ`, () => {
    const { words, raw } = py.words[code];
    const pipeline = browserStemmer(code);
    const differ = words.filter((w, i) => pipeline.runString(w)[0] !== raw[i]);
    // lunr-languages' stemmers are older Snowball than snowballstemmer 2.2.0 on French ï, Russian ё and
    // Portuguese -ução: folded (i, е, ucao), as both sides index them, the test above finds them alike
    assert.deepEqual(differ.filter((w) => !/ï|ё|uçã|uçõ/.test(w)), [], `${differ.length} differ`);
  });
}

const cjk = pythonJson(`
import json
from tests.support.cldr_words import cldr_words
from kbgen.search.languages import search_language
print(json.dumps({code: [[w, search_language(code).terms(w)] for w in cldr_words(code)] for code in ("ja", "zh")},
                 ensure_ascii=False))
`);
register(lunr, "ja", "");
register(lunr, "zh", "");

for (const [code, name] of [["ja", "kbgen-bigram-ja"], ["zh", "kbgen-bigram"]]) {
  test(`${code}: the build cuts every CLDR name into the browser's terms (${name})`, () => {
    const rows = cjk[code];
    assert.ok(rows.length >= 2500, `${rows.length} names`);
    const pipeline = lunr.Pipeline.load([name]);
    const differ = rows.filter(([word, terms]) => JSON.stringify(pipeline.runString(word)) !== JSON.stringify(terms));
    assert.deepEqual(differ.slice(0, 10), [], `${differ.length} of ${rows.length} differ`);
  });
}
