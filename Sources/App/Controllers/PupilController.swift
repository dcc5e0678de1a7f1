import Domain
import Fluent
import Vapor

/// The pupil card (личное дело): ФИО, birth date, class history, guardians, groups.
struct PupilController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupil, use: show)
        routes.post(.pupilsParticipation, use: addParticipation)
        routes.get(.pupilsExport, use: export)
        routes.get(.pupilsAccessLog, use: accessLog)
    }

    struct ShowPage: Encodable {
        let page: PageMeta
        let name: String
        let birthDate: String
        let age: Int
        let currentClass: String
        let homeSchooled: Bool
        let specialConditions: Bool
        let classHistory: [PupilQueries.ClassHistoryRow]
        let guardians: [PupilQueries.GuardianRow]?
        let groups: [PupilQueries.GroupRow]
        let accessLog: AuditQueries.Log?
        let accessLogHref: String
        let resultsHref: String
        let participation: [ParticipationRow]?
        let participationKinds: [Option]
        let canAddParticipation: Bool
        let participationAction: String
        let csrf: String
        let portfolioHref: String?
        let documentsHref: String?
        let exportHref: String?
        let routeHref: String?
        let consents: ConsentSection?
    }

    struct ParticipationRow: Encodable { let kind, title, dates, note: String }
    struct Option: Encodable { let id, title: String }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.actor
        // 6.2: an id outside the actor's reach answers 404, exactly like an id that does not exist.
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.personalFile))
        else { throw Abort(.notFound) }
        let card = try await PupilQueries.card(on: req.db, actor: actor, pupil: pupil, facts: facts, t: { req.t($0) })
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "personal_file", objectID: pupil.id, pupilID: pupil.id)
        // A parent sees who viewed or changed their child's record, and when.
        var log: AuditQueries.Log?
        if actor.decide(.read(.auditLog), .pupil(facts)).allowed {
            log = try await AuditQueries.forPupil(on: req.db, schoolID: actor.schoolID, pupilID: id,
                                                  timeZone: actor.timeZone, perPage: Self.cardLogRows, t: { req.t($0) })
        }
        var participation: [ParticipationRow]?
        if actor.decide(.read(.participation), .pupil(facts)).allowed {
            let kinds = try await VocabularyEntry.query(on: req.db).filter(\.$schoolID == actor.schoolID)
                .filter(\.$vocabulary == .participationKind).all()
            let title = Dictionary(uniqueKeysWithValues: kinds.map { ($0.code, $0.titleRu) })
            participation = try await Participation.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id)
                .sort(\.$startsOn, .descending).all().map {
                    ParticipationRow(kind: title[$0.kind] ?? $0.kind, title: $0.title,
                                     dates: $0.startsOn.russian + ($0.endsOn.map { " – " + $0.russian } ?? ""), note: $0.note ?? "")
                }
        }
        let kinds = try await VocabularyEntry.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$vocabulary == .participationKind).filter(\.$active == true).sort(\.$sort).all()
        return try await req.view.render("pupils/show", ShowPage(
            page: req.page(pupil.name.full, section: actor.isFamily(of: facts) ? "home" : "classes"),
            name: pupil.name.full, birthDate: RussianText.longDate(pupil.birthDate), age: pupil.birthDate.age(on: actor.today),
            currentClass: card.currentClass ?? "—", homeSchooled: pupil.homeSchooled, specialConditions: card.specialConditions,
            classHistory: card.classHistory, guardians: card.guardians, groups: card.groups, accessLog: log,
            accessLogHref: RouteTable.pupilsAccessLog.path(id),
            resultsHref: RouteTable.pupilsResults.path(id), participation: participation,
            participationKinds: kinds.map { Option(id: $0.code, title: $0.titleRu) },
            canAddParticipation: actor.decide(.write(.participation), .pupil(facts)).allowed,
            participationAction: RouteTable.pupilsParticipation.path(id), csrf: CSRF.token(for: req),
            portfolioHref: actor.decide(.read(.portfolio), .pupil(facts)).allowed ? RouteTable.pupilsPortfolio.path(id) : nil,
            documentsHref: actor.decide(.read(.documents), .pupil(facts)).allowed ? RouteTable.pupilsDocuments.path(id) : nil,
            exportHref: actor.may(.exportFamilyCopy, .pupil(facts)) ? RouteTable.pupilsExport.path(id) : nil,
            routeHref: actor.may(.read(.route), .pupil(facts)) ? RouteTable.pupilsRoute.path(id) : nil,
            consents: try await consentSection(req, actor: actor, pupilID: id, facts: facts)))
    }

    /// The card shows the latest events; the log's own page holds all of them.
    static let cardLogRows = 20

    struct AccessLogPage: Encodable {
        let page: PageMeta
        let name: String
        let back: String
        let accessLog: AuditQueries.Log
        let previous: String?
        let next: String?
    }

    /// Who saw or changed the child's record, every event, 50 to a page (newest first); visits without an account
    /// (QR checks, the share link) summed up per kind above them.
    @Sendable func accessLog(req: Request) async throws -> View {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.auditLog))
        else { throw Abort(.notFound) }
        let wanted = req.query[String.self, at: "page"].flatMap { Int($0) } ?? 1
        let log = try await AuditQueries.forPupil(on: req.db, schoolID: actor.schoolID, pupilID: id, timeZone: actor.timeZone,
                                                  page: wanted, t: { req.t($0) })
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "access_log", objectID: id, pupilID: id)
        let base = RouteTable.pupilsAccessLog.path(id)
        return try await req.view.render("pupils/access-log", AccessLogPage(
            page: try req.page(req.t("pupil.access_log") + " · " + pupil.name.full, section: actor.isFamily(of: facts) ? "home" : "classes"),
            name: pupil.name.full, back: RouteTable.pupil.path(id), accessLog: log,
            previous: log.page > 1 ? base + "?page=\(log.page - 1)" : nil,
            next: log.page < log.pages ? base + "?page=\(log.page + 1)" : nil))
    }

    /// 152-ФЗ ст. 14: the legal representative's copy of everything stored about the child (the leadership may make it
    /// for them, e.g. on a written request).
    @Sendable func export(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.personalFile))
        else { throw Abort(.notFound) }
        guard actor.may(.exportFamilyCopy, .pupil(facts)) else {
            throw Abort(.forbidden)
        }
        let data = try await PupilDataExport.make(req: req, actor: actor, pupil: pupil, facts: facts)
        try await AuditLog.logRead(try req.audit, on: req.db, .export, objectKind: "pupil_data", objectID: id, pupilID: id)
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = .init(type: "application", subType: "zip")
        // The child's name and the day: a parent with two children keeps two copies apart.
        DownloadName.set(res, "Данные \(pupil.lastName) \(pupil.firstName) \(actor.today.iso).zip", fallback: "kopilka-dannye-\(actor.today.iso).zip")
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return res
    }

    struct ParticipationForm: Content { var kind: String?; var title: String?; var starts_on: String?; var ends_on: String?; var note: String? }

    /// 3.2.3: participation in self-government and volunteering is recorded as what the child did, not as a score.
    @Sendable func addParticipation(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (_, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.personalFile))
        else { throw Abort(.notFound) }
        guard actor.decide(.write(.participation), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        let form = try req.content.decode(ParticipationForm.self)
        guard let kind = form.kind, try await VocabularyEntry.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$vocabulary == .participationKind).filter(\.$code == kind).count() == 1 else {
            throw Abort(.unprocessableEntity, reason: req.t("participation.error.kind"))
        }
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 300 else { throw Abort(.unprocessableEntity, reason: req.t("participation.error.title")) }
        guard let start = form.starts_on.flatMap(LocalDate.init) else { throw Abort(.unprocessableEntity, reason: req.t("participation.error.date")) }
        let end = form.ends_on.flatMap { $0.isEmpty ? nil : LocalDate($0) }
        if let e = form.ends_on, !e.isEmpty, end == nil || end! < start {
            throw Abort(.unprocessableEntity, reason: req.t("participation.error.date"))
        }
        let p = Participation()
        p.schoolID = actor.schoolID; p.$pupil.id = id; p.kind = kind; p.title = title; p.startsOn = start; p.endsOn = end
        p.note = form.note.flatMap { $0.isEmpty ? nil : $0 }; p.recordedBy = actor.userID
        let location = try await OneTime.run(req, command: "participation.add") { tx in
            try await p.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "participation", objectID: p.id, pupilID: id)
            return RouteTable.pupil.path(id)
        }
        return req.redirect(to: location)
    }

    /// The consents block, for those the policy lets read consents.
    private func consentSection(_ req: Request, actor: CurrentActor, pupilID: UUID, facts: PupilFacts) async throws -> ConsentSection? {
        guard actor.decide(.read(.consents), .pupil(facts)).allowed else { return nil }
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.consentPurpose], language: req.language)
        let (consents, representatives) = try await ConsentQueries.forPupil(on: req.db, schoolID: actor.schoolID, pupilID: pupilID)
        return ConsentSection.make(consents: consents, representatives: representatives, vocabulary: vocab, actor: actor, facts: facts, pupilID: pupilID)
    }
}
