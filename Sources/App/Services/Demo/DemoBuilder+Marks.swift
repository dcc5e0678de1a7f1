import Domain
import Fluent
import Foundation

extension DemoBuilder {
    /// Lessons from the first day of school up to today (at least the first quarter): marks for grades 2–4, verbal assessments only for grade 1 (СП 2.4.3648-20 п. 3.4.16),
    /// absences recorded as attendance («н»), never as marks.
    mutating func buildMarks(classes: [ClassGroup], curriculum: [CurriculumItem], pupilsByClass: [UUID: [Pupil]],
                             quarters: [Period], scales: SchoolDefaults.Scales) async throws {
        let workTypes = try await WorkType.query(on: db).filter(\.$schoolID == school).all()
        let wt = Dictionary(uniqueKeysWithValues: workTypes.map { ($0.code, $0) })
        let subjectCode = Dictionary(uniqueKeysWithValues: try await Subject.query(on: db).filter(\.$schoolID == school).all()
            .map { ($0.id!, $0.code) })
        // School days of the quarters (holidays between them are skipped), through today — and at least the first quarter.
        let end = max(min(today, quarters.last!.endsOn), quarters[0].endsOn)
        var days: [LocalDate] = []
        var day = quarters[0].startsOn
        while day <= end {
            if day.weekday <= 5 && quarters.contains(where: { $0.startsOn <= day && day <= $0.endsOn }) { days.append(day) }
            day = day.adding(days: 1)
        }
        var ability: [UUID: Double] = [:]
        for p in pupilsByClass.values.flatMap({ $0 }) { ability[p.id!] = 2.9 + Double(int(0...20)) / 10 }

        var lessons: [Lesson] = []
        var marks: [MarkEvent] = []
        var attendance: [Attendance] = []
        for c in classes {
            let pupils = pupilsByClass[c.id!]!.filter { !$0.homeSchooled }
            let items = curriculum.filter { $0.$classGroup.id == c.id }
            var lessonIndex: [UUID: Int] = [:]
            for date in days {
                let absent = Set(pupils.filter { _ in chance(0.03) }.map { $0.id! })
                for (si, item) in items.enumerated() where (date.weekday - 1 + si) % 5 < Int(item.hoursPerWeek) {
                    let k = lessonIndex[item.id!, default: 0]
                    lessonIndex[item.id!] = k + 1
                    let code = subjectCode[item.$subject.id]!
                    let control = k % 6 == 5
                    let work = control ? (code == "russian" ? wt["dictation"]! : code == "math" ? wt["test"]! : wt["independent"]!) : wt["answer"]!
                    let topics = DemoNames.topics[code] ?? ["Урок"]
                    let lesson = Lesson(id: UUID(), schoolID: school, journalKind: .classJournal, curriculumItemID: item.id,
                                        date: date, topic: topics[(k / 2) % topics.count], workTypeID: work.id,
                                        createdBy: item.$teacher.id)
                    lessons.append(lesson)
                    for p in pupils where absent.contains(p.id!) {
                        let a = Attendance()
                        a.schoolID = school; a.$lesson.id = lesson.id!; a.$pupil.id = p.id!
                        a.status = chance(0.6) ? .ill : .absent; a.recordedBy = item.$teacher.id
                        attendance.append(a)
                    }
                    let present = pupils.filter { !absent.contains($0.id!) }
                    let at = Date(timeIntervalSince1970: Double(date.dayNumber * 86_400 + 12 * 3_600))
                    let author = item.$teacher.id!
                    if c.grade == 1 {
                        // Grade 1: a word of assessment, no mark and no symbol in its place.
                        guard k % 3 == 0 else { continue }
                        for _ in 0..<2 {
                            let p = pick(present)
                            marks.append(MarkEvent(schoolID: school, lessonID: lesson.id!, pupilID: p.id!, curriculumItemID: item.id,
                                                   date: date, value: nil, verbal: pick(DemoNames.verbalRemarks),
                                                   markScaleID: scales.verbal, weight: 0, workTypeID: work.id, authorID: author, recordedAt: at))
                        }
                    } else if item.$markScale.id == scales.passFail {
                        guard k % 4 == 3 else { continue }
                        for p in present {
                            marks.append(MarkEvent(schoolID: school, lessonID: lesson.id!, pupilID: p.id!, curriculumItemID: item.id,
                                                   date: date, value: chance(0.95) ? "зачёт" : "незачёт", markScaleID: scales.passFail,
                                                   weight: 1, workTypeID: work.id, authorID: author, recordedAt: at))
                        }
                    } else {
                        var marked = present
                        if !control {
                            marked = []
                            for _ in 0..<4 { marked.append(pick(present)) }
                            var seen = Set<UUID>()
                            marked = marked.filter { seen.insert($0.id!).inserted }
                        }
                        for p in marked {
                            let noise = Double(int(-8...8) + int(-8...8)) / 10
                            let value = max(2, min(5, Int((ability[p.id!]! + noise).rounded())))
                            marks.append(MarkEvent(schoolID: school, lessonID: lesson.id!, pupilID: p.id!, curriculumItemID: item.id,
                                                   date: date, value: String(value), markScaleID: scales.fivePoint,
                                                   weight: work.weight, workTypeID: work.id, authorID: author, recordedAt: at))
                        }
                    }
                }
            }
        }
        for chunk in lessons.chunked(1000) { try await chunk.create(on: db) }
        for chunk in attendance.chunked(1000) { try await chunk.create(on: db) }
        for chunk in marks.chunked(1000) { try await chunk.create(on: db) }
        summary.lessons = lessons.count
        summary.marks = marks.count
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
