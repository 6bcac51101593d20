"""What `kbgen serve` says when it cannot start: a port out of range, a host it cannot use, a refused output
folder; each once, in one line (Click's CliRunner)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import CONTENT


@pytest.mark.parametrize("port", ["99999", "-1", "65536"])
def test_a_port_out_of_range_is_a_usage_error_in_one_line(port: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--content", str(CONTENT), "--output", str(tmp_path), "--port", port])
    assert result.exit_code == 2
    assert result.output == f"Error: --port {port}: a port is a number from 1 to 65535 (0 picks a free one)\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no OverflowError


def test_a_host_that_is_no_address_says_so_without_port_advice(tmp_path: Path) -> None:
    args = ["serve", "--content", str(CONTENT), "--output", str(tmp_path / "out"), "--host", "999.1.1.1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("Error: --host 999.1.1.1: no such host (")
    assert line.endswith("); use 127.0.0.1, or 0.0.0.0 for every address")
    assert "--port" not in line
    assert not (tmp_path / "out").exists()  # nothing built for a server that cannot listen


def test_a_refused_output_folder_is_said_once(tmp_path: Path) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "mine.txt").write_text("not kbgen's\n", encoding="utf-8")
    args = [
        "serve",
        "--content",
        str(CONTENT),
        "--output",
        str(output),
        "--port",
        "0",
        "--cache-dir",
        str(tmp_path / "cache"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output.count("refusing to build into") == 1
    assert result.output == (
        f"Error: refusing to build into {output}: it holds mine.txt, which kbgen did not write; choose an empty or new "
        "folder, or pass --force to replace everything in it\n"
    )
