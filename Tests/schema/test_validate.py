"""`cardpolicy validate` and `cardpolicy schema` as a user runs them: the real executable."""
import json
import subprocess

from conftest import BIN, ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_default_path_is_policies_and_valid_exits_0():
    result = run("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("valid: 5 files (2 cards, 2 card groups, 2 rules)")


def test_errors_exit_1_with_file_line_col(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\ncards:\n  - name: a\n    match: {last4: \"8069\"}\n    limts: {atm: 0 EUR}\n")
    result = run("validate", str(policy))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{policy}:5:5: error: unknown key `limts` in a card; did you mean `limits`?",
        "invalid: 1 error, 0 warnings in 1 file",
    ]


def test_warnings_alone_exit_0(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\ncards:\n  - {name: a, match: {id: 1}, countries: [{country: US, until: 2020-01-01}]}\n")
    result = run("validate", str(policy))
    assert result.returncode == 0
    assert f"{policy}:3:43: warning: permission for US ended 2020-01-01" in result.stdout


def test_json_format(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\ncards: {}\n")
    result = run("validate", "--format", "json", str(policy))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["format_version"] == 1 and report["valid"] is False
    assert report["diagnostics"] == [{"severity": "error", "file": str(policy), "line": 2, "column": 8,
                                      "message": "`cards` must be a list, found a mapping"}]
    assert report["summary"] == {"errors": 1, "warnings": 0}


def test_github_annotations(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nnotifications:\n  url:\n    - {category: PAYMENT, target: \"http://x.example\"}\n")
    result = run("validate", "--format", "github", str(policy))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"::error file={policy},line=4,col=35::`target` must be an https:// URL (bunq calls only HTTPS), found \"http://x.example\"")


def test_missing_path_is_an_error():
    result = run("validate", "no/such/dir")
    assert result.returncode == 1
    assert result.stdout.startswith("no/such/dir: error: no such file or directory")


def test_no_colour_when_not_a_terminal_or_with_NO_COLOR(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("cards: []\n")
    assert "\x1b[" not in run("validate", str(policy)).stdout


def run_on_terminal(*args, term):
    """Runs cardpolicy with its standard output on a pseudo-terminal; returns what it printed."""
    import os
    import pty
    controller, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    environment["TERM"] = term
    process = subprocess.Popen([BIN, *args], stdout=terminal, stderr=subprocess.DEVNULL, cwd=ROOT, env=environment)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process is done writing
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output.decode()


def test_colour_on_a_terminal_but_not_on_TERM_dumb(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\ncards:\n  - {name: a, match: {id: 1}, limts: {}}\n")
    assert "\x1b[" in run_on_terminal("validate", str(policy), term="xterm-256color")
    # A terminal that cannot show colour prints the escape codes as text.
    dumb = run_on_terminal("validate", str(policy), term="dumb")
    assert "unknown key `limts`" in dumb
    assert "\x1b[" not in dumb


def test_schema_is_json_schema_2020_12():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["version"]
