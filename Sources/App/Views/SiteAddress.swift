import Vapor

/// The site's own address for links that leave the site — a справка's QR code, a shared portfolio link, Open Badges
/// identifiers, sign-in slips: the configured `KOPILKA_PUBLIC_URL`, never what a request's Host header claims (a
/// credential signed with the school's key once froze an attacker's host).
enum SiteAddress {
    /// The address for links of `school`. Only the demo school makes do without `KOPILKA_PUBLIC_URL` (its
    /// `http://<host>:<port>`); a real school's link is refused until the address is set — a school set up on a server
    /// already running without it would otherwise print and sign links to «127.0.0.1».
    static func of(_ req: Request, school: UUID) throws -> String {
        let config = req.application.kopilkaConfig
        guard config.publicURLSetting != nil || school == DemoSchool.schoolID else {
            req.logger.error("KOPILKA_PUBLIC_URL не задан: ссылка для школы \(school) не построена")
            throw Abort(.serviceUnavailable, reason: req.t("error.public_url_missing"))
        }
        return config.publicURL
    }
}
