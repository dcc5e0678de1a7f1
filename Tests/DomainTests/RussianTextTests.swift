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
