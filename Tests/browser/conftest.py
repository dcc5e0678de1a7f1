"""Browser tests: Debian's chromium driven by selenium against a real `kopilka serve` on a temporary database."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(ROOT, ".build", "debug", "kopilka")
SCREENSHOTS = os.path.join(ROOT, ".build", "screenshots")


class Server(str):
    """The server's base URL, with its data directory (`data`, the SQLite file is `data/kopilka.sqlite`) and its log."""
    data = ""
    log = ""
    env = {}

    def sqlite(self, sql, *args):
        """One query against the server's own database, read-only (what a test counts)."""
        import sqlite3
        con = sqlite3.connect(f"file:{os.path.join(self.data, 'kopilka.sqlite')}?mode=ro", uri=True, timeout=10)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def errors_logged(self):
        """Lines the server logged at error level or above (a 500 is reported there)."""
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return [line for line in f if re.search(r"\s(error|critical)\s", line)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_demo(**extra):
    """Seeds the demo school in a fresh data directory and serves it on a free loopback port; `extra` is added to the
    environment (KOPILKA_TODAY moves the school's calendar). Returns the base URL and the process."""
    data = tempfile.mkdtemp(prefix="kopilka-browser-")
    port = free_port()
    env = dict(os.environ, KOPILKA_DATA_DIR=data, KOPILKA_PORT=str(port), KOPILKA_BCRYPT_COST="4", LOG_LEVEL="warning", **extra)
    env.pop("DATABASE_URL", None)
    subprocess.run([BINARY, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    base = Server(f"http://127.0.0.1:{port}")
    base.data = data
    base.env = env
    base.log = os.path.join(data, "server.log")
    return base, start_server(base)


def start_server(base):
    """Starts `kopilka serve` for `base` (its data and environment) and waits until /health answers."""
    log = open(base.log, "a")
    proc = subprocess.Popen([BINARY, "serve"], env=base.env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("kopilka serve did not start")


def stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server():
    """The demo school served for the whole suite, on today's date."""
    base, proc = serve_demo()
    yield base
    stop(proc)
    shutil.rmtree(base.data, ignore_errors=True)


def make_browser(width=1200, height=900):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}", "--lang=ru"):
        options.add_argument(arg)
    if width < 500:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


@pytest.fixture
def browser():
    driver = make_browser()
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    """A phone-sized browser: 375 CSS pixels wide."""
    driver = make_browser(375, 740)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def empty_server():
    """`kopilka serve` on an empty database: it prints the first-run address with its one-time code. A real school is
    set up on it, so it is started as an installation is: with its public address (slips, links and badges need it)."""
    data = tempfile.mkdtemp(prefix="kopilka-empty-")
    port = free_port()
    env = dict(os.environ, KOPILKA_DATA_DIR=data, KOPILKA_PORT=str(port), KOPILKA_BCRYPT_COST="4", LOG_LEVEL="warning",
               KOPILKA_PUBLIC_URL=f"http://127.0.0.1:{port}")
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(data, "serve.log"), "w")
    proc = subprocess.Popen([BINARY, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    token = None
    for _ in range(150):
        text = open(os.path.join(data, "serve.log")).read()
        m = re.search(r"/setup\?token=(\S+)", text)
        if m:
            token = m.group(1)
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                pass
        time.sleep(0.1)
    if token is None:
        proc.kill()
        raise RuntimeError("kopilka serve printed no setup address")
    yield base, token, data
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(data, ignore_errors=True)


GUIDE = os.path.join(ROOT, "docs", "guide", "img")


def guide_shot(browser, name):
    """A screenshot for the user guide (docs/guide/img), regenerated by every run so it never goes stale."""
    os.makedirs(GUIDE, exist_ok=True)
    browser.save_screenshot(os.path.join(GUIDE, name + ".png"))


def page_fits(browser):
    """No horizontal scrolling of the whole page (a wide table may scroll inside its own box)."""
    return browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def sign_in(browser, base, login, password="demo"):
    """Fills the sign-in form and waits for the answer: the home page, or the form again with an error."""
    browser.get(base + "/login")
    browser.find_element(By.ID, "login").send_keys(login)
    browser.find_element(By.ID, "password").send_keys(password)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))


def click_and_wait(browser, element):
    """Clicks something that loads a new page and waits until the new page is there (a marker on the old one is gone)."""
    browser.execute_script("window.__kopilkaOldPage = true")
    element.click()

    def loaded(d):
        try:
            return d.execute_script("return !window.__kopilkaOldPage && document.readyState === 'complete'")
        except Exception:
            return False  # the page is between documents
    WebDriverWait(browser, 15).until(loaded)


def open_page(browser, url):
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def screenshot(browser, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    browser.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


def links(browser, prefix):
    """The hrefs on the page that start with `prefix` (e.g. /pupils/)."""
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.TAG_NAME, "a")]
    return sorted({re.sub(r"^https?://[^/]+", "", h) for h in hrefs if re.sub(r"^https?://[^/]+", "", h).startswith(prefix)})
