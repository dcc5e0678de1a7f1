import Domain
import Vapor

struct SchoolChoice: Encodable {
    let id: String
    let name: String
    let current: Bool
}
