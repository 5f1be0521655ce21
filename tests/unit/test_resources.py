"""One resource finder: every reader of resources/ asks app.core.resources, nobody guesses."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from app.core import regions, resources
from app.core.matching import frequencies

ROOT = Path(__file__).resolve().parents[2]


def test_source_checkout_is_the_repository_root() -> None:
    assert resources.resources_root() == ROOT / "resources"
    assert (resources.resource_dir("regions") / "gb2260.tsv").is_file()


def test_frozen_build_reads_from_the_bundle_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys._MEIPASS", "/opt/xunren/_internal", raising=False)
    assert resources.resource_dir("fonts") == Path("/opt/xunren/_internal/resources/fonts")
    assert regions.resource_dir() == Path("/opt/xunren/_internal/resources/regions")
    assert frequencies.resource_dir() == Path("/opt/xunren/_internal/resources/kinship")


def test_no_other_module_finds_resources_by_itself() -> None:
    """A second way of finding resources/ is a path the frozen build and the wheel never test."""
    own = re.compile(r"_MEIPASS|parents\[\d\]\s*/\s*\"resources\"")
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "app").rglob("*.py"))
        if path.name != "resources.py" and own.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_folder_the_code_reads_ships_in_the_wheel_and_the_frozen_build() -> None:
    from installer import bundle

    read = set()
    for path in (ROOT / "app").rglob("*.py"):
        read |= set(re.findall(r'resource_dir\("(\w+)"\)', path.read_text(encoding="utf-8")))
    assert read == {"regions", "growth", "kinship", "fonts", "translations"}
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    assert {key.removeprefix(f"share/{resources.WHEEL_DATA}/") for key in wheel} == read
    assert set(bundle.RESOURCE_DIRS) == read
