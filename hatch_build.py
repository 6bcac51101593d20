"""Wheel build hook: put the npm-installed lunr.js runtime (and lunr-languages) into the package.

lunr.js is declared in theme/package.json and never committed; a wheel must carry
it so that `pip install` users need no Node.js. Editable installs read it from
theme/node_modules at run time instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class LunrAssetHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        theme = Path(self.root) / "theme"
        lunr = theme / "node_modules" / "lunr" / "lunr.min.js"
        if not lunr.is_file():
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError("building a kbgen wheel needs lunr.js: install Node.js/npm, or run 'npm ci' in theme/")
            subprocess.run([npm, "ci", "--omit=dev", "--no-audit", "--no-fund"], cwd=theme, check=True)
        build_data["force_include"][str(lunr)] = "kbgen/theme/static/js/lunr.min.js"
        # the files a site not in English appends to lunr.js (render/theme.py search_runtime), outside static/:
        # only such a site publishes them
        languages = theme / "node_modules" / "lunr-languages"
        for path in sorted((languages / "min").glob("*.js")):
            build_data["force_include"][str(path)] = f"kbgen/theme/lunr-languages/{path.relative_to(languages).as_posix()}"
        build_data["force_include"][str(theme / "search-languages.cjs")] = "kbgen/theme/search-languages.cjs"
