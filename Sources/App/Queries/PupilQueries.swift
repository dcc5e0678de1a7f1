import Domain
import Fluent
import Vapor

/// The pupil's personal file (личное дело), read only after the access policy allows it.
enum PupilQueries {
    /// What the policy needs to know of a pupil: current classes with grades, current programme groups.
    static func facts(on db: any Database, schoolID: UUID, pupilID: UUID, today: LocalDate) async throws -> PupilFacts {
        let enrolments = try await Enrolment.query(on: db)
            .filter(\.$schoolID == schoolID)
            .filter(\.$pupil.$id == pupilID)
            .with(\.$classGroup)
            .all()
        let groups = try await GroupMembership.query(on: db)
            .filter(\.$schoolID == schoolID)
            .filter(\.$pupil.$id == pupilID)
            .all()
        return facts(schoolID: schoolID, pupilID: pupilID, enrolments: enrolments, memberships: groups, on: today)
    }

    /// The facts as of `day` from the pupil's enrolments (with their classes) and memberships already read: a page that
    /// asks for several days (a past year's results) reads them once.
    static func facts(schoolID: UUID, pupilID: UUID, enrolments: [Enrolment], memberships: [GroupMembership], on day: LocalDate) -> PupilFacts {
        PupilFacts(schoolID: schoolID, pupilID: pupilID,
                   classGroups: enrolments.filter { $0.overlaps(day, day) }.map { (id: $0.classGroup.id!, grade: $0.classGroup.grade) },
                   programGroupIDs: memberships.filter { $0.startsOn <= day && ($0.endsOn.map { day <= $0 } ?? true) }.map { $0.$programGroup.id })
    }

    /// The pupil of the actor's school, if the policy allows `action`; nil otherwise (the caller answers 404).
    static func authorised(on db: any Database, actor: CurrentActor, pupilID: UUID, action: Action) async throws -> (Pupil, PupilFacts)? {
        guard let pupil = try await Pupil.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$id == pupilID)
            .first()
        else { return nil }
        let facts = try await facts(on: db, schoolID: actor.schoolID, pupilID: pupilID, today: actor.today)
        return actor.decide(action, .pupil(facts)).allowed ? (pupil, facts) : nil
    }

    struct ClassHistoryRow: Encodable {
        let year: String
        let classTitle: String
        let from: String
        let to: String
        let reason: String
    }

    struct GuardianRow: Encodable {
        let name: String
        let relation: String
        let legalRepresentative: Bool
        let phone: String
        let email: String
    }

    struct GroupRow: Encodable {
        let title: String
        let kind: String
        let teacher: String
    }

    struct Card {
        let pupil: Pupil
        let classHistory: [ClassHistoryRow]
        /// The guardians and their contacts: nil unless the policy grants the actor a read of them.
        let guardians: [GuardianRow]?
        let groups: [GroupRow]
        let currentClass: String?
        /// «Нужны специальные условия» (2.2): shown only to those who read the individual route.
        let specialConditions: Bool
    }

    static func card(on db: any Database, actor: CurrentActor, pupil: Pupil, facts: PupilFacts, t: (String) -> String) async throws -> Card {
        let pupilID = pupil.id!
        let enrolments = try await Enrolment.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id == pupilID)
            .with(\.$classGroup) { $0.with(\.$academicYear) }
            .sort(\.$startsOn, .descending)
            .all()
        let history = enrolments.map { e in
            ClassHistoryRow(year: e.classGroup.academicYear.title, classTitle: e.classGroup.title,
                            from: e.startsOn.russian, to: e.endsOn?.russian ?? "", reason: e.reason ?? "")
        }
        let links = !actor.may(.read(.guardians), .pupil(facts)) ? nil : try await GuardianLink.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id == pupilID)
            .with(\.$user)
            .all()
        let guardians = links?.map { l in
            GuardianRow(name: l.user.name.full, relation: t("relation.\(l.relation.rawValue)"),
                        legalRepresentative: l.legalRepresentative, phone: l.user.phone ?? "", email: l.user.email ?? "")
        }
        let memberships = try await GroupMembership.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id == pupilID)
            .filter(\.$endsOn == nil)
            .with(\.$programGroup) { $0.with(\.$teacher) }
            .all()
        let groups = memberships.map { m in
            GroupRow(title: m.programGroup.title, kind: t("group.kind.\(m.programGroup.kind.rawValue)"),
                     teacher: m.programGroup.teacher?.name.short ?? "—")
        }
        let current = enrolments.first { $0.endsOn == nil }?.classGroup.title
        return Card(pupil: pupil, classHistory: history, guardians: guardians, groups: groups, currentClass: current,
                    specialConditions: pupil.specialConditions && actor.may(.read(.route), .pupil(facts)))
    }
}
