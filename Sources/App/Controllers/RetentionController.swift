import Domain
import Fluent
import Vapor

/// Retention for the head (issue 7): the plan under the school's rules, its approval and the acts.
struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.retention, use: show)
        routes.post(.retentionApply, use: apply)
    }

    struct ActRow: Encodable { let number, date, reason, subjects, categories: String; let logLines: Int }
    struct RuleRow: Encodable { let kind, years, startsAt, action, basis: String }

    struct Withdrawal: Encodable { let pupil, purpose, withdrawn, deadline: String; let overdue: Bool }

    struct Page: Encodable {
        let page: PageMeta
        let withdrawals: [Withdrawal]
        let due: [Retention.Due]
        let rules: [RuleRow]
        let acts: [ActRow]
        let canApply: Bool
        let done: String?
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.require(.overseeSchool)
        let due = try await Retention.plan(on: req.db, schoolID: actor.schoolID, today: actor.today)
        let rules = try await RetentionRule.query(on: req.db).filter(\.$schoolID == actor.schoolID).all().map {
            RuleRow(kind: Retention.kindTitle($0.recordKind), years: RussianText.count($0.years, "год", "года", "лет"),
                    startsAt: req.t("retention.start.\($0.startsAt.rawValue)"), action: req.t("retention.action.\($0.action.rawValue)"), basis: $0.basis)
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
            canApply: actor.may(.applyRetention), done: req.query[String.self, at: "act"]))
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
