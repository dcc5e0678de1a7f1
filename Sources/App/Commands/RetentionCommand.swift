import Domain
import Fluent
import Foundation
import Vapor

/// `kopilka retention --plan` lists what is due for destruction or depersonalisation under the school's rules;
/// `kopilka retention --apply --approved-by <login>` carries it out (the head's approval) and writes the act.
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "plan", help: "показать, что подлежит уничтожению или обезличиванию")
        var plan: Bool
        @Flag(name: "apply", help: "выполнить план и составить акт")
        var apply: Bool
        @Option(name: "approved-by", help: "логин директора, утвердившего план")
        var approvedBy: String?
        @Option(name: "today", help: "дата расчёта (по умолчанию сегодня), гггг-мм-дд")
        var today: String?
    }

    var help: String { "Сроки хранения: план уничтожения/обезличивания (--plan) и его выполнение с актом (--apply --approved-by)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        func fail(_ m: String) throws -> Never {
            FileHandle.standardError.write(Data("\(m)\n".utf8))
            throw ExitCode(1)
        }
        guard let school = try await School.query(on: app.db).first() else { try fail("В базе нет школы.") }
        let today = signature.today.flatMap(LocalDate.init) ?? app.clock.today(in: school.zone)
        if signature.apply {
            // The head approves: the same policy as the web page (a current, school-wide head's assignment).
            guard let login = signature.approvedBy,
                  let user = try await User.query(on: app.db).filter(\.$login == login).filter(\.$active == true).first(),
                  AccessPolicy.decide(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == user.id!).all().compactMap(\.assignment),
                                      .applyRetention, .school(school.id!), on: today).allowed
            else { try fail("Укажите --approved-by: логин директора, утвердившего план.") }
            let waiting = try await Retention.plan(on: app.db, schoolID: school.id!, today: today).filter { !$0.confirmed }.count
            let applied = try await Retention.apply(on: app.db, blobs: app.blobs, schoolID: school.id!, today: today,
                                                    approvedBy: user.id!, address: "cli")
            if let applied {
                context.console.print("Выполнено позиций: \(applied.count). Составлен акт № \(applied.act.number) от \(applied.act.date.russian).")
            } else if waiting == 0 {
                context.console.print("Ничего не подлежит уничтожению или обезличиванию на \(today.russian).")
            }
            if waiting > 0 {
                context.console.print("Не выполнено позиций: \(waiting) — их сроки хранения школа не подтвердила (страница «Сроки хранения»).")
            }
            return
        }
        let due = try await Retention.plan(on: app.db, schoolID: school.id!, today: today)
        if due.isEmpty { context.console.print("На \(today.russian) ничего не подлежит уничтожению или обезличиванию.") }
        for d in due {
            context.console.print("\(d.action == "destroy" ? "уничтожить" : "обезличить"): \(d.title) — \(d.subject), с \(d.since) (\(d.basis))"
                + (d.confirmed ? "" : " — срок не подтверждён"))
        }
    }
}
