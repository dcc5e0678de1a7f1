import Documents
import Domain
import Fluent
import Vapor

/// Issuing documents into the register (4.7): the next number of the year, a frozen copy of the PDF stored by
/// SHA-256, the signer, the request it answers, and a verification token for the QR code.
enum SpravkaService {
    /// «Соколова Елена Викторовна» → «Соколова Е. В.».
    static func shortName(_ full: String) -> String {
        let parts = full.split(separator: " ").map(String.init)
        guard let last = parts.first else { return full }
        return ([last] + parts.dropFirst().map { String($0.prefix(1)) + "." }).joined(separator: " ")
    }

    static func verificationPath(_ token: String) -> String { RouteTable.verify.path(token) }

    /// The number of the register was taken by another issue while this справка was drawn: draw it again.
    struct NumberTaken: Error {}

    /// Makes and registers a справка as one command. The slow part — reading the journal and drawing the PDF — happens
    /// before the write transaction, under the next free number of the year; the transaction checks that the number is
    /// still free and writes the register row, the answered request and the audit event together (or nothing). When
    /// another справка took the number meanwhile, the PDF is drawn again under the next one. A repeated submit with the
    /// same one-time token returns the first справка.
    static func issue(on db: any Database, blobs: BlobStore, audit: AuditContext, pupil: Pupil, today: LocalDate,
                             createdBy: UUID, signerUserID: UUID?, requestID: UUID?, baseURL: String,
                             once: String? = nil) async throws -> (IssuedDocument, Data) {
        let schoolID = audit.schoolID
        guard let school = try await School.find(schoolID, on: db) else { throw Abort(.notFound) }
        let signer = shortName(school.headName)
        for _ in 0..<10 {
            let last = try await IssuedDocument.query(on: db).filter(\.$schoolID == schoolID).filter(\.$year == today.year)
                .sort(\.$registerNumber, .descending).first()
            let number = (last?.registerNumber ?? 0) + 1
            let token = CSRF.randomToken(bytes: 18)
            let pdf: Data
            do {
                let content = try await SpravkaQueries.content(on: db, schoolID: schoolID, pupil: pupil, today: today, number: number,
                                                               signerName: signer, verificationURL: baseURL + verificationPath(token))
                pdf = SpravkaPDF.render(content)
            } catch let e as SpravkaQueries.Problem {
                throw Abort(.unprocessableEntity, reason: "Справка не выдана: \(e.message).")
            }
            // Stored before the transaction (a file is not part of it); a draw that lost its number, or a repeated submit that
            // found the first справка, leaves a file no register row names: it is removed at once (a child's data).
            let sha = try blobs.put(pdf)
            do {
                let id = try await OneTime.run(db, schoolID: schoolID, userID: createdBy, command: "spravka.issue:\(pupil.id!)", token: once) { tx in
                    // Issues of one school's year queue here, so the number checked is the number written.
                    try await tx.lock("register:\(schoolID):\(today.year)")
                    let now = try await IssuedDocument.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$year == today.year)
                        .sort(\.$registerNumber, .descending).first()
                    guard (now?.registerNumber ?? 0) + 1 == number else { throw NumberTaken() }
                    let d = IssuedDocument()
                    d.schoolID = schoolID; d.$pupil.id = pupil.id; d.kind = .spravka; d.year = today.year; d.registerNumber = number
                    d.issuedOn = today; d.sha256 = sha; d.signerName = signer; d.signerUserID = signerUserID
                    d.$request.id = requestID; d.verificationToken = token; d.createdBy = createdBy
                    try await d.create(on: tx)
                    // The справка may answer a request of this pupil's family (6.3): linked, and the request is answered.
                    if let requestID, let r = try await InformationRequest.find(requestID, on: tx), r.status != .answered {
                        r.status = .answered; r.answeredOn = today
                        r.answerNote = "выдана справка № \(number)/\(today.year)"
                        try await r.save(on: tx)
                    }
                    try await AuditLog.append(audit, on: tx, action: "issue", objectKind: "document", objectID: d.id, pupilID: pupil.id,
                                              details: "справка № \(number)/\(today.year)")
                    return d.id!.uuidString
                }
                guard let docID = UUID(uuidString: id), let doc = try await IssuedDocument.find(docID, on: db) else { throw Abort(.internalServerError) }
                if doc.sha256 != sha { try await blobs.collect([sha], on: db) }
                return (doc, try blobs.get(doc.sha256))
            } catch is NumberTaken {
                try await blobs.collect([sha], on: db)
                continue
            } catch {
                try? await blobs.collect([sha], on: db)
                throw error
            }
        }
        throw Abort(.serviceUnavailable, reason: "Справка не выдана: номер в журнале регистрации занимали другие справки; повторите.")
    }
}
