import Domain
import Foundation
import Testing

/// The journal's rules for one cell (issue 15): append / nothing to do / refuse with the reason.
@Suite struct CellWriteTests {
    let today = LocalDate(year: 2026, month: 11, day: 20)!
    let yesterday = LocalDate(year: 2026, month: 11, day: 19)!

    func event(_ value: String?, on day: LocalDate, at seconds: Double, set: Bool = true) -> CellEvent {
        CellEvent(isSet: set, value: value, verbal: nil, recordedOn: day, recordedAt: Date(timeIntervalSince1970: seconds))
    }

    func state(_ history: [CellEvent] = [], attendance: AttendanceStatus? = nil, closedYear: String? = nil,
               locked: String? = nil, mayCorrect: Bool = false) -> CellState {
        CellState(history: history, attendance: attendance, closedYear: closedYear, lockedPeriod: locked,
                  mayCorrectLocked: mayCorrect, today: today)
    }

    @Test func theCurrentMarkIsTheLatestEventAndADeletionLeavesNone() {
        let h = [event("4", on: yesterday, at: 10), event("5", on: today, at: 30), event("3", on: today, at: 20)]
        #expect(CellWrite.current(h)?.value == "5")
        #expect(CellWrite.current(h + [event(nil, on: today, at: 40, set: false)]) == nil)
        #expect(CellWrite.current([]) == nil)
    }

    @Test func aNewMarkIsAppended() {
        #expect(CellWrite.decide(.mark("5"), state: state(), reason: nil) == .apply([.appendMark(value: "5")]))
    }

    @Test func theSameValueAgainIsNothingToDo() {
        // A double click, or Enter and then the focus leaving the cell: the second submit writes nothing.
        let s = state([event("4", on: today, at: 10)])
        #expect(CellWrite.decide(.mark("4"), state: s, reason: nil) == .nothingToDo)
        #expect(CellWrite.decide(.attendance(.absent), state: state(attendance: .absent), reason: nil) == .nothingToDo)
        #expect(CellWrite.decide(.clear, state: state(), reason: nil) == .nothingToDo)
        // Even an earlier day's mark asks for no reason when nothing changes.
        #expect(CellWrite.decide(.mark("4"), state: state([event("4", on: yesterday, at: 10)]), reason: nil) == .nothingToDo)
    }

    @Test func changingAnEarlierDaysMarkNeedsAReason() {
        let s = state([event("4", on: yesterday, at: 10)])
        #expect(CellWrite.decide(.mark("5"), state: s, reason: nil) == .refuse(.reasonRequired))
        #expect(CellWrite.decide(.mark("5"), state: s, reason: "пересдача") == .apply([.appendMark(value: "5")]))
        #expect(CellWrite.decide(.clear, state: s, reason: nil) == .refuse(.reasonRequired))
        // Today's own mark changes freely.
        #expect(CellWrite.decide(.mark("5"), state: state([event("4", on: today, at: 10)]), reason: nil) == .apply([.appendMark(value: "5")]))
    }

    @Test func anAbsenceRemovesTheMarkAndAMarkRemovesTheAbsence() {
        let marked = state([event("4", on: today, at: 10)])
        #expect(CellWrite.decide(.attendance(.absent), state: marked, reason: nil) == .apply([.appendDeletion, .setAttendance(.absent)]))
        // Late pupils keep their mark.
        #expect(CellWrite.decide(.attendance(.late), state: marked, reason: nil) == .apply([.setAttendance(.late)]))
        #expect(CellWrite.decide(.mark("5"), state: state(attendance: .absent), reason: nil) == .apply([.appendMark(value: "5"), .removeAttendance]))
        #expect(CellWrite.decide(.mark("5"), state: state(attendance: .late), reason: nil) == .apply([.appendMark(value: "5")]))
        // An earlier day's mark turned into an absence needs a reason; attendance alone does not.
        #expect(CellWrite.decide(.attendance(.ill), state: state([event("4", on: yesterday, at: 10)]), reason: nil) == .refuse(.reasonRequired))
        #expect(CellWrite.decide(.attendance(.ill), state: state(attendance: .absent), reason: nil) == .apply([.setAttendance(.ill)]))
    }

    @Test func aClosedYearRefusesEverything() {
        let s = state(closedYear: "2025/2026", mayCorrect: true)
        #expect(CellWrite.decide(.mark("5"), state: s, reason: "исправление") == .refuse(.yearClosed(title: "2025/2026")))
        #expect(CellWrite.decide(.clear, state: s, reason: nil) == .refuse(.yearClosed(title: "2025/2026")))
    }

    @Test func aLockedPeriodChangesOnlyByTheLeadershipWithAReason() {
        #expect(CellWrite.decide(.mark("5"), state: state(locked: "1 четверть"), reason: "x") == .refuse(.periodLocked(title: "1 четверть")))
        #expect(CellWrite.decide(.mark("5"), state: state(locked: "1 четверть", mayCorrect: true), reason: nil) == .refuse(.reasonRequired))
        #expect(CellWrite.decide(.mark("5"), state: state(locked: "1 четверть", mayCorrect: true), reason: "ошибка") == .apply([.appendMark(value: "5")]))
        // Sending what is already there is no change, locked or not.
        #expect(CellWrite.decide(.mark("5"), state: state([event("5", on: today, at: 1)], locked: "1 четверть"), reason: nil) == .nothingToDo)
    }

    @Test func aWordReplacesAWordOnlyWhenItDiffers() {
        let h = [CellEvent(isSet: true, value: nil, verbal: "молодец", recordedOn: today, recordedAt: Date(timeIntervalSince1970: 1))]
        #expect(CellWrite.decide(.verbal("молодец"), state: state(h), reason: nil) == .nothingToDo)
        #expect(CellWrite.decide(.verbal("старается"), state: state(h), reason: nil) == .apply([.appendVerbal("старается")]))
    }
}

@Suite struct MarkWeightTests {
    let five = ScaleRule(kind: .numeric, allowed: ["5", "4", "3", "2"], inAverage: true)
    let passFail = ScaleRule(kind: .passFail, allowed: ["зачёт", "незачёт"], inAverage: false)

    @Test func aMarkWeighsItsKindOfWorkAndNothingElseWeighs() {
        #expect(MarkRules.weight(isMark: true, workTypeWeight: 2, scale: five) == 2)
        #expect(MarkRules.weight(isMark: true, workTypeWeight: nil, scale: five) == 1)
        // Pass/fail never enters the mean; neither does a word of assessment.
        #expect(MarkRules.weight(isMark: true, workTypeWeight: 2, scale: passFail) == 0)
        #expect(MarkRules.weight(isMark: false, workTypeWeight: 2, scale: five) == 0)
    }
}
