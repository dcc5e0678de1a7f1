import Domain
import Vapor

struct NavItem: Encodable {
    let href: String
    let label: String
    let active: Bool
}
