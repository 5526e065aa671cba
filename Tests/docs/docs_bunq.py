"""Which documented commands would talk to the real bunq, and how they are kept from reaching it."""
import os
import pathlib
import re
import shlex
import shutil
import socket
import subprocess
import sys

from docs_markdown import split_comment
from docs_paths import HELPER

PLACEHOLDER_KEY = "docs-test-placeholder-key-not-a-real-one"
REAL_BUNQ_FAILURE = re.compile(r"failed after \d+ attempts?: (?:DNS error|could not connect)")
TALKING_SUBCOMMANDS = {"plan", "apply", "drift", "export"}
LOCAL_URL = re.compile(r"https?://(?:127\.0\.0\.1|localhost)[:/]")
BUNQ_URL = re.compile(r"https://[A-Za-z0-9.-]*bunq\.com[^\s'\"]*")


def words_of(command):
    """The words of the command's code, as the shell would split them (roughly, if it cannot)."""
    code, _ = split_comment(command.text)
    try:
        return shlex.split(code)
    except ValueError:
        return code.split()


def is_curl(command):
    return command.text.lstrip().startswith("curl")


def cardpolicy_subcommand(words):
    """The subcommand after the first `cardpolicy` word (any path to it), or None."""
    for index, word in enumerate(words):
        if word.rsplit("/", 1)[-1] == "cardpolicy":
            for following in words[index + 1:]:
                if not following.startswith("-"):
                    return following, words[index + 1:]
            return None, words[index + 1:]
    return None, []


def talks_to_real_bunq(command, earlier):
    words = words_of(command)
    if words and words[0] == "curl":
        return any("bunq.com" in word for word in words)
    subcommand, arguments = cardpolicy_subcommand(words)
    if subcommand not in TALKING_SUBCOMMANDS or {"-h", "--help"} & set(arguments):
        return False
    if "--emulator" in arguments or any(LOCAL_URL.match(word) for word in arguments):
        return False
    local_api = [c for c in earlier + [command] if re.search(r"BUNQ_API_URL=" + LOCAL_URL.pattern, c.text)]
    return not local_api


def api_key_files(command):
    words = words_of(command)
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--api-key-file"]


def write_placeholder_key_files(commands, work, home):
    """A reader running these would have the key file; without one the command stops before
    connecting, which is not what the docs show."""
    for command in commands:
        for key_file in api_key_files(command):
            path = pathlib.Path(key_file.replace("~", str(home), 1) if key_file.startswith("~") else work / key_file)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(PLACEHOLDER_KEY + "\n")
                path.chmod(0o600)


def real_bunq_problem(command, code, printed):
    """Why a real-bunq command did not fail the way a command cut off from bunq must, or None."""
    if is_curl(command):
        if code != 6:
            return f"a curl to bunq must fail to resolve bunq's host here (exit 6), got exit {code}"
    elif code != 1 or not REAL_BUNQ_FAILURE.search(printed) or "Usage:" in printed:
        return (f"a real-bunq command must get as far as connecting (exit 1, "
                f"'failed after N attempts: DNS error|could not connect'); got exit {code}")
    return None


def network_isolation():
    """The command prefix that gives a process a network namespace of its own, or None."""
    unshare = shutil.which("unshare")
    if not unshare or os.environ.get("DOCS_TEST_NO_NETNS"):
        return None
    for flags in (["-n"], ["-r", "-n"]):
        probe = [unshare, *flags, sys.executable, str(HELPER), "lo-up-exec", "true"]
        if subprocess.run(probe, capture_output=True, timeout=20).returncode == 0:
            return [unshare, *flags]
    return None


ISOLATION = network_isolation()


def isolated(argv):
    """argv run in its own network namespace with only loopback, when one can be made."""
    if ISOLATION:
        return ISOLATION + [sys.executable, str(HELPER), "lo-up-exec"] + argv
    return argv


def closed_local_url():
    """An API URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def pointed_at(command, url):
    """Without a network namespace: the command, talking to `url` instead of bunq."""
    code, comment = split_comment(command.text)
    code = BUNQ_URL.sub(url, code)
    code = re.sub(r"(?<!\S)--sandbox(?!\S)", f"--api-url {url}", code)
    return code.rstrip() + ("  #" + comment if comment.strip() else "")
