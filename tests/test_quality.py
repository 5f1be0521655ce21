"""House rules that CI enforces from inside the suite: lint, types, layering, the CLI contract."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT.parent / "shared" / "tools" / "contract_check.py"


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed in this environment (pip install -e '.[dev]')"
    return found


def test_ruff_lint_and_format() -> None:
    r = run(tool("ruff"), "check", ".")
    assert r.returncode == 0, r.stdout + r.stderr
    r = run(tool("ruff"), "format", "--check", ".")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy() -> None:
    r = run(sys.executable, "-m", "mypy", "app", "server", "bench")
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr


def test_import_layering_contracts() -> None:
    r = run(tool("lint-imports"))
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr


def test_cli_contract_check() -> None:
    if not CONTRACT.exists():
        pytest.fail(f"shared/tools/contract_check.py not found at {CONTRACT}")
    xunren = tool("xunren")
    env = dict(os.environ, XUNREN_TEST_WEAK_KDF="1")
    r = subprocess.run([sys.executable, str(CONTRACT), "--xunren", xunren], capture_output=True, text=True,
                       timeout=600, env=env, cwd=ROOT)  # fmt: skip
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr[-2000:]
