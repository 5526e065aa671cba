"""The GitLab CI recipe's jobs, run as the runner does against the emulator: merge-request note, apply, drift issue."""
import json
import os
import pathlib
import subprocess

from ci_recipes import GITLAB, gitlab_resolved, load, script_lines
from ci_runner import GIT_ENV, Emulator, change_in_bunq, change_policies, fleet_state, git, ledger_on, needs_tools, numbered, write_wrapper


class GitLabJob:
    """Runs one job's before_script and script in one bash -e session, as the runner does,
    in a clone of `origin`, with GitLab's predefined variables."""

    def __init__(self, tmp_path, name, origin, tools, api_url, variables):
        doc = load(GITLAB)
        self.job = gitlab_resolved(doc, name)
        base = numbered(tmp_path, f"gitlab-{name}")
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
    path = numbered(tmp_path, "curl", ".json")
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
    assert body.startswith("<!-- cardpolicy-plan -->\n### cardpolicy plan: 1 to add, 4 to change, 2 to remove")
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
    assert "Apply complete: 7 changes made and verified" in result.stdout
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
    change_in_bunq(tmp_path, emulator.url)
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
def test_gitlab_conflict_fails_plan(tmp_path, origin, tools, lost_card_emulator):
    answers = curl_answers(tmp_path, {})
    result = GitLabJob(tmp_path, "plan", origin, tools, lost_card_emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CI_MERGE_REQUEST_IID": "3", "FAKE_CURL": answers}).run()
    assert result.returncode == 3, result.log
    assert "> [!CAUTION]" in curl_calls(answers)[1]["fields"]["body"]     # the note is still posted


@needs_tools
def test_gitlab_protected_change_is_named_in_the_note_and_allowed_by_its_variable(tmp_path, origin, tools, emulator):
    change_policies(origin, tmp_path, lambda w: (w / "policies" / "rules.yaml").write_text(
        'version: 1\nrules:\n  - {name: travel-protected, match: {second_line: "Alice Travel"}, protect: true}\n'))
    answers = curl_answers(tmp_path, {})
    result = GitLabJob(tmp_path, "plan", origin, tools, emulator.url, {
        "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CI_MERGE_REQUEST_IID": "3", "FAKE_CURL": answers}).run()
    assert result.returncode == 0, result.log
    body = curl_calls(answers)[1]["fields"]["body"]
    assert "**Protected cards:** this plan makes 2 change(s) to cards that rule travel-protected protects" in body
    assert "CARDPOLICY_ALLOW_PROTECTED=true" in body

    variables = {"BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CARDPOLICY_MAX_DELETES": "1"}
    blocked = GitLabJob(tmp_path, "apply", origin, tools, emulator.url, variables).run()
    assert blocked.returncode == 3 and "pass --allow-protected" in blocked.log, blocked.log
    applied = GitLabJob(tmp_path, "apply", origin, tools, emulator.url, {**variables, "CARDPOLICY_ALLOW_PROTECTED": "true"}).run()
    assert applied.returncode == 0 and "Apply complete" in applied.log, applied.log


@needs_tools
def test_gitlab_bulk_change_is_named_in_the_note_and_allowed_by_its_variable(tmp_path, origin, tools):
    emulator = Emulator(tmp_path, state=fleet_state(tmp_path))
    try:
        change_policies(origin, tmp_path, lambda w: (w / "policies" / "fleet.yaml").write_text(
            'version: 1\ncard_groups:\n  - {name: fleet-cash, match: {second_line: "Fleet*"}, limits: {atm: 100 EUR}}\n'))
        answers = curl_answers(tmp_path, {})
        result = GitLabJob(tmp_path, "plan", origin, tools, emulator.url, {
            "BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CI_MERGE_REQUEST_IID": "3", "FAKE_CURL": answers}).run()
        assert result.returncode == 0, result.log
        body = curl_calls(answers)[1]["fields"]["body"]
        assert "**Bulk change:** this plan changes 13 of 14 managed cards" in body and "CARDPOLICY_MAX_CHANGES=13" in body

        variables = {"BUNQ_API_KEY": "k", "GITLAB_TOKEN": "glpat-test", "CARDPOLICY_MAX_DELETES": "1"}
        blocked = GitLabJob(tmp_path, "apply", origin, tools, emulator.url, variables).run()
        assert blocked.returncode == 3 and "13 of 14 managed cards" in blocked.log, blocked.log
        applied = GitLabJob(tmp_path, "apply", origin, tools, emulator.url, {**variables, "CARDPOLICY_MAX_CHANGES": "13"}).run()
        assert applied.returncode == 0 and "card-batch/1: POST" in applied.log, applied.log
    finally:
        emulator.stop()
