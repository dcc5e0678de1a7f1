import Foundation

/// The portfolio on paper (4.9): sections of achievements with their evidence listed, awards, works, and the
/// dynamics charts per subject. Plain values; Documents draws them.
public struct PortfolioDocument: Sendable {
    public struct Item: Sendable {
        public var title: String
        public var detail: String
        public var evidence: [String]
        public init(title: String, detail: String, evidence: [String] = []) { self.title = title; self.detail = detail; self.evidence = evidence }
    }

    public struct Section: Sendable {
        public var title: String
        public var items: [Item]
        public init(title: String, items: [Item]) { self.title = title; self.items = items }
    }

    public var school: String
    public var pupilName: String
    public var className: String
    public var birthDate: LocalDate
    public var printedOn: LocalDate
    public var sections: [Section]
    public var charts: [(title: String, chart: Chart)]

    public init(school: String, pupilName: String, className: String, birthDate: LocalDate, printedOn: LocalDate,
                sections: [Section], charts: [(title: String, chart: Chart)]) {
        self.school = school; self.pupilName = pupilName; self.className = className; self.birthDate = birthDate
        self.printedOn = printedOn; self.sections = sections; self.charts = charts
    }
}
