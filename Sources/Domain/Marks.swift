import Foundation

/// A mark scale as the rules see it (the `mark_scales` row of a school).
public struct ScaleRule: Sendable, Equatable {
    public var kind: MarkScaleKind
    /// Allowed values, best first: ["5","4","3","2"], ["зачёт","незачёт"], [] for verbal.
    public var allowed: [String]
    public var inAverage: Bool

    public init(kind: MarkScaleKind, allowed: [String], inAverage: Bool) {
        self.kind = kind
        self.allowed = allowed
        self.inAverage = inAverage
    }
}

/// What a journal cell may hold once validated.
public enum CellEntry: Sendable, Equatable {
    case mark(String)
    case verbal(String)
    case attendance(AttendanceStatus)
    case clear
}

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

/// The period-mark rule of the assessment policy (1.2: data, not code).
public struct PeriodMarkRule: Sendable, Equatable {
    public var threshold5: Double
    public var threshold4: Double
    public var threshold3: Double
    public var minMarks: Int

    public init(threshold5: Double, threshold4: Double, threshold3: Double, minMarks: Int) {
        self.threshold5 = threshold5
        self.threshold4 = threshold4
        self.threshold3 = threshold3
        self.minMarks = minMarks
    }

    /// «В пользу ученика»: 4.65 → 5, 3.65 → 4, 2.65 → 3.
    public static let inFavour = PeriodMarkRule(threshold5: 4.65, threshold4: 3.65, threshold3: 2.65, minMarks: 3)
    /// Plain rounding at 0.5.
    public static let half = PeriodMarkRule(threshold5: 4.5, threshold4: 3.5, threshold3: 2.5, minMarks: 3)
}

public struct WeightedMark: Sendable, Equatable {
    public var value: Int
    public var weight: Double
    public var label: String

    public init(value: Int, weight: Double, label: String = "") {
        self.value = value
        self.weight = weight
        self.label = label
    }
}

/// The rule's proposal with everything a parent needs to see how it came about.
public struct PeriodMarkProposal: Sendable, Equatable {
    public var value: String?
    public var mean: Double?
    public var count: Int
    public var explanation: String
}

public enum PeriodMarks {
    /// Weighted mean of the numeric marks, rounded by the rule's thresholds. Pass/fail and verbal marks never enter;
    /// with fewer marks than the rule asks, no proposal (the teacher decides, e.g. «н/а»).
    public static func propose(_ marks: [WeightedMark], rule: PeriodMarkRule) -> PeriodMarkProposal {
        let used = marks.filter { $0.weight > 0 }
        guard !used.isEmpty, used.count >= rule.minMarks else {
            return PeriodMarkProposal(value: nil, mean: nil, count: used.count,
                                      explanation: "Отметок: \(used.count); правило требует не меньше \(rule.minMarks) — предложения нет.")
        }
        let total = used.reduce(0.0) { $0 + $1.weight }
        let mean = used.reduce(0.0) { $0 + Double($1.value) * $1.weight } / total
        let value: Int
        if mean >= rule.threshold5 { value = 5 } else if mean >= rule.threshold4 { value = 4 } else if mean >= rule.threshold3 { value = 3 } else { value = 2 }
        let terms = used.map { $0.weight == 1 ? "\($0.value)" : "\($0.value)×\(format($0.weight))" }.joined(separator: " + ")
        let threshold: String
        switch value {
        case 5: threshold = "≥ \(format(rule.threshold5))"
        case 4: threshold = "≥ \(format(rule.threshold4)) и < \(format(rule.threshold5))"
        case 3: threshold = "≥ \(format(rule.threshold3)) и < \(format(rule.threshold4))"
        default: threshold = "< \(format(rule.threshold3))"
        }
        let explanation = "(\(terms)) ÷ \(format(total)) = \(String(format: "%.2f", mean)); \(String(format: "%.2f", mean)) \(threshold) → «\(value)»"
        return PeriodMarkProposal(value: String(value), mean: mean, count: used.count, explanation: explanation)
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
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
