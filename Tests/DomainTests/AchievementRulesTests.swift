import Domain
import Foundation
import Testing

@Suite struct AchievementRulesTests {
    let today = LocalDate(year: 2026, month: 11, day: 20)!
    let born = LocalDate(year: 2018, month: 3, day: 5)!

    @Test func datesMustHaveHappenedAfterBirthAndInOrder() {
        #expect(AchievementRules.checkDates(start: today, end: nil, today: today, birthDate: born) == nil)
        #expect(AchievementRules.checkDates(start: today.adding(days: 1), end: nil, today: today, birthDate: born) == .inFuture)
        #expect(AchievementRules.checkDates(start: today.adding(days: -5), end: today.adding(days: 2), today: today, birthDate: born) == .inFuture)
        #expect(AchievementRules.checkDates(start: born.adding(days: -1), end: nil, today: today, birthDate: born) == .beforeBirth)
        #expect(AchievementRules.checkDates(start: today.adding(days: -1), end: today.adding(days: -3), today: today, birthDate: born) == .endBeforeStart)
    }

    @Test func whoEntersTheRecordDecidesItsFirstStatus() {
        #expect(AchievementRules.initialStatus(verifier: true, classTeacher: true) == .verified)
        #expect(AchievementRules.initialStatus(verifier: false, classTeacher: true) == .confirmed)
        #expect(AchievementRules.initialStatus(verifier: false, classTeacher: false) == .submitted)
        #expect(AchievementStatus.submitted.isPending && AchievementStatus.confirmed.isPending && !AchievementStatus.verified.isPending)
    }

    @Test func giftedMeansAWinnerOrPrizeWinnerFromTheMunicipalLevelOrTheDecreeList() {
        #expect(AchievementRules.isGifted(level: "municipal", result: "winner", inDecree1239List: false, status: .verified))
        #expect(AchievementRules.isGifted(level: "international", result: "prize_winner", inDecree1239List: false, status: .confirmed))
        #expect(!AchievementRules.isGifted(level: "school", result: "winner", inDecree1239List: false, status: .verified))
        #expect(!AchievementRules.isGifted(level: "federal", result: "participant", inDecree1239List: false, status: .verified))
        #expect(AchievementRules.isGifted(level: "school", result: "participant", inDecree1239List: true, status: .verified))
        // Only records the school vouches for count.
        #expect(!AchievementRules.isGifted(level: "federal", result: "winner", inDecree1239List: true, status: .submitted))
        #expect(!AchievementRules.isGifted(level: "federal", result: "winner", inDecree1239List: true, status: .rejected))
    }

    @Test func theCommendationSheetIsFromGradeTwo() {
        #expect(!AwardRules.allowed(kind: "commendation_sheet", grade: 1))
        #expect(!AwardRules.allowed(kind: "commendation_sheet", grade: nil))
        #expect(AwardRules.allowed(kind: "commendation_sheet", grade: 2))
        #expect(AwardRules.allowed(kind: "certificate", grade: 1))
    }
}

@Suite struct FileSnifferTests {
    func bytes(_ b: [UInt8], pad: Int = 32) -> Data { Data(b + [UInt8](repeating: 0, count: pad)) }

    @Test func theTypeComesFromTheBytesNotTheName() {
        #expect(FileSniffer.sniff(Data("%PDF-1.7\n".utf8))?.mime == "application/pdf")
        #expect(FileSniffer.sniff(bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))?.isImage == true)
        #expect(FileSniffer.sniff(bytes([0xFF, 0xD8, 0xFF, 0xE0]))?.mime == "image/jpeg")
        #expect(FileSniffer.sniff(Data("GIF89a".utf8) + bytes([]))?.mime == "image/gif")
        #expect(FileSniffer.sniff(Data("RIFF\0\0\0\0WEBPVP8 ".utf8))?.mime == "image/webp")
        #expect(FileSniffer.sniff(Data("\0\0\0\u{18}ftypheic\0\0\0\0".utf8))?.mime == "image/heic")
        #expect(FileSniffer.sniff(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))?.mime == "application/vnd.ms-office")
    }

    @Test func officeArchivesAreToldByTheirEntriesAndOtherZipsAreRefused() {
        func zip(_ names: [String]) -> Data {
            var d = Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26))
            for n in names { d.append(Data(n.utf8)) }
            return d
        }
        #expect(FileSniffer.sniff(zip(["[Content_Types].xml", "ppt/presentation.xml"]))?.extension == "pptx")
        #expect(FileSniffer.sniff(zip(["[Content_Types].xml", "word/document.xml"]))?.extension == "docx")
        #expect(FileSniffer.sniff(zip(["photos/a.jpg"])) == nil)
        var odp = Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26))
        odp.append(Data("mimetypeapplication/vnd.oasis.opendocument.presentation".utf8))
        odp.append(Data(repeating: 0, count: 64))
        #expect(FileSniffer.sniff(odp)?.extension == "odp")
    }

    @Test func anythingElseIsRefusedAndDescribed() {
        #expect(FileSniffer.sniff(Data("MZ\u{90}\u{0}".utf8)) == nil)
        #expect(FileSniffer.describe(Data("MZ\u{90}\u{0}".utf8)) == "исполняемый файл Windows")
        #expect(FileSniffer.sniff(Data("<html><script>".utf8)) == nil)
        #expect(FileSniffer.describe(Data("<svg onload=x>".utf8)) == "HTML или XML")
        #expect(FileSniffer.sniff(Data()) == nil)
    }
}
