"""The explorer in a real browser: JupyterLab, driven by Playwright in Debian's Chromium, with
the file browser open, at common window widths.

Every slider's readout shows its value whole (not clipped to its first digit), the concept
dropdown and the schedule checkbox show their text whole, no control reaches past the notebook's
edge, a value typed into a readout is the value the views then show, and ticking the checkbox
shows the schedule view.  Screenshots of each width are written to
``$NEGOTIATION_SCREENSHOTS`` (or the test's temporary folder) for a person to look at.

Chromium comes from Debian (``make browser``, run by ``.ci/run``); where it is not installed
the test is skipped.  Everything else (JupyterLab, Playwright) is in the dev extra.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from negotiation.scenario.analysis import CONCEPTS

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed "
                                                         "(make browser installs it)")
WIDTHS = (1280, 1400, 1920)
HEIGHT = 1000
WAIT = 240_000  # ms: a cold kernel, the import and the first analysis on a busy machine

#: Per control: the readout's text, and whether it fits its box (scroll width within its
#: client width) and the notebook's output area (right edge within it).
MEASURE = """() => {
  const area = document.querySelector('.jp-OutputArea-output').getBoundingClientRect();
  const fits = (e) => e.scrollWidth <= e.clientWidth + 1;
  const inside = (e) => e.getBoundingClientRect().right <= area.right + 1
                        && e.getBoundingClientRect().left >= area.left - 1;
  const sliders = [...document.querySelectorAll('.widget-hslider')].map((s) => {
    const readout = s.querySelector('.widget-readout');
    return {label: s.querySelector('.widget-label').textContent.trim(),
            readout: readout.textContent.trim(), fits: fits(readout),
            inside: inside(readout) && inside(s)};
  });
  const select = document.querySelector('.widget-dropdown select');
  const probe = document.createElement('span');
  probe.style.font = getComputedStyle(select).font;
  probe.style.visibility = 'hidden';
  probe.style.whiteSpace = 'pre';
  document.body.appendChild(probe);
  const widths = [...select.options].map((o) => {
    probe.textContent = o.text;
    return probe.getBoundingClientRect().width;
  });
  probe.remove();
  // the longest choice fits beside the arrow (about 16 px of the box)
  return {sliders, dropdown: {longest: Math.max(...widths), box: select.clientWidth,
                              fits: Math.max(...widths) + 16 <= select.clientWidth,
                              inside: inside(select), choices: select.options.length},
          area: area.width};
}"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a free local port, its settings in a temporary folder, with one
    notebook that opens the explorer on the baseline scenario."""
    import nbformat

    root = tmp_path_factory.mktemp("lab")
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    notebook.cells.append(nbformat.v4.new_code_cell(
        'import negotiation\nnegotiation.explore("us_dprk_2025_baseline")'))
    nbformat.write(notebook, root / "explore.ipynb")
    # no question about fetching Jupyter news (a pop-up over the notebook; no network here)
    settings = root / ".jupyter" / "jupyterlab_settings_dir" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    port, token = _free_port(), "negotiation-test"
    env = {**os.environ, **{name: str(root / ".jupyter" / name.lower()) for name in (
        "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR")}}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--allow-root",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as r:
                    json.load(r)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start: "
                                       + server.stderr.read().decode()[-2000:]) from None
                time.sleep(0.5)
        yield f"{url}/lab/tree/explore.ipynb?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def page(lab):
    """The notebook, run, with the file browser open."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": WIDTHS[0], "height": HEIGHT})
        page.set_default_timeout(WAIT)
        page.goto(lab)
        page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content")
        if not page.is_visible("#filebrowser"):
            page.click(".jp-SideBar [data-id='filebrowser']")
        page.wait_for_selector("#filebrowser", state="visible")
        # the kernel is connected and idle (the status bar says so) before the cell runs
        page.get_by_text(re.compile(r"\| Idle$")).wait_for()
        page.click(".jp-Notebook .jp-Cell .cm-content")
        page.keyboard.press("Shift+Enter")
        page.wait_for_selector(".widget-hslider >> nth=5")
        page.wait_for_selector("text=Regime:")
        yield page
        browser.close()


def _shots():
    folder = os.environ.get("NEGOTIATION_SCREENSHOTS")
    return Path(folder) if folder else None


@pytest.mark.parametrize("width", WIDTHS)
def test_readouts_and_dropdown_are_whole_at_common_widths(page, width, tmp_path):
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.wait_for_timeout(500)  # the layout settles
    page.locator(".widget-hslider").first.scroll_into_view_if_needed()
    found = page.evaluate(MEASURE)
    for folder in filter(None, (tmp_path, _shots())):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"explorer-{width}.png"))
    assert len(found["sliders"]) == 6
    for slider in found["sliders"]:
        assert slider["fits"] and slider["inside"], (width, slider)
        assert re.fullmatch(r"-?\d+(\.\d+)?", slider["readout"]), (width, slider)
    assert found["dropdown"]["choices"] == len(CONCEPTS)
    assert found["dropdown"]["fits"] and found["dropdown"]["inside"], (width, found)


def test_a_typed_discount_is_shown_whole_and_analysed(page):
    """0.85 and 0.9 (the discount factors of the baseline) are shown as such, not as "0"."""
    import negotiation

    labels = negotiation.load("us_dprk_2025_baseline").labels  # the sliders show labels
    page.set_viewport_size({"width": 1280, "height": HEIGHT})
    slider = page.locator(".widget-hslider", has_text=labels.parameter("us.discount"))
    readout = slider.locator(".widget-readout")
    assert readout.inner_text().strip() == "0.85"
    other = page.locator(".widget-hslider", has_text=labels.parameter("dprk.discount_alone"))
    assert other.locator(".widget-readout").inner_text().strip() == "0.9"
    before = page.inner_text(".ngt-explore-frontier")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("0.9")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(before) => document.querySelector('.ngt-explore-frontier').innerText !== before",
        arg=before)
    assert readout.inner_text().strip() == "0.9"


def test_the_schedule_checkbox_is_whole_and_shows_the_view(page, tmp_path):
    """The checkbox of the schedule view shows its label whole inside the notebook, and ticking
    it shows the view, with the analysis's verdict on the Nash agreement."""
    import negotiation
    from negotiation.explorer import SCHEDULE_TOGGLE
    from negotiation.scenario.analysis import keeping

    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    box = page.locator(".widget-checkbox", has_text=SCHEDULE_TOGGLE)
    label = box.locator("label.widget-label-basic")
    assert label.inner_text().strip() == SCHEDULE_TOGGLE
    assert page.evaluate("""() => {
      const area = document.querySelector('.jp-OutputArea-output').getBoundingClientRect();
      const label = document.querySelector(".widget-checkbox label.widget-label-basic");
      const r = label.getBoundingClientRect();
      return label.scrollWidth <= label.clientWidth + 1 && r.right <= area.right + 1;
    }""")
    assert page.locator(".ngt-explore-schedule").count() == 0  # off by default
    box.locator("input").check()
    view = page.locator(".ngt-explore-schedule [data-keeping]")
    view.wait_for()
    view.scroll_into_view_if_needed()
    for folder in filter(None, (tmp_path, _shots())):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "explorer-schedule.png"))
    baseline = negotiation.load("us_dprk_2025_baseline")
    readouts = page.locator(".widget-hslider .widget-readout")  # the sliders, in order
    values = {name: float(readouts.nth(k).inner_text().strip())  # a test above types one
              for k, name in enumerate(negotiation.explorer.key_parameters(baseline))}
    assert view.get_attribute("data-keeping") == keeping(baseline.with_values(values))
    assert "Deal schedules" in page.inner_text(".ngt-explore-schedule")
