"""The GitHub Pages workflow: its structure, actionlint when installed, and its build command."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
BASE_URL_EXPR = "${{ steps.pages.outputs.base_url }}"

# The oldest major of each action the workflow may use (the current ones when it was written).
MIN_MAJOR = {
    "actions/checkout": 7,
    "actions/setup-python": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def _steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def _step(workflow: dict[Any, Any], job: str, action: str) -> tuple[int, dict[str, Any]]:
    for index, step in enumerate(_steps(workflow, job)):
        if step.get("uses", "").split("@")[0] == action:
            return index, step
    raise AssertionError(f"job {job!r} has no step using {action}")


def _build_step(workflow: dict[Any, Any]) -> tuple[int, dict[str, Any]]:
    for index, step in enumerate(_steps(workflow, "build")):
        if "python -m builder build" in step.get("run", ""):
            return index, step
    raise AssertionError("no step runs `python -m builder build`")


def test_runs_on_push_to_main_and_by_hand(workflow: dict[Any, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_permissions_and_concurrency(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_build_job_steps_in_order(workflow: dict[Any, Any]) -> None:
    checkout, _ = _step(workflow, "build", "actions/checkout")
    python, setup = _step(workflow, "build", "actions/setup-python")
    configure, pages = _step(workflow, "build", "actions/configure-pages")
    build, command = _build_step(workflow)
    upload, artifact = _step(workflow, "build", "actions/upload-pages-artifact")
    install = next(
        i for i, s in enumerate(_steps(workflow, "build")) if "pip install" in s.get("run", "")
    )
    assert checkout < python < install < build and configure < build < upload
    assert str(setup["with"]["python-version"]) in ("3.11", "3.12")
    assert setup["with"]["cache"] == "pip"
    assert pages["id"] == "pages"
    assert f'--base-url "{BASE_URL_EXPR}/"' in command["run"]
    assert artifact["with"]["path"].rstrip("/") == "site"


def test_deploy_job(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert deploy["environment"]["name"] == "github-pages"
    _, step = _step(workflow, "deploy", "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_actions_are_pinned_to_current_majors(workflow: dict[Any, Any]) -> None:
    used = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert {u.split("@")[0] for u in used} == set(MIN_MAJOR)
    for uses in used:
        action, _, version = uses.partition("@")
        major = re.fullmatch(r"v(\d+)(?:\.\d+){0,2}", version)
        assert major, f"{uses}: pin a release tag such as @v5"
        assert int(major.group(1)) >= MIN_MAJOR[action], f"{uses} is older than current"


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed")
def test_actionlint_finds_no_problem() -> None:
    done = subprocess.run(
        ["actionlint", "-no-color", str(WORKFLOW)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_build_command_builds_a_publishable_site(
    workflow: dict[Any, Any], tmp_path: Path
) -> None:
    """Run the workflow's own build line, as configure-pages would fill it in for a project."""
    project = tmp_path / "project"
    for name in ("seeds", "templates", "static"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "site.yaml", project / "site.yaml")
    _, step = _build_step(workflow)
    line = step["run"].replace(BASE_URL_EXPR, "https://octocat.github.io/archive")
    argv = shlex.split(line)
    assert argv[:3] == ["python", "-m", "builder"]
    done = subprocess.run(
        [sys.executable, *argv[1:]],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    site = project / "site"
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / ".nojekyll").is_file()
    assert (site / "404.html").is_file()
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://octocat.github.io/archive/articles/" in sitemap
    assert "https://octocat.github.io/archive//" not in sitemap
