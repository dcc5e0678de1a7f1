import Documents
import Domain
import Fluent
import Vapor

/// Issuing documents into the register (4.7): the next number of the year, a frozen copy of the PDF stored by
/// SHA-256, the signer, the request it answers, and a verification token for the QR code.
enum DocumentService {
    /// «Соколова Елена Викторовна» → «Соколова Е. В.».
    static func shortName(_ full: String) -> String {
        let parts = full.split(separator: " ").map(String.init)
        guard let last = parts.first else { return full }
        return ([last] + parts.dropFirst().map { String($0.prefix(1)) + "." }).joined(separator: " ")
    }

    static func verificationPath(_ token: String) -> String { "/verify/\(token)" }

    /// Makes and registers a справка; the number is taken inside the transaction (a unique index guards it, and a
    /// concurrent issue simply retries with the next number).
    static func issueSpravka(on db: any Database, blobs: BlobStore, schoolID: UUID, pupil: Pupil, today: LocalDate,
                             createdBy: UUID, signerUserID: UUID?, requestID: UUID?, baseURL: String) async throws -> (IssuedDocument, Data) {
        guard let school = try await School.find(schoolID, on: db) else { throw Abort(.notFound) }
        let signer = shortName(school.headName)
        var lastError: (any Error)?
        for _ in 0..<5 {
            do {
                return try await db.writeTransaction { tx in
                    let last = try await IssuedDocument.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$year == today.year)
                        .sort(\.$registerNumber, .descending).first()
                    let number = (last?.registerNumber ?? 0) + 1
                    let token = CSRF.randomToken(bytes: 18)
                    let content = try await SpravkaQueries.content(on: tx, schoolID: schoolID, pupil: pupil, today: today, number: number,
                                                                   signerName: signer, verificationURL: baseURL + verificationPath(token))
                    let pdf = SpravkaPDF.render(content)
                    let d = IssuedDocument()
                    d.schoolID = schoolID; d.$pupil.id = pupil.id; d.kind = .spravka; d.year = today.year; d.registerNumber = number
                    d.issuedOn = today; d.sha256 = try blobs.put(pdf); d.signerName = signer; d.signerUserID = signerUserID
                    d.$request.id = requestID; d.verificationToken = token; d.createdBy = createdBy
                    try await d.create(on: tx)
                    return (d, pdf)
                }
            } catch let e as SpravkaQueries.Problem {
                throw Abort(.unprocessableEntity, reason: "Справка не выдана: \(e.message).")
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }
}
