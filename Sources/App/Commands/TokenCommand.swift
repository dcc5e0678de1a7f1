import Fluent
import Vapor

/// `kopilka token --login L [--name N] [--write]`: an integration token for a user, issued from the server's console
/// (the same as **Пароль → Токены для интеграций**); printed once, stored as its SHA-256.
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "login", help: "Чей токен: логин пользователя; токен действует его правами")
        var login: String?
        @Option(name: "name", help: "Название интеграции (по умолчанию «Командная строка»)")
        var name: String?
        @Flag(name: "write", help: "Право записи отметок (scope gradebook:write); без флага — только чтение")
        var write: Bool
    }

    var help: String { "Выпускает токен API для пользователя и печатает его (один раз)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let login = signature.login, !login.isEmpty else { throw CommandFailure("--login: укажите логин пользователя") }
        guard let user = try await User.query(on: app.db).filter(\.$login == login).filter(\.$active == true).first() else {
            throw CommandFailure("--login: активного пользователя «\(login)» нет")
        }
        let name = (signature.name ?? "Командная строка").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw CommandFailure("--name: от 1 до 100 знаков") }
        let (t, secret) = APIToken.issue(schoolID: user.schoolID, userID: user.id!, name: name, write: signature.write,
                                         days: app.kopilkaConfig.tokenDays)
        try await app.db.writeTransaction { tx in
            try await t.create(on: tx)
            try await AuditLog.append(app.audit(schoolID: user.schoolID, role: "command", address: "command line"), on: tx,
                                      action: "create", objectKind: "api_token", objectID: t.id, pupilID: nil, details: "\(name) для \(login): \(t.scopes)")
        }
        context.console.print(secret)
    }
}
