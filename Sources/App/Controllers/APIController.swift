import Domain
import Fluent
import Vapor

/// The JSON API, `/api/v1` (issue 8, first part: reading). The contract is `Resources/OpenAPI/openapi.yaml`; a test
/// fails when a route and the document drift apart.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiSpec, use: spec)
        let authed = routes.grouped(BearerMiddleware())
        authed.get(.apiClasses, use: classes)
        authed.get(.apiPupils, use: pupils)
        authed.get(.apiPupil, use: pupil)
        authed.get(.apiPupilsAchievements, use: achievements)
        authed.get(.apiPupilsAwards, use: awards)
        authed.get(.apiPupilsMarks, use: marks)
        authed.get(.apiPupilsPeriodMarks, use: periodMarks)
        authed.get(.apiPupilsDocuments, use: documents)
        authed.get(.apiPupilsConsents, use: consents)
        authed.get(.apiPupilsPortfolio, use: portfolio)
        authed.get(.apiPupilsRequests, use: requests)
        authed.get(.apiJournals, use: journals)
        authed.get(.apiJournalsLessons, use: lessons)
        authed.post(.apiLessonsMarks, use: writeMark)
    }

    @Sendable func spec(req: Request) async throws -> Response {
        let path = req.application.directory.resourcesDirectory + "OpenAPI/openapi.yaml"
        guard let data = FileManager.default.contents(atPath: path) else { throw Abort(.notFound) }
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return res
    }

    struct Page<Item: Content>: Content {
        let items: [Item]
        let total: Int
        let limit: Int
        let offset: Int
    }

    static func window(_ req: Request) throws -> (limit: Int, offset: Int) {
        let limit = req.query[Int.self, at: "limit"] ?? 50
        let offset = req.query[Int.self, at: "offset"] ?? 0
        guard (1...200).contains(limit) else { throw Abort(.badRequest, reason: "limit: число от 1 до 200") }
        guard offset >= 0 else { throw Abort(.badRequest, reason: "offset: не меньше 0") }
        return (limit, offset)
    }

    struct ClassOut: Content { let id: UUID; let title: String; let grade: Int; let classTeacher: String; let pupils: Int }

    @Sendable func classes(req: Request) async throws -> Page<ClassOut> {
        let actor = try req.actor
        let (limit, offset) = try Self.window(req)
        let all = try await ClassQueries.list(on: req.db, actor: actor)
        return Page(items: all.dropFirst(offset).prefix(limit).map { ClassOut(id: $0.id, title: $0.title, grade: $0.grade, classTeacher: $0.teacher, pupils: $0.pupils) },
                    total: all.count, limit: limit, offset: offset)
    }

    struct PupilOut: Content {
        let id: UUID
        let lastName, firstName, middleName: String
        let birthDate: String
        let classTitle: String?
        let status: String
    }

    /// Pupils the actor reaches: the classes in their reach, or their own children; `class` filters by a class id.
    @Sendable func pupils(req: Request) async throws -> Page<PupilOut> {
        let actor = try req.actor
        let (limit, offset) = try Self.window(req)
        var ids: [UUID: String] = [:]
        let classes = try await ClassQueries.list(on: req.db, actor: actor)
        let wanted = req.query[String.self, at: "class"]
        if let w = wanted, UUID(uuidString: w) == nil { throw Abort(.badRequest, reason: "class: идентификатор класса (UUID)") }
        let chosen = classes.filter { c in wanted.flatMap(UUID.init(uuidString:)).map { $0 == c.id } ?? true }
        for e in try await Enrolment.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$classGroup.$id ~~ chosen.map(\.id))
            .filter(\.$endsOn == nil).all() {
            ids[e.$pupil.id] = chosen.first { $0.id == e.$classGroup.id }?.title
        }
        if wanted == nil {
            for own in AccessPolicy.ownPupils(actor.assignments, schoolID: actor.schoolID, on: actor.today) where ids[own] == nil { ids[own] = "" }
        }
        let rows = try await Pupil.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id ~~ Array(ids.keys)).all()
            .sorted { ($0.lastName, $0.firstName, $0.id!.uuidString) < ($1.lastName, $1.firstName, $1.id!.uuidString) }
        let shown = rows.dropFirst(offset).prefix(limit)
        // Each child the answer carries (name, birth date, class) reaches their access log; one INSERT for the page.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "api_pupils", objectID: nil, pupilIDs: shown.map { $0.id! }, details: "API")
        return Page(items: shown.map {
            PupilOut(id: $0.id!, lastName: $0.lastName, firstName: $0.firstName, middleName: $0.middleName, birthDate: $0.birthDate.iso,
                     classTitle: ids[$0.id!].flatMap { $0.isEmpty ? nil : $0 }, status: $0.status.rawValue)
        }, total: rows.count, limit: limit, offset: offset)
    }

    private func authorised(_ req: Request, _ kind: RecordKind) async throws -> (CurrentActor, Pupil, PupilFacts) {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(kind))
        else { throw Abort(.notFound, reason: "Обучающийся не найден.") }
        return (actor, pupil, facts)
    }

    @Sendable func pupil(req: Request) async throws -> PupilOut {
        let (actor, p, facts) = try await authorised(req, .personalFile)
        let card = try await PupilQueries.card(on: req.db, actor: actor, pupil: p, facts: facts, t: { req.t($0) })
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "personal_file", objectID: p.id, pupilID: p.id, details: "API")
        return PupilOut(id: p.id!, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, birthDate: p.birthDate.iso,
                        classTitle: card.currentClass, status: p.status.rawValue)
    }

    struct AchievementOut: Content {
        let id: UUID
        let title, section, kind, level, result: String
        let place: String?
        let startsOn: String
        let endsOn: String?
        let organiser: String?
        let inDecree1239List: Bool
        let origin, status: String
    }

    @Sendable func achievements(req: Request) async throws -> Page<AchievementOut> {
        let (actor, p, _) = try await authorised(req, .achievements)
        let (limit, offset) = try Self.window(req)
        var q = Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!)
        if let s = req.query[String.self, at: "status"] {
            guard let status = AchievementStatus(rawValue: s) else { throw Abort(.badRequest, reason: "status: submitted, confirmed, verified или rejected") }
            q = q.filter(\.$status == status)
        }
        let all = try await q.sort(\.$startsOn, .descending).all()
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "achievement", objectID: nil, pupilID: p.id, details: "API")
        return Page(items: all.dropFirst(offset).prefix(limit).map { a in
            AchievementOut(id: a.id!, title: a.title, section: a.section, kind: a.kind, level: a.level, result: a.result, place: a.place,
                           startsOn: a.startsOn.iso, endsOn: a.endsOn?.iso, organiser: a.organiser, inDecree1239List: a.inDecree1239List,
                           origin: a.origin.rawValue, status: a.status.rawValue)
        }, total: all.count, limit: limit, offset: offset)
    }

    struct AwardOut: Content { let id: UUID; let kind, ground, title, date, basis, awardedBy: String }

    @Sendable func awards(req: Request) async throws -> Page<AwardOut> {
        let (actor, p, _) = try await authorised(req, .awards)
        let (limit, offset) = try Self.window(req)
        let all = try await Award.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!).sort(\.$date, .descending).all()
        return Page(items: all.dropFirst(offset).prefix(limit).map {
            AwardOut(id: $0.id!, kind: $0.kind, ground: $0.ground, title: $0.title, date: $0.date.iso, basis: $0.basisDocument, awardedBy: $0.awardedBy)
        }, total: all.count, limit: limit, offset: offset)
    }

    struct MarkOut: Content { let lessonId: UUID; let date, subject, value: String; let weight: Double }

    /// Current marks of the subjects the token's user may read (a subject teacher: theirs only), `from`/`to` dates.
    @Sendable func marks(req: Request) async throws -> Page<MarkOut> {
        let (actor, p, facts) = try await authorised(req, .personalFile)
        let (limit, offset) = try Self.window(req)
        func date(_ key: String) throws -> LocalDate? {
            guard let t = req.query[String.self, at: key] else { return nil }
            guard let d = LocalDate(t) else { throw Abort(.badRequest, reason: "\(key): дата ГГГГ-ММ-ДД") }
            return d
        }
        let from = try date("from"), to = try date("to")
        let items = try await CurriculumItem.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$classGroup.$id ~~ facts.classGroups.map(\.id)).with(\.$subject).all()
            .filter { actor.decide(.read(.marks), .pupil(facts, subject: $0.$subject.id)).allowed }
        guard !items.isEmpty else { throw Abort(.notFound, reason: "Обучающийся не найден.") }
        var q = MarkEvent.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!)
            .filter(\.$curriculumItemID ~~ items.compactMap(\.id))
        if let from { q = q.filter(\.$date >= from) }
        if let to { q = q.filter(\.$date <= to) }
        let current = try await q.all().currentMarks
        let names = Dictionary(uniqueKeysWithValues: items.map { ($0.id!, $0.subject.name) })
        let rows = current.sorted { ($0.date, $0.$lesson.id.uuidString) < ($1.date, $1.$lesson.id.uuidString) }
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "results", objectID: nil, pupilID: p.id, details: "API")
        return Page(items: rows.dropFirst(offset).prefix(limit).map {
            MarkOut(lessonId: $0.$lesson.id, date: $0.date.iso, subject: $0.curriculumItemID.flatMap { names[$0] } ?? "",
                    value: $0.value ?? $0.verbal ?? "", weight: $0.weight)
        }, total: rows.count, limit: limit, offset: offset)
    }

    struct PeriodMarkOut: Content { let subject, period, value, status: String }

    @Sendable func periodMarks(req: Request) async throws -> Page<PeriodMarkOut> {
        let (actor, p, facts) = try await authorised(req, .personalFile)
        let (limit, offset) = try Self.window(req)
        let items = try await CurriculumItem.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$classGroup.$id ~~ facts.classGroups.map(\.id)).with(\.$subject).all()
            .filter { actor.decide(.read(.periodMarks), .pupil(facts, subject: $0.$subject.id)).allowed }
        guard !items.isEmpty else { throw Abort(.notFound, reason: "Обучающийся не найден.") }
        let names = Dictionary(uniqueKeysWithValues: items.map { ($0.id!, $0.subject.name) })
        let all = try await PeriodMark.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!)
            .filter(\.$curriculumItem.$id ~~ items.compactMap(\.id)).filter(\.$status != .proposed).with(\.$period).all()
            .sorted { ($0.period.startsOn, names[$0.$curriculumItem.id] ?? "") < ($1.period.startsOn, names[$1.$curriculumItem.id] ?? "") }
        return Page(items: all.dropFirst(offset).prefix(limit).map {
            PeriodMarkOut(subject: names[$0.$curriculumItem.id] ?? "", period: $0.period.title, value: $0.finalValue ?? "", status: $0.status.rawValue)
        }, total: all.count, limit: limit, offset: offset)
    }

    struct DocumentOut: Content { let id: UUID; let number: Int; let year: Int; let issuedOn, kind: String; let revoked: Bool }

    @Sendable func documents(req: Request) async throws -> Page<DocumentOut> {
        let (actor, p, _) = try await authorised(req, .documents)
        let (limit, offset) = try Self.window(req)
        let all = try await IssuedDocument.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!)
            .sort(\.$issuedOn, .descending).all()
        return Page(items: all.dropFirst(offset).prefix(limit).map {
            DocumentOut(id: $0.id!, number: $0.registerNumber, year: $0.year, issuedOn: $0.issuedOn.iso, kind: $0.kind.rawValue, revoked: $0.revokedAt != nil)
        }, total: all.count, limit: limit, offset: offset)
    }

    struct ConsentOut: Content { let purpose, givenOn: String; let withdrawnOn: String? }

    @Sendable func consents(req: Request) async throws -> Page<ConsentOut> {
        let (actor, p, _) = try await authorised(req, .consents)
        let (limit, offset) = try Self.window(req)
        let all = try await Consent.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!)
            .sort(\.$givenOn, .descending).all()
        return Page(items: all.dropFirst(offset).prefix(limit).map {
            ConsentOut(purpose: $0.purpose, givenOn: $0.givenOn.iso, withdrawnOn: $0.withdrawnOn?.iso)
        }, total: all.count, limit: limit, offset: offset)
    }

    struct WorkOut: Content { let id: UUID; let section, title, description, date: String; let shared: Bool; let file: String? }

    /// The portfolio's works (4.8); achievements and awards have their own endpoints.
    @Sendable func portfolio(req: Request) async throws -> Page<WorkOut> {
        let (actor, p, _) = try await authorised(req, .portfolio)
        let (limit, offset) = try Self.window(req)
        let all = try await PortfolioArtefact.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!)
            .sort(\.$date, .descending).all()
        return Page(items: all.dropFirst(offset).prefix(limit).map {
            WorkOut(id: $0.id!, section: $0.section, title: $0.title, description: $0.description, date: $0.date.iso, shared: $0.shared,
                    file: $0.$attachment.id.map { RouteTable.file.path($0.uuidString.lowercased()) })
        }, total: all.count, limit: limit, offset: offset)
    }

    struct RequestOut: Content {
        let id: UUID
        let subject, channel, receivedOn, dueOn, status: String
        let answeredOn: String?
    }

    /// Requests for information about the pupil (6.3): the family's own and what the school registered.
    @Sendable func requests(req: Request) async throws -> Page<RequestOut> {
        let (actor, p, _) = try await authorised(req, .requests)
        let (limit, offset) = try Self.window(req)
        let all = try await InformationRequest.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == p.id!)
            .sort(\.$receivedOn, .descending).all()
        return Page(items: all.dropFirst(offset).prefix(limit).map {
            RequestOut(id: $0.id!, subject: $0.subject, channel: $0.channel.rawValue, receivedOn: $0.receivedOn.iso,
                       dueOn: ($0.extendedUntil ?? $0.dueOn).iso, status: $0.status.rawValue, answeredOn: $0.answeredOn?.iso)
        }, total: all.count, limit: limit, offset: offset)
    }

    struct JournalOut: Content { let id: UUID; let classId: UUID; let classTitle, subject: String; let scale: [String] }

    /// Class journals of the current year whose marks the token's user may read (a subject teacher: their subjects).
    @Sendable func journals(req: Request) async throws -> Page<JournalOut> {
        let actor = try req.actor
        let (limit, offset) = try Self.window(req)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else {
            return Page(items: [], total: 0, limit: limit, offset: offset)
        }
        let all = try await CurriculumItem.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .join(ClassGroup.self, on: \CurriculumItem.$classGroup.$id == \ClassGroup.$id)
            .filter(ClassGroup.self, \.$academicYear.$id == year.id!)
            .with(\.$classGroup).with(\.$subject).with(\.$markScale).all()
            .filter { item in
                return actor.may(.read(.marks), actor.classRecords(item.classGroup.id!, grade: item.classGroup.grade, subject: item.$subject.id))
            }
            .sorted { ($0.classGroup.grade, $0.classGroup.letter, $0.subject.sort) < ($1.classGroup.grade, $1.classGroup.letter, $1.subject.sort) }
        return Page(items: all.dropFirst(offset).prefix(limit).map {
            JournalOut(id: $0.id!, classId: $0.classGroup.id!, classTitle: $0.classGroup.title, subject: $0.subject.name, scale: $0.markScale.allowedValues)
        }, total: all.count, limit: limit, offset: offset)
    }

    struct CellOut: Content { let pupil: UUID; let value: String }
    struct LessonOut: Content { let id: UUID; let date, topic: String; let workType: String?; let marks: [CellOut] }

    /// A class journal's lessons with the current value of every cell, `from`/`to` dates.
    @Sendable func lessons(req: Request) async throws -> Page<LessonOut> {
        let actor = try req.actor
        let (limit, offset) = try Self.window(req)
        guard let id = req.parameters.get("journalID", as: UUID.self),
              let j = try await JournalQueries.context(on: req.db, schoolID: actor.schoolID, ref: .classSubject(itemID: id)),
              actor.decide(.read(.marks), j.target).allowed
        else { throw Abort(.notFound, reason: "Журнал не найден.") }
        func date(_ key: String, _ fallback: LocalDate) throws -> LocalDate {
            guard let t = req.query[String.self, at: key] else { return fallback }
            guard let d = LocalDate(t) else { throw Abort(.badRequest, reason: "\(key): дата ГГГГ-ММ-ДД") }
            return d
        }
        let from = try date("from", LocalDate(year: 1900, month: 1, day: 1)!), to = try date("to", LocalDate(year: 9999, month: 12, day: 31)!)
        let all = try await JournalQueries.lessons(on: req.db, j, from: from, to: to)
        let page = Array(all.dropFirst(offset).prefix(limit))
        let cells = try await JournalQueries.cells(on: req.db, schoolID: actor.schoolID, lessonIDs: page.compactMap(\.id))
        let workTypes = Dictionary(uniqueKeysWithValues: try await WorkType.query(on: req.db).filter(\.$schoolID == actor.schoolID).all().map { ($0.id!, $0.title) })
        var byLesson: [UUID: [CellOut]] = [:]
        for e in cells.marks.values where e.action == .set {
            byLesson[e.$lesson.id, default: []].append(CellOut(pupil: e.$pupil.id, value: e.value ?? e.verbal ?? ""))
        }
        // Each child whose marks the page carries.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "journal", objectID: id,
                                    pupilIDs: Array(Set(byLesson.values.flatMap { $0.map(\.pupil) })), details: "API")
        return Page(items: page.map { l in
            LessonOut(id: l.id!, date: l.date.iso, topic: l.topic, workType: l.$workType.id.flatMap { workTypes[$0] },
                      marks: (byLesson[l.id!] ?? []).sorted { $0.pupil.uuidString < $1.pupil.uuidString })
        }, total: all.count, limit: limit, offset: offset)
    }

    struct MarkIn: Content { var pupil: UUID?; var value: String?; var reason: String? }
    struct MarkWritten: Content { let value: String; let events: Int }

    /// `gradebook:write`: one cell of a lesson, by the same rules as the journal grid (scale, grade 1, locks, reasons).
    @Sendable func writeMark(req: Request) async throws -> Response {
        let actor = try req.actor
        let (lesson, j) = try await JournalAccess.lessonAndJournal(req)
        let input = try req.content.decode(MarkIn.self)
        guard let pupilID = input.pupil else { throw Abort(.badRequest, reason: "pupil: идентификатор обучающегося") }
        do {
            let written = try await MarkEntry.write(on: req.db, actor: actor, audit: try req.audit, journal: j, lesson: lesson,
                                                    pupilID: pupilID, raw: input.value ?? "", reason: input.reason, details: "API")
            return try await MarkWritten(value: written.display, events: written.events).encodeResponse(for: req)
        } catch MarkEntry.Failure.rule(let e) {
            throw Abort(.unprocessableEntity, reason: e.message)
        } catch MarkEntry.Failure.forbidden {
            throw Abort(.forbidden, reason: "Нет права записи в этот журнал.")
        } catch MarkEntry.Failure.notFound {
            throw Abort(.notFound, reason: "Обучающийся не найден в этом журнале.")
        }
    }
}
