import Domain
import Fluent
import Vapor

/// `kopilka create-user --login L --name "Фамилия Имя Отчество" --role admin [--school ID]`:
/// the IT admin's way in on a fresh installation. Prints a temporary password that must be changed.
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "login", help: "Логин (латиница, цифры, . _ -)")
        var login: String?
        @Option(name: "name", help: "ФИО: «Фамилия Имя Отчество»")
        var name: String?
        @Option(name: "role", help: "admin, head или deputy_head (остальные роли назначаются в интерфейсе)")
        var role: String?
        @Option(name: "school", help: "Идентификатор школы (если школ несколько)")
        var school: String?
    }

    var help: String { "Создаёт пользователя с временным паролем (администратора, директора, заместителя)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let login = (signature.login ?? "").lowercased()
        guard Roster.validLogin(login) else {
            throw CommandFailure("--login: от 3 до 40 символов: латинские буквы, цифры, точка, дефис, подчёркивание; первая — буква")
        }
        guard let name = signature.name.flatMap(PersonName.init(parsing:)) else {
            throw CommandFailure("--name: укажите ФИО полностью, например «Иванова Мария Петровна»")
        }
        guard let role = signature.role.flatMap(Role.init(rawValue:)), [.admin, .head, .deputyHead].contains(role) else {
            throw CommandFailure("--role: admin, head или deputy_head")
        }
        let schools = try await School.query(on: db).all()
        let school: School
        if let id = signature.school {
            guard let s = schools.first(where: { $0.id?.uuidString.lowercased() == id.lowercased() }) else {
                throw CommandFailure("--school: школы с таким идентификатором нет")
            }
            school = s
        } else {
            guard schools.count == 1 else {
                throw CommandFailure(schools.isEmpty ? "в базе нет ни одной школы" : "--school: школ несколько, укажите идентификатор")
            }
            school = schools[0]
        }
        if try await User.query(on: db).filter(\.$login == login).count() > 0 {
            throw CommandFailure("--login: логин «\(login)» уже занят")
        }
        let temporary = PasswordRules.temporary()
        let hash = try await context.application.password.async.hash(temporary)
        let user = User(id: UUID(), schoolID: school.id!, login: login, passwordHash: hash, name: name, mustChangePassword: true)
        let audit = context.application.audit(schoolID: school.id!)
        try await db.writeTransaction { tx in
            try await user.create(on: tx)
            try await RoleAssignment(schoolID: school.id!, userID: user.id!, role: role, scope: .school).create(on: tx)
            try await AuditLog.append(audit, on: tx, action: "create_user", objectKind: "user", objectID: user.id, pupilID: nil,
                                      details: "\(login) \(role.rawValue)")
        }
        context.console.print("Пользователь \(login) создан. Временный пароль: \(temporary) — сменить при первом входе.")
    }
}
