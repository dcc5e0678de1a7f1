import NIOConcurrencyHelpers
import Vapor

/// On shutdown, waits (up to `timeout`) for the requests in flight; lifecycle handlers stop before the databases do.
struct DrainRequests: LifecycleHandler {
    let requests: InFlightRequests
    var timeout: Double = 10
    func shutdownAsync(_ application: Application) async {
        let deadline = Date().addingTimeInterval(timeout)
        while requests.current > 0 && Date() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }
}
