import Domain
import Testing

@Suite struct RussianTextTests {
    @Test(arguments: [(1, "ученик"), (2, "ученика"), (4, "ученика"), (5, "учеников"), (11, "учеников"), (12, "учеников"),
                      (14, "учеников"), (21, "ученик"), (22, "ученика"), (25, "учеников"), (101, "ученик"), (111, "учеников"), (0, "учеников")])
    func pluralAgreesWithNumber(n: Int, form: String) {
        #expect(RussianText.plural(n, "ученик", "ученика", "учеников") == form)
    }

    @Test(arguments: [
        ("Иван", "Иванович", "Ивановна"), ("Илья", "Ильич", "Ильинична"), ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Андрей", "Андреевич", "Андреевна"), ("Игорь", "Игоревич", "Игоревна"), ("Никита", "Никитич", "Никитична"),
        ("Лев", "Львович", "Львовна"), ("Кузьма", "Кузьмич", "Кузьминична"), ("Николай", "Николаевич", "Николаевна"),
        ("Пётр", "Петрович", "Петровна"), ("Яков", "Яковлевич", "Яковлевна"), ("Артём", "Артёмович", "Артёмовна"),
    ])
    func patronymicFollowsFatherAndSex(father: String, son: String, daughter: String) {
        #expect(RussianNames.patronymic(fromFather: father, sex: .male) == son)
        #expect(RussianNames.patronymic(fromFather: father, sex: .female) == daughter)
    }

    @Test(arguments: [("Иванов", "Иванова"), ("Соловьёв", "Соловьёва"), ("Ильин", "Ильина"), ("Островский", "Островская"),
                      ("Толстой", "Толстая"), ("Шевченко", "Шевченко"), ("Ким", "Ким")])
    func surnameAgreesWithSex(male: String, female: String) {
        #expect(RussianNames.surname(male, for: .female) == female)
        #expect(RussianNames.surname(male, for: .male) == male)
    }

    @Test func namesAreWrittenAsInRussianDocuments() {
        let name = PersonName(lastName: "Иванова", firstName: "Мария", middleName: "Петровна")
        #expect(name.full == "Иванова Мария Петровна")
        #expect(name.short == "Иванова М. П.")
        #expect(name.initials == "М. П. И.")
        #expect(PersonName(parsing: "Алиев Руслан Тимур оглы") == PersonName(lastName: "Алиев", firstName: "Руслан", middleName: "Тимур оглы"))
        #expect(PersonName(parsing: "Иванова") == nil)
        #expect(PersonName(lastName: "Смит", firstName: "Джон").full == "Смит Джон")
    }
}

@Suite struct ShownTests {
    @Test func sizesReadWithTheirUnit() {
        #expect(Shown.size(0) == "1 КБ")
        #expect(Shown.size(300 * 1024) == "300 КБ")
        #expect(Shown.size(629_146) == "614 КБ")
        #expect(Shown.size(1 << 20) == "1 МБ")
        #expect(Shown.size(1_572_864) == "1,5 МБ")
        #expect(Shown.size(1_572_864, language: "en") == "1.5 MB")
        #expect(Shown.size(20 << 20) == "20 МБ")
        #expect(Shown.size(3 << 30) == "3 ГБ")
    }

    @Test func outsideNamesLoseControlCharactersAndLength() {
        #expect(Shown.name("отчёт\u{0}\u{7}.pdf") == "отчёт.pdf")
        let long = String(repeating: "я", count: 200)
        #expect(Shown.name(long, limit: 40).count == 40 && Shown.name(long, limit: 40).hasSuffix("…"))
    }
}

/// The one decimal formatter: whole numbers bare, a decimal comma otherwise.
@Suite struct ShownDecimalTests {
    @Test func numbersReadAsRussianWritesThem() {
        #expect(Shown.decimal(12) == "12")
        #expect(Shown.decimal(4.666_666) == "4,67")
        #expect(Shown.decimal(4.5) == "4,50")
        #expect(Shown.decimal(12.5, trimmed: true) == "12,5")
        #expect(Shown.decimal(2.0 / 3.0, places: 1) == "0,7")
        #expect(Shown.decimal(.nan) == "—")
    }
}
