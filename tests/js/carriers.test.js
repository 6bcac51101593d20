// The JS carrier matcher against the shared vectors (pytest runs the same file).
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as carriers from "../../theme/static/js/carriers.js";

const data = fileURLToPath(new URL("../data/", import.meta.url));
const rules = JSON.parse(fs.readFileSync(path.join(data, "carrier_rules.json"), "utf8"));
const vectors = JSON.parse(fs.readFileSync(path.join(data, "carrier_vectors.json"), "utf8"));

for (const v of vectors) {
  test(`vector: ${v.note}`, () => {
    const match = carriers.matchCarrier(v.input, rules);
    const got = match && { carrier: match.carrier.name, number: match.number, url: match.url };
    const want = v.carrier === null ? null : { carrier: v.carrier, number: v.number, url: v.url };
    assert.deepEqual(got, want);
  });
}

test("match returns the rule object and the winning prefix", () => {
  const match = carriers.matchCarrier("spxl 1", rules);
  assert.equal(match.carrier, rules.find((r) => r.name === "Test Longer"));
  assert.equal(match.prefix, "SPXL");
});

test("tie goes to the rule listed first", () => {
  const tie = [
    { name: "First", prefixes: ["AB"], website: "https://first.example/" },
    { name: "Second", prefixes: ["ab"], website: "https://second.example/" },
  ];
  assert.equal(carriers.matchCarrier("AB1", tie).carrier.name, "First");
});

test("every placeholder is replaced, literally", () => {
  const rule = { name: "T", prefixes: ["T"], website: "https://t.example/", track_url: "https://t.example/{number}?q={number}" };
  assert.equal(carriers.matchCarrier("t $&1", [rule]).url, "https://t.example/T%24%261?q=T%24%261");
});

test("normalizeTrackingNumber", () => {
  assert.equal(carriers.normalizeTrackingNumber("1z 999-aa1"), "1Z999AA1");
  assert.equal(carriers.normalizeTrackingNumber("a\u00a0b\u2009c\u3000d\u200be\ufeff"), "ABCDE");
  assert.equal(carriers.normalizeTrackingNumber("stra\u00dfe"), "STRASSE");
  assert.equal(carriers.normalizeTrackingNumber(undefined), "");
  assert.equal(carriers.matchCarrier(null, rules), null);
});
