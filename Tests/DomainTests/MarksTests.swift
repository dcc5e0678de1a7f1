import Domain
import Testing

@Suite struct MarkRulesTests {
    let five = ScaleRule(kind: .numeric, allowed: ["5", "4", "3", "2"], inAverage: true)
    let passFail = ScaleRule(kind: .passFail, allowed: ["зачёт", "незачёт"], inAverage: false)
    let verbal = ScaleRule(kind: .verbal, allowed: [], inAverage: false)

    @Test func marksOnTheScaleAreAccepted() {
        #expect(MarkRules.interpret("5", scale: five, grade: 3, marksAllowed: true) == .success(.mark("5")))
        #expect(MarkRules.interpret(" 2 ", scale: five, grade: 2, marksAllowed: true) == .success(.mark("2")))
        #expect(MarkRules.interpret("зачет", scale: passFail, grade: 4, marksAllowed: true) == .success(.mark("зачёт")))
        #expect(MarkRules.interpret("", scale: five, grade: 3, marksAllowed: true) == .success(.clear))
    }

    @Test func absenceIsAttendanceNeverAMark() {
        #expect(MarkRules.interpret("н", scale: five, grade: 3, marksAllowed: true) == .success(.attendance(.absent)))
        #expect(MarkRules.interpret("Н", scale: five, grade: 1, marksAllowed: false) == .success(.attendance(.absent)))
        #expect(MarkRules.interpret("б", scale: five, grade: 3, marksAllowed: true) == .success(.attendance(.ill)))
    }

    @Test func valuesOffTheScaleAreRefusedWithTheAllowedOnes() {
        guard case .failure(let e) = MarkRules.interpret("6", scale: five, grade: 3, marksAllowed: true) else {
            Issue.record("6 accepted"); return
        }
        #expect(e == .notOnScale(value: "6", allowed: ["5", "4", "3", "2"]))
        #expect(e.message.contains("допустимо: 5, 4, 3, 2"))
        #expect(MarkRules.interpret("4", scale: passFail, grade: 3, marksAllowed: true) == .failure(.notOnScale(value: "4", allowed: ["зачёт", "незачёт"])))
    }

    @Test(arguments: ["5", "4", "2", "★", "+", "☺", "5+", "хор"])
    func gradeOneTakesNoMarksAndNoSymbols(value: String) {
        #expect(MarkRules.interpret(value, scale: verbal, grade: 1, marksAllowed: false) == .failure(.gradeOneTakesNoMarks))
        #expect(MarkRules.interpret(value, scale: five, grade: 1, marksAllowed: true) == .failure(.gradeOneTakesNoMarks))
    }

    @Test func gradeOneTakesWords() {
        #expect(MarkRules.interpret("Молодец, аккуратно!", scale: verbal, grade: 1, marksAllowed: false) == .success(.verbal("Молодец, аккуратно!")))
    }
}

@Suite struct PeriodMarkTests {
    @Test func inFavourOfThePupilRoundsAtSixtyFive() {
        let marks = [5, 5, 4, 5].map { WeightedMark(value: $0, weight: 1) }  // 4.75
        #expect(PeriodMarks.propose(marks, rule: .inFavour).value == "5")
        let m2 = [5, 4, 4, 5, 4, 4].map { WeightedMark(value: $0, weight: 1) }  // 4.33
        #expect(PeriodMarks.propose(m2, rule: .inFavour).value == "4")
        let m3 = [4, 3, 4, 3].map { WeightedMark(value: $0, weight: 1) }  // 3.5: «3» in favour, «4» at 0.5
        #expect(PeriodMarks.propose(m3, rule: .inFavour).value == "3")
        #expect(PeriodMarks.propose(m3, rule: .half).value == "4")
    }

    @Test func weightsCountAndTheExplanationShowsThem() {
        let marks = [WeightedMark(value: 5, weight: 1), WeightedMark(value: 3, weight: 2), WeightedMark(value: 4, weight: 1)]
        let p = PeriodMarks.propose(marks, rule: .inFavour)
        #expect(p.mean == 3.75)
        #expect(p.value == "4")
        #expect(p.explanation.contains("(5 + 3×2 + 4) ÷ 4 = 3.75"))
        #expect(p.explanation.contains("→ «4»"))
    }

    @Test func tooFewMarksGiveNoProposal() {
        let p = PeriodMarks.propose([WeightedMark(value: 5, weight: 1), WeightedMark(value: 5, weight: 1)], rule: .inFavour)
        #expect(p.value == nil)
        #expect(p.explanation.contains("не меньше 3"))
    }

    /// Property: a higher mark added never lowers the proposal; a lower one never raises it; the value stays on 2…5.
    @Test func proposalIsMonotoneAndBounded() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let n = Int.random(in: 3...15, using: &rng)
            let marks = (0..<n).map { _ in WeightedMark(value: Int.random(in: 2...5, using: &rng), weight: [1, 1.5, 2].randomElement(using: &rng)!) }
            let base = Int(PeriodMarks.propose(marks, rule: .inFavour).value!)!
            #expect((2...5).contains(base))
            let up = Int(PeriodMarks.propose(marks + [WeightedMark(value: 5, weight: 2)], rule: .inFavour).value!)!
            let down = Int(PeriodMarks.propose(marks + [WeightedMark(value: 2, weight: 2)], rule: .inFavour).value!)!
            #expect(up >= base)
            #expect(down <= base)
            let mean = PeriodMarks.propose(marks, rule: .inFavour).mean!
            #expect(mean >= 2 && mean <= 5)
        }
    }
}
