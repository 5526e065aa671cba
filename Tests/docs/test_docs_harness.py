"""The docs test must be able to fail: pages that are wrong in one way each, and its parsing rules."""
import time

from docs_bunq import pointed_at, talks_to_real_bunq
from docs_markdown import blocks_of, make_command, read_page
from docs_runner import run_block


def page(tmp_path, text):
    path = tmp_path / "page.md"
    path.write_text(text)
    return blocks_of(read_page(path))


def problems_of(tmp_path, text, timeout=None):
    problems = []
    for number, block in enumerate(page(tmp_path, text)):
        problems += run_block(block, tmp_path / f"block{number}", timeout=timeout).problems
    return problems


def test_harness_passes_a_correct_page(tmp_path):
    text = ("```sh\ncardpolicy validate\ncardpolicy validate no/such/dir   # exit 1\n```\n\n"
            "```\n$ cardpolicy validate examples/minimal.yaml\nvalid: 1 file (1 card, 0 card groups), 0 warnings\n```\n")
    assert problems_of(tmp_path, text) == []


def test_harness_fails_an_unexpected_exit_code(tmp_path):
    problems = problems_of(tmp_path, "```sh\ncardpolicy validate no/such/dir\n```\n")
    assert len(problems) == 1 and "exit 1, expected 0" in problems[0]


def test_harness_fails_a_command_that_does_not_exist(tmp_path):
    problems = problems_of(tmp_path, "```sh\ncardpolicy plna --emulator demo.json\n```\n")
    assert len(problems) == 1 and "exit 1, expected 0" in problems[0]


def test_harness_fails_a_sample_whose_output_drifted(tmp_path):
    problems = problems_of(tmp_path, "```\n$ cardpolicy validate examples/minimal.yaml\nvalid: 2 files\n```\n")
    assert len(problems) == 1 and "-valid: 2 files" in problems[0] and "+valid: 1 file" in problems[0]


def test_harness_fails_a_hanging_command(tmp_path):
    started = time.monotonic()
    problems = problems_of(tmp_path, "```sh\nsleep 60\n```\n", timeout=2)
    assert time.monotonic() - started < 15
    assert len(problems) == 1 and "still running" in problems[0]


def test_harness_fails_an_apply_that_never_asks(tmp_path):
    problems = problems_of(tmp_path, "```sh\ncardpolicy validate   # type yes\n```\n")
    assert len(problems) == 1 and "never asked for 'yes'" in problems[0]


def test_harness_fails_a_real_bunq_command_with_a_usage_error(tmp_path):
    problems = problems_of(tmp_path, "```sh\ncardpolicy plan --sandbox --no-such-flag\n```\n")
    assert len(problems) == 1 and "must get as far as connecting" in problems[0]


def test_harness_reads_exit_codes_comments_and_continuations(tmp_path):
    blocks = page(tmp_path, "```sh\necho 'a # b'   # exit 3, say\nprintf x \\\n  y   # type yes\nsleep 1 &\n```\n")
    commands = blocks[0].commands
    assert [(c.expected_exit, c.interactive, c.background) for c in commands] == [(3, False, False), (0, True, False),
                                                                                  (0, False, True)]
    assert commands[1].text == "printf x \\\n  y   # type yes"


def test_without_a_namespace_real_bunq_commands_go_to_a_closed_port():
    url = "http://127.0.0.1:9/v1"
    assert pointed_at(make_command("cardpolicy plan --sandbox   # reads the sandbox", 1), url) == \
        "cardpolicy plan --api-url http://127.0.0.1:9/v1  #  reads the sandbox"
    assert pointed_at(make_command("BUNQ_API_URL=https://api.bunq.com/v1 cardpolicy drift", 1), url) == \
        "BUNQ_API_URL=http://127.0.0.1:9/v1 cardpolicy drift"
    assert pointed_at(make_command("cardpolicy plan --sandbox-ish", 1), url) == "cardpolicy plan --sandbox-ish"


def test_real_bunq_commands_are_recognised():
    def real(text, earlier=()):
        return talks_to_real_bunq(make_command(text, 1), [make_command(e, 1) for e in earlier])
    assert real("cardpolicy plan --sandbox")
    assert real("BUNQ_API_KEY=x cardpolicy drift --format markdown > drift.md")
    assert real("curl -s https://public-api.sandbox.bunq.com/v1/sandbox-user-person")
    assert not real("cardpolicy plan --emulator demo.json")
    assert not real("cardpolicy validate")
    assert not real("cardpolicy plan --help")
    assert not real("cardpolicy plan --api-url http://127.0.0.1:8089/v1")
    assert not real("cardpolicy plan", ["export BUNQ_API_URL=http://127.0.0.1:8089/v1"])


def test_the_jq_stand_in_prints_and_exits_as_jq_does(tmp_path):
    """Where no jq is installed the docs' jq recipes run on this stand-in: its output and exit
    status must be jq's for the options the docs use."""
    import json
    import shutil
    import subprocess

    from docs_standins import JQ_SHIM

    shim = tmp_path / "jq"
    shim.write_text(JQ_SHIM)
    shim.chmod(0o755)
    document = tmp_path / "plan.json"
    document.write_text(json.dumps({"actions": [{"id": "card/a", "n": 1}, {"id": "card/b", "n": 3}]}))
    cases = [
        (["-r", ".actions[].id", str(document)], 0),
        ([".actions[0]", str(document)], 0),
        (["-e", "[.actions[] | select(.n > 2)] | length == 0", str(document)], 1),
        (["-e", ".actions | length == 2", str(document)], 0),
        (["-e", ".missing", str(document)], 1),
    ]
    real = shutil.which("jq")
    for arguments, status in cases:
        ran = subprocess.run([str(shim), *arguments], capture_output=True, text=True)
        assert ran.returncode == status, (arguments, ran.stderr)
        if real:
            expected = subprocess.run([real, *arguments], capture_output=True, text=True)
            assert (ran.stdout, ran.returncode) == (expected.stdout, expected.returncode), arguments
    assert subprocess.run([str(shim), "-r", ".actions[].id", str(document)], capture_output=True, text=True).stdout == "card/a\ncard/b\n"
