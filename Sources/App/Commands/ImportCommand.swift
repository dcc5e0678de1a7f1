import Domain
import Fluent
import Foundation
import Vapor

/// `kopilka import roster|marks <file> [--mapping <file.json>] [--dry-run] [--valid-only] [--school ID]`:
/// the roster and e-journal marks imports of the web UI, for the IT admin, with the same checks, one transaction
/// and a progress bar. Marks files are read as a stream, so a year of a large school's marks fits.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "Что загружать: roster (список учеников) или marks (отметки из электронного журнала)")
        var kind: String
        @Argument(name: "file", help: "CSV или XLSX")
        var file: String
        @Option(name: "mapping", help: "JSON: {\"поле\": \"заголовок колонки\"}; поля списка: full_name, last_name, first_name, middle_name, birth_date, class, home_schooled, external_id, parent_name, parent_phone, parent_email, parent2_name, parent2_phone, parent2_email; поля отметок: full_name, last_name, first_name, middle_name, birth_date, external_id, class, subject, date, period, mark, work_type")
        var mapping: String?
        @Flag(name: "dry-run", help: "Только проверить и показать, что изменится; ничего не записывать")
        var dryRun: Bool
        @Flag(name: "valid-only", help: "Загрузить строки без ошибок, пропустив остальные")
        var validOnly: Bool
        @Option(name: "school", help: "Идентификатор школы (если школ несколько)")
        var school: String?
        @Option(name: "encoding", help: "Кодировка CSV: auto (по умолчанию), utf8, cp1251")
        var encoding: String?
        @Option(name: "as", help: "Логин заместителя директора или директора, от чьего имени записываются отметки (по умолчанию — первый найденный)")
        var actor: String?
    }

    var help: String { "Загружает список учеников и родителей из CSV или XLSX" }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.kind == "marks" { return try await marks(using: context, signature: signature) }
        guard signature.kind == "roster" else { throw CommandFailure("вид загрузки «\(signature.kind)» неизвестен; есть: roster, marks") }
        let app = context.application
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("файл «\(signature.file)» не найден или недоступен для чтения")
        }
        let table: Table
        do { table = try RosterImport.readTable(data) } catch let e as TableError { throw CommandFailure(e.message) }
        let mapping = try signature.mapping.map { try Self.mapping(RosterField.self, file: $0, headers: table.headers) }
            ?? Roster.guess(headers: table.headers)
        let school = try await Self.school(signature.school, on: app.db)
        let today = app.clock.today(in: school.zone)
        let classes = try await RosterImport.classes(on: app.db, schoolID: school.id!, today: today)
        let (rows, issues) = Roster.validate(table, mapping: mapping, knownClasses: Set(classes.keys))
        context.console.print("Колонки: " + RosterField.allCases.compactMap { f in mapping[f].map { "\(f.title) ← «\($0)»" } }.joined(separator: "; "))
        for issue in issues.sorted(by: { $0.line < $1.line }) {
            context.console.print("строка \(issue.line): \(issue.isError ? "ошибка" : "внимание") — \(issue.message)")
        }
        let errors = Set(issues.filter(\.isError).map(\.line)).count
        context.console.print("Строк: \(table.rows.count); без ошибок: \(rows.count); с ошибками: \(errors).")
        if errors > 0 && !signature.validOnly && !signature.dryRun {
            throw CommandFailure("ничего не записано: исправьте ошибки или запустите с --valid-only")
        }
        let total = rows.count
        let hash = try await app.password.async.hash(CSRF.randomToken())
        let bar = ProgressLine(total: total, title: signature.dryRun ? "Проверка" : "Загрузка")
        let report = try await RosterImport.apply(rows, on: app.db, schoolID: school.id!, today: today, actorID: nil, passwordHash: hash,
                                                  dryRun: signature.dryRun, progress: { bar.show($0) })
        bar.finish()
        context.console.print((signature.dryRun ? "Проверка (ничего не записано): " : "Готово: ")
            + "новых учеников — \(report.created), обновлено — \(report.updated), без изменений — \(report.unchanged), "
            + "учётных записей родителей — \(report.parentsCreated).")
    }
}

extension ImportCommand {
    /// `--mapping file.json`: `{"field": "the file's header"}`, every field known and every header in the file.
    static func mapping<Field: RawRepresentable & Hashable>(_: Field.Type, file path: String, headers: [String]) throws -> [Field: String]
        where Field.RawValue == String {
        guard let json = FileManager.default.contents(atPath: path),
              let raw = try? JSONDecoder().decode([String: String].self, from: json) else {
            throw CommandFailure("--mapping: не удалось прочитать JSON «\(path)»")
        }
        var mapping: [Field: String] = [:]
        for (k, v) in raw {
            guard let f = Field(rawValue: k) else { throw CommandFailure("--mapping: неизвестное поле «\(k)»") }
            guard headers.contains(v) else { throw CommandFailure("--mapping: в файле нет колонки «\(v)»") }
            mapping[f] = v
        }
        return mapping
    }

    static func school(_ id: String?, on db: any Database) async throws -> School {
        let schools = try await School.query(on: db).all()
        if let id {
            guard let s = schools.first(where: { $0.id?.uuidString.lowercased() == id.lowercased() }) else { throw CommandFailure("--school: такой школы нет") }
            return s
        }
        guard schools.count == 1 else { throw CommandFailure(schools.isEmpty ? "в базе нет школы" : "--school: школ несколько, укажите идентификатор") }
        return schools[0]
    }

    /// `kopilka import marks`: the check of every row, then (unless `--dry-run`) one transaction.
    func marks(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard FileManager.default.isReadableFile(atPath: signature.file) else {
            throw CommandFailure("файл «\(signature.file)» не найден или недоступен для чтения")
        }
        guard let encoding = TextEncodingChoice(rawValue: signature.encoding ?? "auto") else {
            throw CommandFailure("--encoding: «\(signature.encoding!)» — нужно auto, utf8 или cp1251")
        }
        let file: MarkImportFile
        do { file = try MarkImportFile(path: signature.file, encoding: encoding) } catch let e as TableError { throw CommandFailure(e.message) }
        let mapping = try signature.mapping.map { try Self.mapping(MarkImportField.self, file: $0, headers: file.headers) }
            ?? MarksImport.guess(headers: file.headers)
        let school = try await Self.school(signature.school, on: app.db)
        let author = try await Self.author(signature.actor, schoolID: school.id!, today: app.clock.today(in: school.zone), on: app.db)
        if let e = file.encodingTitle { context.console.print("Кодировка: \(e)") }
        context.console.print("Колонки: " + MarkImportField.allCases.compactMap { f in mapping[f].map { "\(f.title) ← «\($0)»" } }.joined(separator: "; "))
        let bar = ProgressLine(total: 100, title: signature.dryRun ? "Проверка" : "Загрузка")
        let report = try await MarksImportService(db: app.db, schoolID: school.id!, authorID: author.id!)
            .run(file, mapping: mapping, apply: !signature.dryRun, validOnly: signature.validOnly,
                 audit: app.audit(schoolID: school.id!, actorID: author.id, role: "command", address: "command line"),
                 progress: { bar.show(Int($0 * 100)) })
        bar.finish()
        for issue in report.issues { context.console.print("строка \(issue.line): \(issue.message)") }
        if report.refused > report.issues.count { context.console.print("… и ещё строк с ошибками: \(report.refused - report.issues.count)") }
        let summary = "строк — \(report.rows); добавить — \(report.created), изменить — \(report.changed), без изменений — \(report.unchanged), "
            + "отклонено — \(report.refused); новых уроков — \(report.lessonsCreated)."
        if signature.dryRun {
            context.console.print("Проверка (ничего не записано): " + summary)
        } else if report.applied {
            context.console.print("Готово: " + summary)
        } else {
            context.console.print(summary)
            throw CommandFailure(report.valid == 0 ? "ничего не записано: нет ни одной строки, которую можно загрузить"
                                 : "ничего не записано: исправьте ошибки или запустите с --valid-only")
        }
    }

    /// Whose name the marks carry: the given login, else the first deputy head or head of the school.
    /// The account the marks are written in the name of: one the access policy lets import marks into the whole school
    /// today (a head or deputy head with a school-wide, current assignment).
    static func author(_ login: String?, schoolID: UUID, today: LocalDate, on db: any Database) async throws -> User {
        let allowed = try await UserQueries.allowed(.importMarks, schoolID: schoolID, today: today, on: db)
        if let login {
            guard let user = allowed.first(where: { $0.login == login }) else {
                throw CommandFailure("--as: «\(login)» — не заместитель директора и не директор этой школы с действующим назначением на всю школу")
            }
            return user
        }
        guard let user = allowed.first else {
            throw CommandFailure("в школе нет заместителя директора или директора с действующим назначением — укажите --as")
        }
        return user
    }
}
