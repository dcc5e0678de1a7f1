import Domain
import Fluent
import Foundation

/// What a leader's page may show: the current year's classes the policy lets the actor reach for an action, and the
/// pupils enrolled in them today (control, analytics, the gifted list and the school ведомость).
enum ReachQueries {
    struct InReach {
        let year: AcademicYear
        let classes: [ClassQueries.Row]
        /// Pupil → class title, for pupils enrolled today in a class the actor reaches.
        let pupils: [UUID: (name: PersonName, classTitle: String, classID: UUID)]
    }

    /// The classes (and their pupils) for which the policy allows `action` one class at a time: a user with two roles
    /// (a deputy head for grades 1–2 who teaches English in 3Б) controls grades 1–2 only, not 3Б.
    static func inReach(on db: any Database, _ actor: CurrentActor, for action: Action = .control) async throws -> InReach? {
        guard let year = try await SchoolQueries.currentYear(on: db, schoolID: actor.schoolID, today: actor.today) else { return nil }
        let classes = try await ClassQueries.list(on: db, actor: actor).filter { actor.may(action, actor.classTarget($0.id, grade: $0.grade)) }
        let titles = Dictionary(uniqueKeysWithValues: classes.map { ($0.id, $0.title) })
        let enrolments = try await Enrolment.query(on: db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$classGroup.$id ~~ classes.map(\.id)).filter(\.$endsOn == nil).with(\.$pupil).all()
        var pupils: [UUID: (name: PersonName, classTitle: String, classID: UUID)] = [:]
        for e in enrolments { pupils[e.$pupil.id] = (e.pupil.name, titles[e.$classGroup.id] ?? "", e.$classGroup.id) }
        return InReach(year: year, classes: classes, pupils: pupils)
    }
}
