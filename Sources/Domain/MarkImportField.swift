import Foundation

/// The columns of an e-journal's export of marks that a school maps to Kopilka's fields.
public enum MarkImportField: String, CaseIterable, Sendable, Codable {
    case fullName = "full_name"
    case lastName = "last_name"
    case firstName = "first_name"
    case middleName = "middle_name"
    case birthDate = "birth_date"
    case externalID = "external_id"
    case classTitle = "class"
    case subject
    case date
    case period
    case mark
    case workType = "work_type"

    public var title: String {
        switch self {
        case .fullName: return "ФИО ученика (одной колонкой)"
        case .lastName: return "Фамилия"
        case .firstName: return "Имя"
        case .middleName: return "Отчество"
        case .birthDate: return "Дата рождения"
        case .externalID: return "Идентификатор ученика в журнале"
        case .classTitle: return "Класс"
        case .subject: return "Предмет"
        case .date: return "Дата урока (для текущих отметок)"
        case .period: return "Период (для итоговых отметок)"
        case .mark: return "Отметка"
        case .workType: return "Вид работы"
        }
    }

    /// Header words that suggest the field (lower-cased, «ё» as «е»); longer hints are tried first.
    var hints: [String] {
        switch self {
        case .fullName: return ["фио ученика", "фио обучающегося", "фио", "ученик", "обучающийся"]
        case .lastName: return ["фамилия"]
        case .firstName: return ["имя"]
        case .middleName: return ["отчество"]
        case .birthDate: return ["дата рождения", "д.р."]
        case .externalID: return ["идентификатор", "id ученика", "код ученика"]
        case .classTitle: return ["класс"]
        case .subject: return ["предмет", "дисциплина"]
        case .date: return ["дата урока", "дата"]
        case .period: return ["период", "четверть", "полугодие", "триместр"]
        case .mark: return ["отметка", "оценка", "балл"]
        case .workType: return ["вид работы", "тип работы", "тип оценки", "работа"]
        }
    }
}
