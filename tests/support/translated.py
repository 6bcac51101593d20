"""The shipped content in another language than English, by site.yaml's `language:` alone (no locale set up), one
question dated: what tests/integration/test_words_build.py and tests/browser/test_words.py build."""

from __future__ import annotations

import shutil
from pathlib import Path

from kbgen.pipeline import build_site
from tests.conftest import CONTENT


def build_in(language: str, folder: Path) -> Path:
    """The shipped content with `language: <language>`, 01-benefits.md updated 2025-08-16, built into folder/output."""
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    site = content / "site.yaml"
    lines = site.read_text(encoding="utf-8").split("\n")
    site.write_text(
        "\n".join(f"language: {language}" if line.startswith("language:") else line for line in lines), encoding="utf-8"
    )
    benefits = content / "sections" / "01-membership" / "01-benefits.md"
    benefits.write_text(
        benefits.read_text(encoding="utf-8").replace("---\n", "---\nupdated: 2025-08-16\n", 1), encoding="utf-8"
    )
    output = folder / "output"
    build_site(content, output, base_url="https://help.example.com/", cache=False, workers=1)
    return output
