import Foundation

public enum AwardRules {
    /// «Похвальный лист „За отличные успехи в учении“» is given from grade 2: grade 1 has no marks (ФГОС НОО).
    public static let minimumGrade: [String: Int] = ["commendation_sheet": 2]

    public static func allowed(kind: String, grade: Int?) -> Bool {
        guard let min = minimumGrade[kind] else { return true }
        return (grade ?? 0) >= min
    }
}
