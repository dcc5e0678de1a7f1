"""A real school's first day, as a new user would do it: the admin follows the setup wizard on an empty
installation, loads a 200-pupil roster from an XLSX with Russian headers, prints the parents' sign-in slips;
a parent signs in on a phone and sees their child."""
import io
import os
import re
import zipfile

from selenium.webdriver.common.by import By

from conftest import click_and_wait, guide_shot, open_page, page_fits, sign_in


def xlsx(rows):
    """A minimal XLSX (shared strings, one sheet), as Excel saves it."""
    strings, index = [], {}
    def ref(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    cols = "ABCDEFGHIJ"
    sheet = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, 1):
        sheet.append(f'<row r="{r}">' + "".join(f'<c r="{cols[c]}{r}" t="s"><v>{ref(v)}</v></c>' for c, v in enumerate(row)) + "</row>")
    sheet.append("</sheetData></worksheet>")
    sst = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + \
        "".join(f"<si><t>{esc(s)}</t></si>" for s in strings) + "</sst>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(sheet))
        z.writestr("xl/sharedStrings.xml", sst)
    return buf.getvalue()


SURNAMES = ["Алексеев", "Борисов", "Васильев", "Григорьев", "Дмитриев", "Егоров", "Жуков", "Зайцев", "Ильин", "Козлов"]


def roster(n=200):
    classes = ["1А", "1Б", "2А", "2Б", "3А", "3Б", "4А", "4Б"]
    rows = [["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "ФИО родителя", "Телефон родителя"]]
    for i in range(n):
        grade = int(classes[i % 8][0])
        surname = SURNAMES[i % 10] + ("" if i < 10 else str(i))
        rows.append([surname, "Иван", "Петрович", f"{1 + i % 28:02d}.{1 + i % 12:02d}.{2019 - grade}", classes[i % 8],
                     f"{surname}а Мария Ивановна", f"+7 900 200-{i // 100:02d}-{i % 100:02d}"])
    return rows


def test_first_day_wizard_roster_slips_and_a_parent_on_a_phone(empty_server, browser, phone, tmp_path):
    base, token, data = empty_server
    # 1. The wizard: an empty installation sends the visitor to it.
    open_page(browser, base + "/")
    assert "/setup" in browser.current_url
    open_page(browser, base + f"/setup?token={token}")
    fields = {"name": "Муниципальное бюджетное общеобразовательное учреждение «Начальная школа № 3»", "short_name": "МБОУ НШ №3",
              "address": "г. Тверь, ул. Школьная, 3", "head_name": "Смирнова Ольга Петровна", "admin_name": "Кузнецов Андрей Ильич",
              "login": "kuznetsov", "password": "Первый-день-2026", "password_repeat": "Первый-день-2026"}
    for k, v in fields.items():
        el = browser.find_element(By.NAME, k)
        el.clear()
        el.send_keys(v)
    guide_shot(browser, "admin-setup")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#setup-form button[type=submit]"))
    assert browser.find_element(By.ID, "welcome").is_displayed()

    # 2. The roster: 200 pupils from an XLSX with Russian headers.
    path = tmp_path / "ученики.xlsx"
    path.write_bytes(xlsx(roster()))
    open_page(browser, base + "/admin/import")
    browser.find_element(By.ID, "file").send_keys(str(path))
    guide_shot(browser, "admin-import-upload")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#import-upload button"))
    summary = browser.find_element(By.ID, "import-summary").text
    assert "Строк в файле: 200; готовы к загрузке: 200; с ошибками: 0." in summary, summary
    guide_shot(browser, "admin-import-preview")
    click_and_wait(browser, browser.find_element(By.ID, "import-apply"))
    assert "новых учеников — 200" in browser.find_element(By.ID, "import-done").text

    # 3. Sign-in slips for the parents of 2А.
    open_page(browser, base + "/admin/slips")
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element(By.ID, "class_id")).select_by_visible_text("2А")
    click_and_wait(browser, browser.find_element(By.ID, "slips-html"))
    slips = browser.find_elements(By.CSS_SELECTOR, "section.slip")
    assert len(slips) == 25
    guide_shot(browser, "admin-slips")
    codes = slips[0].find_elements(By.CSS_SELECTOR, "strong.code-box")
    login, password = codes[0].text, codes[1].text
    child = re.search(r"Ребёнок: (.+)", slips[0].text).group(1).strip()

    # 4. The parent on a phone: signs in with the slip, chooses a password, sees the child.
    sign_in(phone, base, login, password)
    assert "/account/password" in phone.current_url
    phone.find_element(By.ID, "current").send_keys(password)
    phone.find_element(By.ID, "new").send_keys("Мой-пароль-2026")
    phone.find_element(By.ID, "repeat").send_keys("Мой-пароль-2026")
    click_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    open_page(phone, base + "/")
    assert child in phone.find_element(By.ID, "children").text
    assert page_fits(phone)
    guide_shot(phone, "parent-phone-home")
