"""What the recipes' shell steps run with here: git, a bunq emulator and stand-ins for gh and curl."""
# Stand-ins only for what cannot run here (gh, curl to GitLab, apt-get, sleep): cardpolicy
# itself is the real executable against a real HTTP server, so the exit codes the recipes
# branch on are the ones cardpolicy gives.
import copy
import json
import os
import re
import shutil
import signal
import subprocess
import urllib.request

import pytest

from conftest import BIN

JQ = shutil.which("jq")
GIT = shutil.which("git")
needs_tools = pytest.mark.skipif(not (JQ and GIT), reason="the recipes' shell needs jq and git, as the runners have")

GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args, cwd, env=None):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV, **(env or {})}, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


FAKE_GH = r'''#!/usr/bin/env python3
"""Stands in for the GitHub CLI with canned answers (FAKE_GH: a JSON file), logging each call."""
import json, os, shutil, subprocess, sys
data = json.load(open(os.environ["FAKE_GH"]))
with open(os.environ["FAKE_GH"] + ".log", "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\n")
args = sys.argv[1:]
def opt(name):
    return args[args.index(name) + 1] if name in args else None
def out(value):
    if opt("--jq"):
        r = subprocess.run(["jq", "-r", opt("--jq")], input=json.dumps(value), capture_output=True, text=True)
        sys.stdout.write(r.stdout); sys.exit(r.returncode)
    print(json.dumps(value))
if args[:1] == ["api"]:
    out(data["api"][args[1]])
elif args[:2] == ["run", "list"]:
    runs = [r for r in data["runs"] if r["workflow"] == opt("--workflow")
            and (opt("--commit") is None or r["headSha"] == opt("--commit"))
            and (opt("--status") is None or r["conclusion"] == opt("--status"))]
    out([{"databaseId": r["databaseId"], "status": r.get("status", "completed")} for r in runs][: int(opt("--limit") or 20)])
elif args[:2] == ["run", "download"]:
    source = data["artifacts"][args[2]][opt("--name")]
    shutil.copytree(source, opt("--dir"), dirs_exist_ok=True)
else:
    sys.exit("fake gh: unexpected " + " ".join(args))
'''

FAKE_CURL = r'''#!/usr/bin/env python3
"""Stands in for curl against the GitLab API: canned GET answers (FAKE_CURL: a JSON file of
URL prefix -> body), every call logged with its form fields."""
import json, os, sys, urllib.parse
args, method, url, fields, i = sys.argv[1:], None, None, {}, 0
while i < len(args):
    a = args[i]
    if a == "-X":
        method = args[i + 1]; i += 2; continue
    if a in ("-H", "-o"):
        i += 2; continue
    if a in ("--data", "--data-urlencode"):
        name, _, value = args[i + 1].partition("=")
        if a == "--data-urlencode" and "@" in args[i + 1] and "=" not in args[i + 1].split("@")[0]:
            name, _, path = args[i + 1].partition("@")
            value = open(path).read()
        fields[name] = value; i += 2; continue
    if a.startswith("-"):
        i += 1; continue
    url = a; i += 1
method = method or ("POST" if fields else "GET")
with open(os.environ["FAKE_CURL"] + ".log", "a") as log:
    log.write(json.dumps({"method": method, "url": url, "fields": fields}) + "\n")
if method == "GET":
    answers = json.load(open(os.environ["FAKE_CURL"]))
    print(next((body for prefix, body in answers.items() if url.startswith(prefix)), "[]"))
else:
    print("{}")
'''

STAND_INS = {"gh": FAKE_GH, "curl": FAKE_CURL, "apt-get": "#!/bin/sh\nexit 0\n", "sleep": "#!/bin/sh\nexit 0\n"}


def numbered(tmp_path, stem, suffix=""):
    """A path not used yet in tmp_path, so a test can run the same job or edit more than once."""
    return tmp_path / f"{stem}-{len(list(tmp_path.glob(f'{stem}-*{suffix}')))}{suffix}"


def write_wrapper(path):
    """What the build job's artifact is: an executable called cardpolicy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nexec "{BIN}" "$@"\n')
    path.chmod(0o644)   # artifacts lose the executable bit; the recipes chmod it


class Emulator:
    """`cardpolicy emulator` as a server: the recipes reach it through BUNQ_API_URL."""

    def __init__(self, tmp_path, state=None):
        self.state = tmp_path / "bunq.json"
        if state is not None:
            self.state.write_text(json.dumps(state))
        self.process = subprocess.Popen(
            [BIN, "emulator", "--port", "0", "--state", str(self.state), "--faults", "--rate-limits", "off"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        m = re.search(r"(http://\S+/v1)", line)
        assert m, line
        self.url = m.group(1)

    def fault(self, **fault):
        request = urllib.request.Request(self.url[:-3] + "/_emulator/faults", data=json.dumps(fault).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).read()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def change_policies(origin, tmp_path, edit, message="change"):
    work = numbered(tmp_path, "edit")
    git("clone", "-q", str(origin), str(work), cwd=tmp_path)
    edit(work)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", message, cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    return git("rev-parse", "HEAD", cwd=work)


def journal_on(origin, branch="cardpolicy-state"):
    """The apply journal kept beside the ledger, as its JSON lines; None when there is none."""
    result = subprocess.run(["git", "--git-dir", str(origin), "show", f"{branch}:journal.jsonl"],
                            capture_output=True, text=True)
    return [json.loads(line) for line in result.stdout.splitlines()] if result.returncode == 0 else None


def ledger_on(origin, branch="cardpolicy-state"):
    result = subprocess.run(["git", "--git-dir", str(origin), "show", f"{branch}:state.json"],
                            capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else None


def demo_state(tmp_path):
    """The emulator's demo bunq, as the JSON of its state file."""
    seed = tmp_path / "seed"
    seed.mkdir(exist_ok=True)
    server = Emulator(seed)
    server.stop()
    return json.loads(server.state.read_text())


def two_pins_state(tmp_path):
    """The demo bunq with a second pinned chain that the policies do not declare: a plan
    rotates the first (not a removal) and removes the second, the guarded change."""
    state = demo_state(tmp_path)
    extra = dict(state["certificate_pins"][0], id=state["next_id"])
    state["next_id"] += 1
    state["certificate_pins"].append(extra)
    return state


def lost_card_state(tmp_path):
    """The emulator's bunq with one card the policies manage reported LOST: a conflict."""
    state = two_pins_state(tmp_path)
    for card in state["cards"]:
        if card["id"] == 2079040:
            card["status"] = "LOST"
    return state


def fleet_state(tmp_path, count=11):
    """The demo bunq with `count` more cards like Groceries, second lines "Fleet 01"…: enough
    managed cards for apply's bulk-change guard (30% of 10 or more)."""
    state = two_pins_state(tmp_path)
    base = next(c for c in state["cards"] if c["id"] == 2079050)
    for i in range(1, count + 1):
        card = copy.deepcopy(base)
        card.update(id=2079200 + i, second_line=f"Fleet {i:02d}", public_uuid=f"f1ee7000-0000-4000-8000-{2079200 + i:012d}")
        card["primary_account_numbers"] = [dict(base["primary_account_numbers"][0], id=2079300 + i, four_digit=f"60{i:02d}",
                                                description=card["second_line"], uuid=f"f1ee7000-0000-4000-8000-{2079300 + i:012d}")]
        card["country_permission"] = [dict(q, id=2079400 + 10 * i + k) for k, q in enumerate(base["country_permission"])]
        state["cards"].append(card)
    return state


def change_in_bunq(tmp_path, api_url):
    """Someone raises a card's limit in the bunq app, outside the recipes."""
    other = tmp_path / "other.yaml"
    other.write_text('version: 1\ncards:\n  - {name: office, match: {last4: "4417"}, limits: {purchase: 450 EUR}}\n')
    changed = subprocess.run([BIN, "apply", str(other), "--auto-approve", "--context", str(tmp_path / "someone.json")],
                             capture_output=True, text=True, env={**os.environ, "BUNQ_API_URL": api_url,
                                                                   "BUNQ_API_KEY": "k"}, cwd=tmp_path, timeout=60)
    assert changed.returncode == 0, changed.stderr
