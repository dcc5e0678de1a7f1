@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 16, item 6 (coverage): every read of a child's data with the class reaches that child's access log, and the
/// parent's view of the log pages through all of it, with visits without an account summed up and no raw keys.
@Suite struct AccessLogTests {
    typealias A = AchievementTests

    static func logged(_ app: Application, _ kind: String, action: String = "read", since: Int) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: app.db).filter(\.$objectKind == kind).filter(\.$action == action).filter(\.$seq > since).all()
    }

    static func lastSeq(_ app: Application) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).max(\.$seq) ?? 0
    }

    @Test func readsWithTheClassReachEachChildsLog() async throws {
        try await withKopilka(demo: true) { app in
            let own = try await A.ownPupil(app)
            let item = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
                .first { $0.classGroup.title == "2А" && $0.subject.code == "math" }!
            let classID = item.$classGroup.id
            let enrolled = Set(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == classID).filter(\.$endsOn == nil).all(\.$pupil.$id))
            #expect(enrolled.contains(own.id!))
            let teacher = try await A.signedIn(app, "teacher")
            let zavuch = try await A.signedIn(app, "zavuch")

            // The lesson page: one event per child of the lesson's day.
            let lesson = try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == item.id!).first()!
            var since = try await Self.lastSeq(app)
            #expect(try await teacher.get(RouteTable.journalsLesson.path(lesson.id!)).status == .ok)
            let lessonReads = try await Self.logged(app, "lesson", since: since)
            #expect(lessonReads.allSatisfy { $0.objectID == lesson.id })
            #expect(Set(lessonReads.compactMap(\.pupilID)).isSuperset(of: enrolled) && lessonReads.count == Set(lessonReads.compactMap(\.pupilID)).count)

            // Period marks and attestation: the children the page lists, on the page and on its refusal of a save.
            let periodMarks = RouteTable.journalsClassPeriodMarks.path(item.id!)
            since = try await Self.lastSeq(app)
            let marksPage = try await teacher.get(periodMarks)
            #expect(marksPage.status == .ok)
            let onPage = Set(try await Self.logged(app, "period_marks", since: since).compactMap(\.pupilID))
            #expect(onPage.isSuperset(of: enrolled))
            since = try await Self.lastSeq(app)
            let refused = try await teacher.post(periodMarks, form: ["final_\(own.id!.uuidString.lowercased())": "девять"])
            #expect(refused.status == .unprocessableEntity)
            #expect(Set(try await Self.logged(app, "period_marks", since: since).compactMap(\.pupilID)) == onPage)
            since = try await Self.lastSeq(app)
            #expect(try await teacher.get(RouteTable.journalsClassAttestation.path(item.id!)).status == .ok)
            // Those enrolled now: a child who left is not on the attestation page, and not in its events.
            #expect(Set(try await Self.logged(app, "attestation", since: since).compactMap(\.pupilID)) == enrolled)

            // The class's УУД page.
            since = try await Self.lastSeq(app)
            #expect(try await teacher.get(RouteTable.classesIndicators.path(classID)).status == .ok)
            #expect(Set(try await Self.logged(app, "indicators", since: since).compactMap(\.pupilID)).isSuperset(of: enrolled))

            // An assessment's results page.
            let year = try await AcademicYear.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).sort(\.$startsOn, .descending).first()!
            let e = AssessmentEvent()
            e.id = UUID(); e.schoolID = DemoSchool.schoolID; e.$academicYear.id = year.id!; e.$classGroup.id = classID
            e.$subject.id = item.$subject.id; e.source = .external; e.kind = "vpr"; e.title = "ВПР"; e.form = ""
            e.date = A.today().adding(days: -3); e.level = "federal"; e.maxScore = 20
            try await e.create(on: app.db)
            since = try await Self.lastSeq(app)
            #expect(try await teacher.get(RouteTable.assessment.path(e.id!.uuidString)).status == .ok)
            #expect(Set(try await Self.logged(app, "assessment", since: since).compactMap(\.pupilID)).isSuperset(of: enrolled))

            // The deputy head's analytics of the class: every child whose marks it read.
            since = try await Self.lastSeq(app)
            #expect(try await zavuch.get(RouteTable.analytics.path() + "?class=\(classID)").status == .ok)
            #expect(Set(try await Self.logged(app, "analytics", since: since).compactMap(\.pupilID)) == enrolled)
            since = try await Self.lastSeq(app)
            #expect(try await zavuch.get(RouteTable.analytics.path() + "?class=\(classID)&list=risk&format=csv").status == .ok)
            #expect(Set(try await Self.logged(app, "analytics", action: "export", since: since).compactMap(\.pupilID)) == enrolled)

            // The control page names the children without an achievement and with records to verify: each is logged.
            since = try await Self.lastSeq(app)
            let control = zavuch.body(try await zavuch.get(RouteTable.control.path()))
            let controlReads = Set(try await Self.logged(app, "control", since: since).compactMap(\.pupilID))
            #expect(!controlReads.isEmpty)
            for id in controlReads {
                let p = try await Pupil.find(id, on: app.db)!
                #expect(control.contains(p.name.full), "logged but not shown: \(p.name.full)")
            }
            // The awards page for a class: each child of the class (and of the latest awards).
            since = try await Self.lastSeq(app)
            #expect(try await zavuch.get(RouteTable.awards.path() + "?class=\(classID)").status == .ok)
            #expect(Set(try await Self.logged(app, "awards", since: since).compactMap(\.pupilID)).isSuperset(of: enrolled))
            // The list of achievements: each child in it.
            since = try await Self.lastSeq(app)
            _ = try await zavuch.get(RouteTable.achievements.path())
            let listed = Set(try await Achievement.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).all().map { $0.$pupil.id })
            #expect(Set(try await Self.logged(app, "achievements", since: since).compactMap(\.pupilID)).isSubset(of: listed))
            #expect(try await Self.logged(app, "achievements", since: since).contains { $0.pupilID != nil })
            #expect(try await AuditLog.verify(on: app.db).intact)
        }
    }

    /// The achievements list shows its first rows (the spreadsheet carries all): only the children of the rows shown
    /// reach their logs.
    @Test func theAchievementsListLogsOnlyTheChildrenItShows() async throws {
        try await withKopilka(demo: true) { app in
            // Two children of 2А (in the deputy head's reach).
            let own = try await A.ownPupil(app)
            let classID = try await Enrolment.query(on: app.db).filter(\.$pupil.$id == own.id!).filter(\.$endsOn == nil).first()!.$classGroup.id
            // The hidden child: one without achievements of their own (whose records are not the test's to delete).
            let having = Set(try await Achievement.query(on: app.db).all().map { $0.$pupil.id })
            let other = try #require(try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == classID).filter(\.$endsOn == nil).all()
                .map { $0.$pupil.id }.sorted { $0.uuidString < $1.uuidString }.first { $0 != own.id! && !having.contains($0) })
            let shownChild = own, hiddenChild = try await Pupil.find(other, on: app.db)!
            let staff = try await User.query(on: app.db).filter(\.$login == "teacher").first()!
            try await app.db.transaction { tx in
                for i in 0..<(ExportController.pageRows + 5) {
                    let hidden = i >= ExportController.pageRows
                    let a = Achievement()
                    a.schoolID = DemoSchool.schoolID; a.$pupil.id = (hidden ? hiddenChild : shownChild).id!
                    a.title = "Конкурс \(i)"; a.section = "creativity"; a.kind = "contest"; a.level = "school"; a.result = "participant"
                    a.startsOn = hidden ? LocalDate("2010-01-01")! : A.today().adding(days: -1)
                    a.status = .verified; a.origin = .internal; a.createdBy = staff.id!; a.inDecree1239List = false; a.shared = false
                    try await a.create(on: tx)
                }
            }
            let zavuch = try await A.signedIn(app, "zavuch")
            let since = try await Self.lastSeq(app)
            #expect(try await zavuch.get(RouteTable.achievements.path()).status == .ok)
            let logged = Set(try await Self.logged(app, "achievements", since: since).compactMap(\.pupilID))
            #expect(logged.contains(shownChild.id!) && !logged.contains(hiddenChild.id!), "\(logged.count) children logged")
        }
    }

    @Test func apiListsReachEachChildTheyCarry() async throws {
        try await withKopilka(demo: true) { app in
            let token = try await APITests.token(app, "teacher")
            var since = try await Self.lastSeq(app)
            let list = try await APITests.get(app, "/api/v1/pupils?limit=5", token: token)
            #expect(list.status == .ok)
            struct PupilPage: Decodable { struct Item: Decodable { let id: UUID }; let items: [Item] }
            let shown = Set(try list.content.decode(PupilPage.self).items.map(\.id))
            #expect(shown.count == 5)
            #expect(Set(try await Self.logged(app, "api_pupils", since: since).compactMap(\.pupilID)) == shown)

            let item = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
                .first { $0.classGroup.title == "2А" && $0.subject.code == "math" }!
            since = try await Self.lastSeq(app)
            let lessons = try await APITests.get(app, "/api/v1/journals/\(item.id!)/lessons?limit=20", token: token)
            #expect(lessons.status == .ok)
            struct LessonPage: Decodable { struct L: Decodable { struct C: Decodable { let pupil: UUID }; let marks: [C] }; let items: [L] }
            let carried = Set(try lessons.content.decode(LessonPage.self).items.flatMap { $0.marks.map(\.pupil) })
            #expect(!carried.isEmpty)
            #expect(Set(try await Self.logged(app, "journal", since: since).compactMap(\.pupilID)) == carried)
        }
    }

    /// Sixty QR checks and seventy staff reads: the card keeps the staff's reads in view, the visits are one line with
    /// their count, and the log's pages together hold every event of people — none lost, none twice.
    @Test func theParentPagesThroughTheWholeLogWithVisitsGrouped() async throws {
        try await withKopilka(demo: true) { app in
            let own = try await A.ownPupil(app)
            let director = try await User.query(on: app.db).filter(\.$login == "director").first()!
            for i in 0..<60 {
                try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "verifier", address: "qr\(i)"),
                                           on: app.db, .verify, objectKind: "document", objectID: nil, pupilID: own.id)
            }
            for i in 0..<70 {
                try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: director.id, role: "head", address: "d\(i)"),
                                           on: app.db, .read, objectKind: i % 2 == 0 ? "lesson" : "badge_credential", objectID: nil, pupilID: own.id)
            }
            let parent = try await A.signedIn(app, "parent")
            let card = parent.body(try await parent.get(RouteTable.pupil.path(own.id!)))
            let visits = try #require(card.range(of: "id=\"access-visits\"")).upperBound
            #expect(card[visits...].contains("<td>60</td>"))
            let table = String(card[try #require(card.range(of: "id=\"access-log\""))!.upperBound...])
            let rows = table.components(separatedBy: "</table>")[0].components(separatedBy: "<tr>").count - 2
            #expect(rows == PupilController.cardLogRows)
            #expect(table.contains(director.name.short) && !table.contains("проверка документа по QR-коду"))
            #expect(card.contains("id=\"access-log-all\""))
            #expect(!card.contains("audit."), "a raw key on the card")

            // Every page of the whole log, newest first; together they are every event of people, once each.
            let people = try await AuditEvent.query(on: app.db).filter(\.$pupilID == own.id!).filter(\.$actorRole !~ AuditQueries.visitorRoles).count()
            var seen = 0, page = 1
            while true {
                let res = try await parent.get(RouteTable.pupilsAccessLog.path(own.id!) + "?page=\(page)")
                #expect(res.status == .ok)
                let html = parent.body(res)
                #expect(!html.contains("audit."), "a raw key on page \(page)")
                #expect(html.contains("просмотр урока") || page > 1)
                let body = html.components(separatedBy: "id=\"access-log\"")[1].components(separatedBy: "</table>")[0]
                seen += body.components(separatedBy: "<tr>").count - 2
                guard html.contains("id=\"access-log-older\"") else { break }
                page += 1
            }
            // The pages were read one after another, and each view of the log is itself an event of the parent's.
            let after = try await AuditEvent.query(on: app.db).filter(\.$pupilID == own.id!).filter(\.$actorRole !~ AuditQueries.visitorRoles).count()
            #expect(page == 2 && seen >= people && seen <= after, "\(seen) rows over \(page) pages, \(people)…\(after) events")
            // A page past the end answers the last one; another family's child is not found.
            #expect(try await parent.get(RouteTable.pupilsAccessLog.path(own.id!) + "?page=999").status == .ok)
            let stranger = try await Pupil.query(on: app.db).filter(\.$id != own.id!).first()!
            let mine = try await RoleAssignment.query(on: app.db).filter(\.$pupilID == stranger.id!).count()
            if mine == 0 { #expect(try await parent.get(RouteTable.pupilsAccessLog.path(stranger.id!)).status == .notFound) }
        }
    }

    /// Every action and kind of event the code writes has its words in both languages, so no page shows a raw key.
    @Test func everyEventHasWordsInBothLanguages() throws {
        let sources = try StructureTests.appSources().map(\.1).joined(separator: "\n")
        func literals(_ pattern: String) throws -> Set<String> {
            let re = try NSRegularExpression(pattern: pattern)
            return Set(re.matches(in: sources, range: NSRange(sources.startIndex..., in: sources)).compactMap {
                Range($0.range(at: 1), in: sources).map { String(sources[$0]) }
            })
        }
        let kinds = try literals(#"objectKind: "([a-z_]+)""#).union(try literals(#"Due\(kind: "([a-z_]+)""#))
        let actions = try literals(#"action: "([a-z_]+)""#).union(["read", "export", "print", "verify", "destroy", "depersonalise",
                                                                   "activate_user", "deactivate_user"])
        let roles = try literals(#"role: "([a-z_]+)", address"#)
        #expect(kinds.count > 40 && actions.count > 20 && roles.contains("verifier"))
        let loc = try Localization.load(from: StructureTests.root.appendingPathComponent("Resources/Localization/").path + "/")
        var missing: [String] = []
        for lang in ["ru", "en"] {
            let table = loc.tables[lang]!
            missing += kinds.map { "audit.object.\($0)" }.filter { table[$0] == nil }.map { "\(lang): \($0)" }
            missing += actions.map { "audit.action.\($0)" }.filter { table[$0] == nil }.map { "\(lang): \($0)" }
            missing += roles.map { "role.\($0)" }.filter { table[$0] == nil }.map { "\(lang): \($0)" }
        }
        #expect(missing.isEmpty, "\(missing.sorted())")
        // A phrase not written yet still reads as words.
        let t = { (k: String) in loc.text(k, "ru") }
        #expect(AuditQueries.label(action: "read", kind: "lesson", t: t) == "просмотр урока")
        #expect(AuditQueries.label(action: "import", kind: "marks", t: t) == "импорт: отметки")
    }
}
