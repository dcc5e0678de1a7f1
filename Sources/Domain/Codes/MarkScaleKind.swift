

public enum MarkScaleKind: String, Codable, Sendable, CaseIterable {
    /// «5/4/3/2».
    case numeric
    /// «зачёт/незачёт»: never enters a mean.
    case passFail = "pass_fail"
    /// Verbal assessment only (grade 1).
    case verbal
}
