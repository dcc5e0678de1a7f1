import Domain
import Fluent
import Foundation

/// The rules every new school starts with, as data it can edit (1.2): mark scales, work types with weights,
/// the lists of achievement sections/kinds/levels/results, award kinds and grounds, consent purposes,
/// УУД indicators and retention periods (unconfirmed periods: editable, see DOMAIN.md).
enum SchoolDefaults {
    struct Scales {
        let fivePoint: UUID
        let passFail: UUID
        let verbal: UUID
    }

    @discardableResult
    static func install(schoolID: UUID, on db: any Database) async throws -> Scales {
        let five = MarkScale(schoolID: schoolID, code: "five_point", title: "Пятибалльная «5/4/3/2»", kind: .numeric,
                             allowedValues: ["5", "4", "3", "2"], inAverage: true)
        let passFail = MarkScale(schoolID: schoolID, code: "pass_fail", title: "Зачёт/незачёт", kind: .passFail,
                                 allowedValues: ["зачёт", "незачёт"], inAverage: false)
        let verbal = MarkScale(schoolID: schoolID, code: "verbal", title: "Словесная оценка (без отметок)", kind: .verbal,
                               allowedValues: [], inAverage: false)
        try await [five, passFail, verbal].create(on: db)

        let workTypes: [(String, String, Double)] = [
            ("answer", "Ответ на уроке", 1), ("homework", "Домашняя работа", 1), ("independent", "Самостоятельная работа", 1.5),
            ("dictation", "Диктант", 2), ("test", "Контрольная работа", 2), ("project", "Проект", 1.5),
            ("reading", "Техника чтения", 1), ("practical", "Практическая работа", 1),
        ]
        try await workTypes.enumerated().map { i, w in
            WorkType(schoolID: schoolID, code: w.0, title: w.1, weight: w.2, sort: i)
        }.create(on: db)

        var entries: [VocabularyEntry] = []
        func add(_ kind: VocabularyKind, _ items: [(String, String, String)]) {
            for (i, item) in items.enumerated() {
                entries.append(VocabularyEntry(schoolID: schoolID, vocabulary: kind, code: item.0, titleRu: item.1, titleEn: item.2, sort: i))
            }
        }
        add(.achievementSection, [("study", "Учёба", "Study"), ("science", "Наука", "Science"), ("sport", "Спорт", "Sport"),
                                  ("creativity", "Творчество", "Creativity"), ("culture", "Культура", "Culture"),
                                  ("civic", "Гражданская активность", "Civic activity")])
        add(.achievementKind, [("olympiad", "Олимпиада", "Olympiad"), ("contest", "Конкурс", "Contest"),
                               ("competition", "Соревнование", "Competition"), ("conference", "Конференция", "Conference"),
                               ("exhibition", "Выставка", "Exhibition"), ("festival", "Фестиваль", "Festival"),
                               ("project", "Проект", "Project"), ("membership", "Участие в объединении", "Membership"),
                               ("activity", "Занятия в кружке или секции", "Club or section activity")])
        add(.achievementLevel, [("school", "Школьный", "School"), ("municipal", "Муниципальный", "Municipal"),
                                ("regional", "Региональный", "Regional"), ("interregional", "Межрегиональный", "Interregional"),
                                ("federal", "Всероссийский (заключительный)", "National (final)"),
                                ("international", "Международный", "International")])
        add(.achievementResult, [("winner", "Победитель", "Winner"), ("prize_winner", "Призёр", "Prize-winner"),
                                 ("laureate", "Лауреат", "Laureate"), ("diploma", "Дипломант", "Diploma holder"),
                                 ("participant", "Участник", "Participant")])
        add(.awardKind, [("gratitude", "Благодарность", "Gratitude"), ("letter_to_parents", "Благодарственное письмо родителям", "Letter of thanks to parents"),
                         ("certificate", "Грамота", "Certificate of merit"), ("honour_certificate", "Почётная грамота", "Certificate of honour"),
                         ("commendation_sheet", "Похвальный лист «За отличные успехи в учении»", "Commendation for excellent study"),
                         ("diploma", "Диплом", "Diploma"), ("valuable_gift", "Ценный подарок", "Valuable gift"),
                         ("honour_board", "Доска почёта", "Board of honour"),
                         ("public_praise", "Публичное одобрение", "Public praise")])
        // The nine grounds of 273-ФЗ ст. 34 and clause 3.3 of the regulation.
        add(.awardGround, [("study", "Учёба", "Study"), ("physical_culture", "Физическая культура", "Physical culture"),
                           ("sport", "Спорт", "Sport"), ("social", "Общественная деятельность", "Social activity"),
                           ("scientific", "Научная деятельность", "Scientific activity"),
                           ("scientific_technical", "Научно-техническая деятельность", "Scientific-technical activity"),
                           ("creative", "Творческая деятельность", "Creative activity"),
                           ("experimental", "Экспериментальная деятельность", "Experimental activity"),
                           ("innovative", "Инновационная деятельность", "Innovative activity")])
        add(.consentPurpose, [("records", "Обработка персональных данных для индивидуального учёта", "Processing for the school's records"),
                              ("external_achievements", "Учёт достижений из других организаций (п. 5.1)", "Recording achievements from other organisations"),
                              ("publish_site", "Публикация результатов на сайте школы", "Publishing results on the school site"),
                              ("publish_olympiad", "Публикация результатов олимпиад", "Publishing olympiad results")])
        add(.participationKind, [("self_government", "Ученическое самоуправление", "Pupil self-government"),
                                 ("volunteering", "Волонтёрство", "Volunteering"), ("class_duty", "Поручение в классе", "Class duty")])
        add(.portfolioSection, [("my_world", "Мой мир", "My world"), ("my_study", "Моя учёба", "My study"),
                                ("my_creativity", "Моё творчество", "My creative work"), ("my_achievements", "Мои достижения", "My achievements"),
                                ("extracurricular", "Внеурочная деятельность", "Extracurricular activity"),
                                ("reviews", "Отзывы и пожелания", "Reviews and wishes"), ("self_assessment", "Самооценка", "Self-assessment")])
        try await entries.create(on: db)

        let indicators: [(IndicatorGroup, String)] = [
            (.regulative, "Принимает и сохраняет учебную задачу"), (.regulative, "Планирует и контролирует свои действия"),
            (.cognitive, "Находит нужную информацию в тексте"), (.cognitive, "Сравнивает и классифицирует объекты"),
            (.communicative, "Строит понятное высказывание"), (.communicative, "Договаривается в совместной работе"),
            (.personal, "Проявляет учебный интерес"),
        ]
        try await indicators.enumerated().map { i, x in Indicator(schoolID: schoolID, group: x.0, title: x.1, sort: i) }.create(on: db)

        // Periods commonly cited for Приказ Росархива № 236 (unconfirmed): the school's номенклатура дел decides.
        try await [
            RetentionRule(schoolID: schoolID, recordKind: "class_journal", years: 5, startsAt: .yearEnd, action: .destroy,
                          basis: "Номенклатура дел; Приказ Росархива № 236 (срок не подтверждён, проверьте)"),
            RetentionRule(schoolID: schoolID, recordKind: "summary_marks", years: 25, startsAt: .yearEnd, action: .destroy,
                          basis: "Сводные ведомости успеваемости (срок не подтверждён, проверьте)"),
            RetentionRule(schoolID: schoolID, recordKind: "personal_file", years: 3, startsAt: .pupilLeft, action: .destroy,
                          basis: "Личные дела обучающихся (срок не подтверждён, проверьте)"),
            RetentionRule(schoolID: schoolID, recordKind: "consent", years: 3, startsAt: .purposeEnd, action: .destroy,
                          basis: "Согласия на обработку персональных данных (срок не подтверждён, проверьте)"),
            RetentionRule(schoolID: schoolID, recordKind: "portfolio", years: 1, startsAt: .pupilLeft, action: .destroy,
                          basis: "Портфолио передаётся семье (срок не подтверждён, проверьте)"),
        ].create(on: db)
        return Scales(fivePoint: five.id!, passFail: passFail.id!, verbal: verbal.id!)
    }
}
