@main enum B { static func main() {} }
