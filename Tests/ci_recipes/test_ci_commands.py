"""The `cardpolicy ...` commands in the CI recipes and docs/ci.md against --help, and the checker's teeth."""
import pytest

from ci_commands import ALL_INVOCATIONS, cli, invocations, problems


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

