"""The CI recipes have the structure GitHub Actions and GitLab CI need, with least privilege."""
import re

import pytest

from ci_commands import ALL_INVOCATIONS
from ci_recipes import CI, GITHUB, GITLAB, github_workflow, gitlab_jobs, gitlab_resolved, load, script_lines

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
    assert workflows["drift.yml"]["jobs"]["drift"]["permissions"] == {"contents": "read", "issues": "write", "actions": "read"}
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
    steps = [next(s for s in github_workflow(name)["jobs"][job]["steps"] if s.get("id") == "ledger")
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

