import Foundation

/// The rules of recording achievements and awards (regulation 3.2.2, 3.3, 5.1, 5.2; DOMAIN.md).
public enum AchievementRules {
    /// What is wrong with an achievement's dates, checked before anything is stored.
    public enum DateProblem: Equatable, Sendable {
        case inFuture
        case beforeBirth
        case endBeforeStart
    }

    public static func checkDates(start: LocalDate, end: LocalDate?, today: LocalDate, birthDate: LocalDate) -> DateProblem? {
        if start > today || (end.map { $0 > today } ?? false) { return .inFuture }
        if start < birthDate { return .beforeBirth }
        if let end, end < start { return .endBeforeStart }
        return nil
    }

    /// Who vouches for a new record (5.2): the deputy head or head who enters it has verified it; the class teacher of
    /// the pupil confirms it by entering it; anyone else (a subject teacher, a club teacher, a parent) submits it for control.
    public static func initialStatus(verifier: Bool, classTeacher: Bool) -> AchievementStatus {
        if verifier { return .verified }
        if classTeacher { return .confirmed }
        return .submitted
    }

    /// Levels from the municipal stage upward (the olympiad stages of Приказ № 678 and contests of similar rank).
    public static let giftedLevels: Set<String> = ["municipal", "regional", "interregional", "federal", "international"]
    public static let giftedResults: Set<String> = ["winner", "prize_winner"]
    /// Results that name a place or degree («2 место», «II степень»).
    public static let placedResults: Set<String> = ["prize_winner", "diploma"]

    /// 2.2: a gifted pupil is a winner or prize-winner from the municipal level up, or a participant of an event
    /// in the list approved under Постановление Правительства РФ № 1239 — counting only records the school vouches for.
    public static func isGifted(level: String, result: String, inDecree1239List: Bool, status: AchievementStatus) -> Bool {
        guard status.counts else { return false }
        return inDecree1239List || (giftedLevels.contains(level) && giftedResults.contains(result))
    }
}
