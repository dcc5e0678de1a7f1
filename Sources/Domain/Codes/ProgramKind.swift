

public enum ProgramKind: String, Codable, Sendable, CaseIterable {
    /// Начальное общее образование.
    case primaryGeneral = "primary_general"
    /// Внеурочная деятельность.
    case extracurricular
    /// Дополнительная общеразвивающая программа.
    case additionalGeneralDeveloping = "additional_general_developing"
    /// Дополнительная предпрофессиональная программа.
    case preProfessional = "pre_professional"
}
