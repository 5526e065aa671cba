"""Every request body the emulator accepted during a test run, checked against bunq's own
request schemas.

The rule: a body the emulator answered with a 2xx is one bunq must accept as well, so it has
to validate against the request schema bunq publishes for that call, with unknown members
refused at every level (bunq answers 400 "Superfluous field") and read-only members refused
(OpenAPI: a readOnly property is not sent in a request). Bodies the emulator refused are not
checked: the emulator's own tests send bad bodies on purpose, to see them refused. So the
emulator is not the judge of what bunq takes: if it accepts a body bunq's schema refuses
(a `null` id, a field bunq does not know), this module fails and lists it.

Where the bodies come from: every emulator (`--emulator`, `cardpolicy emulator`, the ones
the Swift tests start) appends each request it receives to the JSONL file named by
CARDPOLICY_EMULATOR_BODY_LOG. ./scripts/test sets that variable for the whole run, Swift
tests, CLI, SDK and docs tests alike, and runs this module last:

    CARDPOLICY_EMULATOR_BODY_LOG=$PWD/.build/wire/bodies.jsonl ... (the other tests) ...
    .build/venv/bin/python -m pytest -q Tests/wire

The schemas: bunq-request-schemas.json beside this file, extracted from bunq's openapi.json
(so the repository needs no copy of it at run time) by

    python3 Tests/wire/extract_request_schemas.py PATH/TO/openapi.json > Tests/wire/bunq-request-schemas.json

test_the_committed_schemas_match_bunqs_document checks that the file still matches the
document when it is at hand (BUNQ_OPENAPI, else ../shared/bunq-api/openapi.json beside the
repository); only that test is skipped without it.
"""

import collections
import json
import os
import pathlib
import sys

import jsonschema
import pytest

from conftest import ROOT

HERE = pathlib.Path(__file__).resolve().parent
SCHEMAS = HERE / "bunq-request-schemas.json"
LOG_VARIABLE = "CARDPOLICY_EMULATOR_BODY_LOG"
WRITES = {"POST", "PUT", "DELETE"}
# Fewer accepted writes than this means the log did not see the test run (or most of it).
MINIMUM_BODIES = 100

sys.path.insert(0, str(HERE))
import extract_request_schemas  # noqa: E402


def strict(node):
    """A request schema as bunq applies it: unknown and read-only members refused at every level."""
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        # OpenAPI 3.0 ignores a $ref's siblings (the document puts `type: object` beside some).
        return {"$ref": node["$ref"].replace("#/components/schemas/", "#/$defs/")}
    result = {key: strict(value) for key, value in node.items() if key != "properties"}
    if "properties" in node:
        result["properties"] = {name: strict(value) for name, value in node["properties"].items()
                                if not value.get("readOnly")}
    if node.get("type") == "object" or "properties" in node:
        result["additionalProperties"] = False
    return result


class Schemas:
    def __init__(self, document):
        self.operations = document["operations"]
        definitions = {name: strict(schema) for name, schema in document["schemas"].items()}
        self.validators = {}
        for key, operation in self.operations.items():
            if operation["schema"]:
                self.validators[key] = jsonschema.Draft202012Validator(
                    {"$defs": definitions, "$ref": "#/$defs/" + operation["schema"]})

    def problems(self, method, template, text):
        """Why bunq's schema refuses this body, or [] when it takes it."""
        key = f"{method} {template}"
        if key not in self.operations:
            return [f"no request schema for {key} in {SCHEMAS.name}: add the call to extract_request_schemas.py"]
        validator = self.validators.get(key)
        if validator is None:
            return [] if not text.strip() else [f"{key} takes no body, got {len(text)} bytes"]
        try:
            body = json.loads(text) if text.strip() else {}
        except ValueError as error:
            return [f"not JSON: {error}"]
        return sorted(f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
                      for error in validator.iter_errors(body))


@pytest.fixture(scope="module")
def schemas():
    return Schemas(json.loads(SCHEMAS.read_text(encoding="utf-8")))


def check(schemas, lines):
    """(accepted write count, failures) for the log's lines: failures map (template, client,
    problem) to how often it happened and one example body."""
    accepted = 0
    failures = collections.OrderedDict()
    for line in lines:
        entry = json.loads(line)
        if entry["method"] not in WRITES or not 200 <= entry["status"] < 300:
            continue
        accepted += 1
        for problem in schemas.problems(entry["method"], entry["template"], entry["body"]):
            key = (f"{entry['method']} {entry['template']}", entry.get("user_agent") or "?", problem)
            count, example = failures.get(key, (0, entry["body"]))
            failures[key] = (count + 1, example)
    return accepted, failures


def test_every_body_the_emulator_accepted_matches_bunqs_request_schema(schemas):
    path = os.environ.get(LOG_VARIABLE)
    if not path:
        pytest.fail(f"{LOG_VARIABLE} is not set: ./scripts/test sets it for the whole run and runs this module last")
    log = pathlib.Path(path)
    if not log.is_file():
        pytest.fail(f"{log} does not exist: no emulator wrote to it during this run")
    accepted, failures = check(schemas, log.read_text(encoding="utf-8").splitlines())
    report = [f"{count}× {call} from {client}: {problem}\n    e.g. {example[:300]}"
              for (call, client, problem), (count, example) in failures.items()]
    assert not failures, f"{len(report)} kinds of accepted body bunq's schema refuses:\n" + "\n".join(report)
    assert accepted >= MINIMUM_BODIES, f"only {accepted} accepted writes in {log}: the log missed the test run"


def test_a_null_fallback_is_refused(schemas):
    problems = schemas.problems("PUT", "/user/{id}/card/{id}", '{"monetary_account_id_fallback":null}')
    assert problems == ["monetary_account_id_fallback: None is not of type 'integer'"]
    assert schemas.problems("POST", "/user/{id}/card-batch", '{"cards":[{"id":1,"monetary_account_id_fallback":null}]}')


def test_unknown_members_are_refused_at_every_level(schemas):
    assert schemas.problems("PUT", "/user/{id}/card/{id}", '{"card_limit_atm":{"value":"0.00","currency":"EUR"},"notes":"x"}')
    assert schemas.problems("PUT", "/user/{id}/card/{id}", '{"card_limit":{"value":"5.00","currency":"EUR","period":"DAY"}}')
    assert schemas.problems("POST", "/user/{id}/notification-filter-url",
                            '{"notification_filters":[{"category":"MUTATION","notification_target":"https://a.example","x":1}]}')
    assert schemas.problems("POST", "/device-server", '{"description":"d","secret":"s","ip":"1.2.3.4"}')


def test_read_only_members_are_refused(schemas):
    assert schemas.problems("PUT", "/user/{id}/card/{id}", '{"country_permission":[{"country":"NL","id":7}]}')
    assert schemas.problems("PUT", "/user/{id}/card/{id}", '{"id":7}')


def test_bodies_bunq_documents_are_accepted(schemas):
    accepted = [
        ("PUT", "/user/{id}/card/{id}", '{"card_limit":{"currency":"EUR","value":"2500.00"},"monetary_account_id_fallback":101}'),
        ("PUT", "/user/{id}/card/{id}", '{"country_permission":[{"country":"US","expiry_time":"2026-12-31 23:59:59.000000"}]}'),
        ("PUT", "/user/{id}/card/{id}", "{}"),
        ("POST", "/user/{id}/card-batch", '{"cards":[{"id":1,"card_limit_atm":{"currency":"EUR","value":"0.00"}}]}'),
        ("POST", "/user/{id}/notification-filter-url",
         '{"notification_filters":[{"category":"MUTATION","notification_target":"https://a.example/b"}]}'),
        ("POST", "/user/{id}/monetary-account/{id}/notification-filter-url", '{"notification_filters":[]}'),
        ("POST", "/user/{id}/notification-filter-push", '{"notification_filters":[{"category":"BILLING"}]}'),
        ("POST", "/user/{id}/certificate-pinned", '{"certificate_chain":[{"certificate":"PEM"}]}'),
        ("POST", "/user/{id}/card/{id}/generated-cvc2", '{"type":"GENERATED"}'),
        ("POST", "/session-server", '{"secret":"[redacted]"}'),
        ("DELETE", "/user/{id}/certificate-pinned/{id}", ""),
    ]
    for method, template, body in accepted:
        assert schemas.problems(method, template, body) == [], (method, template, body)


def test_only_accepted_writes_are_judged_and_unknown_calls_are_failures(schemas):
    def line(method, template, status, body):
        return json.dumps({"method": method, "path": template, "template": template, "status": status,
                           "user_agent": "test", "body": body})
    lines = [
        line("PUT", "/user/{id}/card/{id}", 400, '{"monetary_account_id_fallback":null}'),  # refused: not judged
        line("GET", "/user/{id}/card", 200, ""),                                             # a read: not judged
        line("PUT", "/user/{id}/card/{id}", 200, '{"monetary_account_id_fallback":null}'),
        line("PUT", "/user/{id}/card/{id}", 200, '{"monetary_account_id_fallback":null}'),
        line("POST", "/user/{id}/card-replace", 200, "{}"),
    ]
    accepted, failures = check(schemas, lines)
    assert accepted == 3
    assert [(call, count) for (call, _, _), (count, _) in failures.items()] == [
        ("PUT /user/{id}/card/{id}", 2), ("POST /user/{id}/card-replace", 1)]


def test_every_call_in_the_schema_file_is_bunqs(schemas):
    # Each operation names a schema in the file, or takes no body.
    document = json.loads(SCHEMAS.read_text(encoding="utf-8"))
    for key, operation in document["operations"].items():
        assert operation["schema"] is None or operation["schema"] in document["schemas"], key
    assert "POST /user/{id}/card-batch" in document["operations"]


def spec_path():
    configured = os.environ.get("BUNQ_OPENAPI")
    return pathlib.Path(configured) if configured else ROOT.parent / "shared" / "bunq-api" / "openapi.json"


def test_the_committed_schemas_match_bunqs_document():
    path = spec_path()
    if not path.is_file():
        pytest.skip(f"bunq's OpenAPI document is not at {path} (set BUNQ_OPENAPI)")
    expected = extract_request_schemas.render(json.loads(path.read_text(encoding="utf-8")))
    assert SCHEMAS.read_text(encoding="utf-8") == expected, (
        f"{SCHEMAS.name} is out of date: python3 Tests/wire/extract_request_schemas.py {path} > Tests/wire/{SCHEMAS.name}")
