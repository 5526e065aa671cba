"""The one conftest of the Python tests: where the repository and the executable under test
are, and the fixtures the suites share. Suites import ROOT and BIN from here
(`from conftest import BIN, ROOT`); pytest puts this directory on the import path."""
import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The executable a user runs; scripts/test points this at the debug build it just made.
BIN = os.environ.get("CARDPOLICY_BIN", str(ROOT / ".build" / "debug" / "cardpolicy"))


# The CI recipes (Tests/ci_recipes): stand-in tools, a bunq emulator, a git `origin`. The
# helpers are imported when a fixture runs: only that suite's directory holds them.

@pytest.fixture
def tools(tmp_path):
    """A directory of stand-ins, first on PATH: gh, curl, apt-get, sleep."""
    from ci_runner import STAND_INS
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
    from ci_runner import Emulator, two_pins_state
    server = Emulator(tmp_path, state=two_pins_state(tmp_path))
    yield server
    server.stop()


@pytest.fixture
def lost_card_emulator(tmp_path):
    from ci_runner import Emulator, lost_card_state
    server = Emulator(tmp_path, state=lost_card_state(tmp_path))
    yield server
    server.stop()


@pytest.fixture
def origin(tmp_path):
    """A bare repository holding this repository's policies on main, as `origin`."""
    from ci_runner import git
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


# The docs test (Tests/docs): counts what it ran, and what it only stood in for, and prints
# it after the test summary.

@pytest.fixture(scope="session")
def docs_stats(request):
    stats = {"blocks": 0, "commands": 0, "stand_ins": []}
    request.config._cardpolicy_docs_stats = stats
    return stats


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    stats = getattr(config, "_cardpolicy_docs_stats", None)
    if not stats or not stats["blocks"]:
        return
    stand_ins = sorted({line.strip() for line in stats["stand_ins"]})
    terminalreporter.write_line(
        f"docs: {stats['commands']} documented commands run in {stats['blocks']} blocks; "
        f"stood in for, not run: {'; '.join(stand_ins) if stand_ins else 'nothing'}")
