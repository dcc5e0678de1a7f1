import Credentials
import Documents
import Domain
import Fluent
import Vapor

/// What anyone may fetch to check a credential: the issuer profile, its public keys, the revocation list, and the
/// status of one credential. No personal data: credentials name no one.
struct IssuerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.obIssuer, use: profile)
        routes.get(.obIssuersJwks, use: jwks)
        routes.get(.obIssuersKey, use: key)
        routes.get(.obIssuersRevocations, use: revocations)
        routes.get(.obCredential, use: status)
    }

    private func school(_ req: Request) async throws -> School {
        guard let id = req.parameters.get("schoolID", as: UUID.self), let s = try await School.find(id, on: req.db) else { throw Abort(.notFound) }
        return s
    }

    static func json(_ value: JSONValue, type: String = "application/json") -> Response {
        let res = Response(status: .ok, body: .init(string: value.serialized(pretty: true)))
        res.headers.replaceOrAdd(name: .contentType, value: type + "; charset=utf-8")
        res.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        return res
    }

    private func service(_ req: Request, _ school: UUID) throws -> BadgeService {
        BadgeService(db: req.db, base: try SiteAddress.of(req, school: school))
    }

    @Sendable func profile(req: Request) async throws -> Response {
        let s = try await school(req)
        let profile = try service(req, s.id!).issuer(s).profile
        return Self.json(profile.setting("@context", [.string(OpenBadge.vcContext), .string(OpenBadge.obContext)]))
    }

    @Sendable func jwks(req: Request) async throws -> Response {
        let s = try await school(req)
        let keys = try await SigningKey.query(on: req.db).filter(\.$schoolID == s.id!).all()
        return Self.json(["keys": .array(try keys.map { try service(req, s.id!).signer($0).publicJWK() })], type: "application/jwk-set+json")
    }

    @Sendable func key(req: Request) async throws -> Response {
        let s = try await school(req)
        guard let id = req.parameters.get("keyID", as: UUID.self),
              let k = try await SigningKey.query(on: req.db).filter(\.$schoolID == s.id!).filter(\.$id == id).first() else { throw Abort(.notFound) }
        return Self.json(try service(req, s.id!).signer(k).publicJWK(), type: "application/jwk+json")
    }

    /// The 1EdTech revocation list the credentials' `credentialStatus` points at.
    @Sendable func revocations(req: Request) async throws -> Response {
        let s = try await school(req)
        let revoked = try await BadgeCredential.query(on: req.db).filter(\.$schoolID == s.id!).filter(\.$revokedAt != nil).sort(\.$revokedAt).all()
        let svc = try service(req, s.id!)
        return Self.json([
            "id": .string(svc.statusURL(s.id!)),
            "issuer": .string(svc.issuerURL(s.id!)),
            "revokedCredentials": .array(revoked.map { c in
                // No reason: what staff wrote about a child is not published (the family sees it on the portfolio).
                ["id": .string(svc.credentialURL(c.id!)), "revoked": true, "revokedAt": .string(OpenBadge.timestamp(c.revokedAt!))]
            }),
        ])
    }

    /// A credential's id dereferences to its status: valid or revoked, what it is, who issued it.
    @Sendable func status(req: Request) async throws -> Response {
        guard let id = req.parameters.get("credentialID", as: UUID.self),
              let c = try await BadgeCredential.find(id, on: req.db) else { throw Abort(.notFound) }
        let svc = try service(req, c.schoolID)
        let body: JSONValue = ["id": .string(svc.credentialURL(id)), "issuer": .string(svc.issuerURL(c.schoolID)),
                               "name": .string(c.title), "issuedAt": .string(OpenBadge.timestamp(c.issuedAt)),
                               "status": .string(c.revokedAt == nil ? "valid" : "revoked")]
        return Self.json(body)
    }
}
