"""The GitHub Actions recipes' run steps, in order, against the emulator: plan on a pull request, apply, drift."""
import json
import os
import re
import stat
import subprocess

from ci_recipes import github_workflow
from ci_runner import (GIT_ENV, Emulator, change_in_bunq, change_policies, fleet_state, git, journal_on, ledger_on, needs_tools,
                       numbered, write_wrapper)


class GitHubJob:
    """Runs the run-steps of one job of a workflow as the runner does: the job's shell, the
    step's env with ${{ }} expressions resolved, GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY
    files, a workspace checked out from `origin` and a RUNNER_TEMP of its own."""

    def __init__(self, tmp_path, workflow, job, origin, tools, api_url, expressions, sha=None):
        self.workflow = github_workflow(workflow)
        self.job = self.workflow["jobs"][job]
        base = numbered(tmp_path, f"{workflow}-{job}")
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

    def prepare(self, *names):
        """Runs steps that must pass before the one under test: by default, the two every job
        here starts with."""
        for name in names or ("Put cardpolicy on PATH", "ledger"):
            result = self.run(name)
            assert result.returncode == 0, result.log
        return self

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
            elif re.fullmatch(r"'[^']*'", term):
                value = term[1:-1]
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
    path = numbered(tmp_path, "gh", ".json")
    path.write_text(json.dumps(data))
    return str(path)


def pr_plan(tmp_path, origin, tools, emulator, labels=""):
    """plan.yml's plan job for the pull request whose head is origin's main."""
    sha = git("--git-dir", str(origin), "rev-parse", "main", cwd=tmp_path)
    job = GitHubJob(tmp_path, "plan.yml", "plan", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "test-key",
        "github.event.pull_request.head.sha": sha,
        "join(github.event.pull_request.labels.*.name, ',')": labels})
    job.prepare("Put cardpolicy on PATH", "ledger", "Validate")
    return job, job.run("plan")


# A push has no workflow_dispatch inputs; by hand, the deletes these policies make are allowed.
ON_PUSH = {"inputs.max_deletes": None, "inputs.allow_irreversible": None, "inputs.allow_protected": None, "inputs.max_changes": None}
BY_HAND = {"inputs.max_deletes": 1, "inputs.allow_irreversible": False, "inputs.allow_protected": False, "inputs.max_changes": None}


def apply_job(tmp_path, origin, tools, emulator, inputs):
    return GitHubJob(tmp_path, "apply.yml", "apply", origin, tools, emulator.url,
                     {"secrets.BUNQ_API_KEY": "test-key", **inputs}).prepare()


def reviewed_apply(tmp_path, origin, tools, emulator, *, sha, labels, artifact):
    """apply.yml on the push that merged a pull request, having found that request's plan."""
    apply = apply_job(tmp_path, origin, tools, emulator, ON_PUSH)
    found = apply.run("reviewed", FAKE_GH=gh_data(tmp_path, sha=sha, labels=labels, artifact=artifact))
    assert found.returncode == 0, found.log
    return apply


def drift_job(tmp_path, origin, tools, emulator):
    return GitHubJob(tmp_path, "drift.yml", "drift", origin, tools, emulator.url,
                     {"secrets.BUNQ_API_KEY": "test-key"}).prepare()


@needs_tools
def test_github_reviewed_plan_flows_from_pull_request_to_apply(tmp_path, origin, tools, emulator):
    # The pull request: the policies change 2 cards, rotate one pinned chain and remove another.
    job, plan = pr_plan(tmp_path, origin, tools, emulator)
    assert plan.returncode == 0, plan.log
    assert plan.outputs["exitcode"] == "2"                   # changes: not a failure
    assert "cardpolicy:allow-deletes" in plan.outputs["blocked"]
    comment = (job.temp / "plan" / "comment.md").read_text()
    assert comment.startswith("<!-- cardpolicy-plan -->\n### cardpolicy plan: 1 to add, 4 to change, 2 to remove")
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
    apply = reviewed_apply(tmp_path, origin, tools, emulator, sha=sha, labels=["cardpolicy:allow-deletes"],
                           artifact=artifact)
    assert apply.outputs["reviewed"] == {
        "plan": f"{apply.temp}/reviewed/plan.json", "max_deletes": "1", "max_changes": "", "allow_irreversible": "false",
        "allow_protected": "false"}

    done = apply.run("apply")
    assert done.returncode == 0, done.log
    assert done.outputs["exitcode"] == "0"
    assert "Applying the saved plan" in done.stdout and "Apply complete: 7 changes made and verified" in done.stdout
    assert "Apply complete" in apply.summary.read_text()

    # The ledger goes to its branch; drift reads it back and finds nothing to report.
    assert ledger_on(origin) is None
    saved = apply.run("Save the ledger")
    assert saved.returncode == 0, saved.log
    assert ledger_on(origin)["cards"]["2079040"]["country_expiry"] == {"US": "2030-12-31 23:59:59.000000"}
    assert apply.run("Save the ledger").stdout.strip() == "The ledger is unchanged."

    drift = drift_job(tmp_path, origin, tools, emulator)
    result = drift.run("drift")
    assert result.returncode == 0 and result.outputs["exitcode"] == "0", result.log
    assert "No changes. bunq matches the policy." in drift.summary.read_text()
    # Without the ledger the same bunq would be drift every night: why it is kept.
    (drift.workspace / ".cardpolicy" / "state.json").unlink()
    assert drift.run("drift").outputs["exitcode"] == "2"

    # A re-run of the apply on a new runner, with the journal that came back with the ledger
    # or without it: bunq already holds the plan, so nothing is sent and the job succeeds.
    again = reviewed_apply(tmp_path, origin, tools, emulator, sha=sha, labels=["cardpolicy:allow-deletes"],
                           artifact=artifact)
    for journal in (True, False):
        if not journal:
            (again.workspace / ".cardpolicy" / "journal.jsonl").unlink()
        rerun = again.run("apply")
        assert rerun.returncode == 0, rerun.log
        assert "Already applied: bunq already holds everything this saved plan asks for" in rerun.stdout


@needs_tools
def test_github_apply_refuses_guarded_and_stale_plans(tmp_path, origin, tools, emulator):
    job, plan = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
    artifact, sha = job.temp / "plan", job.sha

    # The label was removed before the merge: apply's own guard stops it, nothing written.
    apply = reviewed_apply(tmp_path, origin, tools, emulator, sha=sha, labels=[], artifact=artifact)
    assert apply.outputs["reviewed"]["max_deletes"] == "0"
    blocked = apply.run("apply")
    assert blocked.returncode == 3 and blocked.outputs["exitcode"] == "3", blocked.log
    assert "Apply blocked; nothing was written" in blocked.stdout
    assert "::error::apply refused to start and wrote nothing" in blocked.stdout
    assert not (apply.workspace / ".cardpolicy" / "state.json").exists()

    # Someone changes a card in bunq after the review: the saved plan is stale (5), and the
    # job shows what a fresh apply would do instead of doing it.
    change_in_bunq(tmp_path, emulator.url)
    apply = reviewed_apply(tmp_path, origin, tools, emulator, sha=sha, labels=["cardpolicy:allow-deletes"],
                           artifact=artifact)
    stale = apply.run("apply")
    assert stale.returncode == 5 and stale.outputs["exitcode"] == "5", stale.log
    assert "::error::The reviewed plan is stale" in stale.stdout
    assert "## What applying main's policies would do now" in apply.summary.read_text()
    assert "limits.purchase: 450.00 EUR → 400.00 EUR" in apply.summary.read_text()

    # By hand, fresh=true: plan and apply main now (the deletes allowed by the input).
    fresh = apply_job(tmp_path, origin, tools, emulator, BY_HAND)
    done = fresh.run("apply")       # the "reviewed" step is skipped when fresh
    assert done.returncode == 0 and "Apply complete: 7 changes made and verified" in done.stdout, done.log


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
    apply = apply_job(tmp_path, origin, tools, emulator, BY_HAND)
    # The first removal of a pinned chain, the plan's second-last write, is refused once.
    emulator.fault(kind="status", method="DELETE", path="/user/{id}/certificate-pinned/{id}", nth=1, code=400)
    done = apply.run("apply")
    assert done.returncode == 0 and done.outputs["exitcode"] == "0", done.log
    assert "Apply stopped after 5 changes" in done.stdout
    assert "::warning::apply stopped part-way (exit 4); resuming once." in done.stdout
    assert "Apply complete: 2 changes made and verified" in done.stdout
    # The ledger written during the first, partial attempt is saved.
    assert apply.run("Save the ledger").returncode == 0
    assert ledger_on(origin)["cards"]["2079040"]["country_expiry"]["US"].startswith("2030-12-31")


@needs_tools
def test_github_conflict_fails_plan_and_drift(tmp_path, origin, tools, lost_card_emulator):
    job, plan = pr_plan(tmp_path, origin, tools, lost_card_emulator, labels="cardpolicy:allow-deletes")
    assert plan.returncode == 0 and plan.outputs["exitcode"] == "3", plan.log
    assert "a conflict" in plan.outputs["blocked"]
    assert "> [!CAUTION]" in (job.temp / "plan" / "comment.md").read_text()
    assert job.run("Fail on a conflict or a missing opt-in").returncode == 1

    drift = drift_job(tmp_path, origin, tools, lost_card_emulator)
    result = drift.run("drift")
    assert result.returncode == 0 and result.outputs["exitcode"] == "3", result.log
    assert "it is LOST" in drift.summary.read_text()
    assert drift.run("Fail on a conflict").returncode == 1


@needs_tools
def test_github_plan_error_fails_the_step(tmp_path, origin, tools, emulator):
    sha = change_policies(origin, tmp_path, lambda w: (w / "policies" / "bad.yaml").write_text(
        'version: 1\ncards:\n  - {name: nobody, match: {last4: "0000"}}\n'))
    job = GitHubJob(tmp_path, "plan.yml", "plan", origin, tools, emulator.url, {
        "secrets.BUNQ_API_KEY": "k", "github.event.pull_request.head.sha": sha,
        "join(github.event.pull_request.labels.*.name, ',')": ""})
    job.prepare("Put cardpolicy on PATH")
    result = job.run("plan")
    assert result.returncode == 1 and result.outputs == {"exitcode": "1"}, result.log
    assert "no live card has last4 0000" in result.stderr


@needs_tools
def test_github_bulk_change_needs_its_label(tmp_path, origin, tools):
    """A pull request changing more than 30% of the managed cards is flagged at plan time, and
    the label lets apply change exactly the cards the reviewed plan changes."""
    emulator = Emulator(tmp_path, state=fleet_state(tmp_path))
    try:
        change_policies(origin, tmp_path, lambda w: (w / "policies" / "fleet.yaml").write_text(
            'version: 1\ncard_groups:\n  - {name: fleet-cash, match: {second_line: "Fleet*"}, limits: {atm: 100 EUR}}\n'))
        _, plan = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
        assert plan.returncode == 0 and plan.outputs["exitcode"] == "2", plan.log
        assert "add the label cardpolicy:allow-bulk-change" in plan.outputs["blocked"]

        labels = "cardpolicy:allow-deletes,cardpolicy:allow-bulk-change"
        job, plan = pr_plan(tmp_path, origin, tools, emulator, labels=labels)
        assert plan.returncode == 0 and "blocked" not in plan.outputs, plan.log
        changed = json.loads((job.temp / "plan" / "plan.json").read_text())["summary"]["changed_cards"]
        assert changed == 13
        apply = reviewed_apply(tmp_path, origin, tools, emulator, sha=job.sha, labels=labels.split(","), artifact=job.temp / "plan")
        assert apply.outputs["reviewed"]["max_changes"] == str(changed)
        done = apply.run("apply")
        assert done.returncode == 0 and done.outputs["exitcode"] == "0", done.log
        assert "card-batch/1: POST" in done.stdout
    finally:
        emulator.stop()


@needs_tools
def test_github_protected_change_needs_its_label(tmp_path, origin, tools, emulator):
    """A change to a card a protect rule covers is flagged at plan time; without the label the
    merge's apply refuses it and writes nothing, with it the reviewed plan is applied."""
    change_policies(origin, tmp_path, lambda w: (w / "policies" / "rules.yaml").write_text(
        'version: 1\nrules:\n  - {name: travel-protected, match: {second_line: "Alice Travel"}, protect: true}\n'))
    _, plan = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
    assert plan.returncode == 0 and plan.outputs["exitcode"] == "2", plan.log
    assert "The plan makes 2 change(s) to protected cards (rule travel-protected): add the label cardpolicy:allow-protected" in plan.outputs["blocked"]

    job, plan = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
    refused = reviewed_apply(tmp_path, origin, tools, emulator, sha=job.sha, labels=["cardpolicy:allow-deletes"],
                             artifact=job.temp / "plan")
    assert refused.outputs["reviewed"]["allow_protected"] == "false"
    blocked = refused.run("apply")
    assert blocked.returncode == 3 and "pass --allow-protected" in blocked.stdout + blocked.stderr, blocked.log
    assert "Apply complete" not in blocked.stdout

    labels = "cardpolicy:allow-deletes,cardpolicy:allow-protected"
    job, plan = pr_plan(tmp_path, origin, tools, emulator, labels=labels)
    assert plan.returncode == 0 and "blocked" not in plan.outputs, plan.log
    apply = reviewed_apply(tmp_path, origin, tools, emulator, sha=job.sha, labels=labels.split(","), artifact=job.temp / "plan")
    assert apply.outputs["reviewed"]["allow_protected"] == "true"
    done = apply.run("apply")
    assert done.returncode == 0 and done.outputs["exitcode"] == "0", done.log


@needs_tools
def test_github_apply_stopped_mid_run_resumes_on_the_next_run(tmp_path, origin, tools, emulator):
    """A reviewed plan's apply that stops part-way (or is cancelled: Save the ledger runs
    always) leaves its journal beside the ledger, so the next run skips what was done rather
    than finding the plan stale."""
    job, plan = pr_plan(tmp_path, origin, tools, emulator, labels="cardpolicy:allow-deletes")
    assert plan.returncode == 0, plan.log
    first = reviewed_apply(tmp_path, origin, tools, emulator, sha=job.sha, labels=["cardpolicy:allow-deletes"],
                           artifact=job.temp / "plan")
    # The removal of a pinned chain, the plan's second-last write, is refused by every attempt
    # of this run: the first, then the job's resume (its re-sent id, then a new one).
    for nth in (1, 2, 3):
        emulator.fault(kind="status", method="DELETE", path="/user/{id}/certificate-pinned/{id}", nth=nth, code=400)
    stopped = first.run("apply")
    assert stopped.returncode != 0 and "Apply stopped after 5 changes" in stopped.stdout, stopped.log
    assert first.run("Save the ledger").returncode == 0
    assert any(entry["event"] == "confirmed" for entry in journal_on(origin))

    second = reviewed_apply(tmp_path, origin, tools, emulator, sha=job.sha, labels=["cardpolicy:allow-deletes"],
                            artifact=job.temp / "plan")
    assert (second.workspace / ".cardpolicy" / "journal.jsonl").exists()
    done = second.run("apply")
    assert done.returncode == 0 and done.outputs["exitcode"] == "0", done.log
    assert "Apply complete: 2 changes made and verified" in done.stdout and "(5 already done earlier)" in done.stdout


@needs_tools
def test_github_drift_waits_for_a_running_apply(tmp_path, origin, tools, emulator):
    drift = drift_job(tmp_path, origin, tools, emulator)
    for status, code in (("in_progress", 1), ("completed", 0)):
        data = numbered(tmp_path, "gh", ".json")
        data.write_text(json.dumps({"runs": [{"databaseId": 7, "workflow": "apply.yml", "headSha": "x", "conclusion": None,
                                              "status": status}]}))
        waited = drift.run("Wait for a running apply", FAKE_GH=str(data))
        assert waited.returncode == code, waited.log
        if code:
            assert "an apply has been running for 30 minutes" in waited.stdout
