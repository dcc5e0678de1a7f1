import Foundation

/// The roster file's columns a school maps to Kopilka's fields.
public enum RosterField: String, CaseIterable, Sendable, Codable {
    case fullName = "full_name"
    case lastName = "last_name"
    case firstName = "first_name"
    case middleName = "middle_name"
    case birthDate = "birth_date"
    case classTitle = "class"
    case homeSchooled = "home_schooled"
    case externalID = "external_id"
    case parentName = "parent_name"
    case parentPhone = "parent_phone"
    case parentEmail = "parent_email"
    case parent2Name = "parent2_name"
    case parent2Phone = "parent2_phone"
    case parent2Email = "parent2_email"

    public var title: String {
        switch self {
        case .fullName: return "ФИО ученика (одной колонкой)"
        case .lastName: return "Фамилия"
        case .firstName: return "Имя"
        case .middleName: return "Отчество"
        case .birthDate: return "Дата рождения"
        case .classTitle: return "Класс"
        case .homeSchooled: return "Обучение на дому"
        case .externalID: return "Идентификатор в другой системе"
        case .parentName: return "ФИО родителя"
        case .parentPhone: return "Телефон родителя"
        case .parentEmail: return "E-mail родителя"
        case .parent2Name: return "ФИО второго родителя"
        case .parent2Phone: return "Телефон второго родителя"
        case .parent2Email: return "E-mail второго родителя"
        }
    }

    /// Header words that suggest the field (lower-cased, «ё» as «е»).
    var hints: [String] {
        switch self {
        case .fullName: return ["фио ученика", "фио обучающегося", "фио", "ученик", "обучающийся"]
        case .lastName: return ["фамилия"]
        case .firstName: return ["имя"]
        case .middleName: return ["отчество"]
        case .birthDate: return ["дата рождения", "рождения", "д.р."]
        case .classTitle: return ["класс"]
        case .homeSchooled: return ["на дому", "надомн", "индивидуальн"]
        case .externalID: return ["идентификатор", "id", "снилс ученика"]
        case .parentName: return ["фио родителя", "фио матери", "родитель", "мать", "законный представитель"]
        case .parentPhone: return ["телефон родителя", "телефон матери", "телефон"]
        case .parentEmail: return ["e-mail родителя", "почта", "e-mail", "email"]
        case .parent2Name: return ["фио второго родителя", "фио отца", "отец", "второй родитель"]
        case .parent2Phone: return ["телефон второго родителя", "телефон отца"]
        case .parent2Email: return ["e-mail второго родителя", "почта отца"]
        }
    }
}
