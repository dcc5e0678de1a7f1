import Crypto
import Fluent
import Domain
import Foundation
import SQLKit
import Vapor

extension CurrentActor {
    /// The actor as the author of audit events made from `address`.
    func audit(from address: String, app: Application? = nil) -> AuditContext {
        AuditContext(schoolID: schoolID, actorID: userID, role: primaryRole.rawValue, address: address,
                     failBeforeCommit: app?.storage[InjectedFailures.self] ?? [])
    }
}

extension Request {
    /// The signed-in actor as the author of audit events.
    var audit: AuditContext {
        get throws { try actor.audit(from: clientAddress, app: application) }
    }
}

extension Application {
    /// The console (or the server itself) as the author of audit events in `schoolID`.
    func audit(schoolID: UUID, actorID: UUID? = nil, role: String = "cli", address: String = "cli") -> AuditContext {
        AuditContext(schoolID: schoolID, actorID: actorID, role: role, address: address, failBeforeCommit: storage[InjectedFailures.self] ?? [])
    }
}

/// The append-only, hash-chained register of actions with personal data (152-ФЗ ст. 19 ч. 2 п. 8).
/// Each event carries the hash of the one before it in its school's chain; `kopilka audit-verify` walks it.
enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    /// What a read-like event says: a child's record was seen, exported, printed, or a document checked by its QR code.
    enum ReadKind: String, Sendable { case read, export, print, verify }

    /// A read of a child's record: the event is the action's only write, so it is committed on its own (there is no
    /// change to go with it). Every other event is appended inside the transaction of its change (`append`).
    static func logRead(_ ctx: AuditContext, on db: any Database, _ kind: ReadKind = .read, objectKind: String, objectID: UUID?,
                        pupilID: UUID?, details: String = "") async throws {
        try await logReads(ctx, on: db, kind, objectKind: objectKind, objectID: objectID, pupilIDs: pupilID.map { [$0] } ?? [], details: details)
    }

    /// The reads of many children at once (a class on a page, a school in an export): one event per child, all written
    /// by one INSERT in one transaction — a page's children are never a write each. Its own transaction, tried again
    /// after a failure (a busy moment): a read is never shown without its events.
    static func logReads(_ ctx: AuditContext, on db: any Database, _ kind: ReadKind = .read, objectKind: String, objectID: UUID?,
                         pupilIDs: [UUID], details: String = "") async throws {
        // No child on it (an empty class): the read itself is still one event.
        let pupils: [UUID?] = pupilIDs.isEmpty ? [nil] : pupilIDs
        var lastError: (any Error)?
        for attempt in 0..<5 {
            do {
                return try await db.writeTransaction { tx in
                    try await appendEvents(on: tx, ctx, pupils.map { (kind.rawValue, objectKind, objectID, $0, details) })
                    if ctx.failBeforeCommit.contains(objectKind) { throw InjectedFailure(objectKind: objectKind) }
                }
            } catch let e as InjectedFailure {
                throw e
            } catch {
                lastError = error
                try await Task.sleep(nanoseconds: UInt64(2_000_000 * (attempt + 1)))
            }
        }
        throw lastError!
    }

    /// Appends one event inside the caller's write transaction `tx`: the change and its event commit or roll back together.
    static func append(_ ctx: AuditContext, on tx: any Database, action: String, objectKind: String, objectID: UUID?,
                       pupilID: UUID?, details: String = "") async throws {
        guard tx.inTransaction else { throw NotInTransaction() }
        try await appendEvent(on: tx, schoolID: ctx.schoolID, actorID: ctx.actorID, role: ctx.role, action: action,
                              objectKind: objectKind, objectID: objectID, pupilID: pupilID, address: ctx.address, details: details)
        if ctx.failBeforeCommit.contains(objectKind) { throw InjectedFailure(objectKind: objectKind) }
    }

    struct NotInTransaction: Error, CustomStringConvertible {
        var description: String { "an audit event is appended inside the write transaction of its change" }
    }

    /// Writes the next event of the school's chain in the caller's transaction. The chain's appends queue on one lock:
    /// PostgreSQL, a transaction-scoped advisory lock per school (under 64 concurrent views racing for the next number
    /// ran out of retries); SQLite, the write transaction already holds the database's only write lock.
    private static func appendEvent(on tx: any Database, schoolID: UUID, actorID: UUID?, role: String, action: String,
                                    objectKind: String, objectID: UUID?, pupilID: UUID?, address: String, details: String) async throws {
        try await appendEvents(on: tx, AuditContext(schoolID: schoolID, actorID: actorID, role: role, address: address, failBeforeCommit: []),
                               [(action, objectKind, objectID, pupilID, details)])
    }

    /// Writes the next events of the school's chain, in order, by one INSERT.
    private static func appendEvents(on tx: any Database, _ ctx: AuditContext,
                                     _ items: [(action: String, objectKind: String, objectID: UUID?, pupilID: UUID?, details: String)],
                                     at: Date = Date()) async throws {
        // Plain SQL on the hot path (every view of a child's record comes here): the chain's head is two columns,
        // and the events go in as binds, without Fluent's reflective model encoding. Both drivers are SQL databases.
        let sql = tx as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: ctx.schoolID.uuidString), 0))").run()
        }
        struct Head: Decodable { let seq: Int; let hash: String }
        let last = try await sql.select().columns("seq", "hash").from(AuditEvent.schema)
            .where("school_id", .equal, SQLBind(ctx.schoolID)).orderBy("seq", .descending).limit(1).first(decoding: Head.self)
        var seq = last?.seq ?? 0
        var prev = last?.hash ?? genesis
        // Whole milliseconds: what both databases store exactly and the hash covers.
        let moment = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        let events = items.map { item -> AuditEvent in
            let e = AuditEvent()
            seq += 1
            e.id = UUID()
            e.schoolID = ctx.schoolID
            e.seq = seq
            e.actorUserID = ctx.actorID
            e.actorRole = ctx.role
            e.action = item.action
            e.objectKind = item.objectKind
            e.objectID = item.objectID
            e.pupilID = item.pupilID
            e.address = storable(ctx.address)
            e.at = moment
            e.details = storable(item.details)
            e.prevHash = prev
            e.hashVersion = 2
            e.hash = hash(of: e)
            prev = e.hash
            return e
        }
        // One INSERT a thousand events (a page's class is one; a school's export a few): within both databases' bind limits.
        func bind(_ value: (any Encodable & Sendable)?) -> any SQLExpression { value.map { SQLBind($0) } ?? SQLLiteral.null }
        for start in stride(from: 0, to: events.count, by: 1000) {
            var insert = sql.insert(into: AuditEvent.schema).columns(Self.columns)
            for e in events[start..<min(start + 1000, events.count)] {
                insert = insert.values([bind(e.id), bind(e.schoolID), bind(e.seq), bind(e.actorUserID), bind(e.actorRole), bind(e.action),
                                        bind(e.objectKind), bind(e.objectID), bind(e.pupilID), bind(e.address), bind(e.at), bind(e.details),
                                        bind(e.prevHash), bind(e.hash), bind(e.hashVersion)])
            }
            try await insert.run()
        }
    }

    /// The columns of an event, in the order `appendEvents` binds them (`AuditEvent`'s fields).
    static let columns = ["id", "school_id", "seq", "actor_user_id", "actor_role", "action", "object_kind", "object_id", "pupil_id",
                          "address", "at", "details", "prev_hash", "hash", "hash_version"]

    /// Text as both databases store and give back exactly: a NUL (which SQLite's reader cuts the text at and PostgreSQL
    /// refuses) is kept as the visible «␀», so what is hashed is what is read back. Requests carrying NUL are refused
    /// before this (`RequestShapeMiddleware`); this holds for any other way in (the console, an import).
    static func storable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{2400}") : text
    }

    /// The hash of an event over every field that matters and the previous hash, the way the event was written.
    static func hash(of e: AuditEvent) -> String {
        let bytes: Data
        if e.hashVersion == 2 {
            bytes = canonical(e)
        } else {
            let millis = Int64((e.at.timeIntervalSince1970 * 1000).rounded())
            bytes = Data([e.prevHash, String(e.seq), e.schoolID.uuidString, e.actorUserID?.uuidString ?? "", e.actorRole, e.action,
                          e.objectKind, e.objectID?.uuidString ?? "", e.pupilID?.uuidString ?? "", e.address, String(millis), e.details]
                .joined(separator: "\u{1F}").utf8)
        }
        return Hex.string(SHA256.hash(data: bytes))
    }

    /// The canonical encoding the hash covers: a version tag, then every field as a presence byte and, when present,
    /// its UTF-8 length (4 bytes, big-endian) and bytes. No separator can be forged by a field's content.
    static func canonical(_ e: AuditEvent) -> Data {
        var out = Data("kopilka-audit/2".utf8)
        func put(_ text: String?) {
            guard let text else { out.append(0); return }
            let bytes = Array(text.utf8)
            out.append(1)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes)
        }
        put(e.prevHash); put(String(e.seq)); put(e.schoolID.uuidString); put(e.actorUserID?.uuidString); put(e.actorRole)
        put(e.action); put(e.objectKind); put(e.objectID?.uuidString); put(e.pupilID?.uuidString); put(e.address)
        put(String(Int64((e.at.timeIntervalSince1970 * 1000).rounded()))); put(e.details)
        return out
    }
}
