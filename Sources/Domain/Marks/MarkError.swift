import Foundation

/// Why a cell was refused; `message` is the Russian sentence shown next to the cell.
public enum MarkError: Error, Sendable, Equatable {
    case gradeOneTakesNoMarks
    case notOnScale(value: String, allowed: [String])
    case verbalOnly
    case outsidePeriod(date: LocalDate)
    case outsideEnrolment(date: LocalDate)
    case periodLocked(title: String)
    case yearClosed(title: String)
    case reasonRequired
    case tooLong

    public var message: String {
        switch self {
        case .gradeOneTakesNoMarks:
            return "В 1 классе отметки и значки вместо них не ставятся (СП 2.4.3648-20, п. 3.4.16): только словесная оценка."
        case .notOnScale(let value, let allowed):
            return "«\(value)» нет на шкале этого предмета; допустимо: \(allowed.joined(separator: ", ")), «н» — отсутствие."
        case .verbalOnly:
            return "По этому предмету — только словесная оценка, без отметок."
        case .outsidePeriod(let date):
            return "Дата \(date.russian) вне учебного периода журнала."
        case .outsideEnrolment(let date):
            return "\(date.russian) ученик не числился в этом классе или группе."
        case .periodLocked(let title):
            return "Период «\(title)» закрыт заместителем директора: изменения — только через него, с причиной."
        case .yearClosed(let title):
            return "\(title) учебный год закрыт: журналы заморожены, архив года записан."
        case .reasonRequired:
            return "Укажите причину: отметку прошлого дня меняют или удаляют только с причиной."
        case .tooLong:
            return "Словесная оценка длиннее 500 символов."
        }
    }
}
