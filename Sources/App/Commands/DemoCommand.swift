import Domain
import Fluent
import Vapor

/// `kopilka demo [--reset]`: creates the demo school (migrating first), or recreates it with `--reset`.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "reset", help: "Удалить демо-школу и создать заново")
        var reset: Bool
    }

    var help: String { "Создаёт демонстрационную школу «МБОУ НШДС №16» с учениками, учителями, родителями и отметками" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let console = context.console
        if try await DemoSchool.exists(on: app.db) {
            if signature.reset {
                console.print("Удаляю прежнюю демо-школу…")
                try await DemoSchool.remove(on: app.db)
            } else {
                console.print("Демо-школа уже создана (пересоздать: kopilka demo --reset).")
                printLogins(console)
                return
            }
        }
        console.print("Создаю демо-школу «МБОУ НШДС №16»…")
        let started = Date()
        let hash = try await app.password.async.hash(DemoSchool.password)
        let summary = try await DemoSchool.create(on: app.db, today: app.clock.today(in: SchoolTime.defaultZone),
                                                  passwordHash: hash, blobs: app.blobs)
        console.print("Готово за \(String(format: "%.1f", Date().timeIntervalSince(started))) с: "
            + "\(RussianText.count(summary.classes, "класс", "класса", "классов")), "
            + "\(RussianText.count(summary.pupils, "ученик", "ученика", "учеников")), "
            + "\(RussianText.count(summary.users, "пользователь", "пользователя", "пользователей")), "
            + "\(RussianText.count(summary.lessons, "урок", "урока", "уроков")), "
            + "\(RussianText.count(summary.marks, "отметка", "отметки", "отметок")).")
        printLogins(console)
    }

    private func printLogins(_ console: any Console) {
        console.print("Входы в демо-школу (пароль у всех: \(DemoSchool.password)):")
        for (login, who) in DemoSchool.logins {
            console.print("  \(login.padding(toLength: 10, withPad: " ", startingAt: 0)) — \(who)")
        }
    }
}
