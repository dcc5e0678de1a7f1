import Documents
import Domain
import Fluent
import Foundation

extension DemoBuilder {
    /// Achievements, awards, works, a family's consent with an external diploma, and a few records waiting for the deputy
    /// head: enough for the portfolio, the control page and the gifted list to show something real.
    mutating func buildAchievements(classes: [ClassGroup], pupilsByClass: [UUID: [Pupil]], yearStart: LocalDate,
                                    teacherOf: [String: User], deputy: User, english: User, blobs: BlobStore) async throws {
        let events: [(section: String, kind: String, title: String, organiser: String)] = [
            ("study", "olympiad", "Всероссийская олимпиада школьников по математике (школьный этап)", "МБОУ НШДС №16"),
            ("study", "olympiad", "Олимпиада «Русский медвежонок — языкознание для всех»", "ООО «Центр развития одарённости»"),
            ("study", "contest", "Международный конкурс-игра по математике «Кенгуру»", "Институт продуктивного обучения"),
            ("science", "conference", "Городская научно-практическая конференция «Первые шаги в науку»", "Управление образования г. Липецка"),
            ("science", "project", "Проект «Птицы нашего двора»", "МБОУ НШДС №16"),
            ("sport", "competition", "Городские соревнования «Весёлые старты»", "Городской спорткомитет"),
            ("sport", "competition", "Турнир по мини-футболу среди младших школьников", "ДЮСШ № 3"),
            ("creativity", "contest", "Конкурс рисунков «Краски осени»", "Дом детского творчества"),
            ("creativity", "exhibition", "Выставка поделок «Дары природы»", "МБОУ НШДС №16"),
            ("culture", "festival", "Фестиваль чтецов «Живое слово»", "Центральная детская библиотека"),
            ("civic", "contest", "Акция «Покормите птиц зимой»", "МБОУ НШДС №16"),
        ]
        let levels = ["school", "school", "school", "municipal", "municipal", "regional", "federal"]
        var achievements: [Achievement] = []
        var awards: [Award] = []
        var links: [AwardAchievement] = []
        var works: [PortfolioArtefact] = []
        let days = max(1, today.dayNumber - yearStart.dayNumber - 3)
        for c in classes.sorted(by: { $0.title < $1.title }) {
            let teacher = teacherOf[c.title]!
            for p in pupilsByClass[c.id!] ?? [] {
                guard chance(0.65) else { continue }
                var used = Set<Int>()
                for _ in 0..<int(1...3) {
                    var index = int(0...(events.count - 1))
                    while used.contains(index) { index = (index + 1) % events.count }
                    used.insert(index)
                    let e = events[index]
                    let level = pick(levels)
                    let result = chance(0.2) ? "winner" : chance(0.3) ? "prize_winner" : chance(0.2) ? "laureate" : "participant"
                    let a = Achievement()
                    a.id = UUID(); a.schoolID = school; a.$pupil.id = p.id!; a.section = e.section; a.kind = e.kind
                    a.title = e.title; a.organiser = e.organiser; a.level = level; a.result = result
                    a.place = result == "prize_winner" ? pick(["2 место", "3 место", "II степень"]) : nil
                    a.startsOn = yearStart.adding(days: int(3...days)); a.inDecree1239List = e.kind == "olympiad" && level != "school" && chance(0.3)
                    a.origin = .internal; a.shared = false
                    // Most records are vouched for; some wait for the deputy head (5.2).
                    switch int(0...39) {
                    case 0: a.status = .submitted; a.createdBy = e.section == "study" ? english.id! : teacher.id!
                    case 1: a.status = .confirmed; a.createdBy = teacher.id!
                    default:
                        a.status = .verified; a.createdBy = teacher.id!; a.verifiedBy = deputy.id!
                        a.verifiedAt = Date(timeIntervalSince1970: TimeInterval((a.startsOn.dayNumber + 2) * 86_400))
                    }
                    achievements.append(a)
                }
                if c.grade >= 2, chance(0.25) {
                    works.append(PortfolioArtefact())
                    let w = works[works.count - 1]
                    w.schoolID = school; w.$pupil.id = p.id!; w.section = pick(["my_creativity", "my_study", "extracurricular"])
                    w.title = pick(["Рисунок «Моя семья»", "Книжка-малышка «Сказки о животных»", "Презентация «Мой город Липецк»",
                                    "Поделка из природного материала", "Проект «Мои домашние питомцы»"])
                    w.description = "Работа выполнена на уроке и дома вместе с родителями."
                    w.date = yearStart.adding(days: int(3...days)); w.createdBy = teacher.id!; w.shared = false
                }
            }
        }
        try await achievements.create(on: db)
        try await works.create(on: db)

        // An order of the first quarter: certificates for the winners of the year so far (3.3).
        let winners = achievements.filter { $0.status == .verified && $0.result == "winner" && $0.level != "school" }
        let orderDate = min(today, yearStart.adding(days: 60))
        for a in winners.prefix(15) {
            let w = Award()
            w.id = UUID(); w.schoolID = school; w.$pupil.id = a.$pupil.id; w.kind = "certificate"
            w.ground = ["sport": "sport", "science": "scientific", "creativity": "creative", "culture": "creative", "civic": "social"][a.section] ?? "study"
            w.title = "За победу: \(a.title)"; w.date = max(a.startsOn, orderDate); w.orderNumber = "112-о"; w.orderDate = orderDate
            w.basisDocument = "Приказ № 112-о от \(orderDate.russian)"; w.awardedBy = "Директор Е. В. Соколова"; w.createdBy = deputy.id!
            w.shared = false
            awards.append(w)
            let l = AwardAchievement()
            l.schoolID = school; l.$award.id = w.id!; l.$achievement.id = a.id!
            links.append(l)
        }
        try await awards.create(on: db)
        try await links.create(on: db)

        // The `parent` family has given consent for achievements from other organisations and brought a diploma for
        // their child in 4Б (their 2А child has none: the guide shows how a parent adds one).
        let class4B = classes.first { $0.title == "4Б" }?.id
        let in4B = Set((class4B.flatMap { pupilsByClass[$0] } ?? []).compactMap(\.id))
        if let parent = try await User.query(on: db).filter(\.$login == "parent").first(),
           let link = try await GuardianLink.query(on: db).filter(\.$user.$id == parent.id!).all().first(where: { in4B.contains($0.$pupil.id) }) {
            let consent = Consent()
            consent.schoolID = school; consent.$pupil.id = link.$pupil.id; consent.$guardian.id = parent.id!
            consent.purpose = AchievementService.externalPurpose; consent.givenOn = yearStart.adding(days: 2); consent.recordedBy = parent.id!
            try await consent.create(on: db)
            let a = Achievement()
            a.schoolID = school; a.$pupil.id = link.$pupil.id; a.section = "culture"; a.kind = "contest"
            a.title = "Открытый конкурс юных пианистов «Весенняя капель»"; a.organiser = "Детская школа искусств № 1"
            a.level = "municipal"; a.result = "prize_winner"; a.place = "II степень"; a.startsOn = yearStart.adding(days: min(20, days))
            a.inDecree1239List = false; a.origin = .external; a.status = .submitted; a.createdBy = parent.id!
            a.consentID = consent.id; a.shared = false
            try await a.create(on: db)
            let scan = DemoDiploma.png
            let file = Attachment()
            file.schoolID = school; file.sha256 = try blobs.put(scan); file.mime = "image/png"; file.size = scan.count
            file.originalName = "диплом-капель.png"; file.uploadedBy = parent.id!
            try await file.create(on: db)
            let ev = AchievementEvidence()
            ev.schoolID = school; ev.$achievement.id = a.id!; ev.$attachment.id = file.id!
            try await ev.create(on: db)
        }
    }
}

/// A small picture standing in for a scanned diploma (a red seal on paper), made without any image library.
enum DemoDiploma {
    static let png: Data = {
        let w = 48, h = 34
        var raw = Data()
        for y in 0..<h {
            raw.append(0)
            for x in 0..<w {
                let dx = x - 36, dy = y - 24
                let seal = dx * dx + dy * dy < 36
                let line = (y == 8 || y == 12 || y == 16) && x > 6 && x < 42
                let border = x < 2 || y < 2 || x >= w - 2 || y >= h - 2
                let rgb: [UInt8] = seal ? [200, 30, 40] : line ? [60, 60, 90] : border ? [180, 140, 60] : [252, 248, 236]
                raw.append(contentsOf: rgb)
            }
        }
        return PNGWriter.rgb(width: w, height: h, rows: raw)
    }()
}

extension DemoBuilder {
    /// The class teachers assessed the metasubject results (УУД) of grades 2–4 at the end of each finished quarter;
    /// personal results are never scored per child.
    mutating func buildIndicatorLevels(classes: [ClassGroup], pupilsByClass: [UUID: [Pupil]], quarters: [Period],
                                       teacherOf: [String: User]) async throws {
        let indicators = try await Indicator.query(on: db).filter(\.$schoolID == school).all().filter { $0.group != .personal }
        var levels: [IndicatorLevel] = []
        for q in quarters where q.endsOn < today {
            for c in classes where c.grade >= 2 {
                for p in pupilsByClass[c.id!] ?? [] {
                    for i in indicators {
                        let l = IndicatorLevel()
                        l.schoolID = school; l.$indicator.id = i.id!; l.$pupil.id = p.id!; l.$period.id = q.id!
                        l.level = pick([.basic, .basic, .basic, .advanced, .advanced, .belowBasic, .high])
                        l.assessedBy = teacherOf[c.title]!.id!
                        levels.append(l)
                    }
                }
            }
        }
        for chunk in levels.chunked(1000) { try await chunk.create(on: db) }
    }
}
