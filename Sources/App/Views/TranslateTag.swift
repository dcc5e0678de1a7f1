import Domain
import Foundation
import Leaf
import Vapor

/// `#t("key")` or `#t("key", arg0, arg1)` in a template.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw TemplateError(message: "#t(): ожидается ключ строки")
        }
        let args = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard let req = ctx.userInfo["request"] as? Request else {
            return .string(key)
        }
        return .string(req.application.localization.text(key, req.language, args))
    }
}
