import Vapor

/// The site's own address for links that leave the site — a справка's QR code, a shared portfolio link, Open Badges
/// identifiers, sign-in slips: the configured `KOPILKA_PUBLIC_URL`, never what a request's Host header claims (a
/// credential signed with the school's key once froze an attacker's host).
enum SiteAddress {
    static func of(_ req: Request) -> String { req.application.kopilkaConfig.publicURL }
}
