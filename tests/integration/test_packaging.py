"""The wheel carries the theme and the lunr.js runtime, and works without Node.js."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CONTENT, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    [built] = dist.glob("kbgen-*.whl")
    return built


def test_wheel_carries_theme_and_lunr(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kbgen/theme/templates/base.html" in names
    assert "kbgen/theme/static/js/lunr.min.js" in names
    modules = {p.relative_to(REPO / "theme").as_posix() for p in (REPO / "theme" / "static" / "js").rglob("*.js")}
    assert "static/js/search/engine.js" in modules and "static/js/dom.js" in modules
    assert {f"kbgen/theme/{m}" for m in modules} <= names  # every module, search/ included
    assert "kbgen/serve/static/reload.js" in names
    # the theme's words: every shipped catalogue, compiled when a site needs it (kbgen/render/words.py)
    assert {f"kbgen/locale/{lang}/LC_MESSAGES/messages.po" for lang in ("ar", "de", "en", "es", "fr", "ja")} <= names
    assert not any("node_modules" in n for n in names)


def test_installed_wheel_builds_without_node(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)], check=True)
    env = {"PATH": str(venv / "bin"), "HOME": str(tmp_path)}  # no Node.js reachable
    out = tmp_path / "site"
    run = subprocess.run(
        [str(venv / "bin" / "kbgen"), "build", "--content", str(CONTENT), "--output", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    [lunr_file] = (out / "assets" / "js").glob("lunr.min.*.js")
    lunr = lunr_file.read_bytes()
    assert lunr == (REPO / "theme" / "node_modules" / "lunr" / "lunr.min.js").read_bytes()
    assert (out / "index.html").is_file()
    where = subprocess.run(
        [python, "-c", "import kbgen; print(kbgen.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert where.stdout.startswith(str(venv))
