import Foundation

/// One image decoded at a time in a process: a thumbnail may need tens of megabytes while it is made, and four
/// parents opening four portfolios at once must not need four times that. The others wait their turn (a thumbnail
/// is made once and kept).
actor DecodeGate {
    static let shared = DecodeGate()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await work()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        guard busy else { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
