"""Where the CI recipes in examples/ci/ are, and how to read them as GitHub and GitLab do."""
import functools
import pathlib
import re

import yaml

from conftest import ROOT

CI = ROOT / "examples" / "ci"
GITHUB = sorted((CI / "github").glob("*.yml"))
GITLAB = CI / "gitlab" / ".gitlab-ci.yml"
CI_DOC = ROOT / "docs" / "ci.md"


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads the key `on` as true; GitHub reads it as the string it is."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@functools.lru_cache(maxsize=None)
def load(path):
    return yaml.load(pathlib.Path(path).read_text(), Loader=_Loader)


def github_workflow(name):
    return load(CI / "github" / name)


GITLAB_RESERVED = {"stages", "workflow", "variables", "default", "include", "image", "services",
                   "cache", "before_script", "after_script"}


def gitlab_jobs(doc):
    return {name: job for name, job in doc.items()
            if name not in GITLAB_RESERVED and not name.startswith(".") and isinstance(job, dict)}


def _deep_merge(base, override):
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _deep_merge(merged[key], value) \
            if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def gitlab_resolved(doc, name):
    """A job with its `extends` templates merged in, as GitLab does: hashes deeply, the rest
    (lists, scripts) replaced."""
    job = doc[name]
    parents = job.get("extends", [])
    merged = {}
    for parent in [parents] if isinstance(parents, str) else parents:
        merged = _deep_merge(merged, gitlab_resolved(doc, parent))
    return _deep_merge(merged, {k: v for k, v in job.items() if k != "extends"})


def script_lines(value):
    return [value] if isinstance(value, str) else list(value or [])


def shell_scripts():
    """(where, shell text) for every shell snippet of every recipe, plus docs/ci.md's sh blocks."""
    for path in GITHUB:
        for job_id, job in load(path)["jobs"].items():
            for index, step in enumerate(job.get("steps", [])):
                if "run" in step:
                    yield f"{path.name}:{job_id}:{step.get('id') or step.get('name') or index}", step["run"]
    doc = load(GITLAB)
    for name in doc:
        if isinstance(doc[name], dict) and name not in ("variables", "workflow", ".rules"):
            job = doc[name]
            for key in ("before_script", "script", "after_script"):
                if key in job:
                    yield f".gitlab-ci.yml:{name}:{key}", "\n".join(script_lines(job[key]))
    if CI_DOC.exists():
        for index, block in enumerate(re.findall(r"^```sh\n(.*?)^```", CI_DOC.read_text(), re.M | re.S)):
            yield f"docs/ci.md:sh block {index + 1}", block

