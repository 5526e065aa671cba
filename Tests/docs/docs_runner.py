"""Runs one block of documented commands in a sandbox, and reports what did not go as documented.

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
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time

import docs_standins
from docs_bunq import (ISOLATION, PLACEHOLDER_KEY, closed_local_url, is_curl, isolated, pointed_at,
                       real_bunq_problem, talks_to_real_bunq, write_placeholder_key_files)
from docs_paths import BIN, HELPER, ROOT
from docs_samples import sample_problem

SECONDS_PER_COMMAND = 25
SECONDS_PER_BLOCK = 20


@dataclasses.dataclass
class Outcome:
    problems: list
    documented_run: int            # the block's own commands that ran
    special: list


def prepare(tmp):
    work, home, shims, out = tmp / "work", tmp / "home", tmp / "shims", tmp / "out"
    for directory in (home, shims, out):
        directory.mkdir(parents=True)
    for name in ("policies", "examples"):
        shutil.copytree(ROOT / name, work / name)
    docs_standins.install(work, shims)
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
        **docs_standins.environment(),
    }
    if "TMPDIR" in os.environ:
        environment["TMPDIR"] = os.environ["TMPDIR"]
    # The emulators the docs start log the requests they receive for Tests/wire, like every other test's.
    if "CARDPOLICY_EMULATOR_BODY_LOG" in os.environ:
        environment["CARDPOLICY_EMULATOR_BODY_LOG"] = os.environ["CARDPOLICY_EMULATOR_BODY_LOG"]
    # And the plans they make go to Tests/plans.
    if "CARDPOLICY_PLAN_LOG" in os.environ:
        environment["CARDPOLICY_PLAN_LOG"] = os.environ["CARDPOLICY_PLAN_LOG"]
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
        special = docs_standins.special_line(command)
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


def run_script(tmp, work, environment, script, limit):
    """Runs the block's script; True when it was still running at the limit. Its own process
    group, killed afterwards, takes background jobs (an emulator) down with it."""
    path = tmp / "block.sh"
    path.write_text(script)
    argv = isolated(["bash", "--norc", "--noprofile", str(path)])
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
    return timed_out


def exit_statuses(out):
    """The exit status of each command that finished, by its index in the block."""
    statuses = {}
    status_file = out / "status"
    if status_file.exists():
        for entry in status_file.read_text().split("\n"):
            if entry:
                index, code = entry.split()
                statuses[int(index)] = int(code)
    return statuses


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
        curls = [commands[i].text for i in sorted(reaching) if is_curl(commands[i])]
        if curls:
            return Outcome([f"{block.name}: no network namespace to keep these from reaching bunq: {curls}"], 0, [])
        url = closed_local_url()
        environment["BUNQ_API_URL"] = url
        commands = [dataclasses.replace(c, text=pointed_at(c, url)) if i in reaching else c
                    for i, c in enumerate(commands)]
    write_placeholder_key_files([commands[i] for i in real_bunq], work, home)
    limit = timeout or (SECONDS_PER_BLOCK + SECONDS_PER_COMMAND * len(commands))
    timed_out = run_script(tmp, work, environment, script_for(commands, real_bunq), limit)

    statuses = exit_statuses(out)
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
            problem = real_bunq_problem(command, code, printed)
            if problem:
                problems.append(f"{where}: {problem}:\n    {tail}")
            continue
        expected = 0 if command.role != "doc" else command.expected_exit
        if code != expected:
            problems.append(f"{where}: exit {code}, expected {expected}; output:\n    {tail}")
        if command.output is not None:
            problem = sample_problem(command.output, printed, work)
            if problem:
                problems.append(f"{where}: {problem}")
    special_log = tmp / "special.log"
    special = special_log.read_text().splitlines() if special_log.exists() else []
    documented = sum(1 for i, c in enumerate(commands) if c.role == "doc" and i in statuses)
    return Outcome(problems, documented, special)
