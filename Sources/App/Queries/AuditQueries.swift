import Domain
import Fluent
import Foundation
import SQLKit

/// Who saw or changed a child's record, for the parent's view of their own child (and for the head).
///
/// Visitors without an account (a QR check of a справка, the family's share link) are counted per kind, not listed
/// among the people: sixty checks of a document never push a teacher's read off the page. The whole log is paged.
enum AuditQueries {
    struct Row: Encodable {
        let when: String
        let who: String
        let role: String
        let action: String
    }

    /// Visits without an account, one line per kind: how many and when.
    struct Visits: Encodable {
        let what: String
        let who: String
        let count: Int
        let first: String
        let last: String
    }

    struct Log: Encodable {
        let rows: [Row]
        /// Events by people with an account (and the server console), all pages together.
        let total: Int
        let page: Int
        let pages: Int
        let visits: [Visits]
    }

    /// Roles of the events written without an account.
    static let visitorRoles = ["verifier", "share_link"]

    /// The Russian (or English) words for an event: the phrase for this action on this kind when there is one
    /// («просмотр журнала»), else the action's word and the kind's («просмотр: урок»). Never a raw key: every action
    /// and kind written by the code has its words (AuditLabelTests).
    static func label(action: String, kind: String, t: (String) -> String) -> String {
        let phrase = "audit.\(action).\(kind)"
        let found = t(phrase)
        if found != phrase { return found }
        return t("audit.action.\(action)") + ": " + t("audit.object.\(kind)")
    }

    /// Who did it: the account's short name, the server console, or «—» (a visitor without an account).
    static func who(_ e: AuditEvent, names: [UUID: String], t: (String) -> String) -> String {
        e.actorUserID.flatMap { names[$0] } ?? (e.actorRole == "cli" ? t("audit.console") : "—")
    }

    static func role(_ role: String, t: (String) -> String) -> String {
        let key = "role.\(role)"
        let found = t(key)
        return found == key ? t("role.—") : found
    }

    /// One page of the log of people (newest first) and the visits without an account.
    static func forPupil(on db: any Database, schoolID: UUID, pupilID: UUID, timeZone: TimeZone, page: Int = 1, perPage: Int = 50,
                         t: (String) -> String) async throws -> Log {
        func people() -> QueryBuilder<AuditEvent> {
            AuditEvent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupilID == pupilID).filter(\.$actorRole !~ visitorRoles)
        }
        let total = try await people().count()
        let pages = max(1, (total + perPage - 1) / perPage)
        let page = min(max(1, page), pages)
        let events = try await people().sort(\.$at, .descending).sort(\.$seq, .descending)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        return Log(rows: try await rows(events, on: db, timeZone: timeZone, t: t), total: total, page: page, pages: pages,
                   visits: try await visits(on: db, schoolID: schoolID, pupilID: pupilID, timeZone: timeZone, t: t))
    }

    /// The visits without an account, one line per kind, counted by the database (anyone holding a справка's QR code
    /// can add thousands: the page reads a few rows whatever their number). The first and last are the events with
    /// the lowest and highest number of the kind — the chain's order is the order of time.
    private static func visits(on db: any Database, schoolID: UUID, pupilID: UUID, timeZone: TimeZone,
                               t: (String) -> String) async throws -> [Visits] {
        let sql = db as! any SQLDatabase   // both drivers
        struct Group: Decodable { let action: String; let object_kind: String; let actor_role: String; let n: Int; let first: Int; let last: Int }
        let groups = try await sql.select()
            .columns("action", "object_kind", "actor_role")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("MIN", args: SQLIdentifier("seq")), as: "first")
            .column(SQLFunction("MAX", args: SQLIdentifier("seq")), as: "last")
            .from(AuditEvent.schema)
            .where("school_id", .equal, SQLBind(schoolID)).where("pupil_id", .equal, SQLBind(pupilID))
            .where("actor_role", .in, SQLBind.group(visitorRoles))
            .groupBy("action").groupBy("object_kind").groupBy("actor_role")
            .all(decoding: Group.self)
        guard !groups.isEmpty else { return [] }
        let ends = try await AuditEvent.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$seq ~~ groups.flatMap { [$0.first, $0.last] }).field(\.$seq).field(\.$at).all()
        let at = Dictionary(ends.map { ($0.seq, $0.at) }, uniquingKeysWith: { a, _ in a })
        return groups.sorted { $0.last > $1.last }.map { g in
            Visits(what: label(action: g.action, kind: g.object_kind, t: t), who: role(g.actor_role, t: t), count: g.n,
                   first: at[g.first].map { SchoolTime.dateTime($0, in: timeZone) } ?? "",
                   last: at[g.last].map { SchoolTime.dateTime($0, in: timeZone) } ?? "")
        }
    }

    /// Every event of the child, visits included, newest first: the family's copy carries the whole log.
    static func everything(on db: any Database, schoolID: UUID, pupilID: UUID, timeZone: TimeZone, t: (String) -> String) async throws -> [Row] {
        let events = try await AuditEvent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupilID == pupilID)
            .sort(\.$at, .descending).sort(\.$seq, .descending).all()
        return try await rows(events, on: db, timeZone: timeZone, t: t)
    }

    private static func rows(_ events: [AuditEvent], on db: any Database, timeZone: TimeZone, t: (String) -> String) async throws -> [Row] {
        let actorIDs = Array(Set(events.compactMap(\.actorUserID)))
        let users = actorIDs.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ actorIDs).all()
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.name.short) })
        return events.map { e in
            Row(when: SchoolTime.dateTime(e.at, in: timeZone), who: who(e, names: names, t: t),
                role: role(e.actorRole, t: t), action: label(action: e.action, kind: e.objectKind, t: t))
        }
    }
}
