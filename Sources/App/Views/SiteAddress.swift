import Vapor

/// The site's own address as the client reached it (behind a proxy: its scheme and host), for links that leave the
/// site: a справка's QR code, a shared portfolio link, Open Badges identifiers.
enum SiteAddress {
    /// The base of the verification link: the address the school's staff reached the server by.
    static func of(_ req: Request) -> String {
        let host = req.headers.first(name: .host) ?? "\(req.application.kopilkaConfig.host):\(req.application.kopilkaConfig.port)"
        let scheme = req.headers.first(name: "X-Forwarded-Proto") ?? (req.application.kopilkaConfig.secureCookies ? "https" : "http")
        return "\(scheme)://\(host)"
    }
}
