import Domain
import Fluent
import Foundation
import Vapor

/// `kopilka import roster <file> [--mapping <file.json>] [--dry-run] [--valid-only] [--school ID]`:
/// the roster import of the web UI, for the IT admin, with the same checks, one transaction and a progress bar.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "Что загружать: roster (список учеников)")
        var kind: String
        @Argument(name: "file", help: "CSV или XLSX")
        var file: String
        @Option(name: "mapping", help: "JSON: {\"поле\": \"заголовок колонки\"}; поля: full_name, last_name, first_name, middle_name, birth_date, class, home_schooled, external_id, parent_name, parent_phone, parent_email, parent2_name, parent2_phone, parent2_email")
        var mapping: String?
        @Flag(name: "dry-run", help: "Только проверить и показать, что изменится; ничего не записывать")
        var dryRun: Bool
        @Flag(name: "valid-only", help: "Загрузить строки без ошибок, пропустив остальные")
        var validOnly: Bool
        @Option(name: "school", help: "Идентификатор школы (если школ несколько)")
        var school: String?
    }

    var help: String { "Загружает список учеников и родителей из CSV или XLSX" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.kind == "roster" else { throw CommandFailure("вид загрузки «\(signature.kind)» неизвестен; есть: roster") }
        let app = context.application
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("файл «\(signature.file)» не найден или недоступен для чтения")
        }
        let table: Table
        do { table = try RosterImport.readTable(data) } catch let e as TableError { throw CommandFailure(e.message) }
        var mapping = Roster.guess(headers: table.headers)
        if let path = signature.mapping {
            guard let json = FileManager.default.contents(atPath: path),
                  let raw = try? JSONDecoder().decode([String: String].self, from: json) else {
                throw CommandFailure("--mapping: не удалось прочитать JSON «\(path)»")
            }
            mapping = [:]
            for (k, v) in raw {
                guard let f = RosterField(rawValue: k) else { throw CommandFailure("--mapping: неизвестное поле «\(k)»") }
                guard table.headers.contains(v) else { throw CommandFailure("--mapping: в файле нет колонки «\(v)»") }
                mapping[f] = v
            }
        }
        let schools = try await School.query(on: app.db).all()
        let school: School
        if let id = signature.school {
            guard let s = schools.first(where: { $0.id?.uuidString.lowercased() == id.lowercased() }) else { throw CommandFailure("--school: такой школы нет") }
            school = s
        } else {
            guard schools.count == 1 else { throw CommandFailure(schools.isEmpty ? "в базе нет школы" : "--school: школ несколько, укажите идентификатор") }
            school = schools[0]
        }
        let today = LocalDate.today(in: TimeZone(identifier: school.timeZone) ?? TimeZone(identifier: "Europe/Moscow")!)
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

/// A progress bar on one terminal line: «Загрузка [██████······] 120/200».
final class ProgressLine: @unchecked Sendable {
    let total: Int
    let title: String
    private let lock = NSLock()
    private var last = -1

    init(total: Int, title: String) {
        self.total = total
        self.title = title
    }

    func show(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        guard filled != last || done == total else { return }
        last = filled
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(title) [\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
