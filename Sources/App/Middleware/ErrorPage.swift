import Vapor

struct ErrorPage: Encodable {
    let code: Int
    let title: String
    let message: String
    let lang: String
}
