/*
 * kbgen default theme, words: what the scripts say, in the page's language. The page carries them
 * (partials/words.html writes a JSON block, #kb-words); this module only looks them up and fills in
 * `{name}` values. A missing block or word gives the key itself, so a broken page still says something.
 */

const block = typeof document !== "undefined" ? document.getElementById("kb-words") : null;
const language = typeof document !== "undefined" ? document.documentElement.lang || "en" : "en";
let table = {};
try {
  table = block ? JSON.parse(block.textContent) : {};
} catch (e) {
  table = {};
}
// Counts in the digits of the page's own numbers (Babel writes Latin digits for every shipped language).
const numbers = new Intl.NumberFormat(language, { numberingSystem: "latn", useGrouping: true });
const plurals = new Intl.PluralRules(language);

/** The text of `key` with each `{name}` replaced by values[name]. */
export function word(key, values) {
  var text = typeof table[key] === "string" ? table[key] : key;
  return text.replace(/\{(\w+)\}/g, function (whole, name) {
    return values && name in values ? String(values[name]) : whole;
  });
}

/** The counted message `key` for n, in the plural form the language uses for n. */
export function counted(key, n) {
  var forms = table[key] || {};
  var text = forms[plurals.select(n)] || forms.other || key;
  return text.replace("{n}", numbers.format(n));
}

/**
 * The text of `key` as pieces: strings, and in place of each `{name}` the node values[name] (a link, a
 * <strong>), so that a sentence keeps its words in the language's order around them.
 */
export function wordParts(key, values) {
  var text = typeof table[key] === "string" ? table[key] : key;
  return text.split(/(\{\w+\})/).filter(function (part) { return part !== ""; }).map(function (part) {
    var name = /^\{(\w+)\}$/.exec(part);
    return name && values && name[1] in values ? values[name[1]] : part;
  });
}
