import Domain
import Fluent
import Foundation
import Vapor

/// Retention (issue 7; 152-ФЗ ст. 21; Приказ Роскомнадзора № 179): rules as data per record kind — period, the event it
/// counts from, destroy or depersonalise. The plan lists what is due; the head approves; the apply runs in one
/// transaction and produces an act of destruction with the extract of the access log, both kept.
enum Retention {
    struct Due: Encodable, Sendable {
        let kind: String
        let title: String
        let pupilID: UUID?
        let subject: String
        let since: String
        let action: String
        let basis: String
        /// The rule's term is confirmed by the school: only then does the run carry the item out.
        var confirmed: Bool = true
    }

    /// When a record falls due under its category's rule: what, whose, from which event, on which day.
    struct Upcoming: Encodable, Sendable {
        let title: String
        let subject: String
        let since: String
        let due: String
        let dueOn: LocalDate
        let confirmed: Bool
    }

    static func kindTitle(_ kind: String) -> String {
        ["class_journal": "классный журнал (отметки и посещаемость)", "summary_marks": "сводная ведомость", "personal_file": "личное дело",
         "consent": "согласие на обработку персональных данных", "portfolio": "портфолио"][kind] ?? kind
    }

    /// Every kind of record a category's run touches, as the act lists it.
    static func touched(_ kind: String) -> String? {
        ["personal_file": "личное дело (ФИО, дата рождения, связи с законными представителями, согласия с их сканами, копии выданных документов, "
            + "сведения о заявителях запросов, заметки, индивидуальный маршрут)",
         "portfolio": "портфолио (достижения и их файлы, работы, ссылки для просмотра, цифровые значки)"][kind]
    }

    /// The schedule: for each category and pupil (or year), the day the record falls due, soonest first.
    static func schedule(on db: any Database, schoolID: UUID, limit: Int = 300) async throws -> [Upcoming] {
        let rules = try await RetentionRule.query(on: db).filter(\.$schoolID == schoolID).all()
        var out: [Upcoming] = []
        let left = try await Pupil.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status != .active).all()
            .filter { !$0.lastName.hasPrefix("Обезличен") }
        var leftOn: [UUID: LocalDate] = [:]
        if !left.isEmpty {
            for e in try await Enrolment.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id ~~ left.compactMap(\.id))
                .filter(\.$endsOn != nil).all() {
                leftOn[e.$pupil.id] = max(leftOn[e.$pupil.id] ?? e.endsOn!, e.endsOn!)
            }
        }
        let withdrawn = try await Consent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$withdrawnOn != nil).with(\.$pupil).all()
        let closed = try await AcademicYear.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status != .open).all()
        for rule in rules {
            let confirmed = rule.approvedOn != nil
            switch (rule.recordKind, rule.startsAt) {
            case (let kind, .pupilLeft) where kind == "personal_file" || kind == "portfolio":
                for p in left { if let from = leftOn[p.id!] {
                    let d = add(years: rule.years, to: from)
                    out.append(Upcoming(title: kindTitle(kind), subject: Spravka.initials(p.name), since: from.russian, due: d.russian, dueOn: d,
                                        confirmed: confirmed))
                } }
            case ("consent", .purposeEnd):
                for c in withdrawn {
                    let d = add(years: rule.years, to: c.withdrawnOn!)
                    out.append(Upcoming(title: kindTitle("consent"), subject: Spravka.initials(c.pupil.name), since: c.withdrawnOn!.russian,
                                        due: d.russian, dueOn: d, confirmed: confirmed))
                }
            case (let kind, .yearEnd):
                for y in closed {
                    let d = add(years: rule.years, to: y.endsOn)
                    out.append(Upcoming(title: kindTitle(kind) + " \(y.title)", subject: "все классы", since: y.endsOn.russian, due: d.russian,
                                        dueOn: d, confirmed: confirmed))
                }
            default:
                continue
            }
        }
        return Array(out.sorted { ($0.dueOn, $0.title, $0.subject) < ($1.dueOn, $1.title, $1.subject) }.prefix(limit))
    }

    /// Confirms every rule of the school as it stands (the head's decision, logged).
    static func approveRules(on db: any Database, audit: AuditContext, by userID: UUID, today: LocalDate) async throws {
        try await db.writeTransaction { tx in try await approveRules(in: tx, audit: audit, by: userID, today: today) }
    }

    /// The confirmation inside the caller's transaction `tx`: the unconfirmed rules are confirmed and one event says
    /// which; rules already confirmed (a second submit) change nothing and log nothing.
    static func approveRules(in tx: any Database, audit: AuditContext, by userID: UUID, today: LocalDate) async throws {
        try await tx.lock("retention-rules:\(audit.schoolID)")
        let pending = try await RetentionRule.query(on: tx).filter(\.$schoolID == audit.schoolID).filter(\.$approvedOn == nil).all()
        guard !pending.isEmpty else { return }
        for r in pending {
            r.approvedBy = userID; r.approvedOn = today
            try await r.save(on: tx)
        }
        try await AuditLog.append(audit, on: tx, action: "approve", objectKind: "retention_rule", objectID: nil, pupilID: nil,
                                  details: pending.map { "\(kindTitle($0.recordKind)): \($0.years)" }.joined(separator: "; "))
    }

    static func add(years: Int, to d: LocalDate) -> LocalDate {
        LocalDate(year: d.year + years, month: d.month, day: min(d.day, 28)) ?? d
    }

    /// What is due on `today` under the school's rules.
    static func plan(on db: any Database, schoolID: UUID, today: LocalDate) async throws -> [Due] {
        let rules = try await RetentionRule.query(on: db).filter(\.$schoolID == schoolID).all()
        var due: [Due] = []
        // Pupils who left: the day of their last enrolment's end.
        let left = try await Pupil.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status != .active).all()
        var leftOn: [UUID: LocalDate] = [:]
        let ended = left.isEmpty ? [] : try await Enrolment.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$pupil.$id ~~ left.compactMap(\.id)).filter(\.$endsOn != nil).all()
        for e in ended { leftOn[e.$pupil.id] = max(leftOn[e.$pupil.id] ?? e.endsOn!, e.endsOn!) }
        for rule in rules {
            switch (rule.recordKind, rule.startsAt) {
            case (let kind, .pupilLeft) where kind == "personal_file" || kind == "portfolio":
                for p in left {
                    guard let from = leftOn[p.id!], add(years: rule.years, to: from) <= today else { continue }
                    // A depersonalised record is not depersonalised twice.
                    if p.lastName.hasPrefix("Обезличен") { continue }
                    due.append(Due(kind: kind, title: kindTitle(kind), pupilID: p.id, subject: Spravka.initials(p.name), since: from.russian,
                                   action: rule.action.rawValue, basis: rule.basis, confirmed: rule.approvedOn != nil))
                }
            case ("consent", .purposeEnd):
                let consents = try await Consent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$withdrawnOn != nil).with(\.$pupil).all()
                for c in consents where add(years: rule.years, to: c.withdrawnOn!) <= today {
                    due.append(Due(kind: "consent", title: kindTitle("consent"), pupilID: c.$pupil.id, subject: Spravka.initials(c.pupil.name),
                                   since: c.withdrawnOn!.russian, action: rule.action.rawValue, basis: rule.basis, confirmed: rule.approvedOn != nil))
                }
            case ("class_journal", .yearEnd):
                let years = try await AcademicYear.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status != .open).all()
                for y in years where add(years: rule.years, to: y.endsOn) <= today {
                    due.append(Due(kind: "class_journal", title: kindTitle("class_journal") + " \(y.title)", pupilID: nil,
                                   subject: "все классы \(y.title)", since: y.endsOn.russian, action: rule.action.rawValue, basis: rule.basis,
                                   confirmed: rule.approvedOn != nil))
                }
            default:
                continue
            }
        }
        return due
    }

    struct Applied: Sendable { let act: DestructionAct; let count: Int }

    /// Carries out the plan in one transaction and keeps the act with the log extract.
    static func apply(on db: any Database, blobs: BlobStore, schoolID: UUID, today: LocalDate, approvedBy: UUID,
                      address: String) async throws -> Applied? {
        // Only what falls under a term the school has confirmed (issue 17); the rest waits on the plan, marked.
        let due = try await plan(on: db, schoolID: schoolID, today: today).filter(\.confirmed)
        guard !due.isEmpty else { return nil }
        let (applied, hashes): (Applied, Set<String>) = try await db.writeTransaction { tx in
            var removedBlobs = Set<String>()
            var logLines: [String] = []
            let formatter = ISO8601DateFormatter()
            for item in due {
                switch item.kind {
                case "consent":
                    let consents = try await Consent.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == item.pupilID!)
                        .filter(\.$withdrawnOn != nil).all()
                    for c in consents {
                        // Records that still rest on another representative's consent no longer point at this one.
                        try await Achievement.query(on: tx).filter(\.$consentID == c.id!).set(\.$consentID, to: nil).update()
                        let scan = c.$scan.id
                        try await c.delete(on: tx)
                        if let scan, let a = try await Attachment.find(scan, on: tx) {
                            removedBlobs.insert(a.sha256)
                            try await a.delete(on: tx)
                        }
                    }
                case "portfolio":
                    // The portfolio's own term (issue 17): its records go; the person and the personal file stay
                    // until the personal file's term, whatever the rule's action is called.
                    guard let id = item.pupilID else { continue }
                    // Issued badges are revoked and emptied: the revocation list keeps only their ids.
                    for c in try await BadgeCredential.query(on: tx).filter(\.$pupil.$id == id).all() {
                        if c.revokedAt == nil { c.revokedAt = Date(); c.revocationReason = "срок хранения портфолио истёк" }
                        c.jws = ""; c.title = "—"; c.$pupil.id = nil; c.achievementID = nil; c.awardID = nil
                        try await c.save(on: tx)
                    }
                    removedBlobs.formUnion(try await AchievementService.delete(
                        try await Achievement.query(on: tx).filter(\.$pupil.$id == id).all(), on: tx))
                    try await PortfolioArtefact.query(on: tx).filter(\.$pupil.$id == id).delete()
                    try await ShareLink.query(on: tx).filter(\.$pupil.$id == id).delete()
                case "personal_file":
                    guard let id = item.pupilID, let p = try await Pupil.find(id, on: tx) else { continue }
                    // The person is gone from the record; counts and marks stay for the school's statistics — and no
                    // name is left elsewhere that would tie them back (issue 17).
                    let tag = String(id.uuidString.prefix(8))
                    p.lastName = "Обезличен"; p.firstName = tag; p.middleName = ""
                    p.birthDate = LocalDate(year: p.birthDate.year, month: 1, day: 1)!; p.externalID = nil
                    try await p.save(on: tx)
                    try await GuardianLink.query(on: tx).filter(\.$pupil.$id == id).delete()
                    // Consents name the legal representative: they go with their scans.
                    for c in try await Consent.query(on: tx).filter(\.$pupil.$id == id).all() {
                        try await Achievement.query(on: tx).filter(\.$consentID == c.id!).set(\.$consentID, to: nil).update()
                        let scan = c.$scan.id
                        try await c.delete(on: tx)
                        if let scan, let a = try await Attachment.find(scan, on: tx) { removedBlobs.insert(a.sha256); try await a.delete(on: tx) }
                    }
                    // The register keeps each issued document's number and date; its frozen copy (with the name) goes.
                    for d in try await IssuedDocument.query(on: tx).filter(\.$pupil.$id == id).all() where !d.sha256.isEmpty {
                        removedBlobs.insert(d.sha256)
                        d.sha256 = ""
                        try await d.save(on: tx)
                    }
                    // Requests keep their dates and answers, not who asked.
                    try await InformationRequest.query(on: tx).filter(\.$pupil.$id == id)
                        .set(\.$requesterName, to: "—").set(\.$requester.$id, to: nil).update()
                    try await PupilNote.query(on: tx).filter(\.$pupil.$id == id).delete()
                    let routes = try await IndividualRoute.query(on: tx).filter(\.$pupil.$id == id).all().compactMap(\.id)
                    if !routes.isEmpty {
                        try await RouteStep.query(on: tx).filter(\.$route.$id ~~ routes).delete()
                        try await IndividualRoute.query(on: tx).filter(\.$id ~~ routes).delete()
                    }
                case "class_journal":
                    continue   // Journals of years past their term are kept until the school confirms the номенклатура (see README).
                default: continue
                }
                let events = item.pupilID == nil ? [] : try await AuditEvent.query(on: tx).filter(\.$schoolID == schoolID)
                    .filter(\.$pupilID == item.pupilID!).sort(\.$at).all()
                logLines += events.map { "\(formatter.string(from: $0.at)) \($0.actorRole) \($0.action) \($0.objectKind)" }
                try await AuditLog.append(AuditContext(schoolID: schoolID, actorID: approvedBy, role: "head", address: address), on: tx,
                                          action: item.action == RetentionAction.destroy.rawValue ? "destroy" : "depersonalise",
                                          objectKind: item.kind, objectID: nil, pupilID: item.pupilID,
                                          details: "\(item.title): \(item.basis)")
            }
            let number = try await DestructionAct.query(on: tx).filter(\.$schoolID == schoolID).count() + 1
            let act = DestructionAct()
            act.schoolID = schoolID; act.number = "\(number)/\(today.year)"; act.date = today
            act.reason = "Истечение сроков хранения: " + Set(due.map(\.basis)).sorted().joined(separator: "; ")
            act.subjects = due.map(\.subject).joined(separator: ", ")
            act.dataCategories = Set(due.map { Self.touched($0.kind) ?? $0.title }).sorted().joined(separator: "; ")
            act.logExtract = logLines.joined(separator: "\n")
            act.createdBy = approvedBy
            try await act.create(on: tx)
            return (Applied(act: act, count: due.count), removedBlobs)
        }
        try await blobs.collect(hashes, on: db)
        return applied
    }
}
