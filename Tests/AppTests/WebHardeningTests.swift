@testable import App
import Foundation
import Testing
import Vapor

/// The edges of the web UI an attacker probes: where sign-in sends a person next.
@Suite struct WebHardeningTests {
    @Test func signInGoesOnlyToAPathOfThisSite() async throws {
        for bad in ["//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/\\/evil.example",
                    "/%09/evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%0A/evil.example",
                    "https://evil.example", "evil.example", "/ /evil.example", "/journals\u{0}", "/%00", "/журнал", ""] {
            #expect(SessionController.safeNext(bad) == "", "«\(bad.debugDescription)» was admitted")
        }
        for good in ["/", "/journals", "/pupils/0f8e2d1c-1111-2222-3333-444455556666/portfolio#works", "/classes?year=2026",
                     "/search?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2"] {
            #expect(SessionController.safeNext(good) == good)
        }
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            _ = try await c.get("/login?next=%2F%09%2Fevil.example")
            let res = try await c.post("/login", form: ["login": "teacher", "password": "demo", "next": "/\t/evil.example"])
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/")
        }
    }
}
