import Vapor

struct Problem: Content {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let instance: String
}
