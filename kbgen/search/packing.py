"""How the search files are written: JSON bytes, base64 VLQ, front coding, content-defined cuts.

Owns `to_json_bytes`, `vlq` (5 bits a digit, low digits first), `vlq_codes`
(the codes of the numbers below a bound, to index), `front_code` (each term as
the length in UTF-16 units of the prefix it shares with the previous term, as
a VLQ, then the rest), `split_lengths` (many small numbers, in two runs),
`shard_ends` (where term shards and vocabulary blocks end) and
`vocabulary_blocks` (the split index's vocabulary, format 6: search/shards.py). The browser's search/decode.js reads them back. Pure.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence

from kbgen.urls import content_hash
from kbgen.util.json_text import compact_json

VLQ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def to_json_bytes(data: object) -> bytes:
    """Deterministic compact JSON (sorted keys, UTF-8, trailing newline)."""
    return (compact_json(data) + "\n").encode("utf-8")


def vocabulary_blocks(terms: Sequence[str], target: int, parts: dict[str, bytes]) -> dict[str, object]:
    """The head's `vocab` of sorted `terms` in blocks of about `target` (cut by content), their files put in `parts`."""
    firsts, counts, files, first = [], [], [], 0
    codes = vlq_codes(4 * target + 1)  # `shard_ends` closes a block at 4 * target terms
    for end in shard_ends(terms, [1] * len(terms), target):
        data = to_json_bytes(" ".join(front_code(terms[first:end])))
        files.append(content_hash(data))
        parts[f"words/{files[-1]}.json"] = data
        firsts.append(terms[first])
        counts.append(codes[end - first])
        first = end
    return {"firsts": " ".join(front_code(firsts)), "counts": "".join(counts), "files": " ".join(files)}


def split_lengths(lengths: Sequence[int]) -> str:
    """Numbers as two runs, `" "` apart: per number the VLQ digit of its low 5 bits, then the VLQ of the rest.

    gzip codes each run on its own (a run of uniform low digits, a run of few high ones): about a tenth
    smaller than one VLQ per number, whose two digits share one code table."""
    codes = vlq_codes(max(lengths, default=0) // 32 + 1)
    return (
        "".join(VLQ_ALPHABET[length & 31] for length in lengths)
        + " "
        + "".join(codes[length >> 5] for length in lengths)
    )


def shard_ends(terms: Sequence[str], sizes: Sequence[int], target: int) -> Iterator[int]:
    """Where the shards of `terms` (with `sizes` postings each) end: content-defined cuts.

    A shard closes after a term once it holds `target / 2` postings, if the
    term's hash falls below the chance that one of its postings would be a cut
    point, each with chance `2 / target` (so shards hold about `target`
    postings whatever the sizes of their terms), or once it holds `4 * target`.
    Cuts depend on each term's own hash and size and on the shard so far, not
    on the cumulative size of everything before: when an edit changes some
    terms' postings, the cuts after them fall where they fell before from the
    next cut point on, and the other shards keep their bytes.
    """
    least, most = target // 2, 4 * target
    stay = 1 - min(1.0, 2 / max(1, target))  # chance that a posting is not a cut point
    size = 0
    for number, (term, postings) in enumerate(zip(terms, sizes, strict=True)):
        size += postings
        if size >= most or (size >= least and zlib.crc32(term.encode("utf-8")) < (1 - stay**postings) * 2**32):
            yield number + 1
            size = 0
    if size:
        yield len(terms)


def _front(previous: str, term: str) -> str:
    """The front code of `term` after `previous`."""
    shared = 0
    limit = min(len(term), len(previous))
    while shared < limit and term[shared] == previous[shared]:
        shared += 1
    units = shared if term.isascii() else len(term[:shared].encode("utf-16-le")) // 2  # JavaScript's units
    return vlq(units) + term[shared:]


def front_code(terms: Iterable[str]) -> Iterable[str]:
    """Each term as the VLQ length (UTF-16 units) of the prefix it shares with the previous one, then the rest."""
    previous = ""
    for term in terms:
        yield _front(previous, term)
        previous = term


def vlq(number: int) -> str:
    """Base64 VLQ of a non-negative integer: 5 bits a digit, low digits first."""
    digits = []
    while True:
        digit = number & 31
        number >>= 5
        if not number:
            digits.append(VLQ_ALPHABET[digit])
            return "".join(digits)
        digits.append(VLQ_ALPHABET[digit | 32])


_CODES: list[str] = []


def vlq_codes(count: int) -> list[str]:
    """`vlq(n)` for n < `count` (at least), as a list to index: shared, never to be modified."""
    global _CODES
    codes = _CODES
    if len(codes) < count:
        codes = codes + [vlq(number) for number in range(len(codes), count)]
        _CODES = codes  # a whole new list: a thread still reading the old one reads it unchanged
    return codes
