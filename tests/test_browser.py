"""Real-browser test: JupyterLab in headless Chromium runs every notebook and the Playground.

JupyterLab starts on a free loopback port with a random token, serving a
temporary copy of the notebooks (so nothing the browser saves reaches the
repository), with its own settings and workspace folders. The copies run with
SEED = 1 (COURSE_BROWSER_SEED), while nbval runs the default seed, so every
notebook check is exercised with two seeds. Playwright drives
Debian's Chromium (`/usr/bin/chromium`; Playwright's own browser download is
not used). For each notebook it runs all cells and checks, through the
notebook model, that every code cell ran and none produced an error; and that
figures rendered. In the Playground it clicks Train and checks the plot changes.

Set COURSE_SCREENSHOTS=<folder> to keep a screenshot of each notebook.
Skipped with the reason when Chromium or Playwright is missing; `.ci/run`
installs Chromium so CI always runs it.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from output_rules import output_problems

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
# nbval runs the notebooks with their default seed; the browser runs them with another,
# so every check is exercised with two seeds in each test run.
BROWSER_SEED = int(os.environ.get("COURSE_BROWSER_SEED", "1"))

pytestmark = pytest.mark.browser

if not pathlib.Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's `chromium` package, or "
                "set COURSE_CHROMIUM); the real-browser test needs it", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

SETTINGS = {
    # Render every cell, not only the visible ones, so the DOM can be inspected.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # The copy is throw-away: never autosave, never ask about news or updates.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def _set_seed(path: pathlib.Path, seed: int) -> None:
    """Rewrites the notebook's `SEED = ...` line in its parameters cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"])
            cell["source"] = re.sub(r"^SEED = \d+", f"SEED = {seed}", source, flags=re.M)
    path.write_text(json.dumps(nb), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on loopback; yields (base_url, token)."""
    tmp = tmp_path_factory.mktemp("lab")
    work = tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", work)
    for path in work.glob("[0-9]*.ipynb"):
        _set_seed(path, BROWSER_SEED)
    settings = tmp / "settings"
    for name, value in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    env.pop("MPLBACKEND", None)  # let the kernel use the inline backend, as for a learner
    log = open(tmp / "jupyter.log", "w")
    args = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
            "--expose-app-in-browser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
        args.append("--allow-root")
    server = subprocess.Popen(
        args,
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start:\n" + (tmp / "jupyter.log").read_text())
            time.sleep(0.5)
    yield base, token
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield chromium
        chromium.close()


def _open_notebook(browser, lab, name):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{base}/lab/tree/{name}?token={token}&reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel")
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                           ".session.kernel.status === 'idle'")
    return page


_CELL_STATE = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  const cells = [];
  const model = nb.content.model;
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code') continue;
    const outputs = cell.outputs.toJSON();
    cells.push({index: i, count: cell.executionCount, outputs: outputs,
                tags: cell.getMetadata('tags') || [],
                errors: outputs.filter(o => o.output_type === 'error')
                               .map(o => o.ename + ': ' + o.evalue)});
  }
  return {cells, status: nb.sessionContext.session.kernel.status};
}"""


def _run_all(page, timeout_s=300):
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = page.evaluate(_CELL_STATE)
        errors = [c for c in state["cells"] if c["errors"]]
        done = all(c["count"] for c in state["cells"])
        if errors or (done and state["status"] == "idle"):
            return state
        time.sleep(1.0)
    return page.evaluate(_CELL_STATE)


# Checksum and colour count of the neuron-map panel (the left 45% of the Playground's image).
_MAPS_FINGERPRINT = """async (el) => {
    const img = el.querySelector('.playground-output img');
    if (!img || !img.complete || !img.naturalWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, Math.floor(canvas.width * 0.45), canvas.height).data;
    let hash = 0;
    const colors = new Set();
    for (let i = 0; i < data.length; i += 16) {
        hash = (hash * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) % 1000000007;
        colors.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
    }
    return [hash, colors.size];
}"""


def _wait_for_maps(page, playground, differ_from=None, timeout=120.0):
    """Polls the maps' fingerprint until there is one (and it differs from `differ_from`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        print_ = playground.evaluate(_MAPS_FINGERPRINT)
        if print_ is not None and (differ_from is None or print_[0] != differ_from[0]):
            return print_
        page.wait_for_timeout(200)
    raise AssertionError(f"the neuron maps did not {'change' if differ_from else 'appear'}")


def _select(playground, option_label, value_label):
    """Chooses `value_label` in the Playground's <select> that offers `option_label`."""
    for select in playground.locator("select").all():
        labels = select.locator("option").all_inner_texts()
        if option_label in labels:
            select.select_option(label=value_label)
            return
    raise AssertionError(f"no menu offers {option_label!r}")


PLAYGROUND = "03_playground.ipynb"


def _check_playground(page, shots):
    """In the Playground notebook, after it ran: the widget draws its neuron maps, trains on a
    click (the maps change while it trains, the status changes after), and a new ReLU model at
    learning rate 3 trains too (the run that kills units)."""
    playground = page.locator(".playground").first
    playground.scroll_into_view_if_needed()
    image = playground.locator(".playground-output img").first
    image.wait_for(state="visible")
    maps_before = _wait_for_maps(page, playground)
    assert maps_before[1] > 20, f"the neuron maps look empty ({maps_before[1]} colours)"
    status_before = playground.locator(".playground-status").inner_text()
    playground.get_by_role("button", name="Train").click()
    maps_during = _wait_for_maps(page, playground, differ_from=maps_before)
    if shots:  # Train clicked, maps changing
        playground.screenshot(path=str(pathlib.Path(shots) / "playground_training.png"))
    page.wait_for_function(
        "([el, before]) => el.querySelector('.playground-status').innerText !== before",
        arg=[playground.element_handle(), status_before], timeout=120_000)
    status_after = playground.locator(".playground-status").inner_text()
    assert "stopped" not in status_after.lower(), status_after
    # Kill units: ReLU at learning rate 3, a new model, Train.
    page.wait_for_function(
        "(el) => !el.querySelector('button').disabled", arg=playground.element_handle(),
        timeout=300_000)
    _select(playground, "relu", "relu")
    _select(playground, "1e-05", "3")
    playground.get_by_role("button", name="Reset").click()
    maps_reset = _wait_for_maps(page, playground, differ_from=maps_during)
    playground.get_by_role("button", name="Train").click()
    _wait_for_maps(page, playground, differ_from=maps_reset)
    page.wait_for_function(
        "(el) => !el.querySelector('button').disabled", arg=playground.element_handle(),
        timeout=300_000)
    if shots:
        playground.screenshot(path=str(pathlib.Path(shots) / "playground_relu_lr3.png"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean_in_jupyterlab(browser, lab, path, tmp_path):
    page = _open_notebook(browser, lab, path.name)
    try:
        state = _run_all(page)
        shots = pathlib.Path(os.environ.get("COURSE_SCREENSHOTS", tmp_path))
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"{path.stem}.png"), full_page=False)
        errors = {c["index"]: c["errors"] for c in state["cells"] if c["errors"]}
        assert not errors, f"cells raised in JupyterLab: {errors}"
        missing = [c["index"] for c in state["cells"] if not c["count"]]
        assert not missing, f"cells that never ran: {missing}"
        shown = {c["index"]: output_problems(c["outputs"], c["tags"]) for c in state["cells"]}
        shown = {i: p for i, p in shown.items() if p}
        assert not shown, f"outputs a learner must not see (seed {BROWSER_SEED}): {shown}"
        uses_plots = "plt." in path.read_text(encoding="utf-8") or "plotting." in path.read_text(
            encoding="utf-8")
        if uses_plots:
            assert page.locator(".jp-OutputArea-output img").count() > 0, "no figure rendered"
        if path.name == PLAYGROUND:  # the widget itself, in the same run (no second run)
            _check_playground(page, os.environ.get("COURSE_SCREENSHOTS"))
    finally:
        page.close()
