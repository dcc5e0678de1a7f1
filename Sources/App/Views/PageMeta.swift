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
        let staff = actor.roles.contains { $0.isStaff && $0 != .additionalTeacher }
        if staff { items.append((Paths.classes, t("nav.classes"), "classes")) }
        return PageMeta(
            title: title, lang: language, user: actor.name.full, role: t("role.\(actor.primaryRole.rawValue)"),
            school: actor.schoolName,
            nav: items.map { NavItem(href: $0.0, label: $0.1, active: $0.2 == section) })
    }

    /// Page meta for a page without a signed-in user (sign-in, errors).
    func publicPage(_ title: String) -> PageMeta {
        PageMeta(title: title, lang: language, user: nil, role: nil, school: nil, nav: [])
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
