import CreditCore
import Foundation
import Testing
@testable import CreditReportKit

/// `creditreport templates export DIR` and `templates_dir:`: the exported templates render as the bundled
/// ones do, and a broken one is reported with its file and line.
@Suite struct TemplateExportTests {
    @Test func exportedTemplatesRenderAndABrokenOneIsLocated() throws {
        let s = Scratch()
        let dir = s.folder + "/mine"
        let files = try TemplateExport.export(to: dir, from: Repo.path("templates"))
        #expect(files.contains("summary.html.mustache") && files.contains("report.md.mustache") && files.contains("strings/en/watchlist.yml"))
        #expect(throws: TemplateExport.ExportError.self) { try TemplateExport.export(to: dir, from: Repo.path("templates")) }

        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        config.templatesDir = Repo.path("templates")
        let bundled = try Pipeline.render(run, config: config, kind: .summary, now: 0).first { $0.name == "summary.html" }!.text
        config.templatesDir = dir
        let mine = try Pipeline.render(run, config: config, kind: .summary, now: 0).first { $0.name == "summary.html" }!.text
        #expect(mine == bundled)

        // Line 4 of the user's template opens a section it never closes.
        let path = dir + "/summary.md.mustache"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        lines[3] = "{{#top}} unclosed"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try Pipeline.render(run, config: config, kind: .summary, now: 0)
            Issue.record("a broken template rendered")
        } catch {
            #expect(error.kind == .template)
            #expect(error.diagnostic.location.file == path)
            #expect(error.diagnostic.location.line != nil)
        }
    }

    /// A templates_dir overrides only the templates it holds; the rest are the bundled ones.
    @Test func aTemplatesFolderOverridesOnlyWhatItHolds() throws {
        let s = Scratch()
        s.write("summary.md.mustache", "{{% CONTENT_TYPE: MARKDOWN }}\nOur own: {{title}}\n")
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        config.templatesDir = s.folder
        let files = Dictionary(uniqueKeysWithValues: try Pipeline.render(run, config: config, kind: .summary, now: 0).map { ($0.name, $0.text) })
        #expect(files["summary.md"] == "Our own: Credit summary\n")
        #expect(files["summary.html"]?.contains("<h1") == true)
    }
}
