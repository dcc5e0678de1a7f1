import Domain
import Foundation
import Testing

@Suite struct CSVReaderTests {
    @Test func readsSemicolonsQuotesAndABOM() throws {
        let text = "\u{FEFF}ФИО;Дата рождения;Класс;Комментарий\r\nИванов Иван Иванович;01.09.2018;2А;\"Любит; шахматы\"\r\n\"Петрова Анна\";2018-03-05;2Б;\"Говорит \"\"привет\"\"\"\r\n"
        let t = try CSVReader.read(Data(text.utf8))
        #expect(t.headers == ["ФИО", "Дата рождения", "Класс", "Комментарий"])
        #expect(t.rows.count == 2)
        #expect(t.rows[0][3] == "Любит; шахматы")
        #expect(t.rows[1][0] == "Петрова Анна")
        #expect(t.rows[1][3] == "Говорит \"привет\"")
    }

    @Test func readsWindows1251() throws {
        let text = "Фамилия,Имя,Класс\nЁлкина,Мария,3А\n"
        let data = text.data(using: .windowsCP1251)!
        #expect(String(data: data, encoding: .utf8) == nil)  // not UTF-8: the reader must notice
        let t = try CSVReader.read(data)
        #expect(t.rows[0] == ["Ёлкина", "Мария", "3А"])
    }

    @Test func refusesBinaryAndEmptyFiles() {
        #expect(throws: TableError.empty) { try CSVReader.read(Data()) }
        #expect(throws: TableError.unknownEncoding) { try CSVReader.read(Data([0x00, 0x01, 0xFF, 0xD8, 0x02, 0x03])) }
        #expect(throws: TableError.notATable) { try CSVReader.read(Data("одна колонка\nи всё\n".utf8)) }
    }
}

@Suite struct RosterTests {
    let headers = ["ФИО ученика", "Дата рождения", "Класс", "На дому", "ФИО родителя", "Телефон родителя", "E-mail родителя"]

    @Test func guessesTheMappingFromRussianHeaders() {
        let m = Roster.guess(headers: headers)
        #expect(m[.fullName] == "ФИО ученика")
        #expect(m[.parentName] == "ФИО родителя")
        #expect(m[.parentPhone] == "Телефон родителя")
        #expect(m[.parentEmail] == "E-mail родителя")
        #expect(m[.classTitle] == "Класс")
        #expect(m[.homeSchooled] == "На дому")
        let split = Roster.guess(headers: ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"])
        #expect(split[.lastName] == "Фамилия" && split[.firstName] == "Имя" && split[.middleName] == "Отчество")
    }

    @Test func everyBadRowIsNamedInRussian() {
        let table = Table(headers: headers, rows: [
            ["Иванов Иван Иванович", "01.09.2018", "2А", "", "Иванова Мария Петровна", "+7 900 000-00-01", ""],
            ["Петров Пётр", "31.02.2015", "2А", "", "Петрова Анна", "", ""],
            ["Сидорова Ольга Игоревна", "05.05.2018", "9Я", "", "Сидоров Игорь", "", ""],
            ["Иванов Иван Иванович", "01.09.2018", "2А", "", "", "", ""],
            ["Кузнецов Олег", "02.02.2018", "2б", "да", "", "+7 900 000-00-02", ""],
            ["Морозова Ева", "03.03.2018", "2А", "", "", "", ""],
        ])
        let (rows, issues) = Roster.validate(table, mapping: Roster.guess(headers: headers), knownClasses: ["2А", "2Б"])
        #expect(rows.map(\.line) == [2, 7])
        func issue(_ line: Int) -> String { issues.filter { $0.line == line }.map(\.message).joined(separator: " | ") }
        #expect(issue(3).contains("дата рождения «31.02.2015»: такой даты нет"))
        #expect(issue(4).contains("класс «9Я»: такого класса в школе нет"))
        #expect(issue(5).contains("уже есть в строке 2"))
        #expect(issue(6).contains("у родителя должно быть имя"))
        #expect(issue(7).contains("нет родителя"))
        #expect(issues.first { $0.line == 7 }?.isError == false)
        #expect(rows[0].parents.first?.name.full == "Иванова Мария Петровна")
    }

    @Test func parentLoginsAreTransliterated() {
        #expect(Roster.login(for: PersonName(lastName: "Щукина", firstName: "Юлия", middleName: "Сергеевна")) == "shchukina.ys")
        #expect(Roster.login(for: PersonName(lastName: "Ёлкин", firstName: "Пётр")) == "elkin.p")
    }
}
