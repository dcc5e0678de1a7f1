import Domain
import Fluent
import Foundation
import ZIPFoundation

/// A school year of the school as a OneRoster 1.2 CSV bulk package (STANDARDS.md §3.1, mapping as sketched there):
/// the school → orgs; the year and its periods → academicSessions (schoolYear, gradingPeriod); subjects → courses;
/// each class → a homeroom class, each subject of a class → a scheduled class; pupils, staff and parents → users +
/// roles (parents linked by the pupil's agentSourcedIds); class membership and teaching → enrollments; birth date and
/// sex → demographics (nothing else the school does not record); work types → categories; mark scales → scoreScales
/// (one per class); lessons with marks → lineItems, marks → results with textScore; period marks → a lineItem per
/// class and period in the «period» category. Identifiers are the records' own ids, so an import keeps them.
struct OneRosterExport {
    static let homeroomPrefix = "homeroom-"
    static let periodCategory = "period-mark"
    static let periodLineItemPrefix = "period-"

    let db: any Database

    /// The files, each as rows (header first).
    func files(schoolID: UUID, yearID: UUID) async throws -> [String: [[String]]] {
        guard let school = try await School.find(schoolID, on: db),
              let year = try await AcademicYear.query(on: db).filter(\.$schoolID == schoolID).filter(\.$id == yearID).first()
        else { throw OneRosterError(messages: ["учебный год не найден"]) }
        let sid = schoolID.uuidString.lowercased()
        func id(_ u: UUID) -> String { u.uuidString.lowercased() }
        func opt(_ u: UUID?) -> String { u.map(id) ?? "" }
        var f: [String: [[String]]] = [:]
        for name in OneRoster.written { f[name] = [OneRoster.columns[name]!] }

        f["orgs"]!.append([sid, "", "", school.name, "school", school.inn, ""])

        let periods = try await Period.query(on: db).filter(\.$academicYear.$id == yearID).sort(\.$startsOn).sort(\.$number).all()
        let yid = id(yearID)
        f["academicSessions"]!.append([yid, "", "", year.title, "schoolYear", year.startsOn.iso, year.endsOn.iso, "", String(year.endsOn.year)])
        for p in periods {
            f["academicSessions"]!.append([id(p.id!), "", "", p.title, "gradingPeriod", p.startsOn.iso, p.endsOn.iso, yid, String(year.endsOn.year)])
        }

        let classes = try await ClassGroup.query(on: db).filter(\.$academicYear.$id == yearID).all().sorted { ($0.grade, $0.letter) < ($1.grade, $1.letter) }
        let classIDs = classes.compactMap(\.id)
        let items = classIDs.isEmpty ? [] : try await CurriculumItem.query(on: db).filter(\.$classGroup.$id ~~ classIDs)
            .with(\.$subject).with(\.$markScale).all()
        let subjects = try await Subject.query(on: db).filter(\.$schoolID == schoolID).sort(\.$sort).all()
        let homeroomCourse = Self.homeroomPrefix + yid
        f["courses"]!.append([homeroomCourse, "", "", yid, "Классный коллектив", "homeroom", "", sid, "", ""])
        for s in subjects {
            f["courses"]!.append([id(s.id!), "", "", yid, s.name, s.code, "", sid, s.name, s.code])
        }
        let classByID = Dictionary(uniqueKeysWithValues: classes.map { ($0.id!, $0) })
        for c in classes {
            f["classes"]!.append([id(c.id!), "", "", c.title, OneRoster.grade(c.grade), homeroomCourse, c.title, "homeroom", "", sid, yid, "", "", ""])
        }
        let sortedItems = items.sorted {
            let a = classByID[$0.$classGroup.id]!, b = classByID[$1.$classGroup.id]!
            return (a.grade, a.letter, $0.subject.sort, $0.subject.code) < (b.grade, b.letter, $1.subject.sort, $1.subject.code)
        }
        for item in sortedItems {
            let c = classByID[item.$classGroup.id]!
            f["classes"]!.append([id(item.id!), "", "", "\(c.title) · \(item.subject.name)", OneRoster.grade(c.grade), id(item.$subject.id),
                                  c.title, "scheduled", "", sid, yid, item.subject.name, item.subject.code, ""])
            f["scoreScales"]!.append(["scale-" + id(item.id!), "", "", item.markScale.title, item.markScale.kind.rawValue, sid,
                                      id(item.$subject.id), id(item.id!), item.markScale.allowedValues.joined(separator: ",")])
        }

        // People: pupils enrolled in the year's classes, their parents, the staff.
        let enrolments = classIDs.isEmpty ? [] : try await Enrolment.query(on: db).filter(\.$classGroup.$id ~~ classIDs).with(\.$pupil).all()
            .sorted { ($0.pupil.lastName, $0.pupil.firstName, id($0.$pupil.id), $0.startsOn) < ($1.pupil.lastName, $1.pupil.firstName, id($1.$pupil.id), $1.startsOn) }
        var pupils: [Pupil] = []
        var seen = Set<UUID>()
        for e in enrolments where seen.insert(e.$pupil.id).inserted { pupils.append(e.pupil) }
        let pupilIDs = pupils.compactMap(\.id)
        let links = pupilIDs.isEmpty ? [] : try await GuardianLink.query(on: db).filter(\.$pupil.$id ~~ pupilIDs).with(\.$user).all()
        let assignments = try await RoleAssignment.query(on: db).filter(\.$schoolID == schoolID).with(\.$user).all()
        let gradeOf = Dictionary(enrolments.map { ($0.$pupil.id, classByID[$0.$classGroup.id]!.grade) }, uniquingKeysWith: { _, b in b })
        for p in pupils {
            let agents = links.filter { $0.$pupil.id == p.id }.map { id($0.$user.id) }.sorted().joined(separator: ",")
            f["users"]!.append([id(p.id!), "", "", "true", "", "", p.firstName, p.lastName, p.middleName, p.externalID ?? "", "", "", "",
                                agents, gradeOf[p.id!].map(OneRoster.grade) ?? "", "", "", "", "", "", "", sid, ""])
            f["roles"]!.append(["student-" + id(p.id!), "", "", id(p.id!), "primary", "student", "", "", sid, ""])
            f["demographics"]!.append([id(p.id!), "", "", p.birthDate.iso, p.sex == .male ? "male" : "female", "", "", "", "", "", "", "", "",
                                       "", "", ""])
        }
        // Teaching: the class teacher of each class, the teacher of each subject of a class (primary), and the other
        // subject teachers the school assigned to it.
        var teaching: [[String]] = []
        var teachers = Set<UUID>()
        for c in classes { if let t = c.$classTeacher.id {
            teaching.append(["teacher-" + id(c.id!), "", "", id(c.id!), sid, id(t), "teacher", "true", "", ""]); teachers.insert(t)
        } }
        for item in sortedItems {
            if let t = item.$teacher.id {
                teaching.append(["teacher-" + id(item.id!), "", "", id(item.id!), sid, id(t), "teacher", "true", "", ""]); teachers.insert(t)
            }
            let c = classByID[item.$classGroup.id]!
            let others = assignments.filter { a in
                a.role == .subjectTeacher && a.user.active && a.classGroupID == c.id && a.subjectID == item.$subject.id
                    && a.$user.id != item.$teacher.id && a.$user.id != c.$classTeacher.id
            }.map { $0.$user.id }
            for t in Set(others).sorted(by: { id($0) < id($1) }) {
                teaching.append(["teacher-\(id(item.id!))-\(id(t))", "", "", id(item.id!), sid, id(t), "teacher", "false", "", ""]); teachers.insert(t)
            }
        }
        // Staff and parents: one users row each, one roles row per OneRoster role they hold (a teacher only with a class
        // of this year to teach).
        var people: [UUID: (user: User, roles: Set<String>)] = [:]
        for a in assignments where a.user.active {
            guard let role = Self.oneRosterRole(a.role) else { continue }
            if a.role == .parent, !links.contains(where: { $0.$user.id == a.$user.id }) { continue }
            if role == "teacher", !teachers.contains(a.$user.id) { continue }
            people[a.$user.id, default: (a.user, [])].roles.insert(role == "parent" ? Self.parentRole(links.filter { $0.$user.id == a.$user.id }) : role)
        }
        for t in teachers where people[t] == nil {
            if let u = try await User.find(t, on: db), u.active { people[t] = (u, ["teacher"]) }
        }
        for (uid, person) in people.sorted(by: { ($0.value.user.lastName, $0.value.user.firstName, id($0.key)) < ($1.value.user.lastName, $1.value.user.firstName, id($1.key)) }) {
            let u = person.user
            f["users"]!.append([id(uid), "", "", "true", u.login, "", u.firstName, u.lastName, u.middleName, "", u.email ?? "", "", u.phone ?? "",
                                "", "", "", "", "", "", "", "", sid, ""])
            for role in person.roles.sorted() {
                f["roles"]!.append(["\(id(uid))-\(role)", "", "", id(uid), "primary", role, "", "", sid, ""])
            }
        }

        // Enrollments: pupils in their homeroom classes (with dates), then the teaching above.
        for e in enrolments {
            f["enrollments"]!.append([id(e.id!), "", "", id(e.$classGroup.id), sid, id(e.$pupil.id), "student", "false",
                                      e.startsOn.iso, e.endsOn?.iso ?? ""])
        }
        f["enrollments"]! += teaching

        // Gradebook: categories, lessons with marks, marks, period marks.
        let workTypes = try await WorkType.query(on: db).filter(\.$schoolID == schoolID).sort(\.$sort).all()
        for w in workTypes { f["categories"]!.append([id(w.id!), "", "", w.title, Self.number(w.weight)]) }
        f["categories"]!.append([Self.periodCategory, "", "", "Отметка за период", "0"])
        let itemIDs = items.compactMap(\.id)
        let lessons = itemIDs.isEmpty ? [] : try await Lesson.query(on: db).filter(\.$curriculumItem.$id ~~ itemIDs).filter(\.$pupil.$id == nil)
            .sort(\.$date).all()
        let events = itemIDs.isEmpty ? [] : try await MarkEvent.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$curriculumItemID ~~ itemIDs).sort(\.$recordedAt).all()
        var current: [String: MarkEvent] = [:]
        for e in events { current["\(id(e.$lesson.id)).\(id(e.$pupil.id))"] = e }
        let marked = Dictionary(grouping: current.values.filter { $0.action == .set }, by: { $0.$lesson.id })
        func session(_ date: LocalDate) -> String {
            periods.first { $0.kind != .year && $0.startsOn <= date && date <= $0.endsOn }.map { id($0.id!) } ?? yid
        }
        for l in lessons.sorted(by: { ($0.date, id($0.id!)) < ($1.date, id($1.id!)) }) {
            guard let cells = marked[l.id!], let item = l.$curriculumItem.id else { continue }
            f["lineItems"]!.append([id(l.id!), "", "", l.topic, "", l.date.iso, l.date.iso, id(item), opt(l.$workType.id), session(l.date), "", "", sid])
            for e in cells.sorted(by: { id($0.$pupil.id) < id($1.$pupil.id) }) {
                let text = e.value ?? e.verbal ?? ""
                f["results"]!.append(["\(id(l.id!)).\(id(e.$pupil.id))", "", "", id(l.id!), id(e.$pupil.id), "fully graded",
                                      Int(text).map(String.init) ?? "", l.date.iso, "", text, id(item), "", "", "", ""])
            }
        }
        let periodMarks = itemIDs.isEmpty ? [] : try await PeriodMark.query(on: db).filter(\.$curriculumItem.$id ~~ itemIDs)
            .filter(\.$status != .proposed).filter(\.$finalValue != nil).all()
        let periodByID = Dictionary(uniqueKeysWithValues: periods.map { ($0.id!, $0) })
        let groups = Dictionary(grouping: periodMarks, by: { "\(id($0.$curriculumItem.id)).\(id($0.$period.id))" })
        for key in groups.keys.sorted() {
            let marks = groups[key]!
            guard let first = marks.first, let period = periodByID[first.$period.id] else { continue }
            let lineItem = Self.periodLineItemPrefix + key
            f["lineItems"]!.append([lineItem, "", "", "Отметка за период: \(period.title)", "", period.endsOn.iso, period.endsOn.iso,
                                    id(first.$curriculumItem.id), Self.periodCategory, id(period.id!), "", "", sid])
            for m in marks.sorted(by: { id($0.$pupil.id) < id($1.$pupil.id) }) {
                f["results"]!.append([id(m.id!), "", "", lineItem, id(m.$pupil.id), "fully graded", Int(m.finalValue!).map(String.init) ?? "",
                                      period.endsOn.iso, m.reason ?? "", m.finalValue!, id(first.$curriculumItem.id), "", "", "", ""])
            }
        }
        return f
    }

    /// The package as a ZIP: manifest.csv at the root and one CSV per present file.
    func zip(schoolID: UUID, yearID: UUID) async throws -> Data {
        let files = try await files(schoolID: schoolID, yearID: yearID)
        let archive = try Archive(accessMode: .create)
        func add(_ name: String, _ data: Data) throws {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("manifest.csv", OneRoster.csv(OneRoster.manifest(systemName: "Kopilka", systemCode: "kopilka", present: Set(files.keys))))
        for name in OneRoster.written { try add(name + ".csv", OneRoster.csv(files[name]!)) }
        return archive.data ?? Data()
    }

    static func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    /// Kopilka's roles in OneRoster's vocabulary (pupils are students through their own records).
    static func oneRosterRole(_ role: Role) -> String? {
        switch role {
        case .head: return "principal"
        case .deputyHead: return "siteAdministrator"
        case .admin: return "systemAdministrator"
        case .classTeacher, .subjectTeacher: return "teacher"
        case .parent: return "parent"
        // Clubs and courses of additional education are not in the package; pupils are students through their records.
        case .additionalTeacher, .pupil: return nil
        }
    }

    /// «parent» for a mother or father, «guardian» for a guardian or another legal representative.
    static func parentRole(_ links: [GuardianLink]) -> String {
        links.contains { $0.relation == .mother || $0.relation == .father } ? "parent" : "guardian"
    }
}
