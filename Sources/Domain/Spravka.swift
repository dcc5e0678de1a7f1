import Foundation

/// The справка of regulation 4.7: an extract from the class journal — current marks, period marks and the
/// intermediate-attestation results of the current year — certified by the head's signature and the seal.
/// Plain values: the App gathers them, Documents draws them.
public struct Spravka: Sendable, Equatable {
    public struct School: Sendable, Equatable {
        public var name, shortName, address, inn, ogrn, headName: String
        public init(name: String, shortName: String, address: String, inn: String, ogrn: String, headName: String) {
            self.name = name; self.shortName = shortName; self.address = address; self.inn = inn; self.ogrn = ogrn; self.headName = headName
        }
    }

    public struct Row: Sendable, Equatable {
        public var subject: String
        /// Current marks in date order («5 4 4 5»), or the words of assessment in grade 1.
        public var current: String
        /// One value per period of `Spravka.periods` («—» where none is posted).
        public var periods: [String]
        public var attestation: String
        public init(subject: String, current: String, periods: [String], attestation: String) {
            self.subject = subject; self.current = current; self.periods = periods; self.attestation = attestation
        }
    }

    public var school: School
    public var pupilName: String
    public var birthDate: LocalDate
    public var className: String
    public var yearTitle: String
    /// Grade 1: no marks, only words of assessment (ФГОС НОО; СП 2.4.3648-20).
    public var verbalOnly: Bool
    public var periods: [String]
    public var rows: [Row]
    public var issuedOn: LocalDate
    public var number: Int
    public var signerTitle: String
    public var signerName: String
    public var verificationURL: String

    public init(school: School, pupilName: String, birthDate: LocalDate, className: String, yearTitle: String, verbalOnly: Bool,
                periods: [String], rows: [Row], issuedOn: LocalDate, number: Int, signerTitle: String, signerName: String,
                verificationURL: String) {
        self.school = school; self.pupilName = pupilName; self.birthDate = birthDate; self.className = className
        self.yearTitle = yearTitle; self.verbalOnly = verbalOnly; self.periods = periods; self.rows = rows
        self.issuedOn = issuedOn; self.number = number; self.signerTitle = signerTitle; self.signerName = signerName
        self.verificationURL = verificationURL
    }

    public static let noMarks = "нет отметок"
    public static let none = "—"

    /// The current-marks cell: the marks in order, or «нет отметок».
    public static func currentCell(_ values: [String]) -> String {
        let kept = values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return kept.isEmpty ? noMarks : kept.joined(separator: " ")
    }

    /// What the public verification page may say of the pupil: initials only («И. М. С.»).
    public static func initials(_ name: PersonName) -> String {
        [name.lastName, name.firstName, name.middleName].filter { !$0.isEmpty }.map { String($0.prefix(1)) + "." }.joined(separator: " ")
    }
}
