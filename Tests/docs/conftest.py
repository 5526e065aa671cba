"""Counts what the docs test ran, and what it only stood in for, and prints it after the test summary."""
import pytest


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
