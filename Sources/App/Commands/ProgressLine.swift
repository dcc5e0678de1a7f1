import Domain
import Fluent
import Foundation
import Vapor

/// A progress bar on one terminal line: «Загрузка [██████······] 120/200».
final class ProgressLine: @unchecked Sendable {
    let total: Int
    let title: String
    private let lock = NSLock()
    private var last = -1

    init(total: Int, title: String) {
        self.total = total
        self.title = title
    }

    func show(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        guard filled != last || done == total else { return }
        last = filled
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(title) [\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
