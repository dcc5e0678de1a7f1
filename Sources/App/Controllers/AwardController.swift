import Domain
import Fluent
import Vapor

/// Awards (поощрения, 3.3): the deputy head or head awards a pupil, or a list of pupils by one order, on one of the
/// nine grounds; an award may cite the achievements it rests on.
struct AwardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupilsAwardsNew, use: newForm)
        routes.post(.pupilsAwards, use: create)
        routes.get(.awards, use: batchForm)
        routes.post(.awards, use: createBatch)
    }

    struct Form: Content {
        var kind: String?
        var ground: String?
        var title: String?
        var date: String?
        var order_number: String?
        var order_date: String?
        var awarded_by: String?
        var achievements: [String]?
        var pupils: [String]?
        var `class`: String?
    }

    struct Values: Encodable {
        var title = "", date = "", orderNumber = "", orderDate = "", awardedBy = ""
    }

    struct Valid {
        let kind, ground, title, orderNumber, awardedBy: String
        let date, orderDate: LocalDate
        var basis: String { "Приказ № \(orderNumber) от \(orderDate.russian)" }
    }

    /// Checks the fields common to one award and a batch; the errors name the field.
    private func validate(_ req: Request, _ form: Form, vocab: Vocabulary, today: LocalDate) -> (Valid?, [String]) {
        var errors: [String] = []
        func fail(_ field: String, _ key: String) { errors.append(req.t("award.field.\(field)") + ": " + req.t(key)) }
        if !vocab.has(.awardKind, form.kind) { fail("kind", "achievement.error.choose") }
        if !vocab.has(.awardGround, form.ground) { fail("ground", "achievement.error.choose") }
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 300 { fail("title", "achievement.error.title") }
        let date = form.date.flatMap(LocalDate.init)
        if date == nil { fail("date", "achievement.error.date") } else if date! > today { fail("date", "achievement.error.future") }
        let number = (form.order_number ?? "").trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 30 { fail("order_number", "award.error.order_number") }
        let orderDate = form.order_date.flatMap(LocalDate.init)
        if orderDate == nil { fail("order_date", "achievement.error.date") }
        else if let d = date, orderDate! > d { fail("order_date", "award.error.order_after") }
        let by = (form.awarded_by ?? "").trimmingCharacters(in: .whitespaces)
        if by.isEmpty || by.count > 200 { fail("awarded_by", "award.error.awarded_by") }
        guard errors.isEmpty else { return (nil, errors) }
        return (Valid(kind: form.kind!, ground: form.ground!, title: title, orderNumber: number, awardedBy: by,
                      date: date!, orderDate: orderDate!), [])
    }

    private func award(_ v: Valid, pupilID: UUID, actor: CurrentActor) -> Award {
        let w = Award()
        w.schoolID = actor.schoolID; w.$pupil.id = pupilID; w.kind = v.kind; w.ground = v.ground; w.title = v.title
        w.date = v.date; w.basisDocument = v.basis; w.orderNumber = v.orderNumber; w.orderDate = v.orderDate
        w.awardedBy = v.awardedBy; w.createdBy = actor.userID; w.shared = false
        return w
    }

    struct FormPage: Encodable {
        let page: PageMeta
        let pupilName: String
        let action: String
        let cancelHref: String
        let kinds, grounds: [SelectOption]
        let achievements: [Linkable]
        let form: Values
        let errors: [String]
    }

    struct Linkable: Encodable { let id, title: String; let checked: Bool }

    private func awardedBy(_ form: Form?, _ req: Request, _ actor: CurrentActor) async throws -> String {
        if let given = form?.awarded_by { return given }
        return try await defaultAwardedBy(req, actor)
    }

    private func defaultAwardedBy(_ req: Request, _ actor: CurrentActor) async throws -> String {
        let school = try await School.find(actor.schoolID, on: req.db)
        return school.map { $0.headName.isEmpty ? "" : "Директор " + $0.headName } ?? ""
    }

    private func render(_ req: Request, actor: CurrentActor, pupil: Pupil, form: Form?, errors: [String], status: HTTPStatus = .ok) async throws -> Response {
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.awardKind, .awardGround], language: req.language)
        let achievements = try await Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupil.id!)
            .filter(\.$status ~~ [.verified, .confirmed]).sort(\.$startsOn, .descending).all()
        let chosen = Set(form?.achievements ?? [])
        let values = Values(title: form?.title ?? "", date: form?.date ?? actor.today.iso, orderNumber: form?.order_number ?? "",
                            orderDate: form?.order_date ?? actor.today.iso,
                            awardedBy: try await awardedBy(form, req, actor))
        return try await req.view.render("awards/new", FormPage(
            page: try req.page(req.t("award.new.title"), section: "classes"), pupilName: pupil.name.full,
            action: RouteTable.pupilsAwards.path(pupil.id!), cancelHref: RouteTable.pupilsPortfolio.path(pupil.id!),
            kinds: vocab.options(.awardKind, selected: form?.kind), grounds: vocab.options(.awardGround, selected: form?.ground),
            achievements: achievements.map {
                Linkable(id: $0.id!.uuidString.lowercased(), title: "\($0.title) (\($0.startsOn.russian))",
                         checked: chosen.contains($0.id!.uuidString.lowercased()))
            },
            form: values, errors: errors)).encodeResponse(status: status, for: req)
    }

    private func authorised(_ req: Request, _ actor: CurrentActor) async throws -> (Pupil, PupilFacts) {
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let found = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.awards))
        else { throw Abort(.notFound) }
        guard actor.decide(.write(.awards), .pupil(found.1)).allowed else { throw Abort(.forbidden) }
        return found
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, _) = try await authorised(req, actor)
        return try await render(req, actor: actor, pupil: pupil, form: nil, errors: [])
    }

    private func grade(_ facts: PupilFacts) -> Int? { facts.classGroups.map(\.grade).max() }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        let form = try req.content.decode(Form.self)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.awardKind, .awardGround], language: req.language)
        let (valid, found) = validate(req, form, vocab: vocab, today: actor.today)
        var errors = found
        if let k = form.kind, !AwardRules.allowed(kind: k, grade: grade(facts)) {
            errors.append(req.t("award.field.kind") + ": " + req.t("award.error.grade"))
        }
        // Linked achievements must be this pupil's own and vouched for.
        let linkIDs = (form.achievements ?? []).compactMap(UUID.init(uuidString:))
        let linkable = linkIDs.isEmpty ? [] : try await Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id == pupil.id!).filter(\.$id ~~ linkIDs).filter(\.$status ~~ [.verified, .confirmed]).all()
        if linkable.count != (form.achievements ?? []).count { errors.append(req.t("award.field.achievements") + ": " + req.t("achievement.error.choose")) }
        guard errors.isEmpty, let v = valid else {
            return try await render(req, actor: actor, pupil: pupil, form: form, errors: errors, status: .unprocessableEntity)
        }
        let audit = try req.audit
        let linked = linkable.compactMap(\.id)
        // One command, one transaction: the award, its links and its audit event; a repeated submit of the same form
        // (a double click) returns the first result and creates nothing more.
        let location = try await OneTime.run(req, command: "award.create") { tx in
            let w = award(v, pupilID: pupil.id!, actor: actor)
            try await w.create(on: tx)
            for id in linked {
                let l = AwardAchievement()
                l.schoolID = actor.schoolID; l.$award.id = w.id!; l.$achievement.id = id
                try await l.create(on: tx)
            }
            try await AuditLog.append(audit, on: tx, action: "create", objectKind: "award", objectID: w.id, pupilID: pupil.id,
                                      details: "\(v.basis): «\(v.title)»")
            return RouteTable.pupilsPortfolio.path(pupil.id!) + "#awards"
        }
        return req.redirect(to: location)
    }

    struct BatchPage: Encodable {
        struct ClassOption: Encodable { let id, title: String; let selected: Bool }
        struct PupilOption: Encodable { let id, name: String; let checked: Bool; let awards: Int }
        struct Recent: Encodable { let date, pupil, kind, title, basis: String; let href: String }
        let page: PageMeta
        let classes: [ClassOption]
        let classID: String
        let pupils: [PupilOption]
        let kinds, grounds: [SelectOption]
        let form: Values
        let errors: [String]
        let recent: [Recent]
        let created: Int?
    }

    /// The deputy head's page: awards of the year, and "award these pupils by order № …" for a class.
    private func batchPage(_ req: Request, actor: CurrentActor, form: Form?, errors: [String], status: HTTPStatus = .ok) async throws -> Response {
        guard actor.may(.awardByOrder) else { throw Abort(.forbidden) }
        let classes = try await ClassQueries.list(on: req.db, actor: actor)
        let chosenClass = (form?.class ?? req.query[String.self, at: "class"]).flatMap(UUID.init(uuidString:))
            .flatMap { id in classes.first { $0.id == id }?.id } ?? classes.first?.id
        var pupils: [BatchPage.PupilOption] = []
        var shown: Set<UUID> = []
        if let c = chosenClass {
            let enrolled = try await Enrolment.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$classGroup.$id == c)
                .filter(\.$endsOn == nil).with(\.$pupil).all().map(\.pupil).sorted { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
            let counts = Dictionary(grouping: try await Award.query(on: req.db).filter(\.$schoolID == actor.schoolID)
                .filter(\.$pupil.$id ~~ enrolled.compactMap(\.id)).all(), by: { $0.$pupil.id }).mapValues(\.count)
            let chosen = Set(form?.pupils ?? [])
            shown.formUnion(enrolled.compactMap(\.id))
            pupils = enrolled.map { .init(id: $0.id!.uuidString.lowercased(), name: $0.name.full,
                                          checked: chosen.contains($0.id!.uuidString.lowercased()), awards: counts[$0.id!] ?? 0) }
        }
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.awardKind, .awardGround], language: req.language)
        let recent = try await Award.query(on: req.db).filter(\.$schoolID == actor.schoolID).with(\.$pupil)
            .sort(\.$date, .descending).sort(\.$createdAt, .descending).range(..<50).all()
        // The class's children with their awards, and the children of the latest awards: each reaches their access log.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "awards", objectID: chosenClass,
                                    pupilIDs: Array(shown.union(recent.map { $0.$pupil.id })))
        let values = Values(title: form?.title ?? "", date: form?.date ?? actor.today.iso, orderNumber: form?.order_number ?? "",
                            orderDate: form?.order_date ?? actor.today.iso,
                            awardedBy: try await awardedBy(form, req, actor))
        return try await req.view.render("awards/batch", BatchPage(
            page: try req.page(req.t("award.batch.title"), section: "awards"),
            classes: classes.map { .init(id: $0.id.uuidString, title: $0.title, selected: $0.id == chosenClass) },
            classID: chosenClass?.uuidString ?? "", pupils: pupils,
            kinds: vocab.options(.awardKind, selected: form?.kind), grounds: vocab.options(.awardGround, selected: form?.ground),
            form: values, errors: errors,
            recent: recent.map { .init(date: $0.date.russian, pupil: $0.pupil.name.full, kind: vocab.title(.awardKind, $0.kind),
                                       title: $0.title, basis: $0.basisDocument, href: RouteTable.pupilsPortfolio.path($0.$pupil.id)) },
            created: req.query[Int.self, at: "created"])).encodeResponse(status: status, for: req)
    }

    @Sendable func batchForm(req: Request) async throws -> Response {
        try await batchPage(req, actor: try req.actor, form: nil, errors: [])
    }

    /// One order, many pupils, one transaction: every pupil must be in the actor's reach, or nothing is written.
    @Sendable func createBatch(req: Request) async throws -> Response {
        let actor = try req.require(.awardByOrder)
        let form = try req.content.decode(Form.self)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.awardKind, .awardGround], language: req.language)
        let (valid, found) = validate(req, form, vocab: vocab, today: actor.today)
        var errors = found
        let ids = (form.pupils ?? []).compactMap(UUID.init(uuidString:))
        if ids.isEmpty || ids.count != (form.pupils ?? []).count { errors.append(req.t("award.error.no_pupils")) }
        var targets: [(Pupil, PupilFacts)] = []
        for id in Set(ids) {
            guard let target = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .write(.awards)) else {
                throw Abort(.notFound)
            }
            // 3.3: by order only for pupils of the classes the actor controls (a deputy head's grades, for instance).
            guard target.1.classGroups.contains(where: { actor.may(.awardByOrder, actor.classTarget($0.id, grade: $0.grade)) }) else {
                throw Abort(.forbidden)
            }
            targets.append(target)
            if let k = form.kind, !AwardRules.allowed(kind: k, grade: grade(target.1)) {
                errors.append(target.0.name.full + ": " + req.t("award.error.grade"))
            }
        }
        guard errors.isEmpty, let v = valid else {
            return try await batchPage(req, actor: actor, form: form, errors: errors, status: .unprocessableEntity)
        }
        let chosen = targets.map { $0.0.id! }
        let audit = try req.audit
        let back = RouteTable.awards.path() + "?class=\((form.class ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&created=\(targets.count)"
        let location = try await OneTime.run(req, command: "award.batch") { tx in
            for pupilID in chosen {
                let w = award(v, pupilID: pupilID, actor: actor)
                try await w.create(on: tx)
                try await AuditLog.append(audit, on: tx, action: "create", objectKind: "award", objectID: w.id, pupilID: pupilID,
                                          details: "\(v.basis): «\(v.title)»")
            }
            return back
        }
        return req.redirect(to: location)
    }
}
