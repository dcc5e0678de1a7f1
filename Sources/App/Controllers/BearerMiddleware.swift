import Domain
import Fluent
import Vapor

/// `Authorization: Bearer <token>` for `/api/v1`: the token's user becomes the actor (the same access policy as the
/// web UI), its scopes narrow what it may do; the last use is recorded. No session, no CSRF: nothing a browser sends
/// by itself reaches here.
struct BearerMiddleware: AsyncMiddleware {
    struct ScopesKey: StorageKey { typealias Value = Set<String> }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token, bearer.count >= 20, bearer.count <= 100,
              let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == TokenHash.of(bearer)).filter(\.$revokedAt == nil)
                .with(\.$user).first(), token.acts(for: token.user)
        else {
            throw Abort(.unauthorized, reason: "Нужен действующий токен: заголовок Authorization: Bearer <токен>. Токен перестаёт действовать, "
                + "когда истекает его срок, когда меняется пароль владельца или его учётную запись отключают, и пока владелец не сменил временный пароль.")
        }
        request.storage[CurrentActorKey.self] = try await CurrentActor.load(request, user: token.user, wanted: token.schoolID)
        request.storage[ScopesKey.self] = token.scopeSet
        if request.method != .GET && !token.scopeSet.contains(APIScope.gradebookWrite.rawValue) {
            throw Abort(.forbidden, reason: "У токена нет права на запись (scope gradebook:write).")
        }
        token.lastUsedAt = Date()
        try await token.save(on: request.db)
        return try await next.respond(to: request)
    }
}
