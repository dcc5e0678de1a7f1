"""The deputy head imports marks exported from the e-journal (issue 8) through the mapping page: a Windows-1251 CSV,
one column the page cannot guess and the user maps by hand, a clean check, one apply; the pupils, classes and journals
come from the JSON API with a token the deputy issues for herself."""
import datetime
import json
import os
import re
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click_and_wait, guide_shot, open_page, sign_in


def api(server, token, path):
    request = urllib.request.Request(server + path, headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.loads(r.read().decode())


def lesson_day():
    """A school day of the demo's open year: today, or mid-May in the summer holidays."""
    today = datetime.date.today()
    if today.month in (6, 7, 8):
        return datetime.date(today.year, 5, 15)
    return today


def test_the_deputy_maps_an_e_journal_export_checks_it_and_loads_it(server, browser):
    sign_in(browser, server, "zavuch")
    open_page(browser, server + "/account/tokens")
    browser.find_element(By.ID, "t-name").send_keys("Выгрузка для проверки")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#token-form button[type=submit]"))
    token = re.search(r"kpk_[A-Za-z0-9_-]+", browser.page_source).group(0)

    classes = api(server, token, "/api/v1/classes?limit=200")["items"]
    class_3a = next(c for c in classes if c["title"] == "3А")
    pupils = api(server, token, f"/api/v1/pupils?class={class_3a['id']}&limit=200")["items"]
    assert len(pupils) > 10
    day = lesson_day().strftime("%d.%m.%Y")
    # A work type of its own: a new lesson that day, whatever the demo's journal already holds.
    rows = ["Ученик;Дата рождения;Класс;Урок;Дата;Балл;Вид работы"]
    for i, p in enumerate(pupils):
        born = datetime.date.fromisoformat(p["birthDate"]).strftime("%d.%m.%Y")
        rows.append(f"{p['lastName']} {p['firstName']} {p['middleName']};{born};3А;Математика;{day};{'543'[i % 3]};Проект")
    path = os.path.join(tempfile.mkdtemp(), "Выгрузка отметок 3А.csv")
    with open(path, "wb") as f:
        f.write("\r\n".join(rows).encode("cp1251"))

    open_page(browser, server + "/control")
    click_and_wait(browser, browser.find_element(By.ID, "marks-import-link"))
    browser.find_element(By.ID, "file").send_keys(path)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#marks-import-upload button[type=submit]"))
    # The page read the Windows-1251 file and guessed every column but the subject («Урок»): it says what is missing.
    assert "Windows-1251" in browser.find_element(By.ID, "import-encoding").text
    assert "укажите колонку «Предмет»" in browser.find_element(By.ID, "import-issues").text
    Select(browser.find_element(By.ID, "map_subject")).select_by_visible_text("Урок")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#import-mapping button:not([formaction])"))
    summary = browser.find_element(By.ID, "import-summary").text
    assert f"будет добавлено: {len(pupils)}" in summary and "отклонено: 0" in summary, summary
    guide_shot(browser, "deputy-marks-import")
    click_and_wait(browser, browser.find_element(By.ID, "import-apply"))
    assert f"добавлено отметок — {len(pupils)}" in browser.find_element(By.ID, "import-done").text

    # The marks are in the 3А mathematics journal, as the API reads them back.
    journal = next(j for j in api(server, token, "/api/v1/journals?limit=200")["items"]
                   if j["classTitle"] == "3А" and j["subject"] == "Математика")
    iso = lesson_day().isoformat()
    lessons = api(server, token, f"/api/v1/journals/{journal['id']}/lessons?from={iso}&to={iso}&limit=200")["items"]
    written = {m["pupil"] for lesson in lessons for m in lesson["marks"]}
    assert {p["id"] for p in pupils} <= written
