import App
import Foundation

@main
enum Main {
    static func main() async {
        exit(await Kopilka.main())
    }
}
