import ArgumentParser
import CreditReportKit

@main
struct CreditReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "creditreport", abstract: "Credit-risk reports from ERP exports.", version: "0.1.0")
}
