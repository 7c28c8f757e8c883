"""The nightly job's fetch steps, run as written in nightly.yml against local provider servers.

Each `run:` step of the `fetch` job runs in order with bash, in a git repository whose `origin`
is a local bare repository; `gh` is a stub that records what it was asked. One provider is down:
the pushed branch must carry the other provider's changes and lose no model.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXED_EPOCH, ROOT, git
from pytest_httpserver import HTTPServer
from werkzeug import Response

OPENAI_KEY, ANTHROPIC_KEY = "sk-test-openai", "sk-ant-test"
SECRETS = {"OPENAI_API_KEY": OPENAI_KEY, "ANTHROPIC_API_KEY": ANTHROPIC_KEY}
EXPRESSIONS = {
    "github.event.repository.default_branch": "main",
    "secrets.NIGHTLY_TOKEN || github.token": "test-token",
}
GH_STUB = """#!/usr/bin/env python3
import os, sys
from pathlib import Path
state = Path(os.environ["GH_STATE"])
args = sys.argv[1:]
with open(state / "calls.txt", "a") as log:
    log.write(" ".join(args) + "\\n")
if "--body-file" in args:
    body = Path(args[args.index("--body-file") + 1]).read_text()
    (state / "body.md").write_text(body)
if args[:2] == ["pr", "list"] and (state / "pr").exists():
    print((state / "pr").read_text())
if args[:2] == ["pr", "create"]:
    (state / "pr").write_text("7")
"""


def serve(server: HTTPServer, openai_ids: list[str], anthropic_up: bool) -> None:
    """OpenAI lists `openai_ids`; Anthropic answers its list, or 503 when it is down."""
    server.clear()
    openai = {"object": "list", "data": [_openai(i) for i in openai_ids]}
    server.expect_request(
        "/openai/v1/models", headers={"Authorization": f"Bearer {OPENAI_KEY}"}
    ).respond_with_json(openai)
    if anthropic_up:
        item = {
            "type": "model",
            "id": "claude-sonnet-4-5-20250929",
            "display_name": "Claude Sonnet 4.5",
            "created_at": "2025-09-29T00:00:00Z",
        }
        body = {"data": [item], "has_more": False, "first_id": item["id"], "last_id": item["id"]}
        server.expect_request(
            "/anthropic/v1/models", headers={"x-api-key": ANTHROPIC_KEY}
        ).respond_with_json(body)
    else:
        down = Response("upstream overloaded", status=503, headers={"retry-after-ms": "1"})
        server.expect_request("/anthropic/v1/models").respond_with_response(down)


def _openai(model_id: str) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": 1715558400, "owned_by": "openai"}


class Runner:
    """Runs the `run:` steps of one job of a workflow like a GitHub runner would, locally."""

    def __init__(self, repo: Path, tmp: Path, server: HTTPServer) -> None:
        self.repo, self.tmp = repo, tmp
        stubs = tmp / "bin"
        stubs.mkdir()
        (stubs / "gh").write_text(GH_STUB)
        (stubs / "gh").chmod(0o755)
        # No test may reach the internet: `curl` fails as it would with no network.
        (stubs / "curl").write_text("#!/bin/sh\necho 'curl: (6) no network in tests' >&2\nexit 6\n")
        (stubs / "curl").chmod(0o755)
        self.state = tmp / "gh"
        self.state.mkdir()
        self.base_env = {
            **os.environ,
            "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}",
            "GH_STATE": str(self.state),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "OPENAI_BASE_URL": server.url_for("/openai/v1"),
            "ANTHROPIC_BASE_URL": server.url_for("/anthropic"),
        }

    def run_job(self, workflow: str, job: str, day: int) -> dict[str, str]:
        """Run every run-step of `job`; return each step's outcome by name."""
        spec = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text())["jobs"][job]
        temp = self.tmp / f"runner-{day}"
        temp.mkdir()
        env = {**self.base_env, "RUNNER_TEMP": str(temp)}
        env["SOURCE_DATE_EPOCH"] = str(int(FIXED_EPOCH) + day * 86400)
        env |= {k: self.expand(v) for k, v in spec.get("env", {}).items()}
        outputs: dict[str, dict[str, str]] = {}
        outcomes = {}
        for number, step in enumerate(spec["steps"]):
            if "run" not in step or step["run"].startswith("python -m pip install"):
                continue  # checkout, setup-python and installing: done by the test session
            if "if" in step and not self.condition(step["if"], outputs):
                outcomes[step["name"]] = "skipped"
                continue
            output = temp / f"output-{number}"
            output.touch()
            step_env = {**env, "GITHUB_OUTPUT": str(output)}
            step_env |= {k: self.expand(v) for k, v in step.get("env", {}).items()}
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-e", "-c", step["run"]],
                cwd=self.repo,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            outcomes[step["name"]] = "success" if done.returncode == 0 else "failure"
            if done.returncode and not step.get("continue-on-error"):
                pytest.fail(f"step {step['name']!r} failed:\n{done.stdout}\n{done.stderr}")
            pairs = [line.split("=", 1) for line in output.read_text().splitlines() if line]
            outputs[step.get("id", str(number))] = dict(pairs)
        return outcomes

    @staticmethod
    def expand(value: object) -> str:
        """Replace `${{ ... }}` with what this test stands in for (secrets, settings, github)."""

        def one(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr.startswith("secrets.") and expr[8:].isidentifier():
                return SECRETS.get(expr[8:], "")
            if expr.startswith("vars."):
                return ""  # no repository variables set: the default behaviour
            assert expr in EXPRESSIONS, f"the test does not know the expression {expr!r}"
            return EXPRESSIONS[expr]

        return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, str(value))

    @staticmethod
    def condition(expr: str, outputs: dict[str, dict[str, str]]) -> bool:
        match = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+) == '(\w*)'", expr.strip())
        assert match, f"the test does not know the condition {expr!r}"
        return outputs.get(match[1], {}).get(match[2], "") == match[3]

    def gh_calls(self) -> list[str]:
        return (self.state / "calls.txt").read_text().splitlines()


def snapshot_ids(repo: Path, rev: str, provider: str) -> list[str]:
    data = json.loads(git(repo, "show", f"{rev}:catalog/fetched/{provider}.json"))
    return [m["id"] for m in data["models"]]


def with_origin(catalog: Path, tmp: Path) -> Path:
    """The repository of `catalog`, with a local bare repository as its `origin`."""
    repo, origin = catalog.parent, tmp / "origin.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    return repo


def llmcat(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["llmcat", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def test_nightly_fetch_job_proposes_the_others_changes_when_a_provider_is_down(
    git_catalog: Path, tmp_path: Path, httpserver: HTTPServer
) -> None:
    repo = with_origin(git_catalog, tmp_path)
    runner = Runner(repo, tmp_path, httpserver)

    # Night 0: both providers answer; the snapshots land on main (as if the PR was merged).
    serve(httpserver, ["gpt-4", "gpt-4o"], anthropic_up=True)
    assert runner.run_job("nightly.yml", "fetch", day=0)["Fetch every provider"] == "success"
    git(repo, "push", "-q", "origin", "HEAD:main")
    (runner.state / "pr").unlink()  # merged, so no open pull request
    assert snapshot_ids(repo, "main", "anthropic") == ["claude-sonnet-4-5-20250929"]

    # Night 1: OpenAI lists a new model; Anthropic is down.
    serve(httpserver, ["gpt-4", "gpt-4o", "o9"], anthropic_up=False)
    outcomes = runner.run_job("nightly.yml", "fetch", day=1)
    assert outcomes == {
        "Fetch every provider": "failure",  # continue-on-error: the others still go ahead
        "Crosscheck against open datasets": "success",  # no downloads: bundled data only
        "Validate": "success",
        "Commit the snapshots": "success",
        "Open or update the pull request": "success",
    }
    git(repo, "fetch", "-q", "origin")
    assert snapshot_ids(repo, "origin/llmcat/nightly", "openai") == ["gpt-4", "gpt-4o", "o9"]
    assert snapshot_ids(repo, "origin/llmcat/nightly", "anthropic") == [
        "claude-sonnet-4-5-20250929"
    ]
    changed = git(repo, "diff", "--name-only", "origin/main", "origin/llmcat/nightly")
    assert changed.splitlines() == ["catalog/fetched/openai.json"]
    diff = json.loads(llmcat(repo, "diff", "origin/main", "origin/llmcat/nightly", "--json"))
    assert diff["removed"] == []
    assert diff["snapshots"] == [
        {"provider": "openai", "change": "changed", "added": ["o9"], "removed": []}
    ]
    body = (runner.state / "body.md").read_text()
    assert body.startswith("<!-- llmcat-nightly -->\n")
    assert "anthropic" in body and "failed (503)" in body  # the fetch summary
    assert "| openai | changed | `o9` | — |" in body
    assert runner.gh_calls()[-1].startswith(
        "pr create --head llmcat/nightly --base main --title Nightly: provider snapshots"
    )

    # Night 2, before the PR is merged: the same PR is updated, not duplicated.
    git(repo, "reset", "-q", "--hard", "origin/main")
    serve(httpserver, ["gpt-4", "gpt-4o", "o9", "o10"], anthropic_up=True)
    runner.run_job("nightly.yml", "fetch", day=2)
    assert runner.gh_calls()[-1].startswith("pr edit 7 --body-file ")
    assert sum(call.startswith("pr create") for call in runner.gh_calls()) == 2  # nights 0, 1
    git(repo, "fetch", "-q", "origin")
    assert snapshot_ids(repo, "origin/llmcat/nightly", "openai") == ["gpt-4", "gpt-4o", "o10", "o9"]


def test_nightly_commits_nothing_when_nothing_changed(
    git_catalog: Path, tmp_path: Path, httpserver: HTTPServer
) -> None:
    repo = with_origin(git_catalog, tmp_path)
    runner = Runner(repo, tmp_path, httpserver)
    serve(httpserver, ["gpt-4", "gpt-4o"], anthropic_up=True)
    runner.run_job("nightly.yml", "fetch", day=0)  # HEAD now has the snapshots, as if merged
    before = git(repo, "rev-parse", "HEAD")
    outcomes = runner.run_job("nightly.yml", "fetch", day=1)
    assert outcomes["Commit the snapshots"] == "success"
    assert outcomes["Open or update the pull request"] == "skipped"
    assert git(repo, "rev-parse", "HEAD") == before
