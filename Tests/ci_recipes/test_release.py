"""The release workflow, its build script run against a stand-in `swift`, and the pinned
dependencies a release is built from."""
import hashlib
import os
import re
import stat
import subprocess

import yaml

from ci_runner import needs_tools, numbered
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
SCRIPT = ROOT / "scripts" / "release-build"


def workflow():
    doc = yaml.safe_load(WORKFLOW.read_text())
    doc["on"] = doc.pop(True, doc.get("on"))    # YAML 1.1 reads a bare `on` as true
    return doc


def test_the_workflow_builds_each_architecture_natively_on_a_version_tag():
    doc = workflow()
    assert doc["on"] == {"push": {"tags": ["v*"]}}
    build = doc["jobs"]["build"]
    matrix = build["strategy"]["matrix"]["include"]
    assert {entry["arch"]: entry["runner"] for entry in matrix} == {"x86_64": "ubuntu-24.04", "aarch64": "ubuntu-24.04-arm"}
    assert build["runs-on"] == "${{ matrix.runner }}" and build["container"].startswith("swift:6.3")
    step = next(s for s in build["steps"] if s.get("name") == "Build")
    assert step["run"] == 'scripts/release-build "${{ matrix.arch }}" dist'

    publish = doc["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["permissions"] == {"contents": "write"}
    assert doc["permissions"] == {"contents": "read"}      # only the publishing job may write
    run = "\n".join(s.get("run", "") for s in publish["steps"])
    assert "sha256sum -c cardpolicy-linux-*.sha256" in run and "> SHA256SUMS" in run
    for name in ("cardpolicy-linux-x86_64", "cardpolicy-linux-aarch64", "SHA256SUMS"):
        assert f"dist/{name}" in run


def stand_ins(tmp_path, machine):
    """A `swift` that logs its arguments and 'builds' a small script, and a `uname`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "swift.log"
    built = tmp_path / "build" / "release"
    (bin_dir / "swift").write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >> "{log}"\n'
        f'for a in "$@"; do [ "$a" = --show-bin-path ] && {{ echo "{built}"; exit 0; }}; done\n'
        f'mkdir -p "{built}"\n'
        f"printf '#!/bin/sh\\necho 0.1.0\\n' > \"{built}/cardpolicy\"\n"
        f'chmod +x "{built}/cardpolicy"\n')
    (bin_dir / "uname").write_text(f"#!/bin/sh\necho {machine}\n")
    for tool in bin_dir.iterdir():
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}, log, built


def release_build(arch, out, env):
    return subprocess.run([str(SCRIPT), arch, str(out)], env=env, capture_output=True, text=True, timeout=60)


def test_the_build_script_builds_a_static_binary_and_its_checksum(tmp_path):
    env, log, built = stand_ins(tmp_path, "aarch64")
    out = tmp_path / "dist"
    result = release_build("aarch64", out, env)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [
        "build -c release --product cardpolicy --static-swift-stdlib",
        "build -c release --product cardpolicy --static-swift-stdlib --show-bin-path",
    ]
    binary = out / "cardpolicy-linux-aarch64"
    assert binary.read_bytes() == (built / "cardpolicy").read_bytes() and os.access(binary, os.X_OK)
    line = f"{hashlib.sha256(binary.read_bytes()).hexdigest()}  cardpolicy-linux-aarch64\n"
    assert (out / "cardpolicy-linux-aarch64.sha256").read_text() == line
    assert subprocess.run(["sha256sum", "-c", "cardpolicy-linux-aarch64.sha256"], cwd=out, capture_output=True).returncode == 0


def test_the_build_script_refuses_another_architecture(tmp_path):
    env, log, _ = stand_ins(tmp_path, "x86_64")
    wrong = release_build("aarch64", tmp_path / "dist", env)
    assert wrong.returncode == 2 and "this machine is x86_64, not aarch64" in wrong.stderr
    unknown = release_build("arm64", tmp_path / "dist", env)
    assert unknown.returncode == 2 and "unknown architecture 'arm64'" in unknown.stderr
    assert not log.exists()


def test_every_direct_dependency_is_pinned_to_one_version():
    text = (ROOT / "Package.swift").read_text()
    packages = re.findall(r'\.package\(url: "([^"]+)", (\w+): "([^"]+)"\)', text)
    assert packages and len(packages) == text.count(".package(")
    loose = [url for url, kind, version in packages if kind != "exact" or not re.fullmatch(r"\d+\.\d+\.\d+", version)]
    assert loose == []


class Release:
    """A release's download URL served from a local directory: the binary for this machine and
    SHA256SUMS, as the release workflow publishes them."""

    def __init__(self, tmp_path, tamper=False):
        import functools, http.server, platform, threading
        self.directory = tmp_path / "release"
        self.directory.mkdir(parents=True)
        self.content = b"#!/bin/sh\necho released cardpolicy\n"
        name = f"cardpolicy-linux-{platform.machine()}"
        (self.directory / name).write_bytes(self.content)
        digest = hashlib.sha256(self.content + (b"tampered" if tamper else b"")).hexdigest()
        (self.directory / "SHA256SUMS").write_text(f"{digest}  {name}\n")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(self.directory))
        handler.log_message = lambda *args: None
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()


@needs_tools
def test_the_recipes_use_a_released_binary_only_when_its_checksum_matches(tmp_path, origin):
    from test_ci_github_run import GitHubJob
    from test_ci_gitlab_run import GitLabJob
    plain = tmp_path / "plain-tools"      # the real curl, not the API stand-in
    plain.mkdir()
    for tamper in (False, True):
        release = Release(numbered(tmp_path, "r"), tamper=tamper)
        try:
            gitlab = GitLabJob(tmp_path, "build", origin, plain, "http://unused", {"CARDPOLICY_RELEASE": release.url})
            result = gitlab.run()
            github = GitHubJob(tmp_path, "build.yml", "build", origin, plain, "http://unused",
                               {"vars.CARDPOLICY_RELEASE": release.url})
            step = github.run("Download the release")
        finally:
            release.stop()
        for run, binary in ((result, gitlab.project / "bin" / "cardpolicy"), (step, github.workspace / "bin" / "cardpolicy")):
            if tamper:
                assert run.returncode != 0 and "FAILED" in run.log, run.log
                assert not binary.exists() or binary.read_bytes() != release.content
            else:
                assert run.returncode == 0, run.log
                assert binary.read_bytes() == release.content and os.access(binary, os.X_OK)
                assert not (binary.parent / "SHA256SUMS").exists()
