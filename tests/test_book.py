"""The reading edition (book/): how notebooks become pages, a small book built end to end, and
the real book (build/book/, made by `python3 course.py book`) opened in headless Chromium.

The browser part serves the built site on a loopback port and checks: every page loads, every
image on it loads, every link inside the site leads to a page and anchor that exist, the
"next" links walk through every notebook in course order and then the glossary, every notebook
page has Colab and Binder launch links, and a "Show solution" toggle opens. Nothing outside the
loopback server is fetched (requests elsewhere are blocked), so it also shows the site works
offline. In CI (CI=true) a missing build fails instead of skipping.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import pathlib
import re
import threading
import urllib.parse

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
BOOK = ROOT / "build" / "book"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CDN_SCRIPTS = ("mathjax", "/require.js/", "/@jupyter-widgets/html-manager@")

_spec = importlib.util.spec_from_file_location("book_build", ROOT / "book" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)
_spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)


def _solution_tags(nb):
    return [c["metadata"] for c in nb["cells"] if "solution" in c["metadata"].get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_pages_drop_the_badge_and_fold_solutions(path):
    nb = build.web_notebook(json.loads(path.read_text(encoding="utf-8")))
    text = json.dumps(nb)
    assert "colab-badge.svg" not in text, "the page's launch menu replaces the badge"
    assert "next cell, collapsed" not in text, "the site shows solutions behind a toggle"
    for meta in _solution_tags(nb):
        assert "hide-input" in meta["tags"]
        assert meta["mystnb"]["code_prompt_show"] == "Show solution"


STAND_IN_GLOSSARY = """# Glossary

Stand-in for notebooks/glossary.md in this test only.

## Training

<a id="loss"></a>
### Loss
How wrong the predictions are.

<a id="sgd"></a>
### SGD (stochastic gradient descent)
The simplest optimizer.
"""


def test_cached_outputs_are_dropped_when_the_helpers_change(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setattr(build, "helpers_stamp", lambda: "helpers v1")
    build.clear_stale_cache(cache)
    (cache / "executed.ipynb").write_text("{}")
    build.clear_stale_cache(cache)  # same helpers: the executed notebooks are kept
    assert (cache / "executed.ipynb").exists()
    monkeypatch.setattr(build, "helpers_stamp", lambda: "helpers v2")
    build.clear_stale_cache(cache)  # course_utils changed: every notebook must run again
    assert not (cache / "executed.ipynb").exists()
    assert (cache / "course-helpers.stamp").read_text() == "helpers v2"


def test_the_helpers_stamp_changes_with_course_utils_and_the_data(tmp_path, monkeypatch):
    (tmp_path / "course_utils").mkdir()
    (tmp_path / "data").mkdir()
    module, data = tmp_path / "course_utils" / "models.py", tmp_path / "data" / "digits.csv"
    module.write_text("UNITS = 8\n")
    data.write_text("1,2\n")
    (tmp_path / "requirements.txt").write_text("keras\n")
    monkeypatch.setattr(build, "ROOT", tmp_path)
    first = build.helpers_stamp()
    assert build.helpers_stamp() == first
    module.write_text("UNITS = 16\n")
    second = build.helpers_stamp()
    data.write_text("1,3\n")
    assert len({first, second, build.helpers_stamp()}) == 3


def test_a_small_book_builds_with_glossary_links_toggles_and_launch_links(tmp_path):
    pytest.importorskip("myst_nb", reason="the book's requirements (requirements-book.txt) are "
                                          "installed by `python3 course.py book`")
    nbformat = pytest.importorskip("nbformat")
    src = tmp_path / "notebooks"
    src.mkdir()
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    first = nbformat.v4.new_notebook(metadata=meta, cells=[
        nbformat.v4.new_markdown_cell(
            "# One\n" + course.colab_badge("00_one.ipynb")
            + "\nSee [the loss](glossary.md#loss) and [SGD](glossary.md#sgd)."),
        nbformat.v4.new_code_cell("answer = ...\nprint('exercise')"),
        nbformat.v4.new_code_cell("answer = 42\nprint('solved')", metadata={
            "tags": ["solution"], "jupyter": {"source_hidden": True}}),
    ])
    second = nbformat.v4.new_notebook(metadata=meta, cells=[
        nbformat.v4.new_markdown_cell("# Two\nBack to [one](00_one.ipynb)."),
        nbformat.v4.new_code_cell("print(6 * 7)"),
    ])
    nbformat.write(first, src / "00_one.ipynb")
    nbformat.write(second, src / "01_two.ipynb")
    (src / "glossary.md").write_text(STAND_IN_GLOSSARY)
    out = tmp_path / "book"
    assert build.main(["--notebooks", str(src), "--out", str(out),
                       "--cache", str(tmp_path / "cache")]) == 0
    page = (out / "00_one.html").read_text()
    assert 'href="glossary.html#loss"' in page and 'href="glossary.html#sgd"' in page
    glossary = (out / "glossary.html").read_text()
    assert 'id="loss"' in glossary and 'id="sgd"' in glossary
    assert "Show solution" in page and "solved" in page and "colab-badge.svg" not in page
    assert (f"colab.research.google.com/github/{course.REPOSITORY}/blob/{course.BRANCH}/"
            "notebooks/00_one.ipynb") in page
    assert f"mybinder.org/v2/gh/{course.REPOSITORY}/{course.BRANCH}" in page
    index = (out / "index.html").read_text()
    assert index.index("00_one.html") < index.index("01_two.html") < index.index("glossary.html")
    assert (out / "searchindex.js").exists()


# ---- the real book in a real browser ---------------------------------------------------------

@pytest.fixture(scope="module")
def site():
    if not (BOOK / "index.html").exists():
        reason = f"no reading edition in {BOOK}: build it with `python3 course.py book`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    handler = functools.partial(_QuietHandler, directory=str(BOOK))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def book_page(site):
    if not pathlib.Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}; the browser check of the book needs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.set_default_timeout(30_000)
        problems, external = [], []

        def route(r):
            if r.request.url.startswith(site):
                r.continue_()
            else:  # the site must not need the network; launch links are only links
                external.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda req: req.url.startswith(site) and problems.append(
            f"failed: {req.url}"))
        page.on("response", lambda resp: resp.status >= 400 and problems.append(
            f"HTTP {resp.status}: {resp.url}"))
        yield page, problems, external
        browser.close()


def _pages():
    return sorted(p.relative_to(BOOK).as_posix() for p in BOOK.glob("*.html"))


def _ids(path: pathlib.Path) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))


@pytest.mark.browser
def test_every_page_and_image_loads_and_every_link_resolves(site, book_page):
    page, problems, external = book_page
    expected = {f"{p.stem}.html" for p in NOTEBOOKS} | {"index.html", "search.html"}
    assert expected <= set(_pages()), "a notebook has no page"
    broken = []
    for name in _pages():
        response = page.goto(f"{site}/{name}", wait_until="load")
        assert response.ok, name
        images = page.evaluate("() => [...document.images].map(i => "
                               "[i.currentSrc || i.src, i.complete && i.naturalWidth > 0])")
        broken += [f"{name}: image {src}" for src, ok in images if not ok]
        hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')]"
                              ".map(a => a.href)")
        for href in hrefs:
            if not href.startswith(site):
                continue
            url = urllib.parse.urlsplit(href)
            target = BOOK / urllib.parse.unquote(url.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{name}: link to missing {url.path}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in _ids(target):
                broken.append(f"{name}: link to missing anchor {url.path}#{url.fragment}")
    assert not broken, "\n".join(sorted(set(broken)))
    assert not problems, "\n".join(problems)
    # MathJax and, on pages with widgets, the widget embedder come from their CDNs (MyST-NB's
    # defaults): offline, formulas stay as TeX and widgets as their text; nothing else may.
    blocked = [u for u in external if not any(cdn in u for cdn in CDN_SCRIPTS)]
    assert not blocked, f"the site fetched resources from outside: {blocked}"


@pytest.mark.browser
def test_next_links_walk_the_course_in_order_with_launch_links(site, book_page):
    page, _, _ = book_page
    page.goto(f"{site}/index.html")
    seen = []
    while page.locator("a.right-next").count():
        page.locator("a.right-next").first.click()
        page.wait_for_load_state("load")
        name = urllib.parse.urlsplit(page.url).path.rsplit("/", 1)[-1]
        seen.append(name)
        if name.removesuffix(".html") in {p.stem for p in NOTEBOOKS}:
            html = page.content()
            assert (f"colab.research.google.com/github/{course.REPOSITORY}/blob/"
                    f"{course.BRANCH}/notebooks/{name.replace('.html', '.ipynb')}") in html
            assert f"mybinder.org/v2/gh/{course.REPOSITORY}/{course.BRANCH}" in html
        assert len(seen) <= len(NOTEBOOKS) + 5, seen
    notebooks = [n for n in seen if n.removesuffix(".html") in {p.stem for p in NOTEBOOKS}]
    assert notebooks == [f"{p.stem}.html" for p in NOTEBOOKS]
    if (ROOT / "notebooks" / "glossary.md").exists():
        assert seen[-1] == "glossary.html"


@pytest.mark.browser
def test_a_solution_toggle_opens(site, book_page):
    page, _, _ = book_page
    with_solution = next(p for p in NOTEBOOKS if _solution_tags(json.loads(p.read_text())))
    page.goto(f"{site}/{with_solution.stem}.html")
    toggle = page.locator("details.hide.above-input").first
    toggle.scroll_into_view_if_needed()
    assert toggle.get_attribute("open") is None
    summary = toggle.locator("summary")
    assert "Show solution" in summary.inner_text()
    code = toggle.locator(".cell_input, .highlight").first
    assert not code.is_visible()
    summary.click()
    code.wait_for(state="visible")
    page.wait_for_timeout(800)  # the toggle fades the code in
    assert toggle.get_attribute("open") is not None
    shots = os.environ.get("COURSE_SCREENSHOTS")
    if shots:
        pathlib.Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(pathlib.Path(shots) / "book_solution_open.png"))
        page.goto(f"{site}/{NOTEBOOKS[min(1, len(NOTEBOOKS) - 1)].stem}.html")
        page.locator(".cell_output img").first.scroll_into_view_if_needed()
        page.screenshot(path=str(pathlib.Path(shots) / "book_figure_page.png"))
