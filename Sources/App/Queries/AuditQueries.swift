import Domain
import Fluent
import Foundation

/// Who saw or changed a child's record, for the parent's view of their own child (and for the head).
enum AuditQueries {
    struct Row: Encodable {
        let when: String
        let who: String
        let role: String
        let action: String
    }

    static func forPupil(on db: any Database, schoolID: UUID, pupilID: UUID, timeZone: TimeZone, limit: Int = 50,
                         t: (String) -> String) async throws -> [Row] {
        let events = try await AuditEvent.query(on: db)
            .filter(\.$schoolID == schoolID)
            .filter(\.$pupilID == pupilID)
            .sort(\.$at, .descending)
            .limit(limit)
            .all()
        let actorIDs = Array(Set(events.compactMap(\.actorUserID)))
        let users = actorIDs.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ actorIDs).all()
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.name.short) })
        return events.map { e in
            Row(when: SchoolTime.dateTime(e.at, in: timeZone), who: e.actorUserID.flatMap { names[$0] } ?? "—",
                role: t("role.\(e.actorRole)"), action: t("audit.\(e.action).\(e.objectKind)"))
        }
    }
}
