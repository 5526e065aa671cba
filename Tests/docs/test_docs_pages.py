"""The pages themselves: no command hidden from the docs test, every page linked, every link resolving."""
import re

from docs_markdown import docs_pages, documentation_files, lint
from docs_paths import ROOT


def test_no_command_hides_in_a_block_that_does_not_run():
    problems = [problem for path in documentation_files() for problem in lint(path)]
    assert not problems, "\n".join(problems)


def test_lint_finds_hidden_commands(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("```text\n$ cardpolicy apply --auto-approve\n```\n\n<!-- docs-test: setup true -->\nprose\n\n"
                    "<!-- docs-test: prelud -->\n```sh\ntrue\n```\n")
    problems = lint(path)
    assert len(problems) == 3, problems
    assert "```text block has commands" in problems[1] and "not right before a block" in problems[0]
    assert "unknown docs-test directive `prelud`" in problems[2]


def test_every_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [path.name for path in docs_pages() if f"](docs/{path.name}" not in readme]
    assert not missing, f"docs pages the README does not link: {missing}"


def github_anchor(heading):
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_between_pages_resolve():
    problems = []
    for path in documentation_files():
        text = path.read_text()
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue                      # https:, mailto:
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                problems.append(f"{path.name}: {target}: no such file")
            elif anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(), flags=re.MULTILINE)
                if anchor not in {github_anchor(h) for h in headings}:
                    problems.append(f"{path.name}: {target}: no heading with that anchor")
    assert not problems, "\n".join(problems)
