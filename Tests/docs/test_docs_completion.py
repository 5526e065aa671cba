"""Shell completions, as docs/commands.md tells people to install them."""
import os
import subprocess

import pytest

from docs_paths import BIN


def completion_script(shell):
    return subprocess.run([BIN, "--generate-completion-script", shell], capture_output=True, text=True, timeout=30)


def test_bash_completion_offers_subcommands_and_values(tmp_path):
    script = tmp_path / "cardpolicy.bash"
    generated = completion_script("bash")
    assert generated.returncode == 0, generated
    script.write_text(generated.stdout)
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "cardpolicy").symlink_to(BIN)
    probe = ('source "$1"; complete_line() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<"$1"; '
             '[[ "$1" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); '
             '_cardpolicy cardpolicy "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; echo "${COMPREPLY[*]}"; }; '
             'complete_line "cardpolicy pl"; complete_line "cardpolicy drift --format "; complete -p cardpolicy')
    result = subprocess.run(["bash", "--norc", "-c", probe, "probe", str(script)], capture_output=True, text=True,
                            timeout=30, env={**os.environ, "PATH": f"{shims}:{os.environ['PATH']}"})
    assert result.stdout.splitlines() == ["plan", "text json markdown", "complete -o filenames -F _cardpolicy cardpolicy"], result


@pytest.mark.parametrize("shell, first_line", [("zsh", "#compdef cardpolicy"), ("fish", "function __cardpolicy")])
def test_zsh_and_fish_completion_scripts_are_generated(shell, first_line):
    result = completion_script(shell)
    assert result.returncode == 0 and result.stdout.startswith(first_line)
    assert "drift" in result.stdout and "detailed-exitcode" in result.stdout
