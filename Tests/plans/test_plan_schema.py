"""Every plan the test run produced, checked against `cardpolicy schema --plan`.

The planner appends each plan it makes (the document `plan --format json` prints, one a
line) to the file named by CARDPOLICY_PLAN_LOG. ./scripts/test sets that variable for the
whole run (Swift tests, CLI, SDK and docs tests alike) and runs this module last, so the
schema is held to every plan the suite makes, not to a few samples:

    CARDPOLICY_PLAN_LOG=$PWD/.build/plans/plans.jsonl ... (the other tests) ...
    .build/venv/bin/python -m pytest -q Tests/plans

The schema is closed (no unknown key anywhere), so a key added to the plan without its
place in the schema fails here. The module also shows the schema refuses what it must, so
it cannot pass by accepting anything, and checks what the schema cannot state: that each
`body_json` is its `body` parsed, and that `guards` follow from the action's flags.
"""
import copy
import json
import os
import pathlib
import subprocess

import jsonschema
import pytest

from conftest import BIN, ROOT

LOG_VARIABLE = "CARDPOLICY_PLAN_LOG"
# Fewer plans than this means the log did not see the test run (or most of it).
MINIMUM_PLANS = 200


@pytest.fixture(scope="module")
def schema():
    text = subprocess.run([BIN, "schema", "--plan"], check=True, capture_output=True, text=True).stdout
    document = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


def problems(validator, plan):
    return sorted(f"{'/'.join(map(str, error.absolute_path)) or '(plan)'}: {error.message}"
                  for error in validator.iter_errors(plan))


def derived_problems(plan):
    """What the schema cannot say: each body_json is its body parsed, guards follow the flags."""
    found = []
    requests = [(action["id"], action["request"]) for action in plan["actions"]]
    requests += [(batch["id"], batch["request"]) for batch in plan["card_batches"]]
    for name, request in requests:
        if "body" in request and json.loads(request["body"]) != request.get("body_json"):
            found.append(f"{name}: body_json is not the body parsed")
    for action in plan["actions"]:
        # A value shown as text has its data too, but for what is not known or not there.
        for change in action["changes"]:
            for side in ("before", "after"):
                text = change.get(side + "_text")
                if text is not None and side not in change and text != "none" and not text.startswith("(unknown"):
                    found.append(f"{action['id']}: {change['field']} has {side}_text {text!r} but no {side}")
        wanted = [flag for flag, needed in [
            ("--allow-irreversible", action["irreversible"]),
            ("--allow-reprint", action.get("reprint", False)),
            ("--allow-protected", bool(action.get("protected_by"))),
        ] if needed]
        if action["guards"] != wanted:
            found.append(f"{action['id']}: guards {action['guards']}, expected {wanted}")
    return found


@pytest.fixture(scope="module")
def demo_plans(tmp_path_factory):
    """A printed and a saved plan of the repository's own policies against the demo state."""
    directory = tmp_path_factory.mktemp("plans")
    state = directory / "demo.json"
    saved = directory / "plan.json"
    env = {key: value for key, value in os.environ.items() if key != LOG_VARIABLE}
    run = dict(cwd=ROOT, env=env, capture_output=True, text=True)
    ledger = ["--state", str(directory / "state.json")]
    printed = subprocess.run([BIN, "plan", "--format", "json", "--emulator", str(state), *ledger, "policies"], **run)
    assert printed.returncode == 0, printed.stderr
    written = subprocess.run([BIN, "plan", "--out", str(saved), "--emulator", str(state), *ledger, "policies"], **run)
    assert written.returncode == 0, written.stderr
    return json.loads(printed.stdout), json.loads(saved.read_text(encoding="utf-8"))


def test_every_plan_of_the_run_matches_the_schema(schema, validator):
    path = os.environ.get(LOG_VARIABLE)
    if not path:
        pytest.fail(f"{LOG_VARIABLE} is not set: ./scripts/test sets it for the whole run and runs this module last")
    log = pathlib.Path(path)
    if not log.is_file():
        pytest.fail(f"{log} does not exist: no plan was made during this run")
    plans = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    failures = {}
    for plan in plans:
        for problem in problems(validator, plan) + derived_problems(plan):
            failures.setdefault(problem, plan["plan_id"])
    report = [f"{problem} (e.g. plan {plan_id})" for problem, plan_id in failures.items()]
    assert not failures, f"{len(report)} problems in logged plans:\n" + "\n".join(report[:50])
    assert len(plans) >= MINIMUM_PLANS, f"only {len(plans)} plans in {log}: the log missed the test run"
    # Every kind of action and every target type, so the schema was held to each of them.
    actions = [action for plan in plans for action in plan["actions"]]
    kinds = set(schema["$defs"]["action"]["properties"]["kind"]["enum"])
    assert kinds - {action["kind"] for action in actions} == set()
    types = set(schema["$defs"]["target"]["properties"]["type"]["enum"])
    assert types - {action["target"]["type"] for action in actions} == set()
    assert any(plan["card_batches"] for plan in plans)
    assert any("targeting" in plan for plan in plans)


def test_the_demo_plans_match_the_schema(validator, demo_plans):
    printed, saved = demo_plans
    assert printed["actions"] and "api_url" not in printed
    assert "api_url" in saved and "expires_at" in saved
    for plan in demo_plans:
        assert problems(validator, plan) == []
        assert derived_problems(plan) == []


def first_change(plan, field):
    return next(change for action in plan["actions"] for change in action["changes"] if change["field"] == field)


def test_changes_carry_structured_values_next_to_their_text(demo_plans):
    printed, _ = demo_plans
    limit = first_change(printed, "limits.purchase")
    assert set(limit["after"]) == {"value", "currency"} and isinstance(limit["after"]["value"], str)
    assert limit["after_text"] == f"{limit['after']['value']} {limit['after']['currency']}"
    chain = next(action for action in printed["actions"] if action["kind"] == "pin_certificate_chain")
    assert set(chain["changes"][0]["after"]) == {"subject", "sha256"}


def test_the_schema_refuses_an_unknown_key(validator, demo_plans):
    printed, _ = demo_plans
    for where in ["plan", "action", "change", "request", "target", "summary"]:
        plan = copy.deepcopy(printed)
        action = plan["actions"][0]
        node = {"plan": plan, "action": action, "change": action["changes"][0], "request": action["request"],
                "target": action["target"], "summary": plan["summary"]}[where]
        node["surprise"] = 1
        assert problems(validator, plan), where


def test_the_schema_refuses_values_of_the_wrong_shape(validator, demo_plans):
    printed, _ = demo_plans

    def refused(edit):
        plan = copy.deepcopy(printed)
        edit(plan)
        return bool(problems(validator, plan))

    def set_change(field, key, value):
        def edit(plan):
            first_change(plan, field)[key] = value
        return edit

    # A limit as a number, or as the display text, is refused: the value is a 2-decimal string.
    assert refused(set_change("limits.purchase", "after", {"value": 2500, "currency": "EUR"}))
    assert refused(set_change("limits.purchase", "after", "2500.00 EUR"))
    assert refused(set_change("limits.purchase", "before", {"value": "2500.0", "currency": "EUR"}))
    # A certificate's values must be a subject and a full fingerprint.
    assert refused(set_change("certificate_chain[0]", "after", {"subject": "CN=x"}))
    # A card field the plan does not have.
    assert refused(set_change("limits.purchase", "field", "limits.daily"))
    # A kind the planner has no such action for, and a target that does not fit the kind.
    assert refused(lambda plan: plan["actions"][0].update(kind="delete_card"))
    assert refused(lambda plan: plan["actions"][0]["target"].update(type="pinned_chains"))
    # An unknown guard, a null where a value is left out, an older format version.
    assert refused(lambda plan: plan["actions"][0].update(guards=["--yes"]))
    assert refused(lambda plan: plan["actions"][0].update(ledger=None))
    assert refused(lambda plan: plan.update(format_version=5))
    # The unchanged plan passes, so the refusals above are the edits'.
    assert not refused(lambda plan: None)


def test_derived_keys_that_disagree_are_found(demo_plans):
    printed, _ = demo_plans
    plan = copy.deepcopy(printed)
    plan["actions"][0]["request"]["body_json"] = {}
    plan["actions"][0]["guards"] = ["--allow-irreversible"] if not plan["actions"][0]["irreversible"] else []
    assert len(derived_problems(plan)) == 2


def test_the_log_holds_each_plan_on_one_line_and_nothing_when_unset(tmp_path):
    state, log = tmp_path / "demo.json", tmp_path / "plans.jsonl"
    command = [BIN, "plan", "--format", "json", "--emulator", str(state), "--state", str(tmp_path / "state.json"), "policies"]
    env = {key: value for key, value in os.environ.items() if key != LOG_VARIABLE}
    unset = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert unset.returncode == 0, unset.stderr
    assert not log.exists()
    runs = [subprocess.run(command, cwd=ROOT, env={**env, LOG_VARIABLE: str(log)}, capture_output=True, text=True)
            for _ in range(2)]
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for run, line in zip(runs, lines):
        assert run.returncode == 0, run.stderr
        # The document plan --format json prints, on one line.
        assert json.loads(line) == json.loads(run.stdout)
