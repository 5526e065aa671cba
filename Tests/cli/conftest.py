"""Fixtures for running the CI recipes' shell: stand-in tools, a bunq emulator, a git `origin`."""
import shutil

import pytest

from ci_recipes import ROOT
from ci_runner import STAND_INS, Emulator, git, lost_card_state, two_pins_state


@pytest.fixture
def tools(tmp_path):
    """A directory of stand-ins, first on PATH: gh, curl, apt-get, sleep."""
    d = tmp_path / "tools"
    d.mkdir()
    for name, text in STAND_INS.items():
        (d / name).write_text(text)
        (d / name).chmod(0o755)
    return d


@pytest.fixture
def emulator(tmp_path):
    """bunq with two pinned chains: the policies rotate one and remove the other, so every
    plan has a guarded delete for the recipes' opt-ins."""
    server = Emulator(tmp_path, state=two_pins_state(tmp_path))
    yield server
    server.stop()


@pytest.fixture
def lost_card_emulator(tmp_path):
    server = Emulator(tmp_path, state=lost_card_state(tmp_path))
    yield server
    server.stop()


@pytest.fixture
def origin(tmp_path):
    """A bare repository holding this repository's policies on main, as `origin`."""
    bare = tmp_path / "origin.git"
    git("init", "-q", "--bare", "-b", "main", str(bare), cwd=tmp_path)
    seed = tmp_path / "seed-repo"
    seed.mkdir()
    git("init", "-q", "-b", "main", cwd=seed)
    shutil.copytree(ROOT / "policies", seed / "policies")
    git("add", "policies", cwd=seed)
    git("commit", "-q", "-m", "policies", cwd=seed)
    git("remote", "add", "origin", str(bare), cwd=seed)
    git("push", "-q", "origin", "main", cwd=seed)
    return bare
