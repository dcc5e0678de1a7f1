import Domain
import Fluent
import Vapor

/// Retention for the head (issue 7): the plan under the school's rules, its approval and the acts.
struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.retention, use: show)
        routes.post(.retentionApply, use: apply)
        routes.post(.retentionRules, use: saveRules)
    }

    struct ActRow: Encodable { let number, date, reason, subjects, categories: String; let logLines: Int }
    struct RuleRow: Encodable {
        let id, kind, years, startsAt, action, basis: String
        let term: Int
        /// «подтверждён 01.09.2027», or nil: not confirmed, nothing is destroyed under it.
        let approved: String?
    }

    struct Withdrawal: Encodable { let pupil, purpose, withdrawn, deadline: String; let overdue: Bool }

    struct Page: Encodable {
        let page: PageMeta
        let withdrawals: [Withdrawal]
        let due: [Retention.Due]
        let rules: [RuleRow]
        let acts: [ActRow]
        let canApply: Bool
        let done: String?
        let upcoming: [Retention.Upcoming]
        let unconfirmed: Int
        let saved: Bool
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.require(.overseeSchool)
        let due = try await Retention.plan(on: req.db, schoolID: actor.schoolID, today: actor.today)
        let stored = try await RetentionRule.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$recordKind).all()
        let rules = stored.map {
            RuleRow(id: $0.id!.uuidString.lowercased(), kind: Retention.kindTitle($0.recordKind), years: RussianText.count($0.years, "год", "года", "лет"),
                    startsAt: req.t("retention.start.\($0.startsAt.rawValue)"), action: req.t("retention.action.\($0.action.rawValue)"), basis: $0.basis,
                    term: $0.years, approved: $0.approvedOn.map { req.t("retention.approved_on", $0.russian) })
        }
        let acts = try await DestructionAct.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$createdAt, .descending).all().map {
            ActRow(number: $0.number, date: $0.date.russian, reason: $0.reason, subjects: $0.subjects, categories: $0.dataCategories,
                   logLines: $0.logExtract.isEmpty ? 0 : $0.logExtract.split(separator: "\n").count)
        }
        // A withdrawn consent to publish: whatever was published goes within 30 days (152-ФЗ ст. 21 ч. 5), tracked here.
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.consentPurpose], language: req.language)
        let withdrawals = try await Consent.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$withdrawnOn != nil)
            .filter(\.$purpose ~~ ["publish_site", "publish_olympiad"]).with(\.$pupil).all()
            .filter { ConsentRules.stillListed(withdrawnOn: $0.withdrawnOn!, today: actor.today) }
            .map { c in
                let deadline = ConsentRules.destructionDeadline(withdrawnOn: c.withdrawnOn!)
                return Withdrawal(pupil: c.pupil.name.full, purpose: vocab.title(.consentPurpose, c.purpose), withdrawn: c.withdrawnOn!.russian,
                                  deadline: deadline.russian, overdue: ConsentRules.overdue(withdrawnOn: c.withdrawnOn!, today: actor.today))
            }
        return try await req.view.render("year/retention", Page(
            page: try req.page(req.t("retention.title"), section: "year"), withdrawals: withdrawals, due: due, rules: rules, acts: acts,
            canApply: actor.may(.applyRetention), done: req.query[String.self, at: "act"],
            upcoming: try await Retention.schedule(on: req.db, schoolID: actor.schoolID), unconfirmed: stored.filter { $0.approvedOn == nil }.count,
            saved: req.query[Int.self, at: "saved"] == 1))
    }

    /// The head edits the terms (a changed term is unconfirmed again) and confirms them: only confirmed terms destroy.
    @Sendable func saveRules(req: Request) async throws -> Response {
        let actor = try req.require(.applyRetention)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let rules = try await RetentionRule.query(on: req.db).filter(\.$schoolID == actor.schoolID).all()
        var wanted: [UUID: Int] = [:]
        for r in rules {
            guard let text = form["years_\(r.id!.uuidString.lowercased())"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            guard let n = Int(text), (1...75).contains(n) else {
                throw Abort(.unprocessableEntity, reason: req.t("retention.error.years", Retention.kindTitle(r.recordKind), text))
            }
            wanted[r.id!] = n
        }
        let audit = try req.audit, terms = wanted, confirm = form["confirm"] == "yes", userID = actor.userID, today = actor.today
        // One command: decided on the committed rules under their lock, the changed terms and the confirmation commit
        // together with their events; the same form again changes and logs nothing.
        try await req.db.writeTransaction { tx in
            try await tx.lock("retention-rules:\(audit.schoolID)")
            for r in try await RetentionRule.query(on: tx).filter(\.$schoolID == audit.schoolID).all() {
                guard let n = terms[r.id!], n != r.years else { continue }
                let before = r.years
                r.years = n; r.approvedBy = nil; r.approvedOn = nil
                try await r.save(on: tx)
                try await AuditLog.append(audit, on: tx, action: "write", objectKind: "retention_rule", objectID: r.id, pupilID: nil,
                                          details: "\(Retention.kindTitle(r.recordKind)): \(before) → \(n)")
            }
            if confirm { try await Retention.approveRules(in: tx, audit: audit, by: userID, today: today) }
        }
        return req.redirect(to: RouteTable.retention.path() + "?saved=1#rules")
    }

    @Sendable func apply(req: Request) async throws -> Response {
        let actor = try req.require(.applyRetention)
        guard let applied = try await Retention.apply(on: req.db, blobs: req.application.blobs, schoolID: actor.schoolID, today: actor.today,
                                                      approvedBy: actor.userID, address: req.clientAddress) else {
            return req.redirect(to: RouteTable.retention.path())
        }
        return req.redirect(to: RouteTable.retention.path() + "?act=\(applied.act.number)")
    }
}
