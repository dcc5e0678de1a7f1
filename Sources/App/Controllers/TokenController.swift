import Domain
import Fluent
import Vapor

/// Integration tokens on the account page (issue 8): a user issues a token that acts as themselves through the API,
/// chooses its scopes, sees the secret once, and revokes it.
struct TokenController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.accountTokens, use: list)
        routes.post(.accountTokens, use: create)
        routes.post(.accountTokensRevoke, use: revoke)
    }

    struct Row: Encodable { let id, name, scopes, created, lastUsed, expires, state, revokeAction: String; let active: Bool }
    struct Page: Encodable { let page: PageMeta; let tokens: [Row]; let newToken: String?; let error: String? }

    private func render(_ req: Request, error: String? = nil) async throws -> Response {
        let actor = try req.actor
        let zone = actor.timeZone
        let user = try req.auth.require(User.self)
        let now = Date()
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == actor.userID).sort(\.$createdAt, .descending).all().map { t in
            let acts = t.acts(for: user, now: now)
            let state = t.revokedAt != nil ? req.t("token.revoked") : acts ? req.t("token.active")
                : (t.expiry.map { $0 <= now } ?? false) ? req.t("token.expired") : req.t("token.suspended")
            return Row(id: t.id!.uuidString.lowercased(), name: t.name, scopes: t.scopes, created: t.createdAt.map { LocalDate.today(in: zone, now: $0).russian } ?? "",
                lastUsed: t.lastUsedAt.map { LocalDate.today(in: zone, now: $0).russian } ?? "—",
                expires: t.expiry.map { LocalDate.today(in: zone, now: $0).russian } ?? "—", state: state,
                revokeAction: RouteTable.accountTokensRevoke.path(t.id!.uuidString.lowercased()), active: t.revokedAt == nil)
        }
        let fresh = req.session.data["new_token"]
        req.session.data["new_token"] = nil
        return try await req.view.render("account/tokens", Page(page: try req.page(req.t("token.title"), section: "account"), tokens: tokens,
                                                                newToken: fresh, error: error))
            .encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    @Sendable func list(req: Request) async throws -> Response { try await render(req) }

    struct Form: Content { var name: String?; var write: String? }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let form = try req.content.decode(Form.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { return try await render(req, error: req.t("token.error.name")) }
        let (t, secret) = APIToken.issue(schoolID: actor.schoolID, userID: actor.userID, name: name, write: form.write != nil,
                                         days: req.application.kopilkaConfig.tokenDays)
        let audit = try req.audit
        let kept = req.session.data["credentials"]
        let expired = req.t("error.session_expired")
        let (_, first) = try await OneTime.outcome(req, command: "token.create") { tx in
            // Minted only under the credentials this session was opened with, read in the same transaction.
            guard let owner = try await User.find(actor.userID, on: tx), owner.active,
                  kept == nil || kept == SessionClock.stamp(owner.credentialsChangedAt)
            else { throw Abort(.unauthorized, reason: expired) }
            try await t.create(on: tx)
            try await AuditLog.append(audit, on: tx, action: "create", objectKind: "api_token", objectID: t.id, pupilID: nil, details: "\(name): \(t.scopes)")
            return ""
        }
        // A repeated submit issued no second token: the first one's secret stays the one shown.
        if first { req.session.data["new_token"] = secret }
        return req.redirect(to: RouteTable.accountTokens.path())
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let t = try await APIToken.query(on: req.db).filter(\.$user.$id == actor.userID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        if t.revokedAt == nil {
            try await req.db.writeTransaction { tx in
                t.revokedAt = Date()
                try await t.save(on: tx)
                try await AuditLog.append(try req.audit, on: tx, action: "revoke", objectKind: "api_token", objectID: t.id, pupilID: nil)
            }
        }
        return req.redirect(to: RouteTable.accountTokens.path())
    }
}
