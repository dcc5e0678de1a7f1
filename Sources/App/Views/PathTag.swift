import Leaf

/// `#path("pupil", pupil.id)` → `/pupils/…`: templates take their links from `RouteTable` by the route's name, so a
/// page cannot link to an address no route serves. An unknown name or a wrong number of arguments fails the page.
struct PathTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string, let route = RouteTable.byName[name] else {
            throw TemplateError(message: "#path(): нет маршрута «\(ctx.parameters.first?.string ?? "")» в RouteTable")
        }
        let arguments = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard arguments.count == route.parameterCount, !arguments.contains(where: \.isEmpty) else {
            throw TemplateError(message: "#path(\"\(name)\"): ожидается параметров: \(route.parameterCount)")
        }
        return .string(route.path(filling: arguments))
    }
}
