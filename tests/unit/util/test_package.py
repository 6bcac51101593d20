"""Which version of a library is installed (kbgen/util/package.py): read from pip's folders, as importlib.metadata says."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import pytest

from kbgen.util.package import library_version


@pytest.mark.parametrize(
    ("distribution", "module"),
    [
        ("jinja2", "jinja2"),
        ("MarkupSafe", "markupsafe"),
        ("Babel", "babel"),
        ("Markdown", "markdown"),
        ("PyYAML", "yaml"),
        ("python-slugify", "slugify"),
    ],
)
def test_the_version_is_the_one_importlib_metadata_gives(distribution: str, module: str) -> None:
    assert library_version(distribution, module) == version(distribution)


def test_without_a_wheel_folder_importlib_metadata_answers(tmp_path, monkeypatch) -> None:
    (tmp_path / "lonely").mkdir()
    (tmp_path / "lonely" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(
        PackageNotFoundError, match="lonely"
    ):  # no .dist-info beside it: importlib.metadata's own answer
        library_version("lonely", "lonely")
