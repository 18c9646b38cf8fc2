"""Make docs/studio_task.png: a task with pre-annotations, in a throwaway Label Studio.

Not part of the test suite. Needs Debian's Chromium with CJK fonts (`apt-get install chromium
fonts-noto-cjk`) and Playwright's Python package, which drives that Chromium (no browser download):

    .venv/bin/pip install playwright      # or PYTHONPATH=<a venv with playwright>/site-packages
    .venv/bin/python docs/studio_screenshot.py
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.studio.connection import Connection, connect  # noqa: E402
from annotations.studio.local_server import start_local_studio  # noqa: E402
from annotations.studio.predictions import RulesPredictor  # noqa: E402
from annotations.studio.projects import find_project  # noqa: E402
from annotations.studio.push import prepare_tasks, push_tasks  # noqa: E402

USER, PASSWORD, TOKEN = "reviewer@reportie.test", "reportie-review-1", "5eadc2578929b6a5f085708ef1ee06263b31014a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=ROOT / "annotations" / "samples" / "sample_report.txt")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "studio_task.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        studio = start_local_studio(Path(folder), USER, PASSWORD, TOKEN, cache_dir=ROOT / ".cache" / "label-studio")
        try:
            task_url = push_report(studio.url, args.report)
            screenshot(studio.url, task_url, args.chromium, args.out)
        finally:
            studio.stop()
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


def push_report(url: str, report: Path) -> str:
    """Push the report with rule pre-annotations; the editor URL of its task."""
    client = connect(Connection(url, TOKEN))
    project = find_project(client, "reportie review", url, create=True)
    prepared, _ = prepare_tasks([report], RulesPredictor())
    push_tasks(client, project.id, prepared, url)
    task = next(iter(client.tasks.list(project=project.id)))
    return f"{url}/projects/{project.id}/data?task={task.id}"


def screenshot(url: str, task_url: str, chromium: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1360, "height": 860}, device_scale_factor=1)
        page.goto(f"{url}/user/login/")
        page.fill("input[name=email]", USER)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda address: "/user/login" not in address)
        page.goto(task_url)
        page.wait_for_selector(".htx-highlight", timeout=60_000)  # the pre-annotated regions are drawn
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out))
        browser.close()


if __name__ == "__main__":
    main()
