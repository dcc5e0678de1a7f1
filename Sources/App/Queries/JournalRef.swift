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

    /// Where the journal is downloaded for a period (XLSX, CSV, or PDF to print).
    var exportPath: String {
        switch self {
        case .classSubject(let i): return RouteTable.journalsClassExport.path(i)
        case .individual(let i, let p): return RouteTable.journalsIndividualExport.path(i, p)
        case .group(let g): return RouteTable.journalsGroupExport.path(g)
        }
    }
}
