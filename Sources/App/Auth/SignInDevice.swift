import Foundation
import Vapor

/// The long-lived cookie that tells a browser that has signed in before from a stranger's.
enum SignInDevice {
    static let cookie = "kopilka_device"

    /// Sets the cookie on a response when the browser has none.
    static func ensure(_ req: Request, _ res: Response) {
        guard req.cookies[cookie] == nil else { return }
        res.cookies[cookie] = HTTPCookies.Value(string: CSRF.randomToken(bytes: 24), expires: Date().addingTimeInterval(365 * 86_400),
                                                maxAge: 365 * 86_400, path: "/", isSecure: req.application.kopilkaConfig.secureCookies,
                                                isHTTPOnly: true, sameSite: .lax)
    }
}
