import Domain
import Fluent
import Vapor

/// The справка and the register of issued documents (4.7): the head or deputy head issues, the register keeps each
/// copy; anyone holding the QR link can check that the document is genuine — and learns nothing else.
struct SpravkaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupilsDocuments, use: pupilDocuments)
        routes.post(.pupilsSpravka, use: issue)
        routes.get(.documents, use: register)
        routes.get(.document, use: download)
        routes.post(.documentsRevoke, use: revoke)
    }

    struct Row: Encodable {
        let id, number, date, kind, pupil, signer, state, href, revokeAction: String
        let revoked: Bool
        /// Why it was revoked: the register's (the leadership's) only, never the public verification page's.
        let revocationReason: String?
        let pupilHref: String
    }

    static func row(_ d: IssuedDocument, pupil: Pupil?, req: Request) -> Row {
        let id = d.id!.uuidString.lowercased()
        return Row(id: id, number: "\(d.registerNumber)/\(d.year)", date: d.issuedOn.russian, kind: req.t("document.kind.\(d.kind.rawValue)"),
                   pupil: pupil?.name.full ?? "—", signer: d.signerName,
                   state: d.revokedAt == nil ? req.t("document.valid") : req.t("document.revoked"),
                   href: RouteTable.document.path(id), revokeAction: RouteTable.documentsRevoke.path(id), revoked: d.revokedAt != nil,
                   revocationReason: d.revokedAt == nil ? nil : d.revocationReason,
                   pupilHref: pupil.map { RouteTable.pupil.path($0.id!) } ?? "")
    }

    struct PupilPage: Encodable {
        let page: PageMeta
        let name: String
        let cardHref: String
        let documents: [Row]
        let canIssue: Bool
        let issueAction: String
        let issued: String?
        let requests: [RequestRows.Row]
        let openRequests: [SelectOption]
        let canRequest: Bool
        let family: Bool
        let requestAction: String
        let requested: Bool
        let today: String
        let channels: [SelectOption]
    }

    private func pupil(_ req: Request, _ actor: CurrentActor) async throws -> (Pupil, PupilFacts) {
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let found = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.documents))
        else { throw Abort(.notFound) }
        return found
    }

    @Sendable func pupilDocuments(req: Request) async throws -> View {
        let actor = try req.actor
        let (pupil, facts) = try await pupil(req, actor)
        let docs = try await IssuedDocument.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupil.id!)
            .sort(\.$issuedOn, .descending).sort(\.$registerNumber, .descending).all()
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "documents", objectID: nil, pupilID: pupil.id)
        let family = actor.isFamily(of: facts)
        var requests: [InformationRequest] = []
        if actor.decide(.read(.requests), .pupil(facts)).allowed {
            requests = try await InformationRequest.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupil.id!)
                .with(\.$pupil).sort(\.$receivedOn, .descending).all()
        }
        let open = requests.filter { $0.status != .answered }
        return try await req.view.render("spravka/pupil", PupilPage(
            page: try req.page(req.t("document.title") + " · " + pupil.name.full, section: family ? "home" : "classes"),
            name: pupil.name.full, cardHref: RouteTable.pupil.path(pupil.id!), documents: docs.map { Self.row($0, pupil: pupil, req: req) },
            canIssue: actor.decide(.write(.documents), .pupil(facts)).allowed, issueAction: RouteTable.pupilsSpravka.path(pupil.id!),
            issued: req.query[String.self, at: "issued"],
            requests: RequestRows.rows(requests, documents: docs, today: actor.today, req: req),
            openRequests: [SelectOption(value: "", title: req.t("request.none_linked"), selected: open.isEmpty)]
                + open.map { SelectOption(value: $0.id!.uuidString, title: "\($0.receivedOn.russian): \($0.subject.prefix(60))", selected: false) },
            canRequest: actor.decide(.write(.requests), .pupil(facts)).allowed, family: family,
            requestAction: RouteTable.pupilsRequests.path(pupil.id!), requested: req.query[Int.self, at: "requested"] == 1,
            today: actor.today.iso,
            channels: RequestChannel.allCases.map { SelectOption(value: $0.rawValue, title: req.t("request.channel.\($0.rawValue)"), selected: $0 == .written) }))
    }

    struct IssueForm: Content { var request: String? }

    @Sendable func issue(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await pupil(req, actor)
        guard actor.decide(.write(.documents), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        // The справка may answer a request of this pupil's family (6.3): linked, and the request is answered.
        var request: InformationRequest?
        if let text = try? req.content.decode(IssueForm.self).request, !text.isEmpty {
            guard let rid = UUID(uuidString: text),
                  let r = try await InformationRequest.query(on: req.db).filter(\.$schoolID == actor.schoolID)
                    .filter(\.$pupil.$id == pupil.id!).filter(\.$id == rid).first()
            else { throw Abort(.notFound) }
            request = r
        }
        let (doc, _) = try await SpravkaService.issue(
            on: req.db, blobs: req.application.blobs, audit: try req.audit, pupil: pupil, today: actor.today,
            createdBy: actor.userID, signerUserID: nil, requestID: request?.id, baseURL: try SiteAddress.of(req, school: actor.schoolID), once: OneTime.token(req))
        return req.redirect(to: RouteTable.pupilsDocuments.path(pupil.id!) + "?issued=\(doc.registerNumber)")
    }

    struct RegisterPage: Encodable {
        let page: PageMeta
        let documents: [Row]
        let canRevoke: Bool
    }

    @Sendable func register(req: Request) async throws -> View {
        let actor = try req.require(.overseeSchool)
        let docs = try await IssuedDocument.query(on: req.db).filter(\.$schoolID == actor.schoolID).with(\.$pupil)
            .sort(\.$year, .descending).sort(\.$registerNumber, .descending).range(..<500).all()
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "document_register", objectID: nil,
                                    pupilIDs: Array(Set(docs.compactMap { $0.$pupil.id })))
        return try await req.view.render("spravka/register", RegisterPage(
            page: try req.page(req.t("document.register"), section: "documents"),
            documents: docs.map { Self.row($0, pupil: $0.pupil, req: req) }, canRevoke: actor.may(.revokeDocument)))
    }

    private func document(_ req: Request, _ actor: CurrentActor) async throws -> (IssuedDocument, PupilFacts?) {
        guard let id = req.parameters.get("documentID", as: UUID.self),
              let d = try await IssuedDocument.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        guard let pupilID = d.$pupil.id else {
            guard actor.may(.overseeSchool) else { throw Abort(.notFound) }
            return (d, nil)
        }
        guard let (_, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: pupilID, action: .read(.documents))
        else { throw Abort(.notFound) }
        return (d, facts)
    }

    /// The frozen copy, exactly as issued.
    @Sendable func download(req: Request) async throws -> Response {
        let actor = try req.actor
        let (d, _) = try await document(req, actor)
        // A depersonalised pupil's document keeps its register row; its copy is gone with the name.
        guard !d.sha256.isEmpty else { throw Abort(.gone, reason: req.t("document.copy_destroyed")) }
        let data = try req.application.blobs.get(d.sha256)
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "document", objectID: d.id, pupilID: d.$pupil.id)
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = .init(type: "application", subType: "pdf")
        let name = "spravka-\(d.registerNumber)-\(d.year).pdf"
        res.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(name)\"")
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return res
    }

    struct RevokeForm: Content { var reason: String? }

    /// Only the head, who signs, revokes, and says why (issue 17): the register keeps the row and the reason, the
    /// verification page says «отозван» and nothing more.
    @Sendable func revoke(req: Request) async throws -> Response {
        let actor = try req.actor
        let (d, facts) = try await document(req, actor)
        guard facts.map({ actor.may(.revokeDocument, .pupil($0)) }) ?? actor.may(.revokeDocument) else { throw Abort(.forbidden) }
        let reason = (try req.content.decode(RevokeForm.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw Abort(.unprocessableEntity, reason: req.t("document.revoke_reason_missing", "\(d.registerNumber)/\(d.year)")) }
        guard reason.count <= 500 else { throw Abort(.unprocessableEntity, reason: req.t("document.revoke_reason_long")) }
        try await req.db.writeTransaction { tx in
            try await tx.lock("document:\(d.id!)")
            guard let fresh = try await IssuedDocument.find(d.id, on: tx), fresh.revokedAt == nil else { return }
            fresh.revokedAt = Date()
            fresh.revocationReason = reason
            try await fresh.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "revoke", objectKind: "document", objectID: fresh.id, pupilID: fresh.$pupil.id,
                                      details: "№ \(fresh.registerNumber)/\(fresh.year): \(reason)")
        }
        return req.redirect(to: RouteTable.documents.path())
    }
}
