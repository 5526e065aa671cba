"""Every command in README.md and docs/*.md, run the way a reader would run it.

The documentation is a test: a command that stops working, an exit code that changes or a
"real output" sample that drifts fails here. Files are found when the tests are collected,
so a page added to docs/ later is covered without touching this file.

The conventions a page follows to be tested (```sh blocks, `$ ` samples, `# exit N`,
`# type yes`, `&`, `<!-- docs-test: ... -->` directives) are in docs_markdown.py; where
and how a block runs (temporary workspace, stand-ins, no route to bunq, time limits) is in
docs_runner.py. The pages' links and the lint for hidden commands: test_docs_pages.py;
tests that the harness can fail: test_docs_harness.py.
"""
import pytest

from docs_markdown import all_blocks
from docs_runner import run_block
from docs_standins import STAND_INS

BLOCKS = all_blocks()


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_documented_commands(block, tmp_path, docs_stats):
    outcome = run_block(block, tmp_path)
    docs_stats["blocks"] += 1
    docs_stats["commands"] += outcome.documented_run
    docs_stats["stand_ins"] += outcome.special
    if outcome.problems:
        pytest.fail(f"{block.name}:\n" + "\n".join(outcome.problems), pytrace=False)


def test_every_page_has_commands_found():
    # A parser that found nothing would pass every block test.
    assert len(BLOCKS) >= 10
    assert {block.path.name for block in BLOCKS} >= {"README.md", "commands.md"}
    assert sum(len(block.commands) for block in BLOCKS) >= 40


def test_every_stand_in_is_still_needed():
    texts = [command.text for block in BLOCKS for command in block.commands]
    unused = [name for name in STAND_INS if not any(name in text for text in texts)]
    assert not unused, f"stand-ins no documented command uses any more; remove them: {unused}"
