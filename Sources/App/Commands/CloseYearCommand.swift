import Domain
import Fluent
import Foundation
import Vapor

/// `kopilka close-year [--reason "…"] [--school ID]`: closes the current school year of the school (the only one, or
/// `--school`): completeness check, freeze, promotion, graduation and the year archive.
struct CloseYearCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "reason", help: "почему год закрывается, хотя не всё выставлено")
        var reason: String?
        @Option(name: "school", help: "id школы, если их несколько")
        var school: String?
    }

    var help: String { "Закрывает учебный год: проверка полноты, заморозка, перевод учеников, архив года с контрольными суммами" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        func fail(_ m: String) throws -> Never {
            FileHandle.standardError.write(Data("Год не закрыт: \(m)\n".utf8))
            throw ExitCode(1)
        }
        let schools = try await School.query(on: app.db).all()
        guard let school = signature.school.flatMap({ id in schools.first { $0.id?.uuidString.lowercased() == id.lowercased() } })
                ?? (schools.count == 1 ? schools.first : nil) else {
            try fail(schools.isEmpty ? "в базе нет школы" : "школ несколько: укажите --school <id>")
        }
        let zone = school.zone
        guard let year = try await SchoolQueries.currentYear(on: app.db, schoolID: school.id!, today: app.clock.today(in: zone)) else {
            try fail("нет открытого учебного года")
        }
        if let refusal = try await YearClose.refusal(on: app.db, year: year, today: app.clock.today(in: zone)) { try fail(refusal) }
        let gaps = try await YearClose.gaps(on: app.db, schoolID: school.id!, year: year)
        if !gaps.isEmpty {
            context.console.print("Не выставлено (\(gaps.count)):")
            for g in gaps.prefix(20) { context.console.print("  \(g.className), \(g.subject): \(g.what) — \(g.pupils)") }
        }
        // The head who may close the year (the policy's closeYear) is named as the one who locked the periods.
        guard let by = try await UserQueries.allowed(.closeYear, schoolID: school.id!, today: app.clock.today(in: zone), on: app.db).first?.id
        else { try fail("в школе нет учётной записи директора с действующим назначением") }
        let started = Date()
        do {
            let s = try await YearClose.close(app: app, db: app.db, audit: app.audit(schoolID: school.id!), year: year,
                                              reason: signature.reason, lockedBy: by, today: app.clock.today(in: zone),
                                              progress: { step, done, total in
                                                  let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                                                  context.console.print("[\(seconds) с] \(step)" + (total > 1 && done < total ? " (\(done + 1) из \(total))" : ""))
                                              })
            let n = try YearClose.verifyArchive(s.archive)
            context.console.print("\(year.title) учебный год закрыт. Переведено: \(s.promoted), окончили начальную школу: \(s.graduated). "
                + "Новый год: \(s.nextYear). Архив: \(s.archive) (\(n) файлов, контрольные суммы сверены).")
        } catch let p as YearClose.Problem {
            try fail(p.description)
        }
    }
}
