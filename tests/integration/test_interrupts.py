"""Ctrl-C and SIGTERM during the forked render of a large build, the moments that once hung.

Each build runs in a process group of its own (as a terminal's foreground job) and must end with
exit 130 (SIGINT) or 143 (SIGTERM), one line on stderr saying the output folder is unchanged, no
traceback, no process of it left, and the old output byte for byte. `bench/interrupt_table.py`
tabulates the same at many more moments.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.interrupt_table import survivors, tree
from tests.conftest import REPO
from tests.support.corpus import write_corpus
from tests.support.leftovers import settled

pytestmark = pytest.mark.slow

#: Past it, a build still running after the signal hangs (a second is wanted; a loaded machine gets slack).
HANG = 10.0


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder of 600 questions: over 500 pages, so rendered in forked workers."""
    return write_corpus(tmp_path_factory.mktemp("corpus"), 600)


def build(folder: Path, content: Path, faults: str = "") -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("KBGEN_TEST_FAULTS", None)
    if faults:
        env["KBGEN_TEST_FAULTS"] = faults
    command = [sys.executable, "-m", "kbgen", "build", "--content", str(content), "--output", "www/site", "--no-cache"]
    return subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )


def old_site(tmp_path: Path, large: Path) -> tuple[Path, Path, str]:
    """A folder with an output built from `large`, and a copy of the content retitled (every page new)."""
    old = build(tmp_path, large)
    assert old.wait(timeout=300) == 0, old.stderr.read() if old.stderr else ""
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(large), str(content)], check=True)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), encoding="utf-8")
    output = tmp_path / "www" / "site"
    digest = tree(output)
    assert digest is not None
    return content, output, digest


def rendering(output: Path) -> bool:
    """Whether the build has staged rendered pages (its workers are rendering the rest)."""
    return any(staging.is_dir() and any(staging.glob("*/*/index.html")) for staging in output.parent.glob(".site.*"))


def finished(process: subprocess.Popen, since: float) -> tuple[int, float, str]:
    try:
        _, err = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the interrupted build hung")
    return process.returncode, time.monotonic() - since, err.decode("utf-8")


def assert_stopped_cleanly(tmp_path: Path, output: Path, digest: str, code: int, err: str, wanted: int) -> None:
    name = "Ctrl-C (SIGINT)" if wanted == 130 else "SIGTERM"
    assert code == wanted
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    said = [line for line in err.splitlines() if line.strip() not in ("", "Building")]
    assert said == [f"Stopped by {name}: the output folder www/site is unchanged"]
    assert settled(output.parent) == ["site"]  # the staging folder is gone (its detached remover waited for)
    assert survivors(tmp_path) == (0, 0)  # no worker running, none a zombie
    assert tree(output) == digest


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_a_signal_from_outside_during_the_forked_render_ends_the_build_at_once(
    tmp_path: Path, large: Path, how: str
) -> None:
    content, output, digest = old_site(tmp_path, large)
    process = build(tmp_path, content)
    deadline = time.monotonic() + 120
    while not rendering(output) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before its pages were rendered"
    sent = time.monotonic()
    if how == "SIGINT":
        os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the build and its workers
    else:
        process.send_signal(signal.SIGTERM)
    code, seconds, err = finished(process, sent)
    assert seconds < 3.0  # a second is the aim; the slack is for a machine busy with other tests
    assert_stopped_cleanly(tmp_path, output, digest, code, err, 130 if how == "SIGINT" else 143)


@pytest.mark.parametrize(("fault", "wanted"), [("interrupt", 130), ("term", 143)])
def test_a_signal_at_a_staged_page_while_workers_render_the_rest(
    tmp_path: Path, large: Path, fault: str, wanted: int
) -> None:
    content, output, digest = old_site(tmp_path, large)
    process = build(tmp_path, content, f"{fault}=stage:260")  # past the first chunk: a worker is at the next
    code, _, err = finished(process, time.monotonic())
    assert_stopped_cleanly(tmp_path, output, digest, code, err, wanted)


def test_a_signal_after_the_swap_says_the_new_tree_is_complete(tmp_path: Path, large: Path) -> None:
    content, output, _ = old_site(tmp_path, large)
    process = build(tmp_path, content, "interrupt=swapped")
    code, _, err = finished(process, time.monotonic())
    assert code == 130 and "Traceback" not in err
    assert err.splitlines()[-1] == "Stopped by Ctrl-C (SIGINT): the new site is complete in www/site"
    assert settled(output.parent) == ["site"]
    assert survivors(tmp_path) == (0, 0)
    assert "<title>New " in (output / "index.html").read_text(encoding="utf-8")
