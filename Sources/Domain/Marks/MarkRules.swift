import Foundation

/// The rules of a journal cell: what a teacher typed becomes a mark, a word of assessment, an absence or nothing.
public enum MarkRules {
    /// Attendance typed into a cell: «н» absent, «б» ill, «оп» late, «у» excused. «н» is never a mark.
    public static let attendanceCodes: [String: AttendanceStatus] = ["н": .absent, "б": .ill, "оп": .late, "у": .excused]

    public static func code(of status: AttendanceStatus) -> String {
        attendanceCodes.first { $0.value == status }?.key ?? ""
    }

    /// The weight a mark event carries in the period's mean: the kind of work's weight (1 without a kind) for a mark on
    /// a scale that counts in the mean; 0 for a word of assessment, a pass/fail mark or a deletion.
    public static func weight(isMark: Bool, workTypeWeight: Double?, scale: ScaleRule) -> Double {
        isMark && scale.inAverage ? (workTypeWeight ?? 1) : 0
    }

    /// Interprets a typed value for a pupil of `grade` on `scale`. `marksAllowed` comes from the assessment policy.
    public static func interpret(_ raw: String, scale: ScaleRule, grade: Int, marksAllowed: Bool) -> Result<CellEntry, MarkError> {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .success(.clear) }
        let lower = text.lowercased()
        if let status = attendanceCodes[lower] { return .success(.attendance(status)) }
        let numbersOnScale = scale.kind != .verbal
        if !marksAllowed || grade == 1 || !numbersOnScale {
            // Grade 1 and verbal subjects: words only; a digit, a symbol or a short token is refused.
            if lower.count <= 3 || lower.allSatisfy({ $0.isNumber || $0.isPunctuation || $0.isSymbol || $0 == "+" || $0 == "-" }) {
                return .failure(grade == 1 || !marksAllowed ? .gradeOneTakesNoMarks : .verbalOnly)
            }
            guard text.count <= 500 else { return .failure(.tooLong) }
            return .success(.verbal(text))
        }
        let normalized = lower == "зачет" ? "зачёт" : lower == "незачет" ? "незачёт" : lower
        if let v = scale.allowed.first(where: { $0.lowercased() == normalized }) { return .success(.mark(v)) }
        return .failure(.notOnScale(value: text, allowed: scale.allowed))
    }
}

extension MarkRules {
    /// The worst value of a scale is a failing result («2», «незачёт»): it makes an academic debt.
    public static func isFailing(_ value: String, scale: ScaleRule) -> Bool {
        guard scale.kind != .verbal, let worst = scale.allowed.last else { return false }
        return value == worst
    }

    /// Forms of intermediate attestation a school commonly uses (editable lists come later; these are the defaults).
    public static let attestationForms = ["Контрольная работа", "Тест", "Диктант с грамматическим заданием", "Комплексная работа",
                                          "Защита проекта", "Техника чтения", "Зачёт по нормативам"]
}
