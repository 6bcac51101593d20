/*
 * kbgen search, folding: the rule of the build's fold_text (kbgen/search/) that
 * turns text into lunr-ready words (NFKD, lower case, marks and apostrophes
 * dropped, anything but letters and digits a separator). Pure functions of
 * strings; the Python tests' node_fixtures hold strings both must fold alike.
 */

const MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

function escapeClass(chars) {
  return chars.replace(/[\\\]\[^-]/g, "\\$&");
}

/** The folding rule of fold_text, with the index's apostrophe set. */
export function makeFolder(apostrophes) {
  const drop = new RegExp("[" + escapeClass(apostrophes) + "]", "gu");
  return function fold(text) {
    return String(text)
      .normalize("NFKD")
      .toLowerCase()
      .replace(MARKS, "")
      .replace(drop, "")
      .replace(SEPARATORS, " ")
      .trim();
  };
}

/** The words of folded text. */
export function words(folded) {
  return folded ? folded.split(" ") : [];
}
