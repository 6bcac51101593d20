"""What the `kbgen` command loads (kbgen/__main__.py and the lazy imports of load/, render/ and publish/).

A rebuild whose Markdown, catalogues and templates are all in the build cache loads none of Python-Markdown,
Babel, the email package or ssl: those cost the shipped site's build a third of its time. Each is loaded when
the work needs it, and then the bytes are the same (tests/integration/test_template_cache.py, same-site)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: Loaded only when their work is to be done: a body to render, a date or number to write, a catalogue to compile,
#: a feed to write, importlib.metadata's version lookup.
HEAVY = ("markdown", "babel", "email", "ssl", "xml.sax", "importlib.metadata", "http.client")

_RUN = """
import json, sys
from kbgen.__main__ import run
import kbgen.__main__ as entry
def report(code):
    sys.stdout.write(json.dumps(sorted(sys.modules)) + "\\n")
    sys.stdout.flush()
    raise SystemExit(code)
entry.leave = report
sys.argv = ["kbgen", *sys.argv[1:]]
run()
"""


def loaded(*args: str, cwd: Path) -> set[str]:
    """The modules a `kbgen` command (run as the console script runs it) has loaded when it leaves."""
    done = subprocess.run([sys.executable, "-c", _RUN, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if any(name == h or name.startswith(h + ".") for h in HEAVY)}


def test_a_cached_rebuild_loads_no_markdown_babel_email_or_ssl(shipped_copy: Path, tmp_path: Path) -> None:
    build = ["build", "-q", "--content", str(shipped_copy), "--output", str(tmp_path / "site")]
    build += ["--base-url", "https://help.example.com/"]  # the feed too
    assert {"markdown", "babel"} <= loaded(*build, cwd=tmp_path)  # a first build renders and compiles
    assert heavy(loaded(*build, cwd=tmp_path)) == set()
    answer = shipped_copy / "sections" / "01-membership" / "01-benefits.md"
    answer.write_text(answer.read_text(encoding="utf-8") + "\nOne **more** line.\n", encoding="utf-8")
    assert "markdown" in loaded(*build, cwd=tmp_path)  # an edited body is rendered
