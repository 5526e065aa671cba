"""Finds the `cardpolicy ...` commands in shell text and says what `--help` would reject in them."""
import functools
import re
import shlex
import subprocess

from ci_recipes import shell_scripts
from conftest import BIN


# --------------------------------------------------------------------------------------------
# What the executable accepts, from its own --help

def help_text(*args):
    result = subprocess.run([BIN, *args, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _section(text, title):
    lines = text.splitlines()
    try:
        start = lines.index(title) + 1
    except ValueError:
        return []
    out = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            break
        out.append(line)
    return out


class Subcommand:
    def __init__(self, name, text):
        self.name = name
        self.positional = bool(_section(text, "ARGUMENTS:"))
        self.options = {}   # "--state" -> (takes_value, allowed values or None)
        entries = []
        for line in _section(text, "OPTIONS:"):
            m = re.match(r"^  (?:(-\w), )?(--[a-z][a-z0-9-]*)(?: <([^>]+)>)?(.*)$", line)
            if m:
                entries.append([m.group(1), m.group(2), m.group(3), m.group(4)])
            elif entries and line.startswith("      "):
                entries[-1][3] += " " + line.strip()
        self.short = set()
        for short, long, value, description in entries:
            allowed = None
            if value and "|" in value:
                allowed = set(value.split("|"))
            values = re.search(r"\(values: ([^;)]*)", " ".join(description.split()))
            if values:
                allowed = {v.strip() for v in values.group(1).split(",")}
            self.options[long] = (value is not None, allowed)
            if short:
                self.short.add(short)


class CLI:
    def __init__(self):
        root = help_text()
        self.subcommands = {}
        for line in _section(root, "SUBCOMMANDS:"):
            m = re.match(r"^  ([a-z][a-z-]*)\s", line)
            if m:
                self.subcommands[m.group(1)] = Subcommand(m.group(1), help_text(m.group(1)))


@functools.lru_cache(maxsize=None)
def cli():
    return CLI()


# --------------------------------------------------------------------------------------------
# Finding cardpolicy invocations in shell text

KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
            "time", "exec", "command"}
ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*(\[[^]]*\])?\+?=")
VARIABLE_BINARY = re.compile(r"^\$\{?(CARDPOLICY|CARDPOLICY_BIN)\}?$")


def _strip_comment(line):
    quote, i, prev = None, 0, " "
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "\\":
            i += 1
        elif c == "#" and prev in " \t;&|()":
            return line[:i]
        prev = c
        i += 1
    return line


def _lex(text):
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = ""
    return list(lexer)


def _commands(script):
    """Simple commands as word lists: continuations joined, comments, separators and
    redirections removed."""
    text = script.replace("\\\n", " ")
    text = re.sub(r"(?<![\w$])\d+(?=[<>])", "", text)   # the fd of 2>&1, 2>/dev/null
    lines, pending = text.split("\n"), ""
    for line in lines:
        pending += _strip_comment(line)
        try:
            tokens = _lex(pending)
        except ValueError:          # a quote that spans lines
            pending += "\n"
            continue
        pending = ""
        command, skip_next = [], False
        for token in tokens:
            if skip_next:
                skip_next = False
                continue
            if token and set(token) <= set(";&|()<>"):
                if set(token) <= set("<>&") and set(token) & set("<>"):
                    skip_next = True        # a redirection and its target
                    continue
                if command:
                    yield command
                command = []
                continue
            command.append(token)
        if command:
            yield command
    assert not pending, f"unterminated quote in:\n{script}"


def _arrays(script):
    """name=(words) and name+=(words) assignments, one line each."""
    arrays = {}
    for m in re.finditer(r"(?m)(?:^|[\s;])([A-Za-z_]\w*)\+?=\((.*)$", script):
        words = arrays.setdefault(m.group(1), [])
        for token in _lex(m.group(2)):
            if token.startswith(")"):
                break
            words.append(token)
    return arrays


def _is_cardpolicy(word):
    return word == "cardpolicy" or word.endswith("/cardpolicy") or bool(VARIABLE_BINARY.match(word))


def invocations(script):
    """Each `cardpolicy ...` command in a shell snippet, as its argument words, with bash
    arrays expanded from their assignments in the same snippet."""
    arrays = _arrays(script)
    for command in _commands(script):
        i = 0
        while i < len(command) and (command[i] in KEYWORDS or ASSIGNMENT.match(command[i])):
            i += 1
        if i < len(command) and _is_cardpolicy(command[i]):
            args = []
            for word in command[i + 1:]:
                m = re.fullmatch(r"\$\{(\w+)\[@\]\}", word)
                if m:
                    if m.group(1) not in arrays:
                        args.append(("unassigned array", word))
                    args.extend(arrays.get(m.group(1), []))
                else:
                    args.append(word)
            yield args


def problems(args, cli):
    """What is wrong with one invocation, checked against the real --help."""
    if not args or isinstance(args[0], tuple) or args[0].startswith("-"):
        return [f"no subcommand: {args}"]
    name = args[0]
    if name not in cli.subcommands:
        return [f"unknown subcommand `{name}` (cardpolicy has {', '.join(sorted(cli.subcommands))})"]
    sub, found = cli.subcommands[name], []
    words, i, only_positional = args[1:], 0, False
    while i < len(words):
        word = words[i]
        i += 1
        if isinstance(word, tuple):
            found.append(f"{word[0]}: {word[1]}")
            continue
        if not only_positional and word == "--":
            only_positional = True
            continue
        if not only_positional and word.startswith("--"):
            flag, _, inline = word.partition("=")
            if flag not in sub.options:
                found.append(f"`cardpolicy {name}` has no option {flag}")
                continue
            takes_value, allowed = sub.options[flag]
            if not takes_value:
                if inline:
                    found.append(f"{flag} takes no value")
                continue
            value = inline if inline else (words[i] if i < len(words) else None)
            if not inline:
                i += 1
            if value is None or isinstance(value, tuple):
                found.append(f"{flag} needs a value")
            elif allowed and "$" not in value and value not in allowed:
                found.append(f"{flag} {value}: not one of {', '.join(sorted(allowed))}")
            continue
        if not only_positional and re.match(r"^-\w$", word):
            if word not in sub.short:
                found.append(f"`cardpolicy {name}` has no option {word}")
            continue
        if not sub.positional:
            found.append(f"`cardpolicy {name}` takes no argument, found `{word}`")
    return found


ALL_INVOCATIONS = [(where, args) for where, script in shell_scripts() for args in invocations(script)]
