import Domain
import Fluent
import Foundation
import Vapor

/// `kopilka spravka --pupil <id> --out <file.pdf>`: issues a справка into the register (next number of the year)
/// and writes its PDF. The verification link uses `--base-url` (default: the configured host and port).
struct SpravkaCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "pupil", help: "id обучающегося (UUID)")
        var pupil: String?
        @Option(name: "out", help: "куда записать PDF")
        var out: String?
        @Option(name: "base-url", help: "адрес сервера для QR-кода проверки, например https://kopilka.school16.ru")
        var baseURL: String?
    }

    var help: String { "Выдаёт справку обучающемуся (выписка из классного журнала) и записывает её PDF" }

    func run(using context: CommandContext, signature: Signature) async throws {
        func fail(_ message: String) throws -> Never {
            FileHandle.standardError.write(Data((message + "\n").utf8))
            throw ExitCode(2)
        }
        guard let text = signature.pupil, let id = UUID(uuidString: text) else {
            try fail("Укажите --pupil: идентификатор обучающегося (UUID), например из адреса его личного дела.")
        }
        guard let out = signature.out, !out.isEmpty else { try fail("Укажите --out: файл, куда записать PDF.") }
        let app = context.application
        guard let pupil = try await Pupil.find(id, on: app.db) else { try fail("Обучающийся \(text) не найден.") }
        let school = try await School.find(pupil.schoolID, on: app.db)
        let zone = school?.zone ?? SchoolTime.defaultZone
        // The register needs a person behind each issue: an account the policy lets issue documents (the head, the deputy).
        let facts = try await PupilQueries.facts(on: app.db, schoolID: pupil.schoolID, pupilID: pupil.id!, today: app.clock.today(in: zone))
        let rows = try await RoleAssignment.query(on: app.db).filter(\.$schoolID == pupil.schoolID).with(\.$user).all()
        let issuers = Dictionary(grouping: rows, by: { $0.$user.id }).values.filter { own in
            own.first?.user.active == true
                && AccessPolicy.decide(own.compactMap(\.assignment), .write(.documents), .pupil(facts), on: app.clock.today(in: zone)).allowed
        }
        guard let by = issuers.compactMap({ $0.first?.user }).sorted(by: { $0.login < $1.login }).first?.id else {
            try fail("В школе нет учётной записи директора с действующим назначением: справку некому зарегистрировать.")
        }
        // The QR code's address: given here, or the configured public one; a real school's справка never carries the
        // server's own «http://127.0.0.1:8080».
        guard signature.baseURL != nil || app.kopilkaConfig.publicURLSetting != nil || pupil.schoolID == DemoSchool.schoolID else {
            try fail("Не задан KOPILKA_PUBLIC_URL (или --base-url): из него строится QR-код справки — укажите адрес, по которому школа открывает «Копилку».")
        }
        let base = signature.baseURL ?? app.kopilkaConfig.publicURL
        do {
            let audit = app.audit(schoolID: pupil.schoolID)
            let (doc, pdf) = try await SpravkaService.issue(
                on: app.db, blobs: app.blobs, audit: audit, pupil: pupil, today: app.clock.today(in: zone),
                createdBy: by, signerUserID: nil, requestID: nil, baseURL: base)
            try pdf.write(to: URL(fileURLWithPath: out))
            context.console.print("Справка № \(doc.registerNumber)/\(doc.year) для \(pupil.name.full) записана в \(out) "
                + "(\(pdf.count / 1024) КБ); проверка: \(base)\(SpravkaService.verificationPath(doc.verificationToken))")
        } catch let abort as Abort {
            try fail(abort.reason)
        }
    }
}
