import Crypto
import Fluent
import Domain
import Foundation
import Vapor

/// One-time tokens for commands that create something: the page's forms carry `_once`, the grid sends an operation
/// id with each edit, an API client may send `Idempotency-Key`. The command runs in one write transaction that also
/// stores its receipt; a repeated or concurrent submit with the same token waits for the first, finds its receipt and
/// answers the first result without writing anything.
enum OneTime {
    static let field = "_once"
    static let header = "Idempotency-Key"

    static func newToken() -> String { CSRF.randomToken(bytes: 18) }

    /// The token a request carries (form field or header); nil when it has none or an unusable one.
    static func token(_ req: Request) -> String? {
        let sent: String?
        if let form = UploadForm.stored(req) {
            sent = req.headers.first(name: header) ?? form.value(field)
        } else {
            sent = req.headers.first(name: header) ?? (try? req.content.get(String.self, at: field))
        }
        guard let sent, !sent.isEmpty, sent.count <= 200 else { return nil }
        return sent
    }

    /// What a submit asks for: the path and the body as sent (a multipart form's random boundary left out). The same
    /// token with other fields — a page restored from the browser's history and filled in anew — is another command.
    static func fingerprint(_ req: Request) -> String {
        if let form = UploadForm.stored(req) { return req.url.path + "\u{1F}" + form.fingerprint }
        var body = req.body.data.map { Data(buffer: $0) } ?? Data()
        if let boundary = req.headers.contentType?.parameters["boundary"], !boundary.isEmpty {
            body = Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: boundary, with: "-").utf8)
        }
        return req.url.path + "\u{1F}" + Hex.string(SHA256.hash(data: body))
    }

    /// Runs `body` in one write transaction, once per (user, command, token): its result is the receipt's.
    static func run(_ db: any Database, schoolID: UUID, userID: UUID, command: String, token: String?,
                    now: Date = Date(), _ body: @escaping @Sendable (any Database) async throws -> String) async throws -> String {
        try await outcome(db, schoolID: schoolID, userID: userID, command: command, token: token, now: now, body).result
    }

    /// `run`, saying whether this call ran the command (`first`) or found the receipt of an earlier one.
    static func outcome(_ db: any Database, schoolID: UUID, userID: UUID, command: String, token: String?, now: Date = Date(),
                        _ body: @escaping @Sendable (any Database) async throws -> String) async throws -> (result: String, first: Bool) {
        guard let token else { return (try await db.writeTransaction(body), true) }
        let text = [userID.uuidString, command, token].joined(separator: "\u{1F}")
        let key = Hex.string(SHA256.hash(data: Data(text.utf8)))
        return try await db.writeTransaction { tx in
            try await tx.lock("once:" + key)
            if let first = try await CommandReceipt.query(on: tx).filter(\.$keyHash == key).first() { return (first.result, false) }
            let result = try await body(tx)
            try await CommandReceipt(schoolID: schoolID, userID: userID, keyHash: key, result: result, createdAt: now).create(on: tx)
            // Receipts outlive any retry of a form or a grid cell by far after two days. The sweep runs with one receipt in
            // 256 (its key's first byte is zero), not on every saved cell.
            if key.hasPrefix("00") {
                try await CommandReceipt.query(on: tx).filter(\.$createdAt < now.addingTimeInterval(-2 * 86_400)).delete()
            }
            return (result, true)
        }
    }

    /// `outcome` for the signed-in actor of `req`: the command is keyed by what the request asks for (`fingerprint`),
    /// with the token it carries unless another is given (the grid's operation id).
    static func outcome(_ req: Request, command: String, token given: String? = nil,
                        _ body: @escaping @Sendable (any Database) async throws -> String) async throws -> (result: String, first: Bool) {
        let actor = try req.actor
        return try await outcome(req.db, schoolID: actor.schoolID, userID: actor.userID, command: command + "\u{1F}" + fingerprint(req),
                                 token: given ?? token(req), body)
    }

    /// `run` for the signed-in actor of `req`, with the token the request carries.
    static func run(_ req: Request, command: String, _ body: @escaping @Sendable (any Database) async throws -> String) async throws -> String {
        try await outcome(req, command: command, body).result
    }
}
