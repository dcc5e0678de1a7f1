@testable import App
import Testing

/// The grid's body is rendered in Swift for speed; it must escape like the template did and keep its markup.
@Suite struct JournalGridHTMLTests {
    let rows = [JournalGridPage.Row(pupil: "p1", number: 1, name: "О'Нил <Анна>", cells: [
        .init(lesson: "l1", value: "5\"&", history: 2),
        .init(lesson: "l2", value: "", history: 1),
    ])]

    @Test func namesAndValuesAreEscapedAsLeafEscapesThem() {
        let html = JournalGridPage.rowsHTML(rows, canWrite: true)
        #expect(html.contains("<td class=\"name\">О&#39;Нил &lt;Анна&gt;</td>"))
        #expect(html.contains("value=\"5&quot;&amp;\""))
        #expect(html.contains("aria-label=\"О&#39;Нил &lt;Анна&gt;, l1\""))
        #expect(!html.contains("<Анна>"))
    }

    @Test func changedCellsAreMarkedAndAReadOnlyGridHasReadOnlyInputs() {
        let writable = JournalGridPage.rowsHTML(rows, canWrite: true)
        #expect(writable.contains("<input class=\"cell changed\" data-lesson=\"l1\""))
        #expect(writable.contains("<input class=\"cell\" data-lesson=\"l2\""))
        #expect(!writable.contains("readonly"))
        let readOnly = JournalGridPage.rowsHTML(rows, canWrite: false)
        #expect(readOnly.components(separatedBy: " readonly>").count == 3)
        #expect(readOnly.hasPrefix("<tr data-pupil=\"p1\"><td class=\"num\">1</td>"))
    }
}
