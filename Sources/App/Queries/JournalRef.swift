import Domain
import Fluent
import SQLKit
import Foundation
import Vapor

/// Which journal a page is about: a class × subject, a home-schooled pupil × subject, or a programme group.
enum JournalRef: Sendable, Hashable {
    case classSubject(itemID: UUID)
    case individual(itemID: UUID, pupilID: UUID)
    case group(groupID: UUID)

    var path: String {
        switch self {
        case .classSubject(let i): return RouteTable.journalsClass.path(i)
        case .individual(let i, let p): return RouteTable.journalsIndividual.path(i, p)
        case .group(let g): return RouteTable.journalsGroup.path(g)
        }
    }

    /// Where a lesson is added to the journal.
    var lessonsPath: String {
        switch self {
        case .classSubject(let i): return RouteTable.journalsClassLessons.path(i)
        case .individual(let i, let p): return RouteTable.journalsIndividualLessons.path(i, p)
        case .group(let g): return RouteTable.journalsGroupLessons.path(g)
        }
    }

    /// The period marks of a subject's journal (class or individual); nil for a group's, which has none.
    var periodMarksPath: String? {
        switch self {
        case .classSubject(let i): return RouteTable.journalsClassPeriodMarks.path(i)
        case .individual(let i, let p): return RouteTable.journalsIndividualPeriodMarks.path(i, p)
        case .group: return nil
        }
    }

    /// The intermediate attestation of a subject's journal (class or individual); nil for a group's.
    var attestationPath: String? {
        switch self {
        case .classSubject(let i): return RouteTable.journalsClassAttestation.path(i)
        case .individual(let i, let p): return RouteTable.journalsIndividualAttestation.path(i, p)
        case .group: return nil
        }
    }

    /// Where an academic debt of the journal is cleared.
    func debtPath(_ debt: UUID) -> String? {
        switch self {
        case .classSubject(let i): return RouteTable.journalsClassAttestationDebt.path(i, debt)
        case .individual(let i, let p): return RouteTable.journalsIndividualAttestationDebt.path(i, p, debt)
        case .group: return nil
        }
    }

    /// The subject journal of a request's `journalID` (and `pupilID` for an individual one).
    static func subject(_ req: Request) -> JournalRef? {
        guard let id = req.parameters.get("journalID", as: UUID.self) else { return nil }
        if req.parameters.get("pupilID") != nil {
            return req.parameters.get("pupilID", as: UUID.self).map { .individual(itemID: id, pupilID: $0) }
        }
        return .classSubject(itemID: id)
    }

    /// Where the journal is downloaded for a period (XLSX, CSV, or PDF to print).
    var exportPath: String {
        switch self {
        case .classSubject(let i): return RouteTable.journalsClassExport.path(i)
        case .individual(let i, let p): return RouteTable.journalsIndividualExport.path(i, p)
        case .group(let g): return RouteTable.journalsGroupExport.path(g)
        }
    }
}
