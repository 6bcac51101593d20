/*
 * kbgen search, languages: the lunr pipeline functions the index file names
 * for a site not in English (kbgen/search/languages.py is the build's side of
 * each). Not a page module: kbgen/render/theme.py appends this file and one
 * call of it to lunr.js and the site language's lunr-languages files, so the
 * page loads one classic script that registers what its index names:
 *   kbgen-stop-<code>  the language's stop words, folded (kbgen/data/stopwords.json)
 *   kbgen-bigram-ja    runs of Han and kana as character bigrams, other runs as they are
 *   kbgen-bigram       Han runs as character bigrams, other runs as they are
 * Node tests require it and call it with their own lunr.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory;
  else root.kbgenSearchLanguage = factory;
})(this, function (lunr, code, stopWords) {
  var HAN = /^[\u3005\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{2FA1F}]$/u;
  var JAPANESE = /^[\u3005\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{2FA1F}\u3041-\u30FF\u31F0-\u31FF]$/u;

  /**
   * A word's bigrams of the runs of characters `joined` matches (a lone one as itself) and its other runs
   * as they are, each once, in order.
   */
  function bigrams(word, joined) {
    var chars = Array.from(word), terms = [], start = 0;
    while (start < chars.length) {
      var han = joined.test(chars[start]), end = start + 1;
      while (end < chars.length && joined.test(chars[end]) === han) end++;
      if (!han || end - start === 1) terms.push(chars.slice(start, end).join(""));
      else for (var i = start; i + 1 < end; i++) terms.push(chars[i] + chars[i + 1]);
      start = end;
    }
    return once(terms);
  }

  function once(terms) {
    return terms.filter(function (term, at) { return terms.indexOf(term) === at; });
  }

  function splitter(split) {
    return function (token) {
      return split(token.toString()).map(function (term) { return token.clone(function () { return term; }); });
    };
  }

  function register(fn, name) {
    if (!lunr.Pipeline.registeredFunctions[name]) lunr.Pipeline.registerFunction(fn, name);
  }

  if (stopWords) register(lunr.generateStopWordFilter(stopWords.split(" ")), "kbgen-stop-" + code);
  function hanBigrams(word) { return bigrams(word, HAN); }

  if (code === "zh") register(splitter(hanBigrams), "kbgen-bigram");
  if (code === "ja") register(splitter(function (word) { return bigrams(word, JAPANESE); }), "kbgen-bigram-ja");
  return { hanBigrams: hanBigrams };
});
