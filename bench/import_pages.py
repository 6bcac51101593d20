"""Score `kbgen import` on the real FAQ pages kept beside the project (../shared/import-pages).

    python bench/import_pages.py [-v]

Runs the pages' own scorer with this checkout's kbgen and prints its table; the pages are
never copied into the project, so without the folder it says so and exits 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
PAGES = next(
    (p / "shared" / "import-pages" for p in HERE.parents if (p / "shared" / "import-pages").is_dir()),
    HERE.parent / "shared" / "import-pages",
)  # ../shared beside a checkout, or further up for a worktree
KBGEN = Path(sys.executable).parent / "kbgen"


def main() -> int:
    scorer = PAGES / "score.py"
    if not scorer.is_file():
        print(f"no import pages at {PAGES}: nothing to score")
        return 0
    return subprocess.run([sys.executable, str(scorer), str(KBGEN), *sys.argv[1:]], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
