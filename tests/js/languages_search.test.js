// Search in German, Spanish, French, Japanese, Chinese and Arabic (tests/support/language_sites.py): the browser derives
// an inline index's terms and lengths exactly as the build does, and short queries find their questions,
// wherever the words stand in a sentence.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pythonJson } from "./support/python.js";

import lunr from "../../theme/node_modules/lunr/lunr.js";
import { createEngine } from "../../theme/static/js/search/engine.js";

const require = createRequire(import.meta.url);
require("../../theme/node_modules/lunr-languages/lunr.stemmer.support.js")(lunr);
require("../../theme/node_modules/lunr-languages/lunr.de.js")(lunr);
require("../../theme/node_modules/lunr-languages/lunr.fr.js")(lunr);
require("../../theme/node_modules/lunr-languages/lunr.es.js")(lunr);
require("../../theme/node_modules/lunr-languages/lunr.ar.js")(lunr);
const register = require("../../theme/search-languages.cjs");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kbgen-languages-"));
const py = pythonJson(`
import json
from pathlib import Path
from kbgen.search.languages import search_language
from tests.support.language_sites import search_fixtures
out = search_fixtures(Path(${JSON.stringify(tmp)}))
for code in out:
    out[code]["stopWords"] = " ".join(sorted(search_language(code).stop_words))
print(json.dumps(out, ensure_ascii=False))
`);
fs.rmSync(tmp, { recursive: true, force: true });
for (const code of Object.keys(py)) register(lunr, code, py[code].stopWords);

function engines(code) {
  const set = py[code];
  return [
    ["inline", createEngine(set.inline, lunr, () => { throw new Error("inline"); })],
    ["split", createEngine(set.split, lunr, (name) => set.parts[name])],
  ];
}

/** [query, the question title that must come first] per language. */
const FINDS = {
  de: [
    ["Rückerstattungen", "Wie bekomme ich eine Rückerstattung?"],
    ["rückerstattung", "Wie bekomme ich eine Rückerstattung?"],
    ["Stornierung der Bestellungen", "Kann ich eine Bestellung stornieren?"],
    ["kostenlose Versandkosten", "Welche Versandkosten fallen an?"],
  ],
  fr: [
    ["remboursement", "Comment obtenir un remboursement ?"],
    ["annulation de la commande", "Puis-je annuler ma commande ?"],
    ["délai livraisons", "Quels sont les délais de livraison ?"],
    ["adhésion", "Quels sont les avantages de l’adhésion ?"], // an elided « l’ » splits off, as lunr-languages expects
    ["achat", "Quels sont les avantages de l’adhésion ?"],
  ],
  es: [
    ["reembolsos", "¿Cómo solicito un reembolso?"],
    ["cancela pedidos", "¿Puedo cancelar mi pedido?"],
    ["envíos", "¿Cuánto tarda el envío?"],
  ],
  ja: [
    ["営業日", "商品はいつ届きますか？"],
    ["お届け", "商品はいつ届きますか？"],
    ["営業", "商品はいつ届きますか？"],
    ["送料", "送料はいくらですか？"],
    ["追跡番号", "配送状況を確認できますか？"],
    ["番号", "配送状況を確認できますか？"],
    ["交換", "ブラインドボックスの交換はできますか？"],
    ["未開封", "返品はできますか？"],
  ],
  ar: [
    ["نقاط", "ما مدة صلاحية النقاط؟"], // the question says النقاط: lunr-languages' Arabic stemmer joins them
    ["تتبع", "كيف أتتبع شحنتي؟"],
    ["التكلفة", "كم تبلغ تكلفة الشحن؟"],
    ["البطاقة", "كيف أسترد أموالي؟"],
  ],
  zh: [
    ["退款", "如何申请退款？"],
    ["发货", "我的订单什么时候发货？"],
    ["工作日", "我的订单什么时候发货？"],
    ["免费配送", "运费是多少？"],
    ["快递单号", "如何查询物流信息？"],
    ["单号", "如何查询物流信息？"],
    ["盲盒", "盲盒可以退换吗？"],
    ["积分", "会员积分怎么使用？"],
    ["抵扣", "会员积分怎么使用？"],
  ],
};

for (const code of Object.keys(FINDS)) {
  test(`${code}: the browser derives the inline index's terms and field lengths as the build does`, () => {
    const engine = createEngine(py[code].inline, lunr, () => null);
    assert.deepEqual(engine.index.terms, py[code].terms);
    assert.deepEqual(engine.index.lengths.map((list) => Array.from(list)), py[code].lengths);
  });

  for (const [kind, engine] of engines(code)) {
    test(`${code} (${kind}): short queries find their question first`, async () => {
      for (const [query, title] of FINDS[code]) {
        const { hits, weak } = await engine.answer(query, 10);
        assert.ok(hits.length, `${query}: nothing found`);
        assert.equal(hits[0].title, title, `${query} → ${hits.map((h) => h.title).join(" | ")}`);
        assert.equal(weak, false, `${query}: a weak result`);
      }
    });
  }
}

test("de: the language's stop words are left out of the index and of queries", async () => {
  assert.ok(!py.de.terms.includes("und") && !py.de.terms.includes("der") && !py.de.terms.includes("ich"));
  const [, engine] = engines("de")[0];
  const clauses = (await engine.prepare("wie lange dauert der Versand")).conceptCount;
  assert.equal(clauses, 3); // lange, dauert, versand
});

test("ja: 届く finds the question that says 届きます, not the answer's お届け (another verb, 届ける)", async () => {
  const [, engine] = engines("ja")[0];
  const { hits } = await engine.answer("届く", 10);
  // the terms of 届く are 届く and 届 + く: the question 商品はいつ届きますか holds 届き, not 届く; the answer's
  // お届けします holds お届, 届け; only a lemmatizer (届き → 届く) would join them
  assert.deepEqual(hits.map((hit) => hit.title), []);
});

/**
 * [query, the question that must come first] found only through the shipped vocabulary of the index's language
 * (kbgen/data/shop_vocabulary.<language>.yaml): no word of the query is in the question or its answer.
 */
const THROUGH_SYNONYMS = {
  fr: [
    ["paquet", "Puis-je annuler ma commande ?"], // the answer says « colis »
    ["récupérer mon argent", "Comment obtenir un remboursement ?"],
    ["envoi", "Quels sont les délais de livraison ?"],
  ],
  de: [
    ["Päckchen", "Kann ich eine Bestellung stornieren?"], // the answer says „Paket“
    ["Geld zurück", "Wie bekomme ich eine Rückerstattung?"],
  ],
  es: [
    ["bulto", "¿Puedo cancelar mi pedido?"], // the answer says «paquete»
    ["devolver el dinero", "¿Cómo solicito un reembolso?"],
    ["anular", "¿Puedo cancelar mi pedido?"],
  ],
  ja: [
    ["出荷", "配送状況を確認できますか？"], // the question says 配送, the answer 発送
    ["返却", "返品はできますか？"],
    ["運賃", "送料はいくらですか？"],
  ],
};

for (const code of Object.keys(THROUGH_SYNONYMS)) {
  test(`${code}: the language's shop vocabulary finds what the question's own words do not`, async () => {
    const bare = createEngine({ ...py[code].inline, synonyms: "" }, lunr, () => null);
    for (const [kind, engine] of engines(code)) {
      for (const [query, title] of THROUGH_SYNONYMS[code]) {
        const { hits, weak } = await engine.answer(query, 10);
        assert.ok(hits.length, `${kind} ${query}: nothing found`);
        assert.equal(hits[0].title, title, `${kind} ${query} → ${hits.map((h) => h.title).join(" | ")}`);
        assert.equal(weak, false, `${kind} ${query}: a weak result`);
      }
    }
    for (const [query, title] of THROUGH_SYNONYMS[code]) {
      const { hits, weak } = await bare.answer(query, 10);
      assert.ok(weak || !hits.some((hit) => hit.title === title), `${query}: found without the vocabulary`);
    }
  });
}

test("ja: every two- or three-character run of kanji or katakana in a question finds it among the first three", async () => {
  const CONTENT = /[\u4E00-\u9FFF\u30A1-\u30FA]/u;
  const JAPANESE = /^[\u3005\u4E00-\u9FFF\u3041-\u30FF]+$/u;
  const titles = py.ja.inline.docs.map((row) => row[1]).filter((title) => JAPANESE.test(title.replace(/[？、。]/gu, "")));
  assert.ok(titles.length >= 5, titles.join(" | "));
  for (const [kind, engine] of engines("ja")) {
    let queries = 0;
    for (const title of titles) {
      const chars = Array.from(title);
      for (const n of [2, 3]) {
        for (let i = 0; i + n <= chars.length; i++) {
          const query = chars.slice(i, i + n).join("");
          if (!JAPANESE.test(query) || !CONTENT.test(query)) continue;
          const { hits } = await engine.answer(query, 10);
          const rank = hits.findIndex((hit) => hit.title.startsWith(title));
          assert.ok(rank >= 0 && rank < 3, `${kind} ${query} (${title}) → ${hits.map((h) => h.title).join(" | ")}`);
          queries++;
        }
      }
    }
    assert.ok(queries >= 40, `${queries} queries`);
  }
});
