"""The справка in a real browser (issue 6): the head issues it for a pupil, opens the PDF, and the QR code printed on it
leads to a verification page that works — for anyone, signed in or not."""
import os
import subprocess
import tempfile
import urllib.request

from selenium.webdriver.common.by import By

from conftest import click_and_wait, guide_shot, make_browser, open_page, sign_in


def fetch(browser, url):
    """Downloads `url` with the browser's session cookie."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers.get("Content-Type"), r.read()


def qr_of(pdf):
    d = tempfile.mkdtemp()
    path = os.path.join(d, "spravka.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", path, os.path.join(d, "page")], check=True)
    out = subprocess.run(["zbarimg", "-q", "--raw", os.path.join(d, "page-1.png")], capture_output=True, text=True)
    return out.stdout.strip()


def test_the_head_issues_a_spravka_and_its_qr_code_verifies(server, browser):
    sign_in(browser, server, "director")
    open_page(browser, server + "/classes")
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "a") if a.text.strip() == "3А")
    click_and_wait(browser, link)
    pupil = browser.find_element(By.CSS_SELECTOR, "#pupils tbody tr a")
    name = pupil.text
    click_and_wait(browser, pupil)
    click_and_wait(browser, browser.find_element(By.ID, "documents-link"))
    click_and_wait(browser, browser.find_element(By.ID, "issue-spravka"))
    assert "выдана" in browser.find_element(By.ID, "issued").text
    guide_shot(browser, "director-spravka")
    href = browser.find_element(By.CSS_SELECTOR, "#documents tbody a").get_attribute("href")
    kind, pdf = fetch(browser, href)
    assert kind == "application/pdf" and pdf.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True).stdout.decode()
    assert name in text and "СПРАВКА №" in text and "М. П." in text

    url = qr_of(pdf)
    assert "/verify/" in url
    visitor = make_browser()
    try:
        open_page(visitor, url)
        assert visitor.find_element(By.ID, "verdict").text == "Документ выдан школой и действителен."
        initials = visitor.find_element(By.ID, "initials").text
        assert initials.count(".") == 3 and name.split()[0] not in visitor.page_source
        guide_shot(visitor, "verify-page")
    finally:
        visitor.quit()

    # The register shows it; the head revokes it and the same QR code now says so.
    open_page(browser, server + "/documents")
    row = browser.find_element(By.CSS_SELECTOR, "#register tbody tr")
    assert name in row.text
    # A second look: the reason is asked for, and an empty one sends nothing.
    count = "SELECT COUNT(*) FROM issued_documents WHERE revoked_at IS NOT NULL"
    (before,) = server.sqlite(count)[0]
    row.find_element(By.CSS_SELECTOR, ".revoke-box summary").click()
    assert "нельзя" in row.find_element(By.CSS_SELECTOR, ".revoke-form .note").text
    row.find_element(By.CSS_SELECTOR, "button.revoke").click()
    assert browser.find_element(By.CSS_SELECTOR, "#register tbody tr td.state").text == "действителен"
    assert server.sqlite(count)[0][0] == before
    row.find_element(By.CSS_SELECTOR, ".revoke-form textarea").send_keys("Выдана по ошибке")
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "button.revoke"))
    state = browser.find_element(By.CSS_SELECTOR, "#register tbody tr td.state").text
    assert "отозван" in state and "Выдана по ошибке" in state
    assert server.sqlite(count)[0][0] == before + 1
    visitor = make_browser()
    try:
        open_page(visitor, url)
        assert "отозван" in visitor.find_element(By.ID, "verdict").text
    finally:
        visitor.quit()


def test_the_deputy_downloads_the_summary_sheet_and_the_parent_sees_the_charts(server, browser):
    import io
    import zipfile
    sign_in(browser, server, "zavuch")
    open_page(browser, server + "/classes")
    click_and_wait(browser, next(a for a in browser.find_elements(By.CSS_SELECTOR, "a") if a.text.strip() == "2А"))
    href = browser.find_element(By.ID, "summary-xlsx").get_attribute("href")
    kind, data = fetch(browser, href)
    assert "spreadsheetml" in kind
    book = zipfile.ZipFile(io.BytesIO(data))
    sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "Фамилия, имя, отчество" in sheet and "Сводная ведомость · 2А" in sheet
    assert 'state="frozen"' in sheet
    open_page(browser, server + "/analytics")
    assert browser.find_element(By.ID, "risk")
    guide_shot(browser, "deputy-analytics")

    parent = make_browser()
    try:
        sign_in(parent, server, "parent")
        open_page(parent, server + "/")
        results = next(a for a in parent.find_elements(By.CSS_SELECTOR, "#children a") if a.text == "Успеваемость")
        click_and_wait(parent, results)
        charts = parent.find_elements(By.CSS_SELECTOR, "figure.dynamics svg.chart")
        assert len(charts) >= 5
        assert charts[0].get_attribute("aria-label")
        assert charts[0].size["width"] > 300
        parent.execute_script("arguments[0].scrollIntoView()", charts[0])
        guide_shot(parent, "parent-results-chart")
    finally:
        parent.quit()
