"""Every command in README.md and docs/*.md, run the way a reader would run it.

The documentation is a test: a command that stops working, an exit code that changes or a
"real output" sample that drifts fails here. Files are found when the tests are collected,
so a page added to docs/ later is covered without touching this file.

How the Markdown is read
- A fenced block tagged ```sh (or bash, shell) is a list of commands: one per line
  (a trailing `\\` continues it), comment lines and blank lines skipped. The lines of a
  block run in order in ONE bash process, as if typed into one terminal: the working
  directory, exported variables, aliases and background jobs carry over to later lines.
- A fenced block with no language that contains lines starting with `$ ` is a terminal
  sample: each `$ ` line is a command, and the lines under it, up to the next `$ `
  line, are what it prints (standard output and standard error, as a terminal shows them).
  The real output must match after volatile values are masked in both (timestamps, UUIDs,
  durations in ms or s): plan ids and everything else must match exactly.
  Plain blocks without `$ ` lines (synopses, abbreviated output) are not run.
- Other languages (yaml, json, jsonc, text, swift, diff, ...) never run. A `$ ` line in such
  a block is an error: a command must not hide from this test.
- Expected exit code: a comment on the command line containing `exit N` (`# exit 2, and
  the field that drifted`); otherwise 0.
- A comment containing `type yes` marks an interactive `cardpolicy apply`: it runs on a
  pseudo-terminal and the test types `yes` at the prompt, which must appear.
- A command ending in `&` starts a background process (e.g. `cardpolicy emulator`); the
  test waits for its first line of output, as a person would, and kills it when the
  block ends.
- HTML comments right before a block (invisible on GitHub) can prepare it:
  `<!-- docs-test: setup COMMAND -->` runs COMMAND first (it must exit 0), and
  `<!-- docs-test: prelude -->` on a sh block makes its commands run first in every later
  block of the same file, for pages that say "start this once, then ...".

Where and how it runs
- Every block runs in a fresh temporary directory holding copies of the repository's
  `policies/` and `examples/`, with HOME pointing into it (so `~/.config/cardpolicy` is a
  temporary one), standard input from /dev/null, and no BUNQ_* or CARDPOLICY_* variables.
- `cardpolicy` is CARDPOLICY_BIN (default .build/debug/cardpolicy) through a directory on
  PATH, and `.build/debug/cardpolicy` and `.build/release/cardpolicy` in the temporary
  directory link to it.
- `swift` is a stand-in (see SWIFT_SHIM): `swift run cardpolicy ...` runs CARDPOLICY_BIN;
  `swift build [...]` builds nothing (the executable under test was built before this test
  ran, and a build would take minutes) but checks that every `--product` it names exists.
  So the README's `swift build && alias cardpolicy=$PWD/.build/debug/cardpolicy` really
  defines the alias, to the executable under test. `.build/release/cardpolicy-bench` is a
  stand-in too: the benchmarks take minutes; it checks the benchmark names it is given.
- `./scripts/test` is not run: it is the whole test suite, this test included (it is what
  `.ci/run` runs). Instead the test checks that it exists, that `.ci/run` runs it and that it
  runs Tests/docs. Stand-ins report what they did not run in the summary line.
- Real bunq cannot be reached from here, and must never be: every block runs in its own
  network namespace (`unshare -n`) where only 127.0.0.1 exists. A `cardpolicy plan`,
  `apply`, `drift` or `export` line without `--emulator` and not pointed at 127.0.0.1 is a
  real-bunq command: it must exit 1 with a connection error ("failed after N attempts:
  DNS error ..." or "could not connect ..."), within the time limit, and not with a usage
  error or a crash; its `exit N` comment describes bunq and is not checked. BUNQ_API_KEY
  defaults to a placeholder for it (as the reader's shell or a CI secret would provide),
  and a missing `--api-key-file FILE` is created holding a placeholder. A `curl` to a
  bunq.com host must fail with curl's "could not resolve host" (exit 6).
  Where no network namespace can be made (no `unshare`, or user namespaces disallowed), each
  real-bunq cardpolicy line is pointed at a closed port on 127.0.0.1 instead: BUNQ_API_URL
  is set, `--sandbox` and any https://…bunq.com URL in the line are replaced with that
  address (the one change made to a documented command), and it must fail in the same way.
  A curl to bunq then fails the test rather than reach bunq. DOCS_TEST_NO_NETNS=1 forces
  this mode.
- Every block has a time limit; a hanging command fails the block, naming the command.
"""
import dataclasses
import difflib
import os
import pathlib
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
HELPER = HERE / "doc_shell.py"
BIN = os.environ.get("CARDPOLICY_BIN", str(ROOT / ".build" / "debug" / "cardpolicy"))

SHELL_LANGUAGES = {"sh", "bash", "shell"}
SECONDS_PER_COMMAND = 25
SECONDS_PER_BLOCK = 20
PLACEHOLDER_KEY = "docs-test-placeholder-key-not-a-real-one"

FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
CLOSING_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*$")
DIRECTIVE = re.compile(r"^<!--\s*docs-test:\s*(?P<kind>\S+)\s*(?P<argument>.*?)\s*-->$")
EXIT_COMMENT = re.compile(r"\bexit (\d+)\b")
REAL_BUNQ_FAILURE = re.compile(r"failed after \d+ attempts?: (?:DNS error|could not connect)")
TALKING_SUBCOMMANDS = {"plan", "apply", "drift", "export"}
LOCAL_URL = re.compile(r"https?://(?:127\.0\.0\.1|localhost)[:/]")

# Values that differ between two runs of the same command; masked in samples and output.
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)"), "<time>"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\b\d+(?:\.\d+)? ms\b"), "<n> ms"),
    (re.compile(r"\bin \d+(?:\.\d+)? s\b"), "in <n> s"),
]


# --------------------------------------------------------------------------------------
# Reading the Markdown


@dataclasses.dataclass
class Command:
    text: str                      # as written, without the `$ ` of a sample
    line: int                      # where it is in the Markdown file
    expected_exit: int = 0
    interactive: bool = False      # `type yes`: run on a terminal, answer the prompt
    background: bool = False       # ends in `&`
    output: list | None = None     # a sample's printed lines; None: not compared
    role: str = "doc"              # doc, setup or prelude
    problem: str | None = None     # why it cannot run as written


@dataclasses.dataclass
class Block:
    path: pathlib.Path
    line: int
    kind: str                      # "sh" or "sample"
    commands: list
    setups: list
    is_prelude: bool = False

    @property
    def name(self):
        return f"{self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path.name}:{self.line}"


@dataclasses.dataclass
class Fenced:
    line: int
    language: str
    body: list
    directives: list               # (line, kind, argument)


@dataclasses.dataclass
class Page:
    path: pathlib.Path
    fenced: list
    orphan_directives: list        # directives not followed by a block


def split_comment(text):
    """(code, comment) of a shell command: `#` starts a comment at the start of a word,
    outside quotes, until the end of that physical line."""
    code, comment = [], []
    quote = None
    escaped = False
    in_comment = False
    previous = " "
    for char in text:
        if in_comment:
            if char == "\n":
                in_comment = False
                code.append(char)
            else:
                comment.append(char)
            previous = char
            continue
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and previous in " \t\n":
            in_comment = True
            comment.append(" ")
            previous = char
            continue
        code.append(char)
        previous = char
    return "".join(code), "".join(comment)


def make_command(text, line, output=None, role="doc"):
    code, comment = split_comment(text)
    exit_match = EXIT_COMMENT.search(comment)
    command = Command(
        text=text, line=line, output=output, role=role,
        expected_exit=int(exit_match.group(1)) if exit_match else 0,
        interactive="type yes" in comment,
        background=code.rstrip().endswith("&") and not code.rstrip().endswith("&&"),
    )
    if re.search(r"(?<!<)<<(?!<)", code):
        command.problem = "here-documents are not supported by the docs test; write the file with a command"
    return command


def read_page(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    fenced, orphans, pending = [], [], []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE.match(line)
        if opening:
            fence = opening["fence"]
            body = []
            end = index + 1
            while end < len(lines):
                closing = CLOSING_FENCE.match(lines[end])
                if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence):
                    break
                body.append(lines[end])
                end += 1
            language = (opening["info"].split() or [""])[0].lower()
            fenced.append(Fenced(index + 1, language, body, pending))
            pending = []
            index = end + 1
            continue
        directive = DIRECTIVE.match(line.strip())
        if directive:
            pending.append((index + 1, directive["kind"], directive["argument"]))
        elif line.strip() and pending:
            orphans.extend(pending)     # prose between a directive and its block
            pending = []
        index += 1
    orphans.extend(pending)
    return Page(path, fenced, orphans)


def shell_commands(fenced):
    commands = []
    start, parts = None, []
    for offset, raw in enumerate(fenced.body):
        if start is None:
            start = fenced.line + 1 + offset
        parts.append(raw)
        if raw.rstrip().endswith("\\"):
            continue
        text = "\n".join(parts)
        first = start
        start, parts = None, []
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        commands.append(make_command(text.strip(), first))
    return commands


def sample_commands(fenced):
    commands = []
    for offset, raw in enumerate(fenced.body):
        if raw.startswith("$ "):
            commands.append(make_command(raw[2:], fenced.line + 1 + offset, output=[]))
        elif commands:
            commands[-1].output.append(raw)
    for command in commands:
        while command.output and not command.output[-1].strip():
            command.output.pop()
    return commands


def is_sample(fenced):
    return fenced.language == "" and any(line.startswith("$ ") for line in fenced.body)


def blocks_of(page):
    """The runnable blocks of a page, with their setups and the page's preludes so far."""
    blocks, preludes = [], []
    for fenced in page.fenced:
        if fenced.language in SHELL_LANGUAGES:
            kind, commands = "sh", shell_commands(fenced)
        elif is_sample(fenced):
            kind, commands = "sample", sample_commands(fenced)
        else:
            continue
        setups = [make_command(argument, line, role="setup")
                  for line, directive, argument in fenced.directives if directive == "setup"]
        block = Block(page.path, fenced.line, kind, commands, list(preludes) + setups,
                      is_prelude=any(directive == "prelude" for _, directive, _ in fenced.directives))
        blocks.append(block)
        if block.is_prelude:
            preludes.extend(dataclasses.replace(command, role="prelude", output=None) for command in commands)
    return blocks


def documentation_files():
    return [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


def all_blocks():
    return [block for path in documentation_files() for block in blocks_of(read_page(path))]


# --------------------------------------------------------------------------------------
# Which commands talk to the real bunq


def words_of(code):
    try:
        return shlex.split(code)
    except ValueError:
        return code.split()


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
    code, _ = split_comment(command.text)
    words = words_of(code)
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
    code, _ = split_comment(command.text)
    words = words_of(code)
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--api-key-file"]


# --------------------------------------------------------------------------------------
# Stand-ins and special cases


def executable_products():
    package = (ROOT / "Package.swift").read_text()
    return set(re.findall(r'\.executable\(name:\s*"([^"]+)"', package)) | set(
        re.findall(r'\.executableTarget\(\s*name:\s*"([^"]+)"', package))


def benchmark_names():
    return set(re.findall(r'wanted\("(\w+)"\)', (ROOT / "Sources/cardpolicy-bench/main.swift").read_text()))


# `swift` for the documented commands. Building is not what the docs test checks, and a
# build takes minutes on two cores: the executable under test (CARDPOLICY_BIN) stands for
# the result of `swift build`. The products a command names must still exist.
SWIFT_SHIM = r"""#!/usr/bin/env bash
echo "swift $*" >>"$DOCS_SPECIAL_LOG"
case "$1" in
  run)
    [ "$2" = cardpolicy ] || { echo "docs test: only 'swift run cardpolicy' is supported" >&2; exit 97; }
    shift 2
    exec "$CARDPOLICY_BIN" "$@" ;;
  build)
    shift
    while [ $# -gt 0 ]; do
      case "$1" in
        --product)
          case " $DOCS_PRODUCTS " in *" $2 "*) ;; *) echo "docs test: Package.swift has no executable $2" >&2; exit 1 ;; esac
          shift 2 ;;
        -c) case "$2" in debug|release) ;; *) echo "docs test: no configuration $2" >&2; exit 1 ;; esac; shift 2 ;;
        --build-tests) shift ;;
        *) echo "docs test: 'swift build $1' is not understood by the docs test" >&2; exit 97 ;;
      esac
    done
    [ -x "$CARDPOLICY_BIN" ] || { echo "docs test: $CARDPOLICY_BIN is not an executable" >&2; exit 1; }
    echo "docs test: swift build not run; the executable under test is $CARDPOLICY_BIN" >&2 ;;
  *) echo "docs test: 'swift $1' is not supported by the docs test" >&2; exit 97 ;;
esac
"""

# The benchmarks take minutes (20 card changes alone take 27 s under bunq's limits).
BENCH_STUB = r"""#!/usr/bin/env bash
echo "cardpolicy-bench $*" >>"$DOCS_SPECIAL_LOG"
for name in "$@"; do
  case " $DOCS_BENCHMARKS " in *" $name "*) ;; *) echo "docs test: cardpolicy-bench has no benchmark $name" >&2; exit 1 ;; esac
done
echo "docs test: cardpolicy-bench not run (the benchmarks take minutes)" >&2
"""

# A documented line that is not run at all, with what is checked instead.
SPECIAL_LINES = {
    # The whole test suite, this test included: running it here would recurse. It is
    # what .ci/run runs; check that it is still wired that way.
    "./scripts/test": 'echo "./scripts/test" >>"$DOCS_SPECIAL_LOG"; '
                      'test -x "$DOCS_REPO/scripts/test" && grep -q "exec ./scripts/test" "$DOCS_REPO/.ci/run" '
                      '&& grep -q "Tests/docs" "$DOCS_REPO/scripts/test"',
}

# Text that must still appear in some documented command, or the stand-in is dead code.
STAND_INS = ["swift run cardpolicy", "swift build", ".build/debug/cardpolicy", ".build/release/cardpolicy-bench",
             *SPECIAL_LINES]


# --------------------------------------------------------------------------------------
# Running


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


def closed_local_url():
    """An API URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


BUNQ_URL = re.compile(r"https://[A-Za-z0-9.-]*bunq\.com[^\s'\"]*")


def pointed_at(command, url):
    """Without a network namespace: the command, talking to `url` instead of bunq."""
    code, comment = split_comment(command.text)
    code = BUNQ_URL.sub(url, code)
    code = re.sub(r"(?<!\S)--sandbox(?!\S)", f"--api-url {url}", code)
    return code.rstrip() + ("  #" + comment if comment.strip() else "")


@dataclasses.dataclass
class Outcome:
    problems: list
    documented_run: int            # the block's own commands that ran
    special: list


def normalise(lines, work):
    result = []
    for line in lines:
        line = line.replace(str(work), "$PWD")
        for pattern, mask in VOLATILE:
            line = pattern.sub(mask, line)
        result.append(line.rstrip())
    while result and not result[-1]:
        result.pop()
    return result


def prepare(tmp):
    work, home, shims, out = tmp / "work", tmp / "home", tmp / "shims", tmp / "out"
    for directory in (home, shims, out):
        directory.mkdir(parents=True)
    for name in ("policies", "examples"):
        shutil.copytree(ROOT / name, work / name)
    (work / ".build" / "debug").mkdir(parents=True)
    (work / ".build" / "release").mkdir(parents=True)
    (work / ".build" / "debug" / "cardpolicy").symlink_to(BIN)
    (work / ".build" / "release" / "cardpolicy").symlink_to(BIN)      # what `swift build -c release` would make
    (shims / "cardpolicy").symlink_to(BIN)
    for path, text in ((shims / "swift", SWIFT_SHIM), (work / ".build" / "release" / "cardpolicy-bench", BENCH_STUB)):
        path.write_text(text)
        path.chmod(0o755)
    environment = {
        "PATH": f"{shims}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm",
        "CARDPOLICY_BIN": BIN,
        "DOCS_REPO": str(ROOT),
        "DOCS_WORK": str(work),
        "DOCS_OUT": str(out),
        "DOCS_HELPER": str(HELPER),
        "DOCS_PYTHON": sys.executable,
        "DOCS_SPECIAL_LOG": str(tmp / "special.log"),
        "DOCS_PRODUCTS": " ".join(sorted(executable_products())),
        "DOCS_BENCHMARKS": " ".join(sorted(benchmark_names())),
    }
    if "TMPDIR" in os.environ:
        environment["TMPDIR"] = os.environ["TMPDIR"]
    return work, home, out, environment


def script_for(commands, real_bunq):
    parts = [
        "set +e -o pipefail",
        "shopt -s expand_aliases",
        'cd "$DOCS_WORK"',
        # After a background start, wait (up to 30 s) for its first line, as a reader would.
        '__docs_wait() { for _ in $(seq 300); do [ -s "$DOCS_OUT/$1.out" ] && return 0; sleep 0.1; done; }',
    ]
    for index, command in enumerate(commands):
        out = f'"$DOCS_OUT/{index}.out"'
        special = SPECIAL_LINES.get(command.text.split("#")[0].strip())
        if special:
            parts.append(f"{{\n{special}\n}} >{out} 2>&1 </dev/null")
        elif index in real_bunq:        # never gets as far as a prompt
            parts.append(f'(\nexport BUNQ_API_KEY="${{BUNQ_API_KEY:-{PLACEHOLDER_KEY}}}"\n{command.text}\n) >{out} 2>&1 </dev/null')
        elif command.interactive:
            parts.append(f'"$DOCS_PYTHON" "$DOCS_HELPER" pty-yes {out} bash --norc --noprofile -c {shlex.quote(command.text)}')
        else:
            parts.append(f"{{\n{command.text}\n}} >{out} 2>&1 </dev/null")
        parts.append(f'echo "{index} $?" >>"$DOCS_OUT/status"')
        if command.background:
            parts.append(f"__docs_wait {index}")
    return "\n".join(parts) + "\n"


def kill_group(process):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        time.sleep(0.3)


def run_block(block, tmp, timeout=None):
    """Runs the block's setups and commands; returns the problems found (empty: it passed)."""
    commands = block.setups + block.commands
    problems = [f"line {c.line}: {c.problem}" for c in commands if c.problem]
    if problems:
        return Outcome(problems, 0, [])
    work, home, out, environment = prepare(tmp)
    reaching = {i for i, c in enumerate(commands) if c.role == "doc" and talks_to_real_bunq(c, commands[:i])}
    # A sample shows what the command printed (e.g. a missing key): it is compared, not
    # expected to fail on the connection.
    real_bunq = reaching if block.kind == "sh" else set()
    if ISOLATION is None and reaching:
        curls = [commands[i].text for i in sorted(reaching) if commands[i].text.lstrip().startswith("curl")]
        if curls:
            return Outcome([f"{block.name}: no network namespace to keep these from reaching bunq: {curls}"], 0, [])
        url = closed_local_url()
        environment["BUNQ_API_URL"] = url
        commands = [dataclasses.replace(c, text=pointed_at(c, url)) if i in reaching else c
                    for i, c in enumerate(commands)]
    for index in real_bunq:
        for key_file in api_key_files(commands[index]):
            path = pathlib.Path(key_file.replace("~", str(home), 1) if key_file.startswith("~") else work / key_file)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(PLACEHOLDER_KEY + "\n")
                path.chmod(0o600)
    script = tmp / "block.sh"
    script.write_text(script_for(commands, real_bunq))
    argv = ["bash", "--norc", "--noprofile", str(script)]
    if ISOLATION:
        argv = ISOLATION + [sys.executable, str(HELPER), "lo-up-exec"] + argv
    limit = timeout or (SECONDS_PER_BLOCK + SECONDS_PER_COMMAND * len(commands))
    with open(tmp / "shell.log", "wb") as shell_log:
        process = subprocess.Popen(argv, cwd=work, env=environment, stdin=subprocess.DEVNULL, stdout=shell_log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = False
        try:
            process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            kill_group(process)
            process.wait()

    statuses = {}
    status_file = out / "status"
    if status_file.exists():
        for entry in status_file.read_text().split("\n"):
            if entry:
                index, code = entry.split()
                statuses[int(index)] = int(code)
    for index, command in enumerate(commands):
        where = f"line {command.line} `{command.text}`"
        output_file = out / f"{index}.out"
        printed = output_file.read_text(encoding="utf-8", errors="replace") if output_file.exists() else ""
        tail = "\n    ".join(printed.rstrip().splitlines()[-15:])
        if index not in statuses:
            if timed_out and index == len(statuses):
                problems.append(f"{where}: still running after the block's {limit} s limit; output:\n    {tail}")
            elif not timed_out:
                problems.append(f"{where}: never ran (the shell stopped early); shell log:\n"
                                f"{(tmp / 'shell.log').read_text(errors='replace')[-2000:]}")
            continue
        code = statuses[index]
        if index in real_bunq:
            if command.text.lstrip().startswith("curl"):
                if code != 6:
                    problems.append(f"{where}: a curl to bunq must fail to resolve bunq's host here (exit 6), got exit {code}:\n    {tail}")
            elif code != 1 or not REAL_BUNQ_FAILURE.search(printed) or "Usage:" in printed:
                problems.append(f"{where}: a real-bunq command must get as far as connecting (exit 1, "
                                f"'failed after N attempts: DNS error|could not connect'); got exit {code}:\n    {tail}")
            continue
        expected = 0 if command.role != "doc" else command.expected_exit
        if code != expected:
            problems.append(f"{where}: exit {code}, expected {expected}; output:\n    {tail}")
        if command.output is not None:
            want = normalise(command.output, work)
            got = normalise(printed.splitlines(), work)
            if want != got:
                diff = "\n    ".join(difflib.unified_diff(want, got, "documented", "real", lineterm="", n=1))
                problems.append(f"{where}: the output differs from the sample (masked values: <time>, <uuid>, <n>):\n    {diff}")
    special_log = tmp / "special.log"
    special = special_log.read_text().splitlines() if special_log.exists() else []
    documented = sum(1 for i, c in enumerate(commands) if c.role == "doc" and i in statuses)
    return Outcome(problems, documented, special)


# --------------------------------------------------------------------------------------
# The tests

BLOCKS = all_blocks()


@pytest.fixture(scope="session")
def docs_stats(request):
    stats = {"blocks": 0, "commands": 0, "stand_ins": []}
    request.config._cardpolicy_docs_stats = stats      # printed by conftest.py at the end
    return stats


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


def lint(path):
    """Commands that would escape this test: prompts in blocks that do not run, directives
    that belong to no block."""
    problems = []
    page = read_page(path)
    for line, kind, argument in page.orphan_directives:
        problems.append(f"{path.name}:{line}: docs-test directive `{kind}` is not right before a block")
    for fenced in page.fenced:
        prompts = [line for line in fenced.body if line.startswith("$ ")]
        if prompts and fenced.language in SHELL_LANGUAGES:
            problems.append(f"{path.name}:{fenced.line}: `$ ` prompts in a {fenced.language} block cannot run")
        elif prompts and fenced.language:
            problems.append(f"{path.name}:{fenced.line}: a ```{fenced.language} block has commands ({prompts[0]!r}); "
                            "use ```sh, or a plain ``` sample")
        for line, kind, _ in fenced.directives:
            if kind not in ("setup", "prelude"):
                problems.append(f"{path.name}:{line}: unknown docs-test directive `{kind}`")
            elif kind == "prelude" and fenced.language not in SHELL_LANGUAGES:
                problems.append(f"{path.name}:{line}: a prelude must be a sh block")
    return problems


def test_no_command_hides_in_a_block_that_does_not_run():
    problems = [problem for path in documentation_files() for problem in lint(path)]
    assert not problems, "\n".join(problems)


def test_lint_finds_hidden_commands(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("```text\n$ cardpolicy apply --auto-approve\n```\n\n<!-- docs-test: setup true -->\nprose\n\n"
                    "<!-- docs-test: prelud -->\n```sh\ntrue\n```\n")
    problems = lint(path)
    assert len(problems) == 3, problems
    assert "```text block has commands" in problems[1] and "not right before a block" in problems[0]
    assert "unknown docs-test directive `prelud`" in problems[2]


def test_every_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [path.name for path in sorted((ROOT / "docs").glob("*.md")) if f"](docs/{path.name}" not in readme]
    assert not missing, f"docs pages the README does not link: {missing}"


def github_anchor(heading):
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_between_pages_resolve():
    problems = []
    for path in documentation_files():
        text = path.read_text()
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue                      # https:, mailto:
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                problems.append(f"{path.name}: {target}: no such file")
            elif anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(), flags=re.MULTILINE)
                if anchor not in {github_anchor(h) for h in headings}:
                    problems.append(f"{path.name}: {target}: no heading with that anchor")
    assert not problems, "\n".join(problems)


def test_every_stand_in_is_still_needed():
    texts = [command.text for block in BLOCKS for command in block.commands]
    unused = [name for name in STAND_INS if not any(name in text for text in texts)]
    assert not unused, f"stand-ins no documented command uses any more; remove them: {unused}"


# The harness must be able to fail: each of these documents is wrong in one way.

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


# Shell completions, as docs/commands.md tells people to install them.

def test_bash_completion_offers_subcommands_and_values(tmp_path):
    script = tmp_path / "cardpolicy.bash"
    script.write_text(subprocess.run([BIN, "--generate-completion-script", "bash"], capture_output=True, text=True,
                                     timeout=30, check=True).stdout)
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
    result = subprocess.run([BIN, "--generate-completion-script", shell], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout.startswith(first_line)
    assert "drift" in result.stdout and "detailed-exitcode" in result.stdout
