import Domain
import Foundation
import Vapor

/// The rows of the register of parents' requests (ФЗ-152 ст. 14, 20: thirty days, extendable once), as the requests
/// page and a pupil's documents page show them: built from the requests and the documents that answered them.
enum RequestRows {
    struct Row: Encodable {
        let id, pupil, pupilHref, requester, channel, received, due, subject, status, answer, extendAction, answerAction: String
        let overdue: Bool
        let open: Bool
        let documents: [Link]
    }

    struct Link: Encodable { let title, href: String }

    static func rows(_ requests: [InformationRequest], documents: [IssuedDocument], today: LocalDate, req: Request) -> [Row] {
        requests.map { r in
            let id = r.id!.uuidString.lowercased()
            let due = r.extendedUntil ?? r.dueOn
            return Row(id: id, pupil: r.pupil?.name.full ?? "—", pupilHref: r.pupil.map { RouteTable.pupilsDocuments.path($0.id!) } ?? "",
                       requester: r.requesterName, channel: req.t("request.channel.\(r.channel.rawValue)"), received: r.receivedOn.russian,
                       due: due.russian, subject: r.subject, status: req.t("request.status.\(r.status.rawValue)"),
                       answer: [r.answeredOn?.russian, r.answerNote].compactMap { $0 }.joined(separator: " · "),
                       extendAction: RouteTable.requestsExtend.path(id), answerAction: RouteTable.requestsAnswer.path(id),
                       overdue: r.status != .answered && due < today, open: r.status != .answered,
                       documents: documents.filter { $0.$request.id == r.id }.map {
                           Link(title: "№ \($0.registerNumber)/\($0.year) от \($0.issuedOn.russian)", href: RouteTable.document.path($0.id!.uuidString.lowercased()))
                       })
        }
    }
}
