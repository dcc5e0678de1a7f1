import Domain
import Fluent
import Foundation
import Vapor

/// `kopilka oneroster export <file.zip> [--school ID] [--year ID]` — the school year as a OneRoster 1.2 CSV package;
/// `kopilka oneroster import <file.zip> [--dry-run]` — a package into a new school of this installation.
struct OneRosterCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "export или import")
        var action: String
        @Argument(name: "file", help: "ZIP-пакет OneRoster 1.2")
        var file: String
        @Option(name: "school", help: "Идентификатор школы (если школ несколько)")
        var school: String?
        @Option(name: "year", help: "Идентификатор учебного года (по умолчанию — текущий)")
        var year: String?
        @Flag(name: "dry-run", help: "Только проверить пакет: ничего не записывать")
        var dryRun: Bool
    }

    var help: String { "Выгружает учебный год в пакет OneRoster 1.2 (CSV) или загружает такой пакет в новую школу" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "export":
            let school = try await ImportCommand.school(signature.school, on: app.db)
            let year: AcademicYear?
            if let y = signature.year {
                guard let id = UUID(uuidString: y) else { throw CommandFailure("--year: идентификатор учебного года (UUID)") }
                year = try await AcademicYear.query(on: app.db).filter(\.$schoolID == school.id!).filter(\.$id == id).first()
            } else {
                let zone = school.zone
                year = try await SchoolQueries.currentYear(on: app.db, schoolID: school.id!, today: app.clock.today(in: zone))
            }
            guard let year else { throw CommandFailure("--year: такого учебного года нет") }
            let data = try await OneRosterExport(db: app.db).zip(schoolID: school.id!, yearID: year.id!)
            // From the console too, each child's access log shows the export.
            try await AuditLog.logReads(app.audit(schoolID: school.id!), on: app.db, .export, objectKind: "oneroster", objectID: year.id,
                                        pupilIDs: try await SchoolQueries.pupilsOfYear(on: app.db, schoolID: school.id!, yearID: year.id!),
                                        details: year.title)
            do { try data.write(to: URL(fileURLWithPath: signature.file), options: .atomic) } catch {
                throw CommandFailure("не удалось записать «\(signature.file)»: \(error.localizedDescription)")
            }
            context.console.print("Выгружено: \(school.name), \(year.title) → \(signature.file) (\(data.count / 1024) КБ)")
        case "import":
            guard FileManager.default.isReadableFile(atPath: signature.file) else {
                throw CommandFailure("файл «\(signature.file)» не найден или недоступен для чтения")
            }
            do {
                var importer = try OneRosterImport(file: URL(fileURLWithPath: signature.file))
                let hash = try await app.password.async.hash(CSRF.randomToken())
                let r = try await importer.apply(on: app.db, passwordHash: hash, write: !signature.dryRun)
                let summary = "классов — \(r.classes), учеников — \(r.pupils), работ — \(r.lessons), отметок — \(r.marks)"
                if signature.dryRun {
                    context.console.print("Проверка (ничего не записано): пакет без ошибок; \(r.schoolName): " + summary)
                } else {
                    context.console.print("Загружено: \(r.schoolName) (\(r.schoolID.uuidString.lowercased())): " + summary
                        + ", итоговых отметок — \(r.periodMarks), сотрудников — \(r.staff), родителей — \(r.parents). "
                        + "Пароли у всех временные: раздайте листки со входом (kopilka create-user — для своего входа).")
                }
            } catch let e as OneRosterError {
                for m in e.messages.prefix(200) { context.console.print(m) }
                if e.messages.count > 200 { context.console.print("… и ещё ошибок: \(e.messages.count - 200)") }
                throw CommandFailure("ничего не записано: в пакете \(e.messages.count) \(RussianText.plural(e.messages.count, "ошибка", "ошибки", "ошибок"))")
            }
        default:
            throw CommandFailure("действие «\(signature.action)» неизвестно; есть: export, import")
        }
    }
}
