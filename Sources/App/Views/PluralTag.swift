import Domain
import Foundation
import Leaf
import Vapor

/// `#plural(n, "ученик", "ученика", "учеников")` → «25 учеников».
struct PluralTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        try ctx.requireParameterCount(4)
        guard let n = ctx.parameters[0].int, let one = ctx.parameters[1].string,
              let few = ctx.parameters[2].string, let many = ctx.parameters[3].string else {
            throw TemplateError(message: "#plural(): ожидается число и три формы")
        }
        return .string(RussianText.count(n, one, few, many))
    }
}
