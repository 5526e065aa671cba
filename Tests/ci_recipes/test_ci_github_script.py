"""The actions/github-script steps (pull-request comment, drift issue), run on node against a stand-in Octokit."""
import json
import os
import shutil
import subprocess

import pytest

from ci_recipes import github_workflow

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
    step = next(s for s in github_workflow(workflow)["jobs"][job]["steps"] if s.get("name") == step_name)
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
