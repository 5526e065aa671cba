"""The JSON Schema printed by `cardpolicy schema` and the loader behind `cardpolicy validate`
must agree: every shipped policy passes both, every file in invalid/ fails both."""
import json
import pathlib
import subprocess

import jsonschema
import pytest
import yaml

from conftest import BIN, ROOT

HERE = pathlib.Path(__file__).resolve().parent


class PolicyYAMLLoader(yaml.SafeLoader):
    """YAML 1.1 like cardpolicy's parser, but dates stay text, as cardpolicy reads them."""


PolicyYAMLLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_json(value):
    """JSON object keys are strings: `accounts: {2078790: …}` becomes "2078790"."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(subprocess.run([BIN, "schema"], check=True, capture_output=True, text=True).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def policy_files(*folders):
    files = []
    for folder in folders:
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in (".yaml", ".yml") and "ci" not in p.parts)
    return files


def schema_errors(validator, path):
    data = as_json(yaml.load(path.read_text(), Loader=PolicyYAMLLoader))
    return [error.message for error in validator.iter_errors(data)]


def cardpolicy_validate(path):
    return subprocess.run([BIN, "validate", str(path)], capture_output=True, text=True)


VALID = policy_files("examples", "policies") + sorted((HERE / "valid").glob("*.yaml"))
INVALID = sorted((HERE / "invalid").glob("*.yaml"))


def test_the_fixture_sets_are_not_empty():
    assert len(VALID) >= 10 and len(INVALID) >= 40


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_files_pass_schema_and_loader(validator, path):
    assert schema_errors(validator, path) == []
    result = cardpolicy_validate(path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_files_fail_schema_and_loader(validator, path):
    assert schema_errors(validator, path) != [], "the schema accepts what the loader rejects"
    result = cardpolicy_validate(path)
    assert result.returncode == 1, result.stdout
    assert f"{path}:" in result.stdout and ": error: " in result.stdout
