import Domain
import Vapor

/// What the base layout shows on every page: title, language, who is signed in, the navigation for their role.
struct PageMeta: Encodable {
    let title: String
    let lang: String
    let user: String?
    let role: String?
    let school: String?
    let nav: [NavItem]
    /// The CSRF token every state-changing form carries.
    let csrf: String
    /// A fresh one-time token for the forms of this page (`_once`): submitting it twice creates nothing more.
    var once: String = OneTime.newToken()
    /// Other schools the user may switch to.
    let schools: [SchoolChoice]
}

struct SchoolChoice: Encodable {
    let id: String
    let name: String
    let current: Bool
}

struct NavItem: Encodable {
    let href: String
    let label: String
    let active: Bool
}

extension Request {
    /// Page meta for a signed-in page; the navigation depends on the actor's roles.
    func page(_ title: String, section: String) throws -> PageMeta {
        let actor = try self.actor
        var items: [(String, String, String)] = [(Paths.home, t("nav.home"), "home")]
        let classes = AccessPolicy.classReach(actor.assignments, schoolID: actor.schoolID, on: actor.today)
        if classes != .some(classIDs: [], grades: []) { items.append((Paths.classes, t("nav.classes"), "classes")) }
        if actor.may(.viewJournals) {
            items.append((Paths.journals, t("nav.journals"), "journals"))
        }
        if actor.may(.manageAssessments) {
            items.append(("/assessments", t("nav.assessments"), "assessments"))
        }
        if AnalyticsController.allowed(actor) { items.append(("/analytics", t("nav.analytics"), "analytics")) }
        if actor.may(.control) { items.append((Paths.control, t("nav.control"), "control")) }
        if actor.may(.awardByOrder) { items.append(("/awards", t("nav.awards"), "awards")) }
        if actor.may(.overseeSchool) {
            items.append(("/documents", t("nav.documents"), "documents"))
            items.append(("/requests", t("nav.requests"), "requests"))
            items.append(("/year", t("nav.year"), "year"))
        }
        if actor.decide(.manageSettings, .school(actor.schoolID)).allowed { items.append(("/settings", t("nav.settings"), "settings")) }
        if actor.decide(.manageUsers, .school(actor.schoolID)).allowed {
            items.append((Paths.users, t("nav.users"), "users"))
            items.append(("/admin/import", t("nav.import"), "import"))
        }
        items.append((Paths.password, t("nav.password"), "account"))
        items.append(("/help", t("nav.help"), "help"))
        return PageMeta(
            title: title, lang: language, user: actor.name.full, role: t("role.\(actor.primaryRole.rawValue)"),
            school: actor.schoolName,
            nav: items.map { NavItem(href: $0.0, label: $0.1, active: $0.2 == section) },
            csrf: CSRF.token(for: self),
            schools: actor.schools.count > 1
                ? actor.schools.map { SchoolChoice(id: $0.id.uuidString, name: $0.name, current: $0.id == actor.schoolID) } : [])
    }

    /// Page meta for a page without a signed-in user (sign-in, errors).
    func publicPage(_ title: String) -> PageMeta {
        PageMeta(title: title, lang: language, user: nil, role: nil, school: nil, nav: [], csrf: CSRF.token(for: self), schools: [])
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
