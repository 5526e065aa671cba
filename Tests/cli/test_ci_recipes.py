"""The CI recipes in examples/ci/ against the real executable.

Three layers:
1. every workflow file parses and has the structure GitHub Actions / GitLab CI need;
2. every `cardpolicy ...` command in their shell (and in docs/ci.md's sh blocks) names a real
   subcommand and only flags (and flag values) that `cardpolicy <sub> --help` lists;
3. the recipes' own shell steps run, in order, against `cardpolicy emulator` (a real HTTP
   server, reached through BUNQ_API_URL as bunq would be), with a local bare git repository
   as `origin` and stand-ins only for what cannot run here (gh, curl to GitLab, apt-get,
   sleep). So the exit codes the recipes branch on are the ones cardpolicy gives.
"""
import functools
import json
import os
import pathlib
import re
import shlex
import shutil
import signal
import stat
import subprocess

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("CARDPOLICY_BIN", str(ROOT / ".build" / "debug" / "cardpolicy"))
CI = ROOT / "examples" / "ci"
GITHUB = sorted((CI / "github").glob("*.yml"))
GITLAB = CI / "gitlab" / ".gitlab-ci.yml"
CI_DOC = ROOT / "docs" / "ci.md"


# --------------------------------------------------------------------------------------------
# Loading

class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads the key `on` as true; GitHub reads it as the string it is."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@functools.lru_cache(maxsize=None)
def load(path):
    return yaml.load(pathlib.Path(path).read_text(), Loader=_Loader)


GITLAB_RESERVED = {"stages", "workflow", "variables", "default", "include", "image", "services",
                   "cache", "before_script", "after_script"}


def gitlab_jobs(doc):
    return {name: job for name, job in doc.items()
            if name not in GITLAB_RESERVED and not name.startswith(".") and isinstance(job, dict)}


def _deep_merge(base, override):
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _deep_merge(merged[key], value) \
            if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def gitlab_resolved(doc, name):
    """A job with its `extends` templates merged in, as GitLab does: hashes deeply, the rest
    (lists, scripts) replaced."""
    job = doc[name]
    parents = job.get("extends", [])
    merged = {}
    for parent in [parents] if isinstance(parents, str) else parents:
        merged = _deep_merge(merged, gitlab_resolved(doc, parent))
    return _deep_merge(merged, {k: v for k, v in job.items() if k != "extends"})


def script_lines(value):
    return [value] if isinstance(value, str) else list(value or [])


def shell_scripts():
    """(where, shell text) for every shell snippet of every recipe, plus docs/ci.md's sh blocks."""
    for path in GITHUB:
        for job_id, job in load(path)["jobs"].items():
            for index, step in enumerate(job.get("steps", [])):
                if "run" in step:
                    yield f"{path.name}:{job_id}:{step.get('id') or step.get('name') or index}", step["run"]
    doc = load(GITLAB)
    for name in doc:
        if isinstance(doc[name], dict) and name not in ("variables", "workflow", ".rules"):
            job = doc[name]
            for key in ("before_script", "script", "after_script"):
                if key in job:
                    yield f".gitlab-ci.yml:{name}:{key}", "\n".join(script_lines(job[key]))
    if CI_DOC.exists():
        for index, block in enumerate(re.findall(r"^```sh\n(.*?)^```", CI_DOC.read_text(), re.M | re.S)):
            yield f"docs/ci.md:sh block {index + 1}", block


# --------------------------------------------------------------------------------------------
# What the executable accepts, from its own --help

def help_text(*args):
    result = subprocess.run([BIN, *args, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _section(text, title):
    lines = text.splitlines()
    try:
        start = lines.index(title) + 1
    except ValueError:
        return []
    out = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            break
        out.append(line)
    return out


class Subcommand:
    def __init__(self, name, text):
        self.name = name
        self.positional = bool(_section(text, "ARGUMENTS:"))
        self.options = {}   # "--state" -> (takes_value, allowed values or None)
        entries = []
        for line in _section(text, "OPTIONS:"):
            m = re.match(r"^  (?:(-\w), )?(--[a-z][a-z0-9-]*)(?: <([^>]+)>)?(.*)$", line)
            if m:
                entries.append([m.group(1), m.group(2), m.group(3), m.group(4)])
            elif entries and line.startswith("      "):
                entries[-1][3] += " " + line.strip()
        self.short = set()
        for short, long, value, description in entries:
            allowed = None
            if value and "|" in value:
                allowed = set(value.split("|"))
            values = re.search(r"\(values: ([^;)]*)", " ".join(description.split()))
            if values:
                allowed = {v.strip() for v in values.group(1).split(",")}
            self.options[long] = (value is not None, allowed)
            if short:
                self.short.add(short)


class CLI:
    def __init__(self):
        root = help_text()
        self.subcommands = {}
        for line in _section(root, "SUBCOMMANDS:"):
            m = re.match(r"^  ([a-z][a-z-]*)\s", line)
            if m:
                self.subcommands[m.group(1)] = Subcommand(m.group(1), help_text(m.group(1)))


@functools.lru_cache(maxsize=None)
def cli():
    return CLI()


# --------------------------------------------------------------------------------------------
# Finding cardpolicy invocations in shell text

KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
            "time", "exec", "command"}
ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*(\[[^]]*\])?\+?=")
VARIABLE_BINARY = re.compile(r"^\$\{?(CARDPOLICY|CARDPOLICY_BIN)\}?$")


def _strip_comment(line):
    quote, i, prev = None, 0, " "
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "\\":
            i += 1
        elif c == "#" and prev in " \t;&|()":
            return line[:i]
        prev = c
        i += 1
    return line


def _lex(text):
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = ""
    return list(lexer)


def _commands(script):
    """Simple commands as word lists: continuations joined, comments, separators and
    redirections removed."""
    text = script.replace("\\\n", " ")
    text = re.sub(r"(?<![\w$])\d+(?=[<>])", "", text)   # the fd of 2>&1, 2>/dev/null
    lines, pending = text.split("\n"), ""
    for line in lines:
        pending += _strip_comment(line)
        try:
            tokens = _lex(pending)
        except ValueError:          # a quote that spans lines
            pending += "\n"
            continue
        pending = ""
        command, skip_next = [], False
        for token in tokens:
            if skip_next:
                skip_next = False
                continue
            if token and set(token) <= set(";&|()<>"):
                if set(token) <= set("<>&") and set(token) & set("<>"):
                    skip_next = True        # a redirection and its target
                    continue
                if command:
                    yield command
                command = []
                continue
            command.append(token)
        if command:
            yield command
    assert not pending, f"unterminated quote in:\n{script}"


def _arrays(script):
    """name=(words) and name+=(words) assignments, one line each."""
    arrays = {}
    for m in re.finditer(r"(?m)(?:^|[\s;])([A-Za-z_]\w*)\+?=\((.*)$", script):
        words = arrays.setdefault(m.group(1), [])
        for token in _lex(m.group(2)):
            if token.startswith(")"):
                break
            words.append(token)
    return arrays


def _is_cardpolicy(word):
    return word == "cardpolicy" or word.endswith("/cardpolicy") or bool(VARIABLE_BINARY.match(word))


def invocations(script):
    """Each `cardpolicy ...` command in a shell snippet, as its argument words, with bash
    arrays expanded from their assignments in the same snippet."""
    arrays = _arrays(script)
    for command in _commands(script):
        i = 0
        while i < len(command) and (command[i] in KEYWORDS or ASSIGNMENT.match(command[i])):
            i += 1
        if i < len(command) and _is_cardpolicy(command[i]):
            args = []
            for word in command[i + 1:]:
                m = re.fullmatch(r"\$\{(\w+)\[@\]\}", word)
                if m:
                    if m.group(1) not in arrays:
                        args.append(("unassigned array", word))
                    args.extend(arrays.get(m.group(1), []))
                else:
                    args.append(word)
            yield args


def problems(args, cli):
    """What is wrong with one invocation, checked against the real --help."""
    if not args or isinstance(args[0], tuple) or args[0].startswith("-"):
        return [f"no subcommand: {args}"]
    name = args[0]
    if name not in cli.subcommands:
        return [f"unknown subcommand `{name}` (cardpolicy has {', '.join(sorted(cli.subcommands))})"]
    sub, found = cli.subcommands[name], []
    words, i, only_positional = args[1:], 0, False
    while i < len(words):
        word = words[i]
        i += 1
        if isinstance(word, tuple):
            found.append(f"{word[0]}: {word[1]}")
            continue
        if not only_positional and word == "--":
            only_positional = True
            continue
        if not only_positional and word.startswith("--"):
            flag, _, inline = word.partition("=")
            if flag not in sub.options:
                found.append(f"`cardpolicy {name}` has no option {flag}")
                continue
            takes_value, allowed = sub.options[flag]
            if not takes_value:
                if inline:
                    found.append(f"{flag} takes no value")
                continue
            value = inline if inline else (words[i] if i < len(words) else None)
            if not inline:
                i += 1
            if value is None or isinstance(value, tuple):
                found.append(f"{flag} needs a value")
            elif allowed and "$" not in value and value not in allowed:
                found.append(f"{flag} {value}: not one of {', '.join(sorted(allowed))}")
            continue
        if not only_positional and re.match(r"^-\w$", word):
            if word not in sub.short:
                found.append(f"`cardpolicy {name}` has no option {word}")
            continue
        if not sub.positional:
            found.append(f"`cardpolicy {name}` takes no argument, found `{word}`")
    return found


ALL_INVOCATIONS = [(where, args) for where, script in shell_scripts() for args in invocations(script)]


# --------------------------------------------------------------------------------------------
# 1. Structure

ACTION = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+$")


@pytest.mark.parametrize("path", GITHUB, ids=lambda p: p.name)
def test_github_workflow_structure(path):
    workflow = load(path)
    assert isinstance(workflow.get("name"), str)
    assert workflow.get("on"), "no trigger"
    assert workflow.get("permissions") == {"contents": "read"}, "least privilege at the top; jobs widen it"
    assert workflow.get("jobs")
    called = "workflow_call" in workflow["on"]
    if not called:
        assert "concurrency" in workflow, "every triggered workflow says what runs at once"
    for job_id, job in workflow["jobs"].items():
        if "uses" in job:
            # A reusable workflow of this same set, called by path.
            m = re.fullmatch(r"\./\.github/workflows/([\w.-]+\.yml)", job["uses"])
            assert m, job["uses"]
            target = CI / "github" / m.group(1)
            assert target.exists(), f"{job_id} calls {m.group(1)}, which is not in examples/ci/github"
            assert "workflow_call" in load(target)["on"]
            continue
        assert "runs-on" in job, f"{job_id} has no runs-on"
        assert isinstance(job.get("steps"), list) and job["steps"], f"{job_id} has no steps"
        ids = [s["id"] for s in job["steps"] if "id" in s]
        assert len(ids) == len(set(ids))
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert ACTION.match(step["uses"]), f"{step['uses']}: pin actions to a major version"
            else:
                # Expressions in shell text are a script-injection risk; values come in via env.
                assert "${{" not in step["run"], step["run"]
                assert "BUNQ_API_KEY" not in step["run"], "the key reaches cardpolicy only through env"
        for step in job["steps"]:
            if any("secrets." in str(v) for v in (step.get("env") or {}).values()):
                assert "cardpolicy " in step.get("run", ""), "a secret goes only to a step that runs cardpolicy"


def test_github_secrets_and_permissions_are_where_they_are_needed():
    workflows = {p.name: load(p) for p in GITHUB}
    assert set(workflows) >= {"plan.yml", "apply.yml", "drift.yml", "build.yml"}
    assert workflows["plan.yml"]["jobs"]["plan"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert workflows["drift.yml"]["jobs"]["drift"]["permissions"] == {"contents": "read", "issues": "write"}
    assert workflows["apply.yml"]["jobs"]["apply"]["permissions"]["contents"] == "write"
    assert workflows["apply.yml"]["concurrency"] == {"group": "cardpolicy-apply", "cancel-in-progress": False}
    assert workflows["plan.yml"]["on"]["pull_request"]["paths"] == ["policies/**"]
    assert workflows["apply.yml"]["on"]["push"]["branches"] == ["main"]
    assert "schedule" in workflows["drift.yml"]["on"] and "workflow_dispatch" in workflows["drift.yml"]["on"]
    # Every run step that reaches bunq keeps the API context in RUNNER_TEMP, never in the
    # workspace (which artifacts and caches are made from).
    for where, args in ALL_INVOCATIONS:
        if where.startswith(("plan.yml", "apply.yml", "drift.yml")) and args[0] in ("plan", "apply", "drift"):
            assert "--context" in args and args[args.index("--context") + 1].startswith("$RUNNER_TEMP/"), (where, args)


def test_github_ledger_is_restored_the_same_way_everywhere():
    steps = [next(s for s in load(CI / "github" / name)["jobs"][job]["steps"] if s.get("id") == "ledger")
             for name, job in (("plan.yml", "plan"), ("apply.yml", "apply"), ("drift.yml", "drift"))]
    assert steps[0]["run"] == steps[1]["run"] == steps[2]["run"]


def test_gitlab_pipeline_structure():
    doc = load(GITLAB)
    stages = doc["stages"]
    jobs = gitlab_jobs(doc)
    assert set(jobs) == {"build", "plan", "apply", "drift"}
    for name in jobs:
        job = gitlab_resolved(doc, name)
        assert job.get("stage") in stages, name
        assert script_lines(job.get("script")), f"{name} has no script"
        assert job.get("rules"), f"{name} has no rules"
        for needed in job.get("needs", []):
            assert needed in jobs, f"{name} needs unknown job {needed}"
    assert gitlab_resolved(doc, "apply")["resource_group"]


# --------------------------------------------------------------------------------------------
# 2. Commands against --help

def test_help_is_parsed():
    parsed = cli()
    assert {"validate", "plan", "apply", "drift", "export", "schema", "emulator"} <= set(parsed.subcommands)
    plan = parsed.subcommands["plan"]
    assert plan.options["--format"] == (True, {"text", "json", "markdown"})
    assert plan.options["--detailed-exitcode"] == (False, None)
    assert plan.options["--rate-limits"] == (True, {"bunq", "off"})
    assert parsed.subcommands["validate"].options["--format"][1] == {"text", "json", "github"}
    assert parsed.subcommands["apply"].options["--max-deletes"][0] is True
    assert not parsed.subcommands["export"].positional and plan.positional


def test_recipes_run_the_commands_they_are_for():
    used = {}
    for where, args in ALL_INVOCATIONS:
        used.setdefault(where.split(":")[0], set()).add(args[0])
    assert used["plan.yml"] == {"validate", "plan"}
    assert used["apply.yml"] == {"apply", "plan"}
    assert used["drift.yml"] == {"drift"}
    assert used[".gitlab-ci.yml"] == {"validate", "plan", "apply", "drift"}
    assert used["docs/ci.md"] >= {"plan", "apply", "drift"}


@pytest.mark.parametrize("where,args", ALL_INVOCATIONS, ids=[f"{w} {a[0]}" for w, a in ALL_INVOCATIONS])
def test_every_invocation_exists(where, args):
    assert problems(args, cli()) == []


def test_the_checker_catches_what_is_wrong():
    def check(script):
        return [p for args in invocations(script) for p in problems(args, cli())]

    assert check("cardpolicy plan --detailed-exit-code") == ["`cardpolicy plan` has no option --detailed-exit-code"]
    assert check(".build/release/cardpolicy aply --plan p.json")[0].startswith("unknown subcommand `aply`")
    assert check('"$CARDPOLICY" drift --format github') == ["--format github: not one of json, markdown, text"]
    assert check("cardpolicy schema extra") == ["`cardpolicy schema` takes no argument, found `extra`"]
    assert check("cardpolicy apply --max-deletes") == ["--max-deletes needs a value"]
    assert check('guards=(--allow-irreversibel)\ncardpolicy apply "${guards[@]}"') == \
        ["`cardpolicy apply` has no option --allow-irreversibel"]
    assert check('cardpolicy apply "${nowhere[@]}"') == ["unassigned array: ${nowhere[@]}"]
    assert check("cardpolicy plan \\\n  --bogus policies") == ["`cardpolicy plan` has no option --bogus"]
    assert check("true || cardpolicy validate --nope; cardpolicy --version") == [
        "`cardpolicy validate` has no option --nope", "no subcommand: ['--version']"]
    assert check("echo cardpolicy plan --bogus   # only words, not a command") == []
    # and the same shapes pass when they are right
    assert check('X=1 ${CARDPOLICY_BIN} plan --out="$F" policies 2>&1 | tee x.log') == []
    assert check('if ! cardpolicy plan -h; then :; fi # cardpolicy plan --nope') == []
    assert check('args=(--max-deletes "$N")\nargs+=(--allow-irreversible)\ncardpolicy apply "${args[@]}"') == []
    assert len(list(invocations("a; cardpolicy validate && cardpolicy schema | cat"))) == 2


# --------------------------------------------------------------------------------------------
# 3. The recipes' shell, run

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
    runs = [r for r in data["runs"] if r["workflow"] == opt("--workflow") and r["headSha"] == opt("--commit")
            and (opt("--status") is None or r["conclusion"] == opt("--status"))]
    out([{"databaseId": r["databaseId"]} for r in runs][: int(opt("--limit") or 20)])
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


@pytest.fixture
def tools(tmp_path):
    """A directory of stand-ins, first on PATH: gh, curl, apt-get, sleep."""
    d = tmp_path / "tools"
    d.mkdir()
    for name, text in {"gh": FAKE_GH, "curl": FAKE_CURL,
                       "apt-get": "#!/bin/sh\nexit 0\n", "sleep": "#!/bin/sh\nexit 0\n"}.items():
        (d / name).write_text(text)
        (d / name).chmod(0o755)
    return d


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
        import urllib.request
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


@pytest.fixture
def emulator(tmp_path):
    server = Emulator(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def origin(tmp_path):
    """A bare repository holding this repository's policies on main, as `origin`."""
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


def change_policies(origin, tmp_path, edit, message="change"):
    work = tmp_path / f"edit-{len(list(tmp_path.glob('edit-*')))}"
    git("clone", "-q", str(origin), str(work), cwd=tmp_path)
    edit(work)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", message, cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    return git("rev-parse", "HEAD", cwd=work)


def ledger_on(origin, branch="cardpolicy-state"):
    result = subprocess.run(["git", "--git-dir", str(origin), "show", f"{branch}:state.json"],
                            capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else None


class GitHubJob:
    """Runs the run-steps of one job of a workflow as the runner does: the job's shell, the
    step's env with ${{ }} expressions resolved, GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY
    files, a workspace checked out from `origin` and a RUNNER_TEMP of its own."""

    def __init__(self, tmp_path, workflow, job, origin, tools, api_url, expressions, sha=None):
        self.workflow = load(CI / "github" / workflow)
        self.job = self.workflow["jobs"][job]
        base = tmp_path / f"{workflow}-{job}-{len(list(tmp_path.glob(f'{workflow}-{job}-*')))}"
        self.workspace, self.temp, self.files = base / "workspace", base / "runner_temp", base / "files"
        for d in (self.temp, self.files, base / "home"):
            d.mkdir(parents=True)
        git("clone", "-q", "--depth=1", f"file://{origin}", str(self.workspace), cwd=base)
        if sha:
            git("fetch", "-q", "--depth=1", "origin", sha, cwd=self.workspace)
            git("checkout", "-q", sha, cwd=self.workspace)
        self.sha = git("rev-parse", "HEAD", cwd=self.workspace)
        self.summary = self.files / "summary.md"
        self.summary.touch()
        self.path = [str(tools)]
        self.outputs = {}
        self.expressions = {"runner.temp": str(self.temp), "github.token": "token-not-used", **expressions}
        self.env = {"HOME": str(base / "home"), "LANG": "C.UTF-8", "CI": "true",
                    "RUNNER_TEMP": str(self.temp), "GITHUB_WORKSPACE": str(self.workspace),
                    "GITHUB_SHA": self.sha, "GITHUB_REPOSITORY": "acme/cards",
                    "GITHUB_STEP_SUMMARY": str(self.summary), "BUNQ_API_URL": api_url}
        write_wrapper(self.temp / "bin" / "cardpolicy")   # what download-artifact leaves

    def step(self, name):
        for step in self.job["steps"]:
            if name in (step.get("id"), step.get("name")):
                return step
        raise KeyError(name)

    def evaluate(self, expression):
        for term in (t.strip() for t in expression.split("||")):
            m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", term)
            if m:
                value = self.outputs.get(m.group(1), {}).get(m.group(2), "")
            elif re.fullmatch(r"\d+", term):
                value = int(term)
            elif term in ("true", "false"):
                value = term == "true"
            else:
                value = self.expressions[term]     # an expression the test did not provide fails here
            if value not in (None, "", False, 0):
                break
        return "true" if value is True else "false" if value is False else "" if value is None else str(value)

    def resolve(self, text):
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: self.evaluate(m.group(1).strip()), str(text))

    def run(self, name, **extra_env):
        step = self.step(name)
        shell = step.get("shell") or (self.job.get("defaults") or {}).get("run", {}).get("shell") \
            or (self.workflow.get("defaults") or {}).get("run", {}).get("shell")
        command = {"bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"], None: ["bash", "-e"]}[shell]
        script = self.files / "step.sh"
        script.write_text(step["run"])
        output, path_file = self.files / "output", self.files / "path"
        output.write_text("")
        path_file.write_text("")
        env = {"PATH": os.pathsep.join([*self.path, os.environ["PATH"]]), **self.env,
               "GITHUB_OUTPUT": str(output), "GITHUB_PATH": str(path_file)}
        for scope in (self.workflow.get("env"), self.job.get("env"), step.get("env")):
            env.update({k: self.resolve(v) for k, v in (scope or {}).items()})
        env.update({**GIT_ENV, **extra_env})
        result = subprocess.run([*command, str(script)], cwd=self.workspace, env=env,
                                capture_output=True, text=True, timeout=300)
        values, lines = {}, output.read_text().splitlines()
        while lines:
            line = lines.pop(0)
            if "<<" in line and "=" not in line.split("<<")[0]:
                key, delimiter = line.split("<<", 1)
                body = []
                while lines[0] != delimiter:
                    body.append(lines.pop(0))
                lines.pop(0)
                values[key] = "\n".join(body)
            else:
                key, _, value = line.partition("=")
                values[key] = value
        self.outputs[step.get("id", name)] = values
        self.path = [line for line in path_file.read_text().splitlines() if line][::-1] + self.path
        result.outputs = values
        result.log = result.stdout + result.stderr
        return result


def gh_data(tmp_path, *, sha, number=7, labels=(), artifact=None, merged=True, conclusion="success"):
    data = {"api": {f"repos/acme/cards/commits/{sha}/pulls": [
                {"number": number, "merged_at": "2030-01-01T00:00:00Z" if merged else None,
                 "head": {"sha": sha}, "labels": [{"name": name} for name in labels]}]},
            "runs": [{"databaseId": 4242, "workflow": "plan.yml", "headSha": sha, "conclusion": conclusion}],
            "artifacts": {"4242": {f"cardpolicy-plan-{sha}": str(artifact)}}}
    path = tmp_path / f"gh-{len(list(tmp_path.glob('gh-*.json')))}.json"
    path.write_text(json.dumps(data))
    return str(path)


def pr_plan(tmp_path, origin, tools, emulator, labels=""):
    """plan.yml's plan job for the pull request whose head is origin's main."""
    sha = git("--git-dir", str(origin), "rev-parse", "main", cwd=tmp_path)
    job = GitHubJob(tmp_path, "plan.yml", "plan", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "test-key",
        "github.event.pull_request.head.sha": sha,
        "join(github.event.pull_request.labels.*.name, ',')": labels})
    for name in ("Put cardpolicy on PATH", "ledger", "Validate"):
        result = job.run(name)
        assert result.returncode == 0, result.log
    return job, job.run("plan")


@needs_tools
def test_github_reviewed_plan_flows_from_pull_request_to_apply(tmp_path, origin, tools, emulator):
    # The pull request: the demo policies change 2 cards and replace one pinned chain.
    job, plan = pr_plan(tmp_path, origin, tools, emulator)
    assert plan.returncode == 0, plan.log
    assert plan.outputs["exitcode"] == "2"                   # changes: not a failure
    assert "cardpolicy:allow-deletes" in plan.outputs["blocked"]
    comment = (job.temp / "plan" / "comment.md").read_text()
    assert comment.startswith("<!-- cardpolicy-plan -->\n### cardpolicy plan: 1 to add, 4 to change, 1 to remove")
    assert "> [!IMPORTANT]\n> The plan removes 1 pinned certificate chain(s)" in comment
    assert comment in job.summary.read_text()
    assert (job.temp / "plan" / "policies.tree").read_text().strip() == git("rev-parse", "HEAD:policies", cwd=job.workspace)
    # The delete has no opt-in yet, so the check fails, visibly.
    failed = job.run("Fail on a conflict or a missing opt-in")
    assert failed.returncode == 1 and "::error::The plan removes 1 pinned certificate chain(s)" in failed.stdout
    # The API context stayed in RUNNER_TEMP, private, and out of what is uploaded.
    context = job.temp / "context.json"
    assert stat.S_IMODE(context.stat().st_mode) == 0o600
    assert sorted(p.name for p in (job.temp / "plan").iterdir()) == ["comment.md", "plan.json", "plan.md", "policies.tree"]
    assert not list(job.workspace.rglob("*context*"))

    # The label is added: the plan is re-made and passes.
    job, plan = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
    assert plan.returncode == 0 and plan.outputs["exitcode"] == "2" and "blocked" not in plan.outputs, plan.log
    artifact = job.temp / "plan"
    sha = job.sha

    # The merge: apply.yml finds that plan through the pull request and its run.
    apply = GitHubJob(tmp_path, "apply.yml", "apply", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "test-key", "inputs.max_deletes": None, "inputs.allow_irreversible": None})
    for name in ("Put cardpolicy on PATH", "ledger"):
        assert apply.run(name).returncode == 0
    found = apply.run("reviewed", FAKE_GH=gh_data(tmp_path, sha=sha, labels=["cardpolicy:allow-deletes"], artifact=artifact))
    assert found.returncode == 0, found.log
    assert found.outputs == {"plan": f"{apply.temp}/reviewed/plan.json", "max_deletes": "1", "allow_irreversible": "false"}

    done = apply.run("apply")
    assert done.returncode == 0, done.log
    assert done.outputs["exitcode"] == "0"
    assert "Applying the saved plan" in done.stdout and "Apply complete: 6 changes made and verified" in done.stdout
    assert "Apply complete" in apply.summary.read_text()

    # The ledger goes to its branch; drift reads it back and finds nothing to report.
    assert ledger_on(origin) is None
    saved = apply.run("Save the ledger")
    assert saved.returncode == 0, saved.log
    assert ledger_on(origin)["cards"]["2079040"]["country_expiry"] == {"US": "2030-12-31 23:59:59.000000"}
    assert apply.run("Save the ledger").stdout.strip() == "The ledger is unchanged."

    drift = GitHubJob(tmp_path, "drift.yml", "drift", origin, tools, emulator.url, {"secrets.BUNQ_API_KEY": "test-key"})
    for name in ("Put cardpolicy on PATH", "ledger"):
        assert drift.run(name).returncode == 0
    result = drift.run("drift")
    assert result.returncode == 0 and result.outputs["exitcode"] == "0", result.log
    assert "No changes. bunq matches the policy." in drift.summary.read_text()
    # Without the ledger the same bunq would be drift every night: why it is kept.
    (drift.workspace / ".cardpolicy" / "state.json").unlink()
    assert drift.run("drift").outputs["exitcode"] == "2"

    # A re-run of the apply on a new runner (no journal): the plan is stale now, but bunq
    # already matches main, so the job succeeds and says so.
    again = GitHubJob(tmp_path, "apply.yml", "apply", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "test-key", "inputs.max_deletes": None, "inputs.allow_irreversible": None})
    for name in ("Put cardpolicy on PATH", "ledger"):
        assert again.run(name).returncode == 0
    assert again.run("reviewed", FAKE_GH=gh_data(tmp_path, sha=sha, labels=["cardpolicy:allow-deletes"],
                                                  artifact=artifact)).returncode == 0
    rerun = again.run("apply")
    assert rerun.returncode == 0, rerun.log
    assert "exit 5" in rerun.stdout and "bunq already matches main's policies" in rerun.stdout


@needs_tools
def test_github_apply_refuses_guarded_and_stale_plans(tmp_path, origin, tools, emulator):
    job, plan = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
    artifact, sha = job.temp / "plan", job.sha

    def apply_job(labels):
        apply = GitHubJob(tmp_path, "apply.yml", "apply", origin, tools, emulator.url, {
            "secrets.BUNQ_API_KEY": "test-key", "inputs.max_deletes": None, "inputs.allow_irreversible": None})
        for name in ("Put cardpolicy on PATH", "ledger"):
            assert apply.run(name).returncode == 0
        found = apply.run("reviewed", FAKE_GH=gh_data(tmp_path, sha=sha, labels=labels, artifact=artifact))
        assert found.returncode == 0, found.log
        return apply

    # The label was removed before the merge: apply's own guard stops it, nothing written.
    apply = apply_job(labels=[])
    assert apply.outputs["reviewed"]["max_deletes"] == "0"
    blocked = apply.run("apply")
    assert blocked.returncode == 3 and blocked.outputs["exitcode"] == "3", blocked.log
    assert "Apply blocked; nothing was written" in blocked.stdout
    assert "::error::apply refused to start and wrote nothing" in blocked.stdout
    assert not (apply.workspace / ".cardpolicy" / "state.json").exists()

    # Someone changes a card in bunq after the review: the saved plan is stale (5), and the
    # job shows what a fresh apply would do instead of doing it.
    other = tmp_path / "other.yaml"
    other.write_text('version: 1\ncards:\n  - {name: office, match: {last4: "4417"}, limits: {purchase: 450 EUR}}\n')
    changed = subprocess.run([BIN, "apply", str(other), "--auto-approve", "--context", str(tmp_path / "someone.json")],
                             capture_output=True, text=True, env={**os.environ, "BUNQ_API_URL": emulator.url,
                                                                   "BUNQ_API_KEY": "k"}, cwd=tmp_path, timeout=60)
    assert changed.returncode == 0, changed.stderr
    apply = apply_job(labels=["cardpolicy:allow-deletes"])
    stale = apply.run("apply")
    assert stale.returncode == 5 and stale.outputs["exitcode"] == "5", stale.log
    assert "::error::The reviewed plan is stale" in stale.stdout
    assert "## What applying main's policies would do now" in apply.summary.read_text()
    assert "limits.purchase: 450.00 EUR → 400.00 EUR" in apply.summary.read_text()

    # By hand, fresh=true: plan and apply main now (the deletes allowed by the input).
    fresh = GitHubJob(tmp_path, "apply.yml", "apply", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "test-key", "inputs.max_deletes": 1, "inputs.allow_irreversible": False})
    for name in ("Put cardpolicy on PATH", "ledger"):
        assert fresh.run(name).returncode == 0
    done = fresh.run("apply")       # the "reviewed" step is skipped when fresh
    assert done.returncode == 0 and "Apply complete: 6 changes made and verified" in done.stdout, done.log


@needs_tools
def test_github_reviewed_plan_must_match_main(tmp_path, origin, tools, emulator):
    job, _ = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
    artifact, sha = job.temp / "plan", job.sha
    # Another change lands on main after this plan was made.
    head = change_policies(origin, tmp_path, lambda w: (w / "policies" / "extra.yaml").write_text("version: 1\n"))
    apply = GitHubJob(tmp_path, "apply.yml", "apply", origin, tools, emulator.url, {})
    found = apply.run("reviewed", FAKE_GH=gh_data(tmp_path, sha=head, artifact=artifact))
    # gh answers for the new head, whose artifact is the old plan: the trees differ.
    assert found.returncode == 1 and "main's policies differ from the ones pull request #7 planned" in found.stdout
    # A push that is no pull request's merge has no reviewed plan.
    found = apply.run("reviewed", FAKE_GH=gh_data(tmp_path, sha=head, artifact=artifact, merged=False))
    assert found.returncode == 1 and "is not the merge of a pull request" in found.stdout
    # A pull request whose plan run failed (a conflict, a missing label) has nothing to apply.
    found = apply.run("reviewed", FAKE_GH=gh_data(tmp_path, sha=head, artifact=artifact, conclusion="failure"))
    assert found.returncode == 1 and "has no successful cardpolicy plan" in found.stdout
    assert sha != head


@needs_tools
def test_github_apply_resumes_once_after_a_partial_apply(tmp_path, origin, tools, emulator):
    apply = GitHubJob(tmp_path, "apply.yml", "apply", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "test-key", "inputs.max_deletes": 1, "inputs.allow_irreversible": False})
    for name in ("Put cardpolicy on PATH", "ledger"):
        assert apply.run(name).returncode == 0
    # The last write of the plan (removing the old pinned chain) is refused once.
    emulator.fault(kind="status", method="DELETE", path="/user/{id}/certificate-pinned/{id}", nth=1, code=400)
    done = apply.run("apply")
    assert done.returncode == 0 and done.outputs["exitcode"] == "0", done.log
    assert "Apply stopped after 5 changes" in done.stdout
    assert "::warning::apply stopped part-way (exit 4); resuming once." in done.stdout
    assert "Apply complete: 1 change made and verified" in done.stdout
    # The ledger written during the first, partial attempt is saved.
    assert apply.run("Save the ledger").returncode == 0
    assert ledger_on(origin)["cards"]["2079040"]["country_expiry"]["US"].startswith("2030-12-31")


def lost_card_state(tmp_path):
    seed = tmp_path / "seed"
    seed.mkdir()
    server = Emulator(seed)
    server.stop()
    state = json.loads(server.state.read_text())
    for card in state["cards"]:
        if card["id"] == 2079040:
            card["status"] = "LOST"
    return state


@needs_tools
def test_github_conflict_fails_plan_and_drift(tmp_path, origin, tools):
    server = Emulator(tmp_path, state=lost_card_state(tmp_path))
    try:
        job, plan = pr_plan(tmp_path, origin, tools, server, labels="cardpolicy:allow-deletes")
        assert plan.returncode == 0 and plan.outputs["exitcode"] == "3", plan.log
        assert "a conflict" in plan.outputs["blocked"]
        assert "> [!CAUTION]" in (job.temp / "plan" / "comment.md").read_text()
        assert job.run("Fail on a conflict or a missing opt-in").returncode == 1

        drift = GitHubJob(tmp_path, "drift.yml", "drift", origin, tools, server.url, {"secrets.BUNQ_API_KEY": "k"})
        for name in ("Put cardpolicy on PATH", "ledger"):
            assert drift.run(name).returncode == 0
        result = drift.run("drift")
        assert result.returncode == 0 and result.outputs["exitcode"] == "3", result.log
        assert "it is LOST" in drift.summary.read_text()
        assert drift.run("Fail on a conflict").returncode == 1
    finally:
        server.stop()


@needs_tools
def test_github_plan_error_fails_the_step(tmp_path, origin, tools, emulator):
    sha = change_policies(origin, tmp_path, lambda w: (w / "policies" / "bad.yaml").write_text(
        'version: 1\ncards:\n  - {name: nobody, match: {last4: "0000"}}\n'))
    job = GitHubJob(tmp_path, "plan.yml", "plan", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "k", "github.event.pull_request.head.sha": sha,
        "join(github.event.pull_request.labels.*.name, ',')": ""})
    assert job.run("Put cardpolicy on PATH").returncode == 0
    result = job.run("plan")
    assert result.returncode == 1 and result.outputs == {"exitcode": "1"}, result.log
    assert "no live card has last4 0000" in result.stderr


# GitLab --------------------------------------------------------------------------------------

class GitLabJob:
    """Runs one job's before_script and script in one bash -e session, as the runner does,
    in a clone of `origin`, with GitLab's predefined variables."""

    def __init__(self, tmp_path, name, origin, tools, api_url, variables):
        doc = load(GITLAB)
        self.job = gitlab_resolved(doc, name)
        base = tmp_path / f"gitlab-{name}-{len(list(tmp_path.glob(f'gitlab-{name}-*')))}"
        self.project = base / "project"
        (base / "home").mkdir(parents=True)
        git("clone", "-q", "--depth=20", f"file://{origin}", str(self.project), cwd=base)
        write_wrapper(self.project / "bin" / "cardpolicy")   # the build job's artifact
        self.env = {"PATH": os.pathsep.join([str(tools), os.environ["PATH"]]), "HOME": str(base / "home"),
                    "LANG": "C.UTF-8", "CI": "true", "BUNQ_API_URL": api_url, "TMPDIR": str(base),
                    "CI_PROJECT_DIR": str(self.project), "CI_PROJECT_ID": "42", "CI_PROJECT_PATH": "acme/cards",
                    "CI_API_V4_URL": "https://gitlab.test/api/v4", "CI_SERVER_PROTOCOL": "https",
                    "CI_SERVER_HOST": "gitlab.test", "CI_SERVER_PORT": "443", "CI_DEFAULT_BRANCH": "main",
                    "CI_COMMIT_SHA": git("rev-parse", "HEAD", cwd=self.project),
                    "CI_PIPELINE_URL": "https://gitlab.test/acme/cards/-/pipelines/1",
                    # The ledger push goes to https://…gitlab.test/acme/cards.git: here, to origin.
                    "GIT_CONFIG_COUNT": "1",
                    "GIT_CONFIG_KEY_0": f"url.file://{origin}.insteadOf",
                    "GIT_CONFIG_VALUE_0": "https://oauth2:glpat-test@gitlab.test:443/acme/cards.git",
                    **GIT_ENV}
        for key, value in doc.get("variables", {}).items():
            self.env[key] = str(value["value"] if isinstance(value, dict) else value)
        self.env.update({k: str(v) for k, v in variables.items() if v is not None})
        for k, v in variables.items():
            if v is None:
                self.env.pop(k, None)

    def run(self):
        script = self.project.parent / "job.sh"
        script.write_text("\n".join(script_lines(self.job.get("before_script")) + script_lines(self.job["script"])))
        result = subprocess.run(["bash", "-e", str(script)], cwd=self.project, env=self.env,
                                capture_output=True, text=True, timeout=300)
        result.log = result.stdout + result.stderr
        return result


def curl_calls(answers_path):
    log = pathlib.Path(answers_path + ".log")
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def curl_answers(tmp_path, answers):
    path = tmp_path / f"curl-{len(list(tmp_path.glob('curl-*.json')))}.json"
    path.write_text(json.dumps(answers))
    return str(path)


NOTES = "https://gitlab.test/api/v4/projects/42/merge_requests/3/notes"
ISSUES = "https://gitlab.test/api/v4/projects/42/issues"


@needs_tools
def test_gitlab_merge_request_plan_note_is_created_then_edited(tmp_path, origin, tools, emulator):
    answers = curl_answers(tmp_path, {})
    job = GitLabJob(tmp_path, "plan", origin, tools, emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CI_MERGE_REQUEST_IID": "3", "FAKE_CURL": answers})
    result = job.run()
    assert result.returncode == 0, result.log                    # exit 2 (changes) passes
    (get, post), = [curl_calls(answers)]
    assert get["method"] == "GET" and get["url"].startswith(NOTES + "?")
    assert post["method"] == "POST" and post["url"] == NOTES
    body = post["fields"]["body"]
    assert body.startswith("<!-- cardpolicy-plan -->\n### cardpolicy plan: 1 to add, 4 to change, 1 to remove")
    assert "CARDPOLICY_MAX_DELETES=1 and CARDPOLICY_ALLOW_IRREVERSIBLE=false" in body
    assert (job.project / "plan.json").exists() and not list(job.project.rglob("*context*"))

    # The next pipeline of the merge request finds that note and edits it.
    answers = curl_answers(tmp_path, {NOTES: json.dumps([{"id": 11, "body": "LGTM"}, {"id": 12, "body": body}])})
    job = GitLabJob(tmp_path, "plan", origin, tools, emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CI_MERGE_REQUEST_IID": "3", "FAKE_CURL": answers})
    assert job.run().returncode == 0
    assert [(c["method"], c["url"]) for c in curl_calls(answers)][1] == ("PUT", NOTES + "/12")

    # Without GITLAB_TOKEN: no note, the plan stays an artifact.
    answers = curl_answers(tmp_path, {})
    job = GitLabJob(tmp_path, "plan", origin, tools, emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": None, "CI_MERGE_REQUEST_IID": "3", "FAKE_CURL": answers})
    result = job.run()
    assert result.returncode == 0 and "GITLAB_TOKEN is not set" in result.stdout
    assert curl_calls(answers) == []


@needs_tools
def test_gitlab_apply_keeps_the_ledger_and_drift_manages_the_issue(tmp_path, origin, tools, emulator):
    # Guarded: the policy removes a pinned chain, and a push sets no opt-in.
    apply = GitLabJob(tmp_path, "apply", origin, tools, emulator.url, {"BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test"})
    result = apply.run()
    assert result.returncode == 3, result.log
    assert "apply refused to start and wrote nothing" in result.stdout and ledger_on(origin) is None
    # No token, no apply: the ledger could not be kept.
    result = GitLabJob(tmp_path, "apply", origin, tools, emulator.url, {"BUNQ_API_KEY": "k", "GITLAB_TOKEN": None}).run()
    assert result.returncode != 0 and "GITLAB_TOKEN is needed" in result.stderr

    # Run by hand with the opt-in: applied, and the ledger pushed to its branch.
    apply = GitLabJob(tmp_path, "apply", origin, tools, emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CARDPOLICY_MAX_DELETES": "1"})
    result = apply.run()
    assert result.returncode == 0, result.log
    assert "Apply complete: 6 changes made and verified" in result.stdout
    assert ledger_on(origin)["cards"]["2079040"]["country_expiry"]["US"].startswith("2030-12-31")
    assert (apply.project / ".cardpolicy" / "journal.jsonl").exists()

    # The nightly drift: nothing to report, so the open drift issue is closed.
    answers = curl_answers(tmp_path, {ISSUES: json.dumps([{"iid": 5}])})
    drift = GitLabJob(tmp_path, "drift", origin, tools, emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "FAKE_CURL": answers})
    result = drift.run()
    assert result.returncode == 0, result.log
    assert curl_calls(answers)[1] == {"method": "PUT", "url": ISSUES + "/5", "fields": {"state_event": "close"}}

    # Someone raises a limit in the app: drift opens an issue and the job passes.
    other = tmp_path / "other.yaml"
    other.write_text('version: 1\ncards:\n  - {name: office, match: {last4: "4417"}, limits: {purchase: 450 EUR}}\n')
    assert subprocess.run([BIN, "apply", str(other), "--auto-approve", "--context", str(tmp_path / "someone.json")],
                          env={**os.environ, "BUNQ_API_URL": emulator.url, "BUNQ_API_KEY": "k"},
                          capture_output=True, cwd=tmp_path, timeout=60).returncode == 0
    answers = curl_answers(tmp_path, {})
    result = GitLabJob(tmp_path, "drift", origin, tools, emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "FAKE_CURL": answers}).run()
    assert result.returncode == 0, result.log
    created = curl_calls(answers)[1]
    assert created["method"] == "POST" and created["url"] == ISSUES
    assert created["fields"]["labels"] == "cardpolicy-drift"
    assert created["fields"]["description"].startswith("### cardpolicy drift: 0 to add, 1 to change, 0 to remove")
    # Without a token to open an issue, drift fails the job instead.
    result = GitLabJob(tmp_path, "drift", origin, tools, emulator.url, {"BUNQ_API_KEY": "k", "GITLAB_TOKEN": None}).run()
    assert result.returncode == 2 and "failing instead" in result.stdout


@needs_tools
def test_gitlab_conflict_fails_plan(tmp_path, origin, tools):
    server = Emulator(tmp_path, state=lost_card_state(tmp_path))
    try:
        answers = curl_answers(tmp_path, {})
        result = GitLabJob(tmp_path, "plan", origin, tools, server.url, {
            "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CI_MERGE_REQUEST_IID": "3", "FAKE_CURL": answers}).run()
        assert result.returncode == 3, result.log
        assert "> [!CAUTION]" in curl_calls(answers)[1]["fields"]["body"]     # the note is still posted
    finally:
        server.stop()


# The actions/github-script steps --------------------------------------------------------------

NODE = shutil.which("node")

GITHUB_SCRIPT_HARNESS = r'''
// Runs a github-script body as actions/github-script does (an async function of github,
// context, require, ...), with an Octokit stand-in that serves canned lists and records calls.
const fs = require('fs');
const [scriptPath, fixturePath] = process.argv.slice(2);
const fixture = JSON.parse(fs.readFileSync(fixturePath, 'utf8'));
const calls = [];
const record = name => async params => { calls.push({ call: name, params }); return { data: {} }; };
const github = {
  rest: { issues: {
    listComments: 'listComments', listForRepo: 'listForRepo',
    createComment: record('createComment'), updateComment: record('updateComment'),
    create: record('create'), update: record('update') } },
  paginate: async (list, params) => { calls.push({ call: 'paginate ' + list, params }); return fixture[list] || []; },
};
const context = { repo: { owner: 'acme', repo: 'cards' }, issue: { number: 7 },
                  serverUrl: 'https://github.com', runId: 99 };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('github', 'context', 'require', 'process', fs.readFileSync(scriptPath, 'utf8'))(
  github, context, require, process).then(
  () => console.log(JSON.stringify(calls)), e => { console.error(e); process.exit(1); });
'''


def github_script(tmp_path, workflow, job, step_name, fixture, **env):
    step = next(s for s in load(CI / "github" / workflow)["jobs"][job]["steps"] if s.get("name") == step_name)
    assert step["uses"].startswith("actions/github-script@")
    (tmp_path / "script.js").write_text(step["with"]["script"])
    (tmp_path / "harness.js").write_text(GITHUB_SCRIPT_HARNESS)
    (tmp_path / "fixture.json").write_text(json.dumps(fixture))
    result = subprocess.run(["node", str(tmp_path / "harness.js"), str(tmp_path / "script.js"),
                             str(tmp_path / "fixture.json")], capture_output=True, text=True, timeout=60,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    return [c for c in json.loads(result.stdout) if not c["call"].startswith("paginate")]


@pytest.mark.skipif(not NODE, reason="actions/github-script runs on node, which is not installed")
def test_github_plan_comment_is_one_comment_updated_in_place(tmp_path):
    comment = tmp_path / "comment.md"
    comment.write_text("<!-- cardpolicy-plan -->\n### cardpolicy plan: 0 to add, 1 to change, 0 to remove\n")
    step = "Comment on the pull request"
    created = github_script(tmp_path, "plan.yml", "plan", step, {}, COMMENT=str(comment), HEAD_SHA="abc")
    assert created == [{"call": "createComment", "params": {
        "owner": "acme", "repo": "cards", "issue_number": 7, "body": comment.read_text()}}]
    # Found by the marker, and only among the bot's own comments.
    fixture = {"listComments": [
        {"id": 5, "user": {"login": "mallory"}, "body": "<!-- cardpolicy-plan -->\nfake"},
        {"id": 6, "user": {"login": "github-actions[bot]"}, "body": "<!-- cardpolicy-plan -->\nold plan"},
        {"id": 8, "user": {"login": "github-actions[bot]"}, "body": "something else"}]}
    updated = github_script(tmp_path, "plan.yml", "plan", step, fixture, COMMENT=str(comment), HEAD_SHA="abc")
    assert updated == [{"call": "updateComment", "params": {
        "owner": "acme", "repo": "cards", "comment_id": 6, "body": comment.read_text()}}]
    # No plan (validation failed): the comment says so instead of showing an old plan.
    failed = github_script(tmp_path, "plan.yml", "plan", step, fixture, COMMENT=str(tmp_path / "none.md"), HEAD_SHA="abc")
    assert failed[0]["params"]["comment_id"] == 6
    assert failed[0]["params"]["body"].startswith("<!-- cardpolicy-plan -->\n### cardpolicy plan failed\n\nNo plan for abc")


@pytest.mark.skipif(not NODE, reason="actions/github-script runs on node, which is not installed")
def test_github_drift_issue_is_opened_updated_and_closed(tmp_path):
    report = tmp_path / "drift.md"
    report.write_text("### cardpolicy drift: 0 to add, 1 to change, 0 to remove\n")
    step = "Open, update or close the drift issue"
    opened = github_script(tmp_path, "drift.yml", "drift", step, {}, EXIT_CODE="2", REPORT=str(report))
    assert [c["call"] for c in opened] == ["create"]
    assert opened[0]["params"]["labels"] == ["cardpolicy-drift"]
    assert opened[0]["params"]["body"].startswith(report.read_text())
    # A pull request carrying the label is not the issue.
    fixture = {"listForRepo": [{"number": 3, "pull_request": {}}, {"number": 4}]}
    updated = github_script(tmp_path, "drift.yml", "drift", step, fixture, EXIT_CODE="3", REPORT=str(report))
    assert [(c["call"], c["params"]["issue_number"]) for c in updated] == [("update", 4)]
    assert "a conflict that only a policy change can solve" in updated[0]["params"]["body"]
    closed = github_script(tmp_path, "drift.yml", "drift", step, fixture, EXIT_CODE="0", REPORT=str(report))
    assert [c["call"] for c in closed] == ["createComment", "update"]
    assert closed[1]["params"]["state"] == "closed"
    assert github_script(tmp_path, "drift.yml", "drift", step, {}, EXIT_CODE="0", REPORT=str(report)) == []
