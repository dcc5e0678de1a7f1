import Foundation

public enum TableError: Error, Equatable, Sendable {
    case empty
    case unknownEncoding
    case notATable
    /// A spreadsheet refused before it was read to the end: the reason, in Russian («часть … сжата в 900 раз …»).
    case refused(String)
    /// More rows, columns or cells than a school's table has.
    case tooLarge(String)

    public var message: String {
        switch self {
        case .empty: return "Файл пуст: в нём нет ни одной строки."
        case .unknownEncoding: return "Не удалось прочитать файл: он не в кодировке UTF-8 и не в Windows-1251. Сохраните его из Excel как «CSV UTF-8» или XLSX."
        case .notATable: return "Это не таблица: нужен CSV (значения через «;», «,» или табуляцию) или XLSX с заголовками в первой строке."
        case .refused(let reason): return "Файл не прочитан: \(reason)."
        case .tooLarge(let what): return "Таблица слишком велика: \(what). Разделите её на несколько файлов."
        }
    }
}
