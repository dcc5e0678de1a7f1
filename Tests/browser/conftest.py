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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """Seeds the demo school in a fresh data directory and serves it on a free loopback port."""
    data = tempfile.mkdtemp(prefix="kopilka-browser-")
    port = free_port()
    env = dict(os.environ, KOPILKA_DATA_DIR=data, KOPILKA_PORT=str(port), KOPILKA_BCRYPT_COST="4", LOG_LEVEL="warning")
    env.pop("DATABASE_URL", None)
    subprocess.run([BINARY, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    proc = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("kopilka serve did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900", "--lang=ru"):
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


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
