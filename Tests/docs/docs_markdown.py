"""Reads README.md and docs/*.md into the blocks of commands the docs test runs.

How the Markdown is read
- A fenced block tagged ```sh (or bash, shell) is a list of commands: one per line
  (a trailing `\\` continues it), comment lines and blank lines skipped. The lines of a
  block run in order in ONE bash process, as if typed into one terminal: the working
  directory, exported variables, aliases and background jobs carry over to later lines.
- A fenced block with no language that contains lines starting with `$ ` is a terminal
  sample: each `$ ` line is a command, and the lines under it, up to the next `$ `
  line, are what it prints (standard output and standard error, as a terminal shows them).
  The real output must match after volatile values are masked in both (timestamps, UUIDs,
  durations in ms or s): plan ids and everything else must match exactly.
  Plain blocks without `$ ` lines (synopses, abbreviated output) are not run.
- Other languages (yaml, json, jsonc, text, swift, diff, ...) never run. A `$ ` line in such
  a block is an error: a command must not hide from this test.
- Expected exit code: a comment on the command line containing `exit N` (`# exit 2, and
  the field that drifted`); otherwise 0.
- A comment containing `type yes` marks an interactive `cardpolicy apply`: it runs on a
  pseudo-terminal and the test types `yes` at the prompt, which must appear.
- A command ending in `&` starts a background process (e.g. `cardpolicy emulator`); the
  test waits for its first line of output, as a person would, and kills it when the
  block ends.
- HTML comments right before a block (invisible on GitHub) can prepare it:
  `<!-- docs-test: setup COMMAND -->` runs COMMAND first (it must exit 0), and
  `<!-- docs-test: prelude -->` on a sh block makes its commands run first in every later
  block of the same file, for pages that say "start this once, then ...".
"""
import dataclasses
import pathlib
import re

from docs_paths import ROOT

SHELL_LANGUAGES = {"sh", "bash", "shell"}
DIRECTIVE_KINDS = ("setup", "prelude")

FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
CLOSING_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*$")
DIRECTIVE = re.compile(r"^<!--\s*docs-test:\s*(?P<kind>\S+)\s*(?P<argument>.*?)\s*-->$")
EXIT_COMMENT = re.compile(r"\bexit (\d+)\b")


@dataclasses.dataclass
class Command:
    text: str                      # as written, without the `$ ` of a sample
    line: int                      # where it is in the Markdown file
    expected_exit: int = 0
    interactive: bool = False      # `type yes`: run on a terminal, answer the prompt
    background: bool = False       # ends in `&`
    output: list | None = None     # a sample's printed lines; None: not compared
    role: str = "doc"              # doc, setup or prelude
    problem: str | None = None     # why it cannot run as written


@dataclasses.dataclass
class Block:
    path: pathlib.Path
    line: int
    kind: str                      # "sh" or "sample"
    commands: list
    setups: list
    is_prelude: bool = False

    @property
    def name(self):
        return f"{self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path.name}:{self.line}"


@dataclasses.dataclass
class Fenced:
    line: int
    language: str
    body: list
    directives: list               # (line, kind, argument)


@dataclasses.dataclass
class Page:
    path: pathlib.Path
    fenced: list
    orphan_directives: list        # directives not followed by a block


def split_comment(text):
    """(code, comment) of a shell command: `#` starts a comment at the start of a word,
    outside quotes, until the end of that physical line."""
    code, comment = [], []
    quote = None
    escaped = False
    in_comment = False
    previous = " "
    for char in text:
        if in_comment:
            if char == "\n":
                in_comment = False
                code.append(char)
            else:
                comment.append(char)
            previous = char
            continue
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and previous in " \t\n":
            in_comment = True
            comment.append(" ")
            previous = char
            continue
        code.append(char)
        previous = char
    return "".join(code), "".join(comment)


def make_command(text, line, output=None, role="doc"):
    code, comment = split_comment(text)
    exit_match = EXIT_COMMENT.search(comment)
    command = Command(
        text=text, line=line, output=output, role=role,
        expected_exit=int(exit_match.group(1)) if exit_match else 0,
        interactive="type yes" in comment,
        background=code.rstrip().endswith("&") and not code.rstrip().endswith("&&"),
    )
    if re.search(r"(?<!<)<<(?!<)", code):
        command.problem = "here-documents are not supported by the docs test; write the file with a command"
    return command


def read_page(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    fenced, orphans, pending = [], [], []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE.match(line)
        if opening:
            fence = opening["fence"]
            body = []
            end = index + 1
            while end < len(lines):
                closing = CLOSING_FENCE.match(lines[end])
                if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence):
                    break
                body.append(lines[end])
                end += 1
            language = (opening["info"].split() or [""])[0].lower()
            fenced.append(Fenced(index + 1, language, body, pending))
            pending = []
            index = end + 1
            continue
        directive = DIRECTIVE.match(line.strip())
        if directive:
            pending.append((index + 1, directive["kind"], directive["argument"]))
        elif line.strip() and pending:
            orphans.extend(pending)     # prose between a directive and its block
            pending = []
        index += 1
    orphans.extend(pending)
    return Page(path, fenced, orphans)


def shell_commands(fenced):
    commands = []
    start, parts = None, []
    for offset, raw in enumerate(fenced.body):
        if start is None:
            start = fenced.line + 1 + offset
        parts.append(raw)
        if raw.rstrip().endswith("\\"):
            continue
        text = "\n".join(parts)
        first = start
        start, parts = None, []
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        commands.append(make_command(text.strip(), first))
    return commands


def prompts(fenced):
    return [line for line in fenced.body if line.startswith("$ ")]


def sample_commands(fenced):
    commands = []
    for offset, raw in enumerate(fenced.body):
        if raw.startswith("$ "):
            commands.append(make_command(raw[2:], fenced.line + 1 + offset, output=[]))
        elif commands:
            commands[-1].output.append(raw)
    for command in commands:
        while command.output and not command.output[-1].strip():
            command.output.pop()
    return commands


def blocks_of(page):
    """The runnable blocks of a page, with their setups and the page's preludes so far."""
    blocks, preludes = [], []
    for fenced in page.fenced:
        if fenced.language in SHELL_LANGUAGES:
            kind, commands = "sh", shell_commands(fenced)
        elif fenced.language == "" and prompts(fenced):
            kind, commands = "sample", sample_commands(fenced)
        else:
            continue
        setups = [make_command(argument, line, role="setup")
                  for line, directive, argument in fenced.directives if directive == "setup"]
        block = Block(page.path, fenced.line, kind, commands, list(preludes) + setups,
                      is_prelude=any(directive == "prelude" for _, directive, _ in fenced.directives))
        blocks.append(block)
        if block.is_prelude:
            preludes.extend(dataclasses.replace(command, role="prelude", output=None) for command in commands)
    return blocks


def docs_pages():
    return sorted((ROOT / "docs").glob("*.md"))


def documentation_files():
    return [ROOT / "README.md"] + docs_pages()


def all_blocks():
    return [block for path in documentation_files() for block in blocks_of(read_page(path))]


def lint(path):
    """Commands that would escape this test: prompts in blocks that do not run, directives
    that belong to no block."""
    problems = []
    page = read_page(path)
    for line, kind, argument in page.orphan_directives:
        problems.append(f"{path.name}:{line}: docs-test directive `{kind}` is not right before a block")
    for fenced in page.fenced:
        found = prompts(fenced)
        if found and fenced.language in SHELL_LANGUAGES:
            problems.append(f"{path.name}:{fenced.line}: `$ ` prompts in a {fenced.language} block cannot run")
        elif found and fenced.language:
            problems.append(f"{path.name}:{fenced.line}: a ```{fenced.language} block has commands ({found[0]!r}); "
                            "use ```sh, or a plain ``` sample")
        for line, kind, _ in fenced.directives:
            if kind not in DIRECTIVE_KINDS:
                problems.append(f"{path.name}:{line}: unknown docs-test directive `{kind}`")
            elif kind == "prelude" and fenced.language not in SHELL_LANGUAGES:
                problems.append(f"{path.name}:{line}: a prelude must be a sh block")
    return problems
