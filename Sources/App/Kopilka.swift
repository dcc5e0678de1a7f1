import Foundation
import Logging
import Vapor

/// Runs the `kopilka` command line: `serve` (default), `migrate`, `demo`…
/// Configuration and start-up failures print one clear line and exit non-zero, without a stack trace.
public enum Kopilka {
    public static func main(arguments: [String] = CommandLine.arguments) async -> Int32 {
        var env: Environment
        do {
            env = try Environment.detect(arguments: arguments)
            try LoggingSystem.bootstrap(from: &env)
        } catch {
            FileHandle.standardError.write(Data("Ошибка: \(error)\n".utf8))
            return 2
        }
        let config: AppConfig
        do {
            config = try AppConfig.fromEnvironment()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 2
        }
        // A restore puts the database in place before anything opens it.
        let restoring = env.arguments.dropFirst().first == "restore"
        if restoring {
            let code = RestoreCommand.run(Array(env.arguments.dropFirst(2)), config: config)
            guard code == 0 else { return code }
        }
        let app: Application
        do {
            app = try await Application.make(env)
        } catch {
            FileHandle.standardError.write(Data("Ошибка запуска: \(error)\n".utf8))
            return 1
        }
        // Templates, strings and styles live beside the binary's project, whatever the current directory.
        if let root = ResourceLocator.root() { app.directory = DirectoryConfiguration(workingDirectory: root) }
        var code: Int32 = 0
        do {
            try await configure(app, config: config)
            if restoring {
                code = await RestoreCommand.endCredentials(app, file: env.arguments.dropFirst(2).first ?? "", config: config)
                try? await app.asyncShutdown()
                return code
            }
            let command = env.arguments.dropFirst().first ?? "serve"
            // The embedded default migrates itself on start; PostgreSQL is migrated by `kopilka migrate`.
            // `kopilka --hostname …` is `serve` with its flags; `kopilka --help` only prints help and touches no database.
            let help = env.arguments.contains("--help") || env.arguments.contains("-h")
            let serving = !help && (command == "serve" || command.hasPrefix("-"))
            if serving && config.databaseKind == .sqlite {
                try await app.autoMigrate()
            }
            // An empty installation: print where to set the school up, with the one-time code.
            // Outside the demo, every stored, signed or printed link needs the school's public address.
            if serving, config.publicURLSetting == nil, try await SchoolQueries.hasRealSchool(app.db) {
                throw ConfigError(variable: "KOPILKA_PUBLIC_URL", reason: "не задан: укажите адрес, по которому школа открывает «Копилку» "
                    + "(например https://kopilka.school.ru) — из него строятся QR-коды справок, ссылки и Open Badges")
            }
            if serving, let token = try? await app.prepareSetupToken() {
                // Written straight out (not buffered), so a log file or a supervisor shows it at once.
                FileHandle.standardOutput.write(Data(("Школы в базе нет. Откройте \(config.publicURL)/setup?token=\(token)"
                    + " и заполните сведения.\n(Посмотреть продукт на примере: kopilka demo, затем kopilka serve.)\n").utf8))
            }
            try await app.execute()
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            code = 2
        } catch let error as CommandFailure {
            FileHandle.standardError.write(Data("Ошибка: \(error)\n".utf8))
            code = 2
        } catch let exit as ExitCode {
            code = exit.code
        } catch {
            FileHandle.standardError.write(Data("Ошибка: \(StartupError.describe(error, config: config))\n".utf8))
            code = 1
        }
        try? await app.asyncShutdown()
        return code
    }
}
