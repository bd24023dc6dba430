import ArgumentParser
import CreditReportKit
import Foundation

extension CreditReportCommand {
    /// `creditreport templates export DIR`: the bundled templates and strings as a starting point for
    /// `templates_dir:`.
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with the report templates.", subcommands: [Export.self])

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the bundled templates (and their strings/) into DIR, to edit and use with templates_dir: in the config.")

            @Argument(help: ArgumentHelp("The folder to write; it must not hold templates already.", valueName: "dir"))
            var dir: String

            func run() throws {
                let written: [String]
                do {
                    written = try TemplateExport.export(to: dir)
                } catch {
                    switch error.kind {
                    case .templatesNotFound:
                        Console.error("error: \(error.message)")
                        throw ExitCode(78)
                    case .cannotWrite:
                        Console.error("\(dir): error: \(error.message)")
                        throw ExitCode(73)
                    }
                }
                for file in written { Console.out("wrote \(file)") }
                Console.out("use it with templates_dir: \(dir) in the config")
            }
        }
    }
}
