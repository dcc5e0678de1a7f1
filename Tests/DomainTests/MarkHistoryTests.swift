import Domain
import Foundation
import Testing

@Suite struct MarkHistoryTests {
    struct E { let lesson: Int; let at: Double; let value: String?; let set: Bool }

    func current(_ events: [E]) -> [String] {
        MarkHistory.current(events, cell: \.lesson, recordedAt: { Date(timeIntervalSince1970: $0.at) }, isSet: \.set)
            .sorted { $0.lesson < $1.lesson }.map { $0.value ?? "" }
    }

    @Test func theLatestEventOfEachCellIsItsMarkWhateverTheOrder() {
        let events = [E(lesson: 1, at: 20, value: "5", set: true), E(lesson: 1, at: 10, value: "3", set: true),
                      E(lesson: 2, at: 5, value: "4", set: true)]
        #expect(current(events) == ["5", "4"])
        #expect(current(events.reversed()) == ["5", "4"])
    }

    @Test func aDeletionLeavesTheCellWithoutAMark() {
        let events = [E(lesson: 1, at: 10, value: "3", set: true), E(lesson: 1, at: 20, value: nil, set: false),
                      E(lesson: 2, at: 5, value: "4", set: true), E(lesson: 2, at: 6, value: nil, set: false), E(lesson: 2, at: 7, value: "5", set: true)]
        #expect(current(events) == ["5"])
    }

    @Test func onATieTheEventWrittenLaterWinsInEveryReader() {
        // Two events in the same instant (a clock's resolution): the one read later — written later — is current, for
        // the pages (`current`), the grid (`latestByCell`, `replaces`) and a cell's decision (`CellWrite.current`).
        let tie = [E(lesson: 1, at: 10, value: "3", set: true), E(lesson: 1, at: 10, value: "5", set: true)]
        #expect(current(tie) == ["5"])
        #expect(MarkHistory.latestByCell(tie, cell: \.lesson, recordedAt: { Date(timeIntervalSince1970: $0.at) })[1]?.value == "5")
        #expect(MarkHistory.latest(tie, recordedAt: { Date(timeIntervalSince1970: $0.at) })?.value == "5")
        let cell = tie.map { CellEvent(isSet: $0.set, value: $0.value, verbal: nil, recordedOn: LocalDate(year: 2026, month: 9, day: 1)!,
                                       recordedAt: Date(timeIntervalSince1970: $0.at)) }
        #expect(CellWrite.current(cell)?.value == "5")
        #expect(MarkHistory.replaces(Date(timeIntervalSince1970: 10), Date(timeIntervalSince1970: 10)))
        #expect(!MarkHistory.replaces(Date(timeIntervalSince1970: 9), Date(timeIntervalSince1970: 10)))
    }

    @Test func theGridKeepsADeletionAsTheCellsLatestEvent() {
        let events = [E(lesson: 1, at: 10, value: "3", set: true), E(lesson: 1, at: 20, value: nil, set: false)]
        let latest = MarkHistory.latestByCell(events, cell: \.lesson, recordedAt: { Date(timeIntervalSince1970: $0.at) })
        #expect(latest[1]?.set == false)
        #expect(current(events).isEmpty)
    }
}
