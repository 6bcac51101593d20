"""lunr.js 2.3.9's Porter stemmer in Python, so the index and the browser stem alike.

Owns `porter_js` (one word; tests/support/lunr_index.py wraps it as the lunr.py
pipeline function the reference index is built with). Pure string work.
"""

from __future__ import annotations

import re

# lunr.js 2.3.9's Porter stemmer, ported regex for regex. lunr.py's stemmer is
# Porter's reference code and disagrees with it ("day" → "dai" there, "day" in
# lunr.js; "try" → "try" there, "tri" in lunr.js), so an index stemmed by
# lunr.py misses words the browser stems with lunr.js.
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance",
    "izer": "ize", "bli": "ble", "alli": "al", "entli": "ent", "eli": "e",
    "ousli": "ous", "ization": "ize", "ation": "ate", "ator": "ate",
    "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous",
    "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic",
    "ful": "", "ness": "",
}  # fmt: skip
_C = "[^aeiou][^aeiouy]*"
_V = "[aeiouy][aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_S_V = re.compile(f"^({_C})?[aeiouy]")
_RE_1A = re.compile(r"^(.+?)(ss|i)es$")
_RE2_1A = re.compile(r"^(.+?)([^s])s$")
_RE_1B = re.compile(r"^(.+?)eed$")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
_LAST = re.compile(r".$")
_RE2_1B_2 = re.compile(r"(at|bl|iz)$")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")
_RE_1C = re.compile(r"^(.+?[^aeiou])y$")
_RE_2 = re.compile(f"^(.+?)({'|'.join(_STEP2)})$")
_RE_3 = re.compile(f"^(.+?)({'|'.join(_STEP3)})$")
_STEP4 = (
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ou", "ism", "ate", "iti",
    "ous", "ive", "ize",
)  # fmt: skip
_STEP2_ENDS = tuple(_STEP2)
_STEP3_ENDS = tuple(_STEP3)
_RE_4 = re.compile(f"^(.+?)({'|'.join(_STEP4)})$")
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
_RE_5 = re.compile(r"^(.+?)e$")


def porter_js(word: str) -> str:
    """Stem `word` exactly as lunr.js 2.3.9 does (UTF-16 semantics included)."""
    astral = not word.isascii() and max(word) > "\uffff"
    if astral:  # JavaScript regexes without /u see surrogate pairs
        units = word.encode("utf-16-le")
        word = "".join(chr(int.from_bytes(units[i : i + 2], "little")) for i in range(0, len(units), 2))
    stemmed = _porter_units(word)
    if astral:
        return stemmed.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return stemmed


def _porter_units(w: str) -> str:
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:
        w = "Y" + w[1:]
    # Each `endswith` below is a condition without which the regex after it
    # cannot match, so it only skips regexes that would fail (for words with no
    # trailing "\n", before which Python's "$" matches and JavaScript's does not:
    # folded words have none). Stemming takes a third of the time.
    if w.endswith("s") and ((m := _RE_1A.search(w)) or (m := _RE2_1A.search(w))):
        w = m.group(1) + m.group(2)
    if w.endswith("eed") and (m := _RE_1B.search(w)):
        if _MGR0.search(m.group(1)):
            w = _LAST.sub("", w, count=1)
    elif w.endswith(("ed", "ing")) and (m := _RE2_1B.search(w)):
        stem = m.group(1)
        if _S_V.search(stem):
            w = stem
            if _RE2_1B_2.search(w):
                w += "e"
            elif _RE3_1B_2.search(w):
                w = _LAST.sub("", w, count=1)
            elif _CVC.search(w):
                w += "e"
    if w.endswith("y") and (m := _RE_1C.search(w)):
        w = m.group(1) + "i"
    if w.endswith(_STEP2_ENDS) and (m := _RE_2.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]
    if w.endswith(_STEP3_ENDS) and (m := _RE_3.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]
    if w.endswith(_STEP4) and (m := _RE_4.search(w)):
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    elif w.endswith("ion") and (m := _RE2_4.search(w)) and _MGR1.search(m.group(1) + m.group(2)):
        w = m.group(1) + m.group(2)
    if w.endswith("e") and (m := _RE_5.search(w)):
        stem = m.group(1)
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = _LAST.sub("", w, count=1)
    if initial_y:
        w = "y" + w[1:]
    return w
