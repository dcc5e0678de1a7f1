import Fluent
import Foundation

/// The one place a user's credentials are taken back: every save of a `User` whose password changed (own change,
/// an admin's reset, new slips) or whose account was switched off stamps `credentialsChangedAt` and revokes the
/// user's API tokens, in the same statement batch as the save. Sessions begun before the stamp are ended by
/// `ActorMiddleware`; tokens issued before it are refused by `BearerMiddleware`. No controller has to remember.
struct CredentialsMiddleware: AsyncModelMiddleware {
    func update(model: User, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        guard let id = model.id, let stored = try await User.find(id, on: db) else {
            return try await next.update(model, on: db)
        }
        let taken = stored.passwordHash != model.passwordHash || (stored.active && !model.active)
        guard taken else { return try await next.update(model, on: db) }
        // Whole milliseconds: the stamp a session keeps reads back the same from SQLite and PostgreSQL.
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        model.credentialsChangedAt = now
        try await next.update(model, on: db)
        try await APIToken.query(on: db).filter(\.$user.$id == id).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
    }
}
