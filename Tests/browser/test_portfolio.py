"""The portfolio journey in a real browser (issue 5): a parent brings an external diploma with consent, the deputy
head verifies it and awards the pupil by order, the parent sees it in the portfolio and shares a link that stops
working when revoked."""
import base64
import os
import tempfile
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click_and_wait, guide_shot, make_browser, open_page, screenshot, sign_in

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4Y2yMFTEMLQkACspMgdVP2G4AAAAASUVORK5CYII=")
TITLE = "Открытый турнир по шахматам «Белая ладья»"


def child_2a(browser, server):
    """The `parent` family's child in 2А: its card address."""
    open_page(browser, server + "/")
    tile = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#children li") if "2А" in li.text)
    return tile.find_element(By.CSS_SELECTOR, "a").get_attribute("href")


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_parent_submits_a_diploma_the_deputy_verifies_and_awards_and_the_shared_link_dies_when_revoked(server, browser):
    sign_in(browser, server, "parent")
    card = child_2a(browser, server)
    open_page(browser, card + "/portfolio")
    click_and_wait(browser, browser.find_element(By.ID, "add-achievement"))

    # Without consent the diploma is not stored, and the form says why, keeping what was typed.
    scan = os.path.join(tempfile.mkdtemp(), "диплом.png")
    with open(scan, "wb") as f:
        f.write(PNG)
    browser.find_element(By.ID, "a-title").send_keys(TITLE)
    Select(browser.find_element(By.ID, "a-section")).select_by_visible_text("Спорт")
    Select(browser.find_element(By.ID, "a-kind")).select_by_visible_text("Соревнование")
    Select(browser.find_element(By.ID, "a-level")).select_by_visible_text("Муниципальный")
    Select(browser.find_element(By.ID, "a-result")).select_by_visible_text("Победитель")
    browser.find_element(By.ID, "a-organiser").send_keys("Шахматный клуб «Гамбит»")
    browser.execute_script("document.getElementById('a-start').value = arguments[0]", "2026-10-18")
    browser.find_element(By.ID, "a-evidence").send_keys(scan)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#achievement-form button[type=submit]"))
    assert "без согласия законного представителя" in browser.find_element(By.ID, "form-errors").text
    assert browser.find_element(By.ID, "a-title").get_attribute("value") == TITLE

    # With consent ticked (and the file chosen again: browsers never keep a file field) it is stored, awaiting control.
    browser.find_element(By.ID, "a-consent").click()
    browser.find_element(By.ID, "a-evidence").send_keys(scan)
    guide_shot(browser, "parent-achievement-form")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#achievement-form button[type=submit]"))
    assert browser.find_element(By.ID, "achievement-status").text == "на проверке"
    thumb = browser.find_element(By.CSS_SELECTOR, "#evidence img.thumb")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", thumb) == 8
    achievement = browser.current_url

    # The deputy head verifies it from the control page and awards the pupil by order.
    deputy = make_browser()
    try:
        sign_in(deputy, server, "zavuch")
        open_page(deputy, server + "/control")
        row = next(r for r in deputy.find_elements(By.CSS_SELECTOR, "#pending tbody tr") if TITLE in r.text)
        assert "из другой организации" in row.text
        guide_shot(deputy, "deputy-control")
        click_and_wait(deputy, row.find_element(By.CSS_SELECTOR, "button.verify"))
        assert TITLE not in deputy.find_element(By.ID, "pending").text
        open_page(deputy, server + "/control/gifted")
        assert TITLE in deputy.find_element(By.ID, "gifted").text

        open_page(deputy, server + "/awards")
        Select(deputy.find_element(By.ID, "b-class")).select_by_visible_text("2А")
        click_and_wait(deputy, deputy.find_element(By.CSS_SELECTOR, "#class-choice button"))
        pupil_id = card.rstrip("/").rsplit("/", 1)[1]
        deputy.find_element(By.CSS_SELECTOR, f'input[name="pupils[]"][value="{pupil_id}"]').click()
        Select(deputy.find_element(By.ID, "w-kind")).select_by_visible_text("Грамота")
        Select(deputy.find_element(By.ID, "w-ground")).select_by_visible_text("Спорт")
        deputy.find_element(By.ID, "w-title").send_keys("За победу в турнире «Белая ладья»")
        deputy.find_element(By.ID, "w-order").send_keys("131-о")
        guide_shot(deputy, "deputy-awards")
        click_and_wait(deputy, deputy.find_element(By.ID, "batch-submit"))
        assert "Поощрено обучающихся: 1" in deputy.find_element(By.ID, "batch-done").text
        assert "Приказ № 131-о" in deputy.find_element(By.ID, "recent-awards").text
    finally:
        deputy.quit()

    # The parent sees the verified diploma and the award in the portfolio, shares both, and creates a link.
    open_page(browser, achievement)
    assert browser.find_element(By.ID, "achievement-status").text == "проверено заместителем директора"
    open_page(browser, card + "/portfolio")
    assert TITLE in browser.find_element(By.ID, "achievements").text
    assert "За победу в турнире «Белая ладья»" in browser.find_element(By.ID, "awards").text
    guide_shot(browser, "parent-portfolio-top")
    for item in browser.find_elements(By.CSS_SELECTOR, ".item"):
        if TITLE in item.text or "Белая ладья»" in item.text:
            box = item.find_element(By.CSS_SELECTOR, ".share-toggle input")
            if not box.is_selected():
                box.click()
    click_and_wait(browser, browser.find_element(By.ID, "save-visibility"))
    click_and_wait(browser, browser.find_element(By.ID, "create-share"))
    link = browser.find_element(By.ID, "new-share-link").get_attribute("href")
    guide_shot(browser, "parent-portfolio")

    # A visitor with the link (another browser, nobody signed in) sees the shared items and the scan, no surname.
    visitor = make_browser()
    try:
        open_page(visitor, link)
        text = visitor.find_element(By.TAG_NAME, "main").text
        assert TITLE in text and "Белая ладья»" in text
        assert "Отчество" not in text
        img = visitor.find_element(By.CSS_SELECTOR, "img.thumb")
        assert visitor.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) == 8
        screenshot(visitor, "shared-portfolio")
    finally:
        visitor.quit()

    # Revoked: the same address now answers 404 with the reason.
    revoke = browser.find_element(By.CSS_SELECTOR, "#shares button.revoke")
    click_and_wait(browser, revoke)
    assert "отозвана" in browser.find_element(By.ID, "shares").text
    code, body = status(link)
    assert code == 404
    assert "Ссылка недействительна" in body


def test_the_portfolio_prints_without_navigation(server, browser):
    sign_in(browser, server, "parent")
    card = child_2a(browser, server)
    open_page(browser, card + "/portfolio/print")
    assert not browser.find_elements(By.CSS_SELECTOR, "nav.nav")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Портфолио"
    assert browser.find_element(By.ID, "achievements")


def test_withdrawing_the_consent_on_a_phone_shows_what_goes_and_asks_first(server, phone):
    """Issue 17: the parent's withdrawal on a phone is a second look, not a click: the page lists the diploma that
    will be deleted with its file; going back changes nothing; only the confirmation deletes."""
    sign_in(phone, server, "parent")
    card = child_2a(phone, server)
    pupil = card.rstrip("/").split("/")[-1]
    external = "SELECT COUNT(*) FROM achievements WHERE pupil_id = ? COLLATE NOCASE AND origin = 'external'"
    (before,) = server.sqlite(external, pupil)[0]
    assert before >= 1  # the diploma of the journey above
    open_page(phone, card)
    link = phone.find_element(By.CSS_SELECTOR, "#consent-list tr[data-purpose=external_achievements] a.withdraw")
    click_and_wait(phone, link)
    assert TITLE in phone.find_element(By.ID, "will-remove").text
    assert "нельзя" in phone.find_element(By.TAG_NAME, "main").text
    screenshot(phone, "consent-withdraw-confirm")
    click_and_wait(phone, phone.find_element(By.ID, "withdraw-cancel"))
    assert server.sqlite(external, pupil)[0][0] == before
    live = "SELECT COUNT(*) FROM consents WHERE pupil_id = ? COLLATE NOCASE AND purpose = 'external_achievements' AND withdrawn_on IS NULL"
    assert server.sqlite(live, pupil)[0][0] == 1
    click_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "#consent-list tr[data-purpose=external_achievements] a.withdraw"))
    click_and_wait(phone, phone.find_element(By.ID, "withdraw-confirm"))
    assert TITLE in phone.find_element(By.ID, "removed").text
    assert server.sqlite(external, pupil)[0][0] == 0
    assert server.sqlite(live, pupil)[0][0] == 0
