import Domain
import Fluent
import Vapor

/// A journal reached from a request: resolved within the actor's school and returned only when the policy lets the
/// actor read its marks — 404 otherwise, foreign, unknown and malformed alike. The grid, the lesson form, period
/// marks and the API resolve journals here.
enum JournalAccess {
    /// The journal, if the actor may read it; 404 otherwise (foreign, unknown and malformed alike).
    static func journal(_ req: Request, _ ref: JournalRef?) async throws -> JournalContext {
        let actor = try req.actor
        guard let ref, let j = try await JournalQueries.context(on: req.db, schoolID: actor.schoolID, ref: ref),
              actor.decide(.read(.marks), j.target).allowed
        else { throw Abort(.notFound) }
        return j
    }

    /// The lesson of the request's `lessonID` and its journal, if the actor may read it (the grid, the lesson form, the API).
    static func lessonAndJournal(_ req: Request) async throws -> (Lesson, JournalContext) {
        let actor = try req.actor
        guard let id = req.parameters.get("lessonID", as: UUID.self),
              let lesson = try await Lesson.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        let ref: JournalRef?
        if let g = lesson.$programGroup.id { ref = .group(groupID: g) }
        else if let i = lesson.$curriculumItem.id { ref = lesson.$pupil.id.map { .individual(itemID: i, pupilID: $0) } ?? .classSubject(itemID: i) }
        else { ref = nil }
        return (lesson, try await journal(req, ref))
    }
}
