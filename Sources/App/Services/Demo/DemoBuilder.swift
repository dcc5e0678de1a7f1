import Domain
import Fluent
import Foundation

/// Builds the demo school row by row; see `DemoSchool`.
struct DemoBuilder {
    let db: any Database
    let today: LocalDate
    let passwordHash: String
    var rng = SeededRandom(seed: 16)
    var summary = DemoSchool.Summary()
    let school = DemoSchool.schoolID
    let blobs: BlobStore

    init(db: any Database, today: LocalDate, passwordHash: String, blobs: BlobStore) {
        self.db = db
        self.blobs = blobs
        self.today = today
        self.passwordHash = passwordHash
    }

    static var subjects: [(code: String, name: String, short: String, hours: [Double], passFail: Bool)] {
        FOPNOO.subjects.map { ($0.code, $0.name, $0.short, $0.hours, $0.passFail) }
    }

    static let classTeachers: [String: (login: String, name: PersonName)] = [
        "1А": ("teacher.1a", PersonName(lastName: "Никитина", firstName: "Галина", middleName: "Ивановна")),
        "1Б": ("teacher.1b", PersonName(lastName: "Сергеева", firstName: "Марина", middleName: "Олеговна")),
        "2А": ("teacher", PersonName(lastName: "Ковалёва", firstName: "Наталья", middleName: "Петровна")),
        "2Б": ("teacher.2b", PersonName(lastName: "Фролова", firstName: "Татьяна", middleName: "Михайловна")),
        "3А": ("teacher.3a", PersonName(lastName: "Алексеева", firstName: "Людмила", middleName: "Викторовна")),
        "3Б": ("teacher.3b", PersonName(lastName: "Егорова", firstName: "Оксана", middleName: "Дмитриевна")),
        "4А": ("teacher.4a", PersonName(lastName: "Павлова", firstName: "Юлия", middleName: "Сергеевна")),
        "4Б": ("teacher.4b", PersonName(lastName: "Тарасова", firstName: "Светлана", middleName: "Андреевна")),
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func user(_ login: String, _ name: PersonName, phone: String? = nil) -> User {
        summary.users += 1
        return User(id: UUID(), schoolID: school, login: login, passwordHash: passwordHash, name: name, phone: phone)
    }

    mutating func phone() -> String {
        "+7 9\(int(10...99)) \(int(100...999))-\(int(10...99))-\(int(10...99))"
    }

    // swiftlint:disable:next function_body_length
    mutating func build() async throws {
        // The school year in progress (September to late May).
        let startYear = today.month >= 8 ? today.year : today.year - 1
        let d = { (y: Int, m: Int, day: Int) in LocalDate(year: y, month: m, day: day)! }
        try await School(id: school, name: "Муниципальное бюджетное общеобразовательное учреждение «Начальная школа – детский сад № 16»",
                         shortName: "МБОУ НШДС №16", address: "398000, г. Липецк, ул. Школьная, д. 16",
                         inn: "4826016019", ogrn: "1024840816010", headName: "Соколова Елена Викторовна").create(on: db)
        let year = AcademicYear(id: UUID(), schoolID: school, title: "\(startYear)/\(startYear + 1)",
                                startsOn: d(startYear, 9, 1), endsOn: d(startYear + 1, 5, 26))
        try await year.create(on: db)
        let quarters = [
            Period(id: UUID(), schoolID: school, academicYearID: year.id!, kind: .quarter, number: 1, title: "1 четверть",
                   startsOn: d(startYear, 9, 1), endsOn: d(startYear, 10, 24), gradeFrom: 1, gradeTo: 4),
            Period(id: UUID(), schoolID: school, academicYearID: year.id!, kind: .quarter, number: 2, title: "2 четверть",
                   startsOn: d(startYear, 11, 5), endsOn: d(startYear, 12, 28), gradeFrom: 1, gradeTo: 4),
            Period(id: UUID(), schoolID: school, academicYearID: year.id!, kind: .quarter, number: 3, title: "3 четверть",
                   startsOn: d(startYear + 1, 1, 12), endsOn: d(startYear + 1, 3, 20), gradeFrom: 1, gradeTo: 4),
            Period(id: UUID(), schoolID: school, academicYearID: year.id!, kind: .quarter, number: 4, title: "4 четверть",
                   startsOn: d(startYear + 1, 3, 30), endsOn: d(startYear + 1, 5, 26), gradeFrom: 1, gradeTo: 4),
        ]
        try await quarters.create(on: db)
        // The year mark's period spans the school year (the quarters' marks make it).
        try await Period(schoolID: school, academicYearID: year.id!, kind: .year, number: 5, title: "Год",
                         startsOn: year.startsOn, endsOn: year.endsOn, gradeFrom: 2, gradeTo: 4).create(on: db)
        let scales = try await SchoolDefaults.install(schoolID: school, on: db)
        try await [
            AssessmentPolicy(schoolID: school, academicYearID: year.id!, gradeFrom: 1, gradeTo: 1, marksAllowed: false,
                             periodKind: .quarter, threshold5: 0, threshold4: 0, threshold3: 0, minMarks: 0, defaultScaleID: scales.verbal),
            AssessmentPolicy(schoolID: school, academicYearID: year.id!, gradeFrom: 2, gradeTo: 4, marksAllowed: true,
                             periodKind: .quarter, threshold5: 4.65, threshold4: 3.65, threshold3: 2.65, minMarks: 3,
                             defaultScaleID: scales.fivePoint),
        ].create(on: db)

        // Staff.
        let head = user("director", PersonName(lastName: "Соколова", firstName: "Елена", middleName: "Викторовна"), phone: phone())
        let deputy = user("zavuch", PersonName(lastName: "Громова", firstName: "Ирина", middleName: "Николаевна"), phone: phone())
        let admin = user("admin", PersonName(lastName: "Белов", firstName: "Андрей", middleName: "Сергеевич"))
        let english = user("english", PersonName(lastName: "Лебедева", firstName: "Ольга", middleName: "Андреевна"))
        let music = user("music", PersonName(lastName: "Орлов", firstName: "Денис", middleName: "Викторович"))
        let pe = user("sport", PersonName(lastName: "Зайцев", firstName: "Максим", middleName: "Игоревич"))
        let dop = user("dop", PersonName(lastName: "Морозова", firstName: "Светлана", middleName: "Юрьевна"))
        var staff = [head, deputy, admin, english, music, pe, dop]
        var teacherOf: [String: User] = [:]
        for title in Self.classTeachers.keys.sorted() {
            let t = Self.classTeachers[title]!
            let u = user(t.login, t.name)
            teacherOf[title] = u
            staff.append(u)
        }
        try await staff.create(on: db)
        var roles: [RoleAssignment] = [
            RoleAssignment(schoolID: school, userID: head.id!, role: .head, scope: .school),
            RoleAssignment(schoolID: school, userID: deputy.id!, role: .deputyHead, scope: .school),
            RoleAssignment(schoolID: school, userID: admin.id!, role: .admin, scope: .school),
        ]

        // Subjects, classes, curriculum.
        let subjects = Self.subjects.enumerated().map { i, s in
            Subject(id: UUID(), schoolID: school, code: s.code, name: s.name, shortName: s.short, sort: i)
        }
        try await subjects.create(on: db)
        var classes: [ClassGroup] = []
        for grade in 1...4 {
            for letter in ["А", "Б"] {
                classes.append(ClassGroup(id: UUID(), schoolID: school, academicYearID: year.id!, grade: grade, letter: letter,
                                          classTeacherID: teacherOf["\(grade)\(letter)"]!.id))
            }
        }
        try await classes.create(on: db)
        summary.classes = classes.count
        var curriculum: [CurriculumItem] = []
        for c in classes {
            roles.append(RoleAssignment(schoolID: school, userID: c.$classTeacher.id!, role: .classTeacher, scope: .classGroup(c.id!)))
            for (i, s) in Self.subjects.enumerated() where s.hours[c.grade - 1] > 0 {
                let teacher: User
                switch s.code {
                case "english": teacher = english
                case "music": teacher = music
                case "pe": teacher = pe
                default: teacher = teacherOf[c.title]!
                }
                let scale = c.grade == 1 ? scales.verbal : (s.passFail ? scales.passFail : scales.fivePoint)
                curriculum.append(CurriculumItem(id: UUID(), schoolID: school, classGroupID: c.id!, subjectID: subjects[i].id!,
                                                 teacherID: teacher.id, markScaleID: scale, hoursPerWeek: s.hours[c.grade - 1]))
                // Whoever teaches a subject records its marks: the class teacher too, for the subjects they teach.
                roles.append(RoleAssignment(schoolID: school, userID: teacher.id!, role: .subjectTeacher,
                                            scope: .classSubject(classGroup: c.id!, subject: subjects[i].id!)))
            }
        }
        try await curriculum.create(on: db)

        // Pupils and families.
        let families = try await buildPupils(classes: classes, yearStart: year.startsOn)
        roles += families.roles

        // Programmes: clubs, a sports section and an extracurricular course.
        let additional = Program(id: UUID(), schoolID: school, kind: .additionalGeneralDeveloping,
                                 title: "Дополнительная общеразвивающая программа «Открытия»")
        let extracurricular = Program(id: UUID(), schoolID: school, kind: .extracurricular, title: "План внеурочной деятельности НОО")
        try await [additional, extracurricular].create(on: db)
        let teacher2A = teacherOf["2А"]!
        let class2A = classes.first { $0.title == "2А" }!
        let groups = [
            ProgramGroup(id: UUID(), schoolID: school, programID: additional.id!, academicYearID: year.id!, kind: .club,
                         title: "Кружок «Юный эколог»", teacherID: dop.id),
            ProgramGroup(id: UUID(), schoolID: school, programID: additional.id!, academicYearID: year.id!, kind: .club,
                         title: "Кружок «Робототехника»", teacherID: dop.id),
            ProgramGroup(id: UUID(), schoolID: school, programID: additional.id!, academicYearID: year.id!, kind: .section,
                         title: "Секция «Мини-футбол»", teacherID: dop.id),
            ProgramGroup(id: UUID(), schoolID: school, programID: extracurricular.id!, academicYearID: year.id!, kind: .course,
                         title: "«Разговоры о важном», 2А", teacherID: teacher2A.id),
        ]
        try await groups.create(on: db)
        var memberships: [GroupMembership] = []
        let allPupils = families.pupilsByClass.values.flatMap { $0 }.sorted { $0.id!.uuidString < $1.id!.uuidString }
        for g in groups.prefix(3) {
            roles.append(RoleAssignment(schoolID: school, userID: dop.id!, role: .additionalTeacher, scope: .programGroup(g.id!)))
            var chosen = Set<UUID>()
            while chosen.count < 12 { chosen.insert(pick(allPupils).id!) }
            memberships += chosen.sorted { $0.uuidString < $1.uuidString }.map {
                GroupMembership(schoolID: school, programGroupID: g.id!, pupilID: $0, startsOn: year.startsOn)
            }
        }
        roles.append(RoleAssignment(schoolID: school, userID: teacher2A.id!, role: .additionalTeacher, scope: .programGroup(groups[3].id!)))
        memberships += families.pupilsByClass[class2A.id!]!.map {
            GroupMembership(schoolID: school, programGroupID: groups[3].id!, pupilID: $0.id!, startsOn: year.startsOn)
        }
        try await memberships.create(on: db)
        try await roles.create(on: db)

        try await buildMarks(classes: classes, curriculum: curriculum, pupilsByClass: families.pupilsByClass,
                             quarters: quarters, scales: scales)
        try await buildAchievements(classes: classes, pupilsByClass: families.pupilsByClass, yearStart: year.startsOn,
                                    teacherOf: teacherOf, deputy: deputy, english: english, blobs: blobs)
        try await buildIndicatorLevels(classes: classes, pupilsByClass: families.pupilsByClass, quarters: quarters, teacherOf: teacherOf)
    }
}
