import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Who acts, in which school, from which address: what every audit event records about its author. Built once per
/// request (or by a console command) and handed to the command that appends the event in its own transaction.
struct AuditContext: Sendable {
    let schoolID: UUID
    let actorID: UUID?
    let role: String
    let address: String
    /// Tests only: object kinds whose command fails after its writes and its event, before the commit (a crash at the
    /// worst moment). Armed per application with `InjectedFailures`; empty in production.
    var failBeforeCommit: Set<String> = []
}
