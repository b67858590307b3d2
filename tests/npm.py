"""Install a test's pinned npm packages into a temporary folder.

Node.js and npm come from Debian's packages (`.ci/run` installs them); each test
keeps its own ``package.json`` and ``package-lock.json`` in the repository.
"""

import shutil
import subprocess
from pathlib import Path

import pytest


def run(folder: Path, *command: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=timeout, check=False
    )


def install(source: Path, folder: Path, files: list[str]) -> Path:
    """Copy `files` (the package.json, its lock, and whatever else the test needs)
    from `source` into `folder` and run `npm ci` there; the folder."""
    if not shutil.which("npm"):
        pytest.fail("npm is missing: apt-get install -y nodejs npm (as .ci/run does)")
    for name in ["package.json", "package-lock.json", *files]:
        shutil.copy(source / name, folder / name)
    installed = run(folder, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return folder
