import Domain
import Fluent
import Vapor

/// The public check behind the QR code: only that document № N of date D was issued by the school for a pupil with
/// these initials, or that it is unknown or revoked. No marks, no other personal data.
struct VerificationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.verify, use: verify)
    }

    struct Page: Encodable {
        let lang: String
        let title: String
        let found: Bool
        let valid: Bool
        let school: String
        let number: String
        let date: String
        let kind: String
        let initials: String
    }

    @Sendable func verify(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard token.count >= 16, token.count <= 64,
              let d = try await IssuedDocument.query(on: req.db).filter(\.$verificationToken == token).with(\.$pupil).first(),
              let school = try await School.find(d.schoolID, on: req.db)
        else {
            let page = Page(lang: req.language, title: req.t("verify.title"), found: false, valid: false, school: "", number: "",
                            date: "", kind: "", initials: "")
            let res = try await req.view.render("spravka/verify", page).encodeResponse(status: .notFound, for: req)
            res.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex")
            return res
        }
        try await AuditLog.logRead(AuditContext(schoolID: d.schoolID, actorID: nil, role: "verifier", address: req.clientAddress), on: req.db, .verify, objectKind: "document",
                                  objectID: d.id, pupilID: d.$pupil.id, details: "проверка по QR-коду")
        let page = Page(lang: req.language, title: req.t("verify.title"), found: true, valid: d.revokedAt == nil, school: school.name,
                        number: "\(d.registerNumber)", date: d.issuedOn.russian, kind: req.t("document.kind.\(d.kind.rawValue)"),
                        initials: d.pupil.map { Spravka.initials($0.name) } ?? "")
        let res = try await req.view.render("spravka/verify", page).encodeResponse(for: req)
        res.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex")
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return res
    }
}
