import Domain
import Fluent
import Foundation

extension DemoBuilder {
    struct Families {
        var pupilsByClass: [UUID: [Pupil]] = [:]
        var roles: [RoleAssignment] = []
    }

    /// About 25 pupils per class; families with one parent account or two, some with two children in
    /// different classes (the `parent` login has children in 2А and 4Б); one pupil schooled at home.
    mutating func buildPupils(classes: [ClassGroup], yearStart: LocalDate) async throws -> Families {
        let sizes = [25, 24, 26, 25, 27, 25, 24, 26]
        var slots: [[Int]] = Array(repeating: [], count: classes.count)
        var familyCount = 0
        // Family 0 is the `parent` login's: children in 2А (index 2) and 4Б (index 7).
        slots[2].append(0); slots[7].append(0); familyCount = 1
        var pairs = 0
        while pairs < 15 {
            let a = int(0...7), b = int(0...7)
            guard classes[a].grade != classes[b].grade, slots[a].count < sizes[a], slots[b].count < sizes[b] else { continue }
            slots[a].append(familyCount); slots[b].append(familyCount)
            familyCount += 1; pairs += 1
        }
        for i in classes.indices {
            while slots[i].count < sizes[i] { slots[i].append(familyCount); familyCount += 1 }
        }

        struct Family { var surname: String; var father: String; var users: [(User, GuardianRelation)] }
        var families: [Family] = []
        var usedLogins = 0
        for f in 0..<familyCount {
            let surname = pick(DemoNames.surnames)
            let father = pick(DemoNames.fathers)
            var users: [(User, GuardianRelation)] = []
            let motherName = PersonName(lastName: RussianNames.surname(surname, for: .female), firstName: pick(DemoNames.mothers),
                                        middleName: RussianNames.patronymic(fromFather: pick(DemoNames.fathers), sex: .female))
            usedLogins += 1
            let login = f == 0 ? "parent" : String(format: "parent.%03d", usedLogins)
            users.append((user(login, motherName, phone: phone()), .mother))
            if f != 0 && chance(0.3) {
                let fatherName = PersonName(lastName: surname, firstName: father,
                                            middleName: RussianNames.patronymic(fromFather: pick(DemoNames.fathers), sex: .male))
                users.append((user(login + ".papa", fatherName, phone: phone()), .father))
            }
            families.append(Family(surname: surname, father: father, users: users))
        }
        try await families.flatMap { $0.users.map(\.0) }.create(on: db)

        var result = Families()
        var pupils: [Pupil] = []
        var enrolments: [Enrolment] = []
        var links: [GuardianLink] = []
        let startYear = yearStart.year
        for (ci, c) in classes.enumerated() {
            var inClass: [Pupil] = []
            for f in slots[ci] {
                let sex: Sex = chance(0.5) ? .male : .female
                let first = sex == .male ? pick(DemoNames.boys) : pick(DemoNames.girls)
                let name = PersonName(lastName: RussianNames.surname(families[f].surname, for: sex), firstName: first,
                                      middleName: RussianNames.patronymic(fromFather: families[f].father, sex: sex))
                // Born so that the pupil is 6½–7½ on 1 September of the year they entered grade 1.
                let from = LocalDate(year: startYear - 6 - c.grade, month: 3, day: 1)!
                let born = from.adding(days: int(0...364))
                let p = Pupil(id: UUID(), schoolID: school, name: name, sex: sex, birthDate: born)
                pupils.append(p)
                inClass.append(p)
                enrolments.append(Enrolment(schoolID: school, pupilID: p.id!, classGroupID: c.id!, startsOn: yearStart,
                                            reason: c.grade == 1 ? "Зачисление в 1 класс" : "Перевод в \(c.grade) класс"))
                for (u, relation) in families[f].users {
                    links.append(GuardianLink(schoolID: school, pupilID: p.id!, userID: u.id!, relation: relation))
                    result.roles.append(RoleAssignment(schoolID: school, userID: u.id!, role: .parent, scope: .pupil(p.id!)))
                }
            }
            result.pupilsByClass[c.id!] = inClass
        }
        // One pupil of 3Б is schooled at home (an individual journal); two need special learning conditions.
        let class3B = classes.first { $0.title == "3Б" }!
        result.pupilsByClass[class3B.id!]![3].homeSchooled = true
        result.pupilsByClass[classes[1].id!]![5].specialConditions = true
        result.pupilsByClass[classes[4].id!]![8].specialConditions = true
        // One pupil moved from 3А to 3Б in October: the class history shows both.
        let class3A = classes.first { $0.title == "3А" }!
        let moved = result.pupilsByClass[class3B.id!]![0]
        if let i = enrolments.firstIndex(where: { $0.$pupil.id == moved.id }) {
            let moveDate = LocalDate(year: startYear, month: 10, day: 12)!
            enrolments[i].startsOn = moveDate
            enrolments[i].reason = "Перевод из 3А (приказ № 112 от \(moveDate.russian))"
            enrolments.append(Enrolment(schoolID: school, pupilID: moved.id!, classGroupID: class3A.id!, startsOn: yearStart,
                                        endsOn: moveDate.adding(days: -1), reason: "Перевод в 3 класс"))
        }
        // The `parent` family's child in 2А has a read-only pupil account of their own.
        let class2A = classes.first { $0.title == "2А" }!
        let ownChild = result.pupilsByClass[class2A.id!]![0]  // family 0 took the first place in 2А
        let pupilUser = user("pupil", ownChild.name)
        try await pupilUser.create(on: db)
        result.roles.append(RoleAssignment(schoolID: school, userID: pupilUser.id!, role: .pupil, scope: .pupil(ownChild.id!)))
        try await pupils.create(on: db)
        try await enrolments.create(on: db)
        try await links.create(on: db)
        summary.pupils = pupils.count
        return result
    }
}
