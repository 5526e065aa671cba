"""Masks what differs between two runs of a command, and compares a `$` sample with what it printed."""
import difflib
import re

# Values that differ between two runs of the same command; masked in samples and output.
VOLATILE = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)"), "<time>"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\b\d+(?:\.\d+)? ms\b"), "<n> ms"),
    (re.compile(r"\bin \d+(?:\.\d+)? s\b"), "in <n> s"),
    # A saved plan's id covers when it expires, so two `plan --out` runs never share one.
    (re.compile(r"Applying the saved plan \(plan [0-9a-f]{12}\)"), "Applying the saved plan (plan <saved plan id>)"),
]


def normalise(lines, work):
    result = []
    for line in lines:
        line = line.replace(str(work), "$PWD")
        for pattern, mask in VOLATILE:
            line = pattern.sub(mask, line)
        result.append(line.rstrip())
    while result and not result[-1]:
        result.pop()
    return result


def sample_problem(sample, printed, work):
    """The masked difference between a sample's lines and the real output, or None."""
    want = normalise(sample, work)
    got = normalise(printed.splitlines(), work)
    if want == got:
        return None
    diff = "\n    ".join(difflib.unified_diff(want, got, "documented", "real", lineterm="", n=1))
    return f"the output differs from the sample (masked values: <time>, <uuid>, <n>, <saved plan id>):\n    {diff}"
