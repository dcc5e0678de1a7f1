import Domain
import Fluent
import Vapor

/// Parents' requests for information (regulation 6.3): registered with the date received and the legal due date
/// (10 working days, extendable by 5 with a reason), answered — often with a справка from the register; overdue ones
/// are highlighted for the head.
struct RequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.pupilsRequests, use: file)
        routes.get(.requests, use: register)
        routes.post(.requestsExtend, use: extend)
        routes.post(.requestsAnswer, use: answer)
    }

    struct FileForm: Content { var subject: String?; var channel: String?; var received_on: String?; var requester: String? }

    /// A parent files a request from their child's page; the leadership registers an oral or written one.
    @Sendable func file(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.requests))
        else { throw Abort(.notFound) }
        guard actor.decide(.write(.requests), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        let form = try req.content.decode(FileForm.self)
        let subject = (form.subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty, subject.count <= 1000 else { throw Abort(.unprocessableEntity, reason: req.t("request.error.subject")) }
        let family = actor.isFamily(of: facts)
        let channel: RequestChannel = family ? .electronic : (form.channel.flatMap(RequestChannel.init(rawValue:)) ?? .written)
        let received = family ? actor.today : (form.received_on.flatMap(LocalDate.init) ?? actor.today)
        guard received <= actor.today, received >= actor.today.adding(days: -366) else {
            throw Abort(.unprocessableEntity, reason: req.t("request.error.received"))
        }
        let requester = family ? actor.name.full : (form.requester ?? "").trimmingCharacters(in: .whitespaces)
        guard !requester.isEmpty, requester.count <= 200 else { throw Abort(.unprocessableEntity, reason: req.t("request.error.requester")) }
        let (schoolID, userID, pupilID, audit) = (actor.schoolID, actor.userID, pupil.id!, try req.audit)
        let location = try await OneTime.run(req, command: "request.file") { tx in
            let r = InformationRequest()
            r.schoolID = schoolID; r.$pupil.id = pupilID; r.$requester.id = family ? userID : nil; r.requesterName = requester
            r.channel = channel; r.receivedOn = received; r.dueOn = WorkingDays.add(WorkingDays.answerDays, to: received)
            r.subject = subject; r.status = .open
            try await r.create(on: tx)
            try await AuditLog.append(audit, on: tx, action: "create", objectKind: "request", objectID: r.id, pupilID: pupilID, details: subject)
            return RouteTable.pupilsDocuments.path(pupilID) + "?requested=1#requests"
        }
        return req.redirect(to: location)
    }

    struct RegisterPage: Encodable {
        let page: PageMeta
        let rows: [RequestRows.Row]
        let overdue: Int
        let open: Int
    }

    @Sendable func register(req: Request) async throws -> View {
        let actor = try req.require(.overseeSchool)
        let requests = try await InformationRequest.query(on: req.db).filter(\.$schoolID == actor.schoolID).with(\.$pupil)
            .sort(\.$receivedOn, .descending).range(..<500).all()
        let docs = try await IssuedDocument.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$request.$id != nil).all()
        let rows = RequestRows.rows(requests, documents: docs, today: actor.today, req: req)
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "request_register", objectID: nil,
                                    pupilIDs: Array(Set(requests.compactMap { $0.$pupil.id })))
        return try await req.view.render("spravka/requests", RegisterPage(
            page: try req.page(req.t("request.register"), section: "requests"), rows: rows,
            overdue: rows.filter(\.overdue).count, open: rows.filter(\.open).count))
    }

    private func load(_ req: Request, _ actor: CurrentActor) async throws -> InformationRequest {
        guard actor.may(.overseeSchool) else { throw Abort(.forbidden) }
        guard let id = req.parameters.get("requestID", as: UUID.self),
              let r = try await InformationRequest.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        if let pupilID = r.$pupil.id {
            guard let (_, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: pupilID, action: .read(.requests)),
                  actor.decide(.write(.requests), .pupil(facts)).allowed else { throw Abort(.notFound) }
        }
        return r
    }

    struct Note: Content { var reason: String?; var note: String? }

    /// Once, by 5 working days, with the reason (6.3).
    @Sendable func extend(req: Request) async throws -> Response {
        let actor = try req.actor
        let r = try await load(req, actor)
        let reason = (try req.content.decode(Note.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard r.status == .open, r.extendedUntil == nil else { throw Abort(.unprocessableEntity, reason: req.t("request.error.extended")) }
        guard !reason.isEmpty, reason.count <= 500 else { throw Abort(.unprocessableEntity, reason: req.t("request.error.reason")) }
        try await req.db.writeTransaction { tx in
            // Decided on the committed row under its lock: a second click finds it extended and writes nothing.
            try await tx.lock("request:\(r.id!)")
            guard let fresh = try await InformationRequest.find(r.id, on: tx), fresh.status == .open, fresh.extendedUntil == nil else { return }
            fresh.extendedUntil = WorkingDays.add(WorkingDays.extensionDays, to: fresh.dueOn); fresh.extensionReason = reason; fresh.status = .extended
            try await fresh.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "extend", objectKind: "request", objectID: fresh.id, pupilID: fresh.$pupil.id, details: reason)
        }
        return req.redirect(to: RouteTable.requests.path())
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let actor = try req.actor
        let r = try await load(req, actor)
        let note = (try req.content.decode(Note.self).note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 1000 else { throw Abort(.unprocessableEntity, reason: req.t("request.error.subject")) }
        try await req.db.writeTransaction { tx in
            // An answered request stays as answered (a справка's «выдана справка № N» is not overwritten by a second click).
            try await tx.lock("request:\(r.id!)")
            guard let fresh = try await InformationRequest.find(r.id, on: tx), fresh.status != .answered else { return }
            fresh.status = .answered; fresh.answeredOn = actor.today; fresh.answerNote = note.isEmpty ? nil : note
            try await fresh.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "answer", objectKind: "request", objectID: fresh.id, pupilID: fresh.$pupil.id)
        }
        return req.redirect(to: RouteTable.requests.path())
    }
}
