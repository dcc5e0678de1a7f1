import Domain
import Fluent
import SQLKit
import Foundation
import Vapor

/// A journal the actor may open, as a row: its title, the localization key of its kind, its address.
struct AvailableJournal: Sendable {
    let title: String
    let kindKey: String
    let href: String
}
