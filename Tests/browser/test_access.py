"""A person's view: each demo role signs in, sees their home, and cannot reach what is not theirs."""
import pytest
from selenium.webdriver.common.by import By

from conftest import guide_shot, links, open_page, screenshot, sign_in

HOMES = {
    "admin": "school-summary",
    "director": "school-summary",
    "zavuch": "school-summary",
    "teacher": "teaching",
    "english": "teaching",
    "dop": "teaching",
    "parent": "children",
    "pupil": "children",
}


@pytest.mark.parametrize("login,section", sorted(HOMES.items()))
def test_each_role_signs_in_and_sees_its_home(server, browser, login, section):
    sign_in(browser, server, login)
    assert browser.current_url.rstrip("/") == server
    assert browser.find_element(By.ID, section).is_displayed()
    assert "Выйти" in browser.page_source
    screenshot(browser, f"home-{login}")
    guide_shot(browser, f"{login}-home")


def other_pupils_and_classes(server, browser):
    """What the director sees: every class, and the pupils of 1А (nobody of the `parent` family is there)."""
    sign_in(browser, server, "director")
    open_page(browser, server + "/classes")
    classes = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table.grid a")}
    open_page(browser, classes["1А"])
    pupils = [h for h in links(browser, "/pupils/") if not h.endswith("/results")]
    browser.delete_all_cookies()
    return classes, pupils


def test_parent_sees_exactly_own_children_and_a_404_for_another(server, browser):
    classes, others = other_pupils_and_classes(server, browser)
    sign_in(browser, server, "parent")
    own = [h for h in links(browser, "/pupils/") if not h.endswith("/results") and not h.endswith("/portfolio")]
    assert len(own) == 2
    for href in own:
        open_page(browser, server + href)
        assert browser.find_element(By.ID, "guardians").is_displayed()
    screenshot(browser, "parent-child-card")
    guide_shot(browser, "parent-child-card")
    stranger = next(p for p in others if p not in own)
    open_page(browser, server + stranger)
    assert "Страница не найдена" in browser.page_source
    assert "guardians" not in browser.page_source
    screenshot(browser, "parent-foreign-pupil-404")


def test_teacher_cannot_open_a_class_they_do_not_teach(server, browser):
    classes, _ = other_pupils_and_classes(server, browser)
    sign_in(browser, server, "teacher")
    open_page(browser, classes["2А"])
    assert browser.find_element(By.ID, "pupils").is_displayed()
    open_page(browser, classes["1А"])
    assert "Страница не найдена" in browser.page_source
    screenshot(browser, "teacher-foreign-class-404")


def test_wrong_password_keeps_the_login_and_says_why_in_russian(server, browser):
    sign_in(browser, server, "teacher", "not-the-password")
    assert "Неверный логин или пароль" in browser.page_source
    assert browser.find_element(By.ID, "login").get_attribute("value") == "teacher"
