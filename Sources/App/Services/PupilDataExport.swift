import Crypto
import Domain
import Fluent
import Foundation
import Vapor
import ZIPFoundation

/// A legal representative's copy of everything stored about their child (152-ФЗ ст. 14; issue 7): one ZIP with a
/// readable page (`index.html`, no scripts, no external requests), the machine-readable `data.json`, the files
/// (evidence, works, issued documents) and `manifest.json` with each part's SHA-256.
enum PupilDataExport {
    struct Mark: Codable { let date, subject, value, work: String; let weight: Double; let history: [ChangeOut] }
    struct PeriodMarkOut: Codable { let subject, period, value, status: String }
    struct AchievementOut: Codable { let title, section, kind, level, result, dates, organiser, origin, status: String; let files: [String] }
    struct AwardOut: Codable { let kind, title, date, basis, awardedBy: String }
    struct WorkOut: Codable { let title, section, date, description: String; let file: String? }
    struct ConsentOut: Codable { let purpose, guardian, given, withdrawn: String }
    struct DocumentOut: Codable { let number, date, kind, file: String; let revoked: Bool }
    struct LogOut: Codable { let when, who, role, action: String }
    /// One change of a mark: what it became, when, who made it and why (an empty reason: a same-day change).
    struct ChangeOut: Codable { let value, when, author, reason: String }
    struct AttendanceOut: Codable { let date, subject, status: String }
    struct IndicatorOut: Codable { let period, indicator, level: String }
    struct AssessmentOut: Codable { let date, title, form, result: String }
    struct RouteOut: Codable { let year, goals, notes: String; let steps: [[String: String]] }
    struct RequestOut: Codable { let received, subject, status, due, answered, answer: String }
    struct Data_: Codable {
        let format: String
        let createdAt: String
        let school: String
        let pupil: [String: String]
        let classHistory: [[String: String]]
        let guardians: [[String: String]]
        let marks: [Mark]
        let attendance: [AttendanceOut]
        let periodMarks: [PeriodMarkOut]
        let indicators: [IndicatorOut]
        let assessments: [AssessmentOut]
        let routes: [RouteOut]
        let requests: [RequestOut]
        let achievements: [AchievementOut]
        let awards: [AwardOut]
        let works: [WorkOut]
        let consents: [ConsentOut]
        let documents: [DocumentOut]
        let accessLog: [LogOut]
    }

    static func make(req: Request, actor: CurrentActor, pupil: Pupil, facts: PupilFacts) async throws -> Data {
        let db = req.db
        let schoolID = actor.schoolID, id = pupil.id!
        let t: (String) -> String = { req.t($0) }
        let school = try await School.find(schoolID, on: db)
        let card = try await PupilQueries.card(on: db, actor: actor, pupil: pupil, facts: facts, t: t)
        let vocab = try await Vocabulary.load(db, schoolID: schoolID, VocabularyKind.allCases, language: "ru")
        // Marks with their whole history (every event, not only the current value).
        let events = try await MarkEvent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id).sort(\.$recordedAt).all()
        let items = Dictionary(uniqueKeysWithValues: try await CurriculumItem.query(on: db).filter(\.$schoolID == schoolID).with(\.$subject).all()
            .map { ($0.id!, $0.subject.name) })
        let workTypes = Dictionary(uniqueKeysWithValues: try await WorkType.query(on: db).filter(\.$schoolID == schoolID).all().map { ($0.id!, $0.title) })
        let byLesson = Dictionary(grouping: events, by: { $0.$lesson.id })
        // Who changed a mark is part of its history: the authors' names, read once.
        let authorIDs = Set(events.map(\.authorID))
        let authors = authorIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ Array(authorIDs)).all()
            .map { ($0.id!, $0.name.full) })
        let marks = byLesson.values.compactMap { list -> Mark? in
            guard let last = list.last, last.action == .set else { return nil }
            return Mark(date: last.date.iso, subject: last.curriculumItemID.flatMap { items[$0] } ?? "",
                        value: last.value ?? last.verbal ?? "", work: last.workTypeID.flatMap { workTypes[$0] } ?? "", weight: last.weight,
                        history: list.count > 1 ? list.map { e in
                            ChangeOut(value: e.action == .delete ? "удалено" : (e.value ?? e.verbal ?? ""),
                                      when: SchoolTime.dateTime(e.recordedAt, in: actor.timeZone),
                                      author: (authors[e.authorID] ?? "") + (e.source == .external ? " (загрузка из электронного журнала)" : ""),
                                      reason: e.reason ?? "")
                        } : [])
        }.sorted { ($0.date, $0.subject) < ($1.date, $1.subject) }
        // Attendance: every lesson the child missed or was late for.
        let attendanceRows = try await Attendance.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id)
            .filter(\.$status != .present).with(\.$lesson).all()
        let attendance = attendanceRows.map { a in
            AttendanceOut(date: a.lesson.date.iso, subject: a.lesson.$curriculumItem.id.flatMap { items[$0] } ?? a.lesson.topic,
                          status: t("attendance.\(a.status.rawValue)"))
        }.sorted { ($0.date, $0.subject) < ($1.date, $1.subject) }
        let periods = Dictionary(uniqueKeysWithValues: try await Period.query(on: db).filter(\.$schoolID == schoolID).all().map { ($0.id!, $0.title) })
        let periodMarks = try await PeriodMark.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id).filter(\.$status != .proposed).all()
            .map { PeriodMarkOut(subject: items[$0.$curriculumItem.id] ?? "", period: periods[$0.$period.id] ?? "", value: $0.finalValue ?? "",
                                 status: $0.status.rawValue) }
        let indicators = try await IndicatorLevel.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id).with(\.$indicator).all()
            .map { IndicatorOut(period: periods[$0.$period.id] ?? "", indicator: $0.indicator.title, level: t("level.\($0.level.rawValue)")) }
            .sorted { ($0.period, $0.indicator) < ($1.period, $1.indicator) }
        let assessments = try await AssessmentResult.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id).with(\.$event).all()
            .map { r in
                let score = r.score.map { s in r.maxScore.map { "\(Shown.decimal(s, trimmed: true)) из \(Shown.decimal($0, trimmed: true))" }
                    ?? Shown.decimal(s, trimmed: true) }
                let result = [r.value, score, r.level.map { t("level.\($0.rawValue)") }, r.comment].compactMap { $0 }.filter { !$0.isEmpty }
                return AssessmentOut(date: r.event.date.iso, title: r.event.title, form: r.event.form, result: result.joined(separator: "; "))
            }.sorted { ($0.date, $0.title) < ($1.date, $1.title) }
        let years = Dictionary(uniqueKeysWithValues: try await AcademicYear.query(on: db).filter(\.$schoolID == schoolID).all().map { ($0.id!, $0.title) })
        var routes: [RouteOut] = []
        for r in try await IndividualRoute.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id).all() {
            let steps = try await RouteStep.query(on: db).filter(\.$route.$id == r.id!).sort(\.$createdAt).all().map {
                ["Шаг": $0.title, "Ответственный": $0.responsible, "С": $0.startsOn?.russian ?? "", "Срок": $0.dueOn?.russian ?? "",
                 "Выполнено": $0.doneOn?.russian ?? "", "Итог": $0.outcome]
            }
            routes.append(RouteOut(year: years[r.$academicYear.id] ?? "", goals: r.goals, notes: r.notes, steps: steps))
        }
        let requests = try await InformationRequest.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id)
            .sort(\.$receivedOn).all().map {
                RequestOut(received: $0.receivedOn.russian, subject: $0.subject, status: t("request.status.\($0.status.rawValue)"),
                           due: ($0.extendedUntil ?? $0.dueOn).russian, answered: $0.answeredOn?.russian ?? "", answer: $0.answerNote ?? "")
            }
        let portfolio = try await PortfolioQueries.load(on: db, schoolID: schoolID, pupilID: id, audience: .school, includeResults: false,
                                                        language: "ru", t: t)
        var files: [(path: String, data: Data)] = []
        var pending: [(UUID, String)] = []
        func attach(_ attachmentID: String, _ name: String) -> String {
            guard let uuid = UUID(uuidString: attachmentID) else { return name }
            let path = "files/\(attachmentID.prefix(8))-\(name.replacingOccurrences(of: "/", with: "_"))"
            files.append((path, Data()))
            pending.append((uuid, path))
            return path
        }
        let achievements = portfolio.achievements.flatMap { s in s.rows.map { a in
            AchievementOut(title: a.title, section: s.title, kind: a.kind, level: a.level, result: a.result, dates: a.dates, organiser: a.organiser,
                           origin: a.external ? "другая организация" : "школа", status: a.status, files: a.files.map { attach($0.id, $0.name) })
        } }
        let awards = portfolio.awards.map { AwardOut(kind: $0.kind, title: $0.title, date: $0.date, basis: $0.basis, awardedBy: $0.awardedBy) }
        let works = portfolio.works.flatMap { s in s.rows.map { w in
            WorkOut(title: w.title, section: s.title, date: w.date, description: w.description, file: w.file.map { attach($0.id, $0.name) })
        } }
        let consents = try await Consent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id).with(\.$guardian).all().map {
            ConsentOut(purpose: vocab.title(.consentPurpose, $0.purpose), guardian: $0.guardian.name.full, given: $0.givenOn.russian,
                       withdrawn: $0.withdrawnOn?.russian ?? "")
        }
        let issued = try await IssuedDocument.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == id).all()
        var documents: [DocumentOut] = []
        for d in issued where !d.sha256.isEmpty {
            let path = "files/spravka-\(d.registerNumber)-\(d.year).pdf"
            files.append((path, try req.application.blobs.get(d.sha256)))
            documents.append(DocumentOut(number: "\(d.registerNumber)/\(d.year)", date: d.issuedOn.russian, kind: t("document.kind.\(d.kind.rawValue)"),
                                         file: path, revoked: d.revokedAt != nil))
        }
        let attachments = pending.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Attachment.query(on: db)
            .filter(\.$schoolID == schoolID).filter(\.$id ~~ pending.map(\.0)).all().map { ($0.id!, $0.sha256) })
        for (uuid, path) in pending {
            guard let sha = attachments[uuid], let i = files.firstIndex(where: { $0.path == path }) else { continue }
            files[i].data = try req.application.blobs.get(sha)
        }
        let log = try await AuditQueries.everything(on: db, schoolID: schoolID, pupilID: id, timeZone: actor.timeZone, t: t)
            .map { LogOut(when: $0.when, who: $0.who, role: $0.role, action: $0.action) }
        let data = Data_(
            format: "kopilka-pupil-data/1", createdAt: ISO8601DateFormatter().string(from: Date()), school: school?.name ?? "",
            pupil: ["ФИО": pupil.name.full, "Дата рождения": pupil.birthDate.russian, "Класс": card.currentClass ?? "",
                    "Обучение на дому": pupil.homeSchooled ? "да" : "нет", "Особые условия обучения": pupil.specialConditions ? "да" : "нет"],
            classHistory: card.classHistory.map { ["Год": $0.year, "Класс": $0.classTitle, "С": $0.from, "По": $0.to, "Основание": $0.reason] },
            guardians: (card.guardians ?? []).map { ["ФИО": $0.name, "Кем приходится": $0.relation, "Телефон": $0.phone, "E-mail": $0.email] },
            marks: marks, attendance: attendance, periodMarks: periodMarks, indicators: indicators, assessments: assessments, routes: routes,
            requests: requests, achievements: achievements, awards: awards, works: works, consents: consents,
            documents: documents, accessLog: log)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(data)
        let html = Data(page(data).utf8)
        var parts: [(String, Data)] = [("index.html", html), ("data.json", json)] + files.map { ($0.path, $0.data) }
        let manifest = parts.map { ["path": $0.0, "sha256": BlobStore.sha256($0.1), "size": String($0.1.count)] }
        parts.append(("manifest.json", try encoder.encode(manifest)))
        let archive = try Archive(accessMode: .create)
        for (path, bytes) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let out = archive.data else { throw Abort(.internalServerError) }
        return out
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func table(_ head: [String], _ rows: [[String]]) -> String {
        "<table><thead><tr>" + head.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\(esc($0))</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>"
    }

    /// The readable copy: one self-contained page.
    static func page(_ d: Data_) -> String {
        var h = "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Данные обучающегося: \(esc(d.pupil["ФИО"] ?? ""))</title>"
        h += "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}"
        h += "td,th{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#eef1f4}</style></head><body>"
        h += "<h1>Данные обучающегося</h1><p>\(esc(d.school)) · выгружено \(esc(d.createdAt))</p>"
        h += "<h2>Личное дело</h2>" + table(["Сведения", "Значение"], d.pupil.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })
        h += "<h2>История обучения</h2>" + table(["Год", "Класс", "С", "По", "Основание"], d.classHistory.map { [$0["Год"] ?? "", $0["Класс"] ?? "", $0["С"] ?? "", $0["По"] ?? "", $0["Основание"] ?? ""] })
        h += "<h2>Законные представители</h2>" + table(["ФИО", "Кем приходится", "Телефон", "E-mail"], d.guardians.map { [$0["ФИО"] ?? "", $0["Кем приходится"] ?? "", $0["Телефон"] ?? "", $0["E-mail"] ?? ""] })
        h += "<h2>Отметки (\(d.marks.count))</h2>" + table(["Дата", "Предмет", "Отметка", "Вид работы", "Вес", "История изменений"],
                                                            d.marks.map { [$0.date, $0.subject, $0.value, $0.work, String($0.weight),
                                                                           $0.history.map { c in "\(c.value) — \(c.when), \(c.author)" + (c.reason.isEmpty ? "" : ": \(c.reason)") }
                                                                               .joined(separator: "; ")] })
        h += "<h2>Посещаемость (\(d.attendance.count))</h2>" + table(["Дата", "Предмет", "Отметка о посещении"], d.attendance.map { [$0.date, $0.subject, $0.status] })
        h += "<h2>Отметки за периоды</h2>" + table(["Предмет", "Период", "Отметка"], d.periodMarks.map { [$0.subject, $0.period, $0.value] })
        h += "<h2>Метапредметные результаты (УУД)</h2>" + table(["Период", "Показатель", "Уровень"], d.indicators.map { [$0.period, $0.indicator, $0.level] })
        h += "<h2>Оценочные процедуры (ВПР и другие)</h2>" + table(["Дата", "Процедура", "Форма", "Результат"], d.assessments.map { [$0.date, $0.title, $0.form, $0.result] })
        for r in d.routes {
            h += "<h2>Индивидуальный маршрут · \(esc(r.year))</h2><p>\(esc(r.goals))</p><p>\(esc(r.notes))</p>"
            h += table(["Шаг", "Ответственный", "С", "Срок", "Выполнено", "Итог"], r.steps.map { [$0["Шаг"] ?? "", $0["Ответственный"] ?? "", $0["С"] ?? "", $0["Срок"] ?? "", $0["Выполнено"] ?? "", $0["Итог"] ?? ""] })
        }
        h += "<h2>Запросы родителей</h2>" + table(["Получен", "Содержание", "Состояние", "Срок", "Ответ дан", "Ответ"],
                                                  d.requests.map { [$0.received, $0.subject, $0.status, $0.due, $0.answered, $0.answer] })
        h += "<h2>Достижения</h2>" + table(["Название", "Раздел", "Уровень", "Результат", "Даты", "Статус", "Файлы"],
                                           d.achievements.map { [$0.title, $0.section, $0.level, $0.result, $0.dates, $0.status, $0.files.joined(separator: ", ")] })
        h += "<h2>Поощрения</h2>" + table(["Вид", "Формулировка", "Дата", "Основание"], d.awards.map { [$0.kind, $0.title, $0.date, $0.basis] })
        h += "<h2>Работы</h2>" + table(["Название", "Раздел", "Дата", "Файл"], d.works.map { [$0.title, $0.section, $0.date, $0.file ?? ""] })
        h += "<h2>Согласия</h2>" + table(["Цель", "Законный представитель", "Дано", "Отозвано"], d.consents.map { [$0.purpose, $0.guardian, $0.given, $0.withdrawn] })
        h += "<h2>Выданные документы</h2>" + table(["№", "Дата", "Документ", "Файл"], d.documents.map { [$0.number, $0.date, $0.kind + ($0.revoked ? " (отозван)" : ""), $0.file] })
        h += "<h2>Кто смотрел и менял данные</h2>" + table(["Когда", "Кто", "Роль", "Что"], d.accessLog.map { [$0.when, $0.who, $0.role, $0.action] })
        return h + "</body></html>"
    }
}
