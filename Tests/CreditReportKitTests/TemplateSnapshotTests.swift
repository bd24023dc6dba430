import CreditCore
import CreditRender
import Foundation
import Testing
@testable import CreditReportKit

/// Every report template × format × language on the bundled sample, against snapshot files
/// (`Snapshots/sample/<lang>/`). The summary compares with the same book a week earlier; the weekly
/// report's mail-safe form (`--email`) is `report.email.html`. Re-record on purpose only:
/// `CREDITREPORT_RECORD_SNAPSHOTS=1 swift test`.
@Suite struct TemplateSnapshotTests {
    static let rendered: [String: [String: String]] = {
        var out: [String: [String: String]] = [:]
        do {
            var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
            config.templatesDir = Repo.path("templates")
            let run = try Pipeline.analyse(config, asOf: config.asOf!)
            let lastWeek = try Pipeline.analyse(config, asOf: config.asOf!.adding(days: -7))
            let s = Scratch()
            s.write("last-week.json", String(decoding: MetricsDocument.bytes(lastWeek), as: UTF8.self))
            let previous = try PreviousReport.read(path: s.folder + "/last-week.json")
            for language in ReportLanguage.allCases {
                config.language = language
                var files: [String: String] = [:]
                for kind in ReportKind.allCases {
                    for f in try Pipeline.render(run, config: config, kind: kind, previous: kind == .summary ? previous : nil)
                    where f.name.hasSuffix(".html") || f.name.hasSuffix(".md") {
                        files[f.name] = f.text
                    }
                }
                files["report.email.html"] = try Pipeline.render(run, config: config, kind: .weekly, email: true)
                    .first { $0.name == "report.html" }?.text
                out[language.rawValue] = files
            }
        } catch {
            Issue.record("cannot render the sample: \(error)")
        }
        return out
    }()

    static let cases: [(String, String)] = ReportLanguage.allCases.flatMap { l in
        ["report.html", "report.md", "report.email.html", "summary.html", "summary.md", "quarterly.html", "quarterly.md"].map { (l.rawValue, $0) }
    }

    @Test(arguments: cases)
    func matchesSnapshot(_ language: String, _ name: String) throws {
        let text = try #require(Self.rendered[language]?[name])
        let path = Repo.path("Tests/CreditReportKitTests/Snapshots/sample/\(language)/\(name)")
        if ProcessInfo.processInfo.environment["CREDITREPORT_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) },
                                    "no snapshot at \(path): record with CREDITREPORT_RECORD_SNAPSHOTS=1")
        #expect(text == expected)
    }

    /// The Chinese reports set their language and keep no English heading.
    @Test(arguments: ["zh-Hans", "zh-Hant"])
    func chineseReportsAreChinese(_ language: String) throws {
        let files = try #require(Self.rendered[language])
        for name in ["summary.html", "quarterly.html", "report.html", "report.email.html"] {
            let html = try #require(files[name])
            #expect(html.contains("<html lang=\"\(language)\""), "\(name)")
            for english in ["Credit summary", "Credit policy review", "Needs action this week", "Largest exposures", "Trends at month-end"] {
                #expect(!html.contains(english), "\(name): \(english)")
            }
        }
        #expect(files["summary.html"]!.contains(language == "zh-Hans" ? "预期信用损失" : "預期信用損失"))
        #expect(EmailTests.mailProblems(files["summary.html"]!) == [])
        // Reject reasons and input warnings are translated too.
        let weekly = files["report.html"]!
        for english in ["not a valid", "unknown customer_id", "no FX rate", "not in the customers input", "repeated document_id"] {
            #expect(!weekly.contains(english), "\(english)")
        }
        #expect(weekly.contains(language == "zh-Hans" ? "不是有效的 YYYY-MM-DD 日期" : "不是有效的 YYYY-MM-DD 日期"))
        #expect(weekly.contains(language == "zh-Hans" ? "单据编号重复：首次出现于 items.csv:139" : "單據編號重複：首次出現於 items.csv:139"))
        #expect(EmailTests.mailProblems(files["report.email.html"]!) == [])
        #expect(files["quarterly.html"]!.contains(language == "zh-Hans" ? "账龄" : "帳齡"))
    }
}
