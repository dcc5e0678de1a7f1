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
    /// The day the school calendar takes as today when `KOPILKA_TODAY` moves it («27.05.2027»): every page says so.
    var movedToday: String?
    /// The page reloads itself: «1; url=/year» (a long job's progress). The address is spelled out: a refresh of an
    /// address with a fragment (`/year#progress`) is only a scroll, and the page would never change.
    var refresh: String?
}

extension Request {
    /// Page meta for a signed-in page; the navigation depends on the actor's roles.
    func page(_ title: String, section: String) throws -> PageMeta {
        let actor = try self.actor
        var items: [(String, String, String)] = [(RouteTable.home.path(), t("nav.home"), "home")]
        let classes = AccessPolicy.classReach(actor.assignments, schoolID: actor.schoolID, on: actor.today)
        if classes != .some(classIDs: [], grades: []) { items.append((RouteTable.classes.path(), t("nav.classes"), "classes")) }
        if actor.may(.viewJournals) {
            items.append((RouteTable.journals.path(), t("nav.journals"), "journals"))
        }
        if actor.may(.manageAssessments) {
            items.append((RouteTable.assessments.path(), t("nav.assessments"), "assessments"))
        }
        if actor.may(.viewAnalytics) { items.append((RouteTable.analytics.path(), t("nav.analytics"), "analytics")) }
        if actor.may(.control) { items.append((RouteTable.control.path(), t("nav.control"), "control")) }
        if actor.may(.awardByOrder) { items.append((RouteTable.awards.path(), t("nav.awards"), "awards")) }
        if actor.may(.overseeSchool) {
            items.append((RouteTable.documents.path(), t("nav.documents"), "documents"))
            items.append((RouteTable.requests.path(), t("nav.requests"), "requests"))
            items.append((RouteTable.year.path(), t("nav.year"), "year"))
        }
        if actor.decide(.manageSettings, .school(actor.schoolID)).allowed { items.append((RouteTable.settings.path(), t("nav.settings"), "settings")) }
        if actor.may(.manageUsers) {
            items.append((RouteTable.adminUsers.path(), t("nav.users"), "users"))
            items.append((RouteTable.adminImport.path(), t("nav.import"), "import"))
        } else if actor.may(.grantLeadership) {
            // The head gives and takes the leadership roles on the same pages.
            items.append((RouteTable.adminUsers.path(), t("nav.users"), "users"))
        }
        items.append((RouteTable.accountPassword.path(), t("nav.password"), "account"))
        items.append((RouteTable.help.path(), t("nav.help"), "help"))
        return PageMeta(
            title: title, lang: language, user: actor.name.full, role: t("role.\(actor.primaryRole.rawValue)"),
            school: actor.schoolName,
            nav: items.map { NavItem(href: $0.0, label: $0.1, active: $0.2 == section) },
            csrf: CSRF.token(for: self),
            schools: actor.schools.count > 1
                ? actor.schools.map { SchoolChoice(id: $0.id.uuidString, name: $0.name, current: $0.id == actor.schoolID) } : [],
            movedToday: application.clock.movedTo?.russian)
    }

    /// Page meta for a page without a signed-in user (sign-in, errors).
    func publicPage(_ title: String) -> PageMeta {
        PageMeta(title: title, lang: language, user: nil, role: nil, school: nil, nav: [], csrf: CSRF.token(for: self), schools: [],
                 movedToday: application.clock.movedTo?.russian)
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
