"""Generated help centers, the one generator the benchmarks and the tests share.

`generate_help_center(questions)` builds one as model objects in memory (the
search benchmark and tests); `make_queries` draws shopper-like queries from it;
`write_corpus(folder, questions)` writes a real content folder (`site.yaml`,
`sections/NN-slug/_section.yaml`, one `NN-slug.md` per question) that
`kbgen build` reads like any other. Deterministic: the same size and seed give
the same bytes. Words come from `WordSource` (Zipf-Mandelbrot pseudo-words,
stop words mixed in); answers are 40-250 words of Markdown with
the constructs editors use (paragraphs, lists, emphasis, links to other
questions and to site paths). 10,000 questions make 309 sections, as in the
issue's comparison; other sizes keep the same questions per section.

    python tests/support/corpus.py 10000 /tmp/kb10k      # writes /tmp/kb10k/content
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kbgen.load.vocabulary import shop_vocabulary
from kbgen.model import HelpCenter, Question, Section, Site
from kbgen.search.text import fold_text

SHIPPED_CARRIERS = Path(__file__).resolve().parents[2] / "content" / "carriers.yaml"

SECTION_SIZE = 30
VOCABULARY = 60_000
#: Zipf-Mandelbrot word ranks, p(r) ~ 1 / (r + q) ** s, fitted to the shipped FAQ:
#: its commonest content word is 2.7 % of content words (here 3.5 %), and its first
#: 1,446 content words hold 493 distinct stems (here ~640); a plain Zipf law
#: (q = 0) that matched the vocabulary made one word 18 % of all text.
ZIPF_S = 1.3
ZIPF_Q = 8
STOP_WORDS = [
    "the",
    "a",
    "to",
    "and",
    "of",
    "is",
    "in",
    "you",
    "your",
    "for",
    "it",
    "on",
    "with",
    "be",
    "can",
    "will",
    "are",
    "this",
    "that",
    "or",
    "we",
    "our",
    "if",
    "at",
    "by",
    "from",
    "as",
    "not",
    "have",
    "my",
]
OPENERS = ("How do I", "Can I", "What is", "Why does", "When will", "Where can I")
ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "br",
    "cl",
    "dr",
    "fl",
    "gr",
    "pl",
    "pr",
    "sh",
    "st",
    "tr",
    "ch",
    "th",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck"]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    """Unique pseudo-words of one to three syllables, in rank order."""
    words: list[str] = []
    seen = set(STOP_WORDS)
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 3))
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class WordSource:
    """Draws words with a Zipf-Mandelbrot distribution, stop words mixed in."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = make_vocabulary(self.rng, VOCABULARY)
        weights = [1 / (rank + 1 + ZIPF_Q) ** ZIPF_S for rank in range(len(self.words))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def content_words(self, count: int) -> list[str]:
        """`count` words drawn from the vocabulary only."""
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence_words(self, count: int) -> list[str]:
        """`count` words, about 40 % of them stop words as in English."""
        words = self.content_words(count)
        return [self.rng.choice(STOP_WORDS) if self.rng.random() < 0.4 else word for word in words]

    def paragraph(self, count: int) -> str:
        """Sentences of 6-18 words totalling `count` words."""
        sentences = []
        while count > 0:
            length = min(count, self.rng.randint(6, 18))
            words = self.sentence_words(length)
            sentences.append(" ".join(words).capitalize() + ".")
            count -= length
        return " ".join(sentences)


def generate_help_center(questions: int, seed: int = 1) -> HelpCenter:
    """A deterministic help center of `questions` questions."""
    source = WordSource(seed)
    rng = source.rng
    sections = []
    for number in range(0, questions, SECTION_SIZE):
        title = " ".join(source.content_words(rng.randint(1, 3))).title()
        items = []
        slugs: set[str] = set()
        for _ in range(min(SECTION_SIZE, questions - number)):
            words = source.content_words(rng.randint(3, 8))
            text = f"{rng.choice(OPENERS)} {' '.join(words)}?"
            slug = "-".join(words[:4])
            while slug in slugs:
                slug += "-x"
            slugs.add(slug)
            answer = source.paragraph(rng.randint(40, 250))
            tags = tuple(source.content_words(rng.randint(0, 3)))
            items.append(Question(slug, text, answer, f"<p>{answer}</p>", tags))
        intro = source.paragraph(rng.randint(20, 60)) if number % 90 == 0 else ""
        sections.append(
            Section(
                slug=f"s{number // SECTION_SIZE}-{fold_text(title).replace(' ', '-')}",
                title=title,
                intro_md=intro,
                intro_html=f"<p>{intro}</p>" if intro else "",
                questions=tuple(items),
            )
        )
    return HelpCenter(Site(title="Bench", vocabulary=shop_vocabulary()), tuple(sections))


def make_queries(hc: HelpCenter, count: int, seed: int = 2) -> list[str]:
    """Shopper-like queries: 1-3 words of a question, some cut short or misspelt."""
    rng = random.Random(seed)
    questions = [q for s in hc.sections for q in s.questions]
    queries = []
    for _ in range(count):
        words = [w for w in fold_text(rng.choice(questions).question).split()[2:]]
        picked = rng.sample(words, min(len(words), rng.randint(1, 3)))
        roll = rng.random()
        last = picked[-1]
        if roll < 0.3 and len(last) > 3:
            picked[-1] = last[: rng.randint(2, len(last) - 1)]  # still typing
        elif roll < 0.45 and len(last) >= 5:
            cut = rng.randrange(len(last))
            picked[-1] = last[:cut] + last[cut + 1 :]  # a typo
        queries.append(" ".join(picked))
    return queries


#: 10,000 questions in 309 sections, as measured for the peers.
QUESTIONS_PER_SECTION = 10_000 / 309


def section_count(questions: int) -> int:
    """Sections for a help center of `questions` questions (309 for 10,000)."""
    return max(1, round(questions / QUESTIONS_PER_SECTION))


def _slug(words: list[str]) -> str:
    return "-".join(words)


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _answer(source: WordSource, words: int, siblings: list[str]) -> str:
    """Markdown of about `words` words: paragraphs, now and then a list, emphasis or a link."""
    rng = source.rng
    blocks: list[str] = []
    left = words
    while left > 0:
        size = min(left, rng.randint(25, 90))
        roll = rng.random()
        if roll < 0.15 and size >= 12:
            items = []
            per_item = max(3, size // rng.randint(2, 5))
            remaining = size
            while remaining > 0:
                count = min(remaining, per_item)
                items.append("- " + " ".join(source.sentence_words(count)).capitalize())
                remaining -= count
            blocks.append("\n".join(items))
        else:
            text = source.paragraph(size)
            if roll > 0.8:
                parts = text.split(" ")
                at = rng.randrange(len(parts))
                parts[at] = f"**{parts[at].rstrip('.')}**" + ("." if parts[at].endswith(".") else "")
                text = " ".join(parts)
            if roll > 0.9 and siblings:
                text += f" See [{source.content_words(1)[0]}]({rng.choice(siblings)})."
            elif 0.85 < roll <= 0.9:
                text += " Check your parcel on the [tracking page](/track/)."
            blocks.append(text)
        left -= size
    return "\n\n".join(blocks)


def write_corpus(folder: Path, questions: int, seed: int = 1) -> Path:
    """Write a help center of `questions` questions under `folder/content`; return that content folder."""
    content = Path(folder) / "content"
    source = WordSource(seed)
    rng = source.rng
    sections = section_count(questions)
    (content / "sections").mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text(
        "title: Generated Help Center\n"
        "description: A generated help center for benchmarks.\n"
        "contact:\n  email: help@example.org\n"
        "synonyms:\n  - [refund, return]\n",
        encoding="utf-8",
    )
    # The shipped carriers: answers link the /track/ page, which a site has only with carriers.
    (content / "carriers.yaml").write_bytes(SHIPPED_CARRIERS.read_bytes())
    section_slugs: set[str] = set()
    for number in range(sections):
        first, last = number * questions // sections, (number + 1) * questions // sections
        title_words = source.content_words(rng.randint(1, 3))
        slug = _slug(title_words)
        while slug in section_slugs or slug in {"assets", "search", "track"}:
            slug += "-x"
        section_slugs.add(slug)
        folder_path = content / "sections" / f"{number + 1:03d}-{slug}"
        folder_path.mkdir()
        meta = [f"title: {_yaml_string(' '.join(title_words).title())}"]
        if number % 3 == 0:
            meta.append(f"description: {_yaml_string(source.paragraph(rng.randint(8, 16)))}")
        if number % 10 == 0:
            meta.append("intro: |\n  " + source.paragraph(rng.randint(20, 60)))
        (folder_path / "_section.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
        # Slugs come from the question's words, as `kbgen new question` makes them.
        asked: list[list[str]] = [source.content_words(rng.randint(3, 8)) for _ in range(last - first)]
        names: list[str] = []
        slugs: set[str] = set()
        for index, words in enumerate(asked):
            qslug = _slug(words[:4])
            while qslug in slugs:
                qslug += "-x"
            slugs.add(qslug)
            names.append(f"{index + 1:03d}-{qslug}.md")
        for index, (name, words) in enumerate(zip(names, asked)):
            question = f"{rng.choice(OPENERS)} {' '.join(words)}?"
            tags = source.content_words(rng.randint(0, 3))
            front = [f"question: {_yaml_string(question)}"]
            if tags:
                front.append("tags: [" + ", ".join(_yaml_string(tag) for tag in sorted(set(tags))) + "]")
            if index % 4 == 0:
                front.append(f"updated: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            siblings = [other for other in names if other != name][:40]
            body = _answer(source, rng.randint(40, 250), siblings)
            text = "---\n" + "\n".join(front) + "\n---\n" + body + "\n"
            (folder_path / name).write_text(text, encoding="utf-8")
    return content


def main() -> None:
    """`corpus.py QUESTIONS FOLDER [SEED]`."""
    questions, folder = int(sys.argv[1]), Path(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    print(write_corpus(folder, questions, seed))


if __name__ == "__main__":
    main()
