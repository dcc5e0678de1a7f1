import Domain
import Fluent
import Vapor

/// Classes as the actor may see them: scoped before any row is fetched.
enum ClassQueries {
    struct Row: Encodable {
        let id: UUID
        let title: String
        let grade: Int
        let teacher: String
        let pupils: Int
        let href: String
    }

    /// The classes of `year` (the current one by default) the actor reaches; a closed year's counted at its end.
    static func list(on db: any Database, actor: CurrentActor, year chosen: AcademicYear? = nil) async throws -> [Row] {
        var year = chosen
        if year == nil { year = try await SchoolQueries.currentYear(on: db, schoolID: actor.schoolID, today: actor.today) }
        guard let year else { return [] }
        let reach = AccessPolicy.classReach(actor.assignments, schoolID: actor.schoolID, on: actor.today)
        var query = ClassGroup.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == year.id!)
            .with(\.$classTeacher)
        if case .some(let ids, let grades) = reach {
            if grades.isEmpty && ids.isEmpty { return [] }
            query = query.group(.or) { or in
                if !ids.isEmpty { or.filter(\.$id ~~ Array(ids)) }
                for g in grades { or.group(.and) { $0.filter(\.$grade >= g.lowerBound).filter(\.$grade <= g.upperBound) } }
            }
        }
        let classes = try await query.sort(\.$grade).sort(\.$letter).all()
        let counts = try await SchoolQueries.pupilCounts(on: db, schoolID: actor.schoolID, classIDs: classes.compactMap(\.id),
                                                         today: year.status == .open ? actor.today : min(actor.today, year.endsOn))
        return classes.map { c in
            Row(id: c.id!, title: c.title, grade: c.grade, teacher: c.classTeacher?.name.full ?? "—",
                pupils: counts[c.id!] ?? 0, href: RouteTable.classGroup.path(c.id!))
        }
    }

    struct PupilRow: Encodable {
        let number: Int
        let name: String
        let birthDate: String
        let flags: [String]
        let href: String
        let portfolioHref: String
        let achievements: Int
    }

    struct SubjectRow: Encodable {
        let subject: String
        let teacher: String
        let hours: String
        let scale: String
    }

    struct Page {
        let classGroup: ClassGroup
        let pupils: [PupilRow]
        let subjects: [SubjectRow]
        /// The children on the page: whose access logs the read goes to.
        let pupilIDs: [UUID]
    }

    /// A class of the actor's school with its current pupils and curriculum; nil when it is not theirs to see.
    static func page(on db: any Database, actor: CurrentActor, classID: UUID, t: (String) -> String) async throws -> Page? {
        guard let c = try await ClassGroup.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$id == classID)
            .with(\.$classTeacher)
            .with(\.$academicYear)
            .first()
        else { return nil }
        let decision = actor.decide(.viewClass, .classGroup(schoolID: actor.schoolID, classGroupID: classID, grade: c.grade))
        guard decision.allowed else { return nil }
        // A closed year's class keeps the pupils it had at the year's end (issue 17): their enrolments ended with it.
        let enrolments = try await Enrolment.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$classGroup.$id == classID)
            .with(\.$pupil)
            .all()
            .filter { $0.atEnd(of: c.academicYear) }
        let pupils = enrolments.map(\.pupil).sorted { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
        // Achievements recorded for each pupil (not rejected): one query for the class.
        let seesAchievements = actor.may(.read(.achievements), actor.classRecords(classID, grade: c.grade))
        let recorded = pupils.isEmpty || !seesAchievements ? [:] : Dictionary(grouping: try await Achievement.query(on: db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id ~~ pupils.compactMap(\.id)).filter(\.$status != .rejected).field(\.$pupil.$id).all(), by: { $0.$pupil.id })
            .mapValues(\.count)
        // «Нужны специальные условия» only for those who read the individual route (2.2, 6.2).
        let seesConditions = actor.may(.read(.route), actor.classRecords(classID, grade: c.grade))
        let rows = pupils.enumerated().map { i, p in
            var flags: [String] = []
            if p.homeSchooled { flags.append(t("pupil.flag.home_schooled")) }
            if p.specialConditions && seesConditions { flags.append(t("pupil.flag.special_conditions")) }
            return PupilRow(number: i + 1, name: p.name.full, birthDate: p.birthDate.russian, flags: flags, href: RouteTable.pupil.path(p.id!),
                            portfolioHref: seesAchievements ? RouteTable.pupilsPortfolio.path(p.id!) : "", achievements: recorded[p.id!] ?? 0)
        }
        let items = try await CurriculumItem.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$classGroup.$id == classID)
            .with(\.$subject).with(\.$teacher).with(\.$markScale)
            .all()
            .sorted { $0.subject.sort < $1.subject.sort }
        let subjects = items.map { i in
            SubjectRow(subject: i.subject.name, teacher: i.teacher?.name.short ?? "—",
                       hours: i.hoursPerWeek == i.hoursPerWeek.rounded() ? String(Int(i.hoursPerWeek)) : String(i.hoursPerWeek),
                       scale: i.markScale.title)
        }
        return Page(classGroup: c, pupils: rows, subjects: subjects, pupilIDs: pupils.compactMap(\.id))
    }
}
