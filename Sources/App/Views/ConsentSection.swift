import Domain
import Foundation

/// The consents block of the pupil card, built from rows (no database here): who gave which consent, what the actor
/// may withdraw or give.
struct ConsentSection: Encodable {
    let rows: [Row]
    let purposes: [SelectOption]
    let guardians: [SelectOption]
    let canGive: Bool
    let family: Bool
    let action: String

    struct Row: Encodable {
        let purpose: String
        let code: String
        let guardian: String
        let given: String
        let withdrawn: String
        let withdrawAction: String?
        let scanHref: String?
    }

    static func make(consents: [Consent], representatives links: [GuardianLink], vocabulary vocab: Vocabulary, actor: CurrentActor,
                     facts: PupilFacts, pupilID: UUID) -> ConsentSection {
        let canWrite = actor.decide(.write(.consents), .pupil(facts)).allowed
        let family = actor.isFamily(of: facts)
        return ConsentSection(
            rows: consents.map { c in
                let mayWithdraw = canWrite && c.withdrawnOn == nil && (!family || c.$guardian.id == actor.userID)
                return Row(purpose: vocab.title(.consentPurpose, c.purpose), code: c.purpose, guardian: c.guardian.name.short,
                           given: c.givenOn.russian, withdrawn: c.withdrawnOn?.russian ?? "",
                           withdrawAction: mayWithdraw ? RouteTable.pupilsConsentsWithdraw.path(pupilID, c.id!) : nil,
                           scanHref: c.$scan.id.map { RouteTable.file.path($0) })
            },
            purposes: vocab.options(.consentPurpose),
            guardians: family ? [] : links.map { SelectOption(value: $0.user.id!.uuidString, title: $0.user.name.full, selected: false) },
            canGive: canWrite && (!family || links.contains { $0.user.id == actor.userID }), family: family, action: RouteTable.pupilsConsents.path(pupilID))
    }
}
