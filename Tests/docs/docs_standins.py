"""What stands in for the documented commands the docs test does not run: swift, the benchmarks, ./scripts/test,
and jq where the machine has none."""
import re
import shutil
import sys

from docs_paths import BIN, ROOT


def executable_products():
    package = (ROOT / "Package.swift").read_text()
    return set(re.findall(r'\.executable\(name:\s*"([^"]+)"', package)) | set(
        re.findall(r'\.executableTarget\(\s*name:\s*"([^"]+)"', package))


def benchmark_names():
    return set(re.findall(r'wanted\("(\w+)"\)', (ROOT / "Sources/cardpolicy-bench/main.swift").read_text()))


# `swift` for the documented commands. Building is not what the docs test checks, and a
# build takes minutes on two cores: the executable under test (CARDPOLICY_BIN) stands for
# the result of `swift build`. The products a command names must still exist.
SWIFT_SHIM = r"""#!/usr/bin/env bash
echo "swift $*" >>"$DOCS_SPECIAL_LOG"
case "$1" in
  run)
    [ "$2" = cardpolicy ] || { echo "docs test: only 'swift run cardpolicy' is supported" >&2; exit 97; }
    shift 2
    exec "$CARDPOLICY_BIN" "$@" ;;
  build)
    shift
    while [ $# -gt 0 ]; do
      case "$1" in
        --product)
          case " $DOCS_PRODUCTS " in *" $2 "*) ;; *) echo "docs test: Package.swift has no executable $2" >&2; exit 1 ;; esac
          shift 2 ;;
        -c) case "$2" in debug|release) ;; *) echo "docs test: no configuration $2" >&2; exit 1 ;; esac; shift 2 ;;
        --build-tests) shift ;;
        *) echo "docs test: 'swift build $1' is not understood by the docs test" >&2; exit 97 ;;
      esac
    done
    [ -x "$CARDPOLICY_BIN" ] || { echo "docs test: $CARDPOLICY_BIN is not an executable" >&2; exit 1; }
    echo "docs test: swift build not run; the executable under test is $CARDPOLICY_BIN" >&2 ;;
  *) echo "docs test: 'swift $1' is not supported by the docs test" >&2; exit 97 ;;
esac
"""

# The benchmarks take minutes (20 card changes alone take 27 s under bunq's limits).
BENCH_STUB = r"""#!/usr/bin/env bash
echo "cardpolicy-bench $*" >>"$DOCS_SPECIAL_LOG"
for name in "$@"; do
  case " $DOCS_BENCHMARKS " in *" $name "*) ;; *) echo "docs test: cardpolicy-bench has no benchmark $name" >&2; exit 1 ;; esac
done
echo "docs test: cardpolicy-bench not run (the benchmarks take minutes)" >&2
"""

# jq for the plan recipes in docs/plan-json.md, where no jq is installed (a machine with only
# the Swift toolchain and Python): the same jq, libjq through its Python binding, run on the
# same filter and file. Only the options the docs use.
JQ_SHIM = f"""#!{sys.executable}
import json, sys
import jq

args = sys.argv[1:]
raw = exit_status = False
while args and args[0].startswith("-") and len(args[0]) > 1:
    option = args.pop(0)
    for letter in option[1:]:
        if letter == "r": raw = True
        elif letter == "e": exit_status = True
        else: sys.exit(f"docs test: the jq stand-in does not know -{{letter}}")
program, files = args[0], args[1:]
text = "".join(open(f).read() for f in files) if files else sys.stdin.read()
outputs = jq.compile(program).input_text(text).all()
for value in outputs:
    print(value if raw and isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False))
if exit_status:
    sys.exit(4 if not outputs else 1 if outputs[-1] in (None, False) else 0)
"""

# A documented line that is not run at all, with what is checked instead.
SPECIAL_LINES = {
    # The whole test suite, this test included: running it here would recurse. It is
    # what .ci/run runs; check that it is still wired that way.
    "./scripts/test": 'echo "./scripts/test" >>"$DOCS_SPECIAL_LOG"; '
                      'test -x "$DOCS_REPO/scripts/test" && grep -q "exec ./scripts/test" "$DOCS_REPO/.ci/run" '
                      '&& grep -q "Tests/docs" "$DOCS_REPO/scripts/test"',
}

# Text that must still appear in some documented command, or the stand-in is dead code.
STAND_INS = ["swift run cardpolicy", "swift build", ".build/debug/cardpolicy", ".build/release/cardpolicy-bench",
             *SPECIAL_LINES]


def special_line(command):
    """What runs instead of the command, or None when the command itself runs."""
    return SPECIAL_LINES.get(command.text.split("#")[0].strip())


def install(work, shims):
    """`cardpolicy` on PATH, `swift`, and what `swift build` would have left in .build."""
    for configuration in ("debug", "release"):
        directory = work / ".build" / configuration
        directory.mkdir(parents=True)
        (directory / "cardpolicy").symlink_to(BIN)
    (shims / "cardpolicy").symlink_to(BIN)
    stand_ins = [(shims / "swift", SWIFT_SHIM), (work / ".build" / "release" / "cardpolicy-bench", BENCH_STUB)]
    if shutil.which("jq") is None:
        stand_ins.append((shims / "jq", JQ_SHIM))
    for path, text in stand_ins:
        path.write_text(text)
        path.chmod(0o755)


def environment():
    """What the stand-ins check a documented command's names against."""
    return {
        "DOCS_PRODUCTS": " ".join(sorted(executable_products())),
        "DOCS_BENCHMARKS": " ".join(sorted(benchmark_names())),
    }
