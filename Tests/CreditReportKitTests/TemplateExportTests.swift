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

    /// Exporting from a folder that is not the templates folder (the binary run from outside the checkout
    /// without `CREDITREPORT_TEMPLATES`) stops with what to set, and writes nothing.
    @Test func exportWithoutTheTemplatesFolderSaysWhatToSet() {
        let s = Scratch()
        do {
            let written = try TemplateExport.export(to: s.folder + "/mine", from: s.folder + "/no-such-folder")
            Issue.record("exported \(written.count) files from a folder that does not exist")
        } catch {
            #expect(error.kind == .templatesNotFound)
            #expect(error.message.contains("CREDITREPORT_TEMPLATES"))
        }
        #expect(!FileManager.default.fileExists(atPath: s.folder + "/mine"))
    }

    /// Every template a report uses, and its wording, is checked before the inputs are read: a broken one
    /// stops the run at once with its file and line, not after the analysis of a large book. Each report
    /// kind checks its own templates and no others.
    @Test func brokenTemplatesAreFoundBeforeTheInputsAreRead() throws {
        let s = Scratch()
        let dir = s.folder + "/mine"
        _ = try TemplateExport.export(to: dir, from: Repo.path("templates"))
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = dir
        for kind in ReportKind.allCases { try Pipeline.preflight(config, kind: kind) }
        try Pipeline.preflight(config, kind: .weekly, eml: true)

        func broken(_ name: String, check: [(ReportKind, Bool, Bool)], fine: [(ReportKind, Bool, Bool)]) throws {
            let path = dir + "/" + name + ".mustache"
            let good = try String(contentsOfFile: path, encoding: .utf8)
            try ("{{#top}} unclosed\n" + good).write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? good.write(toFile: path, atomically: true, encoding: .utf8) }
            for (kind, email, eml) in check {
                do {
                    try Pipeline.preflight(config, kind: kind, email: email, eml: eml)
                    Issue.record("\(name) broken, \(kind) email \(email) eml \(eml): not found before the inputs are read")
                } catch {
                    #expect(error.kind == .template)
                    #expect(error.diagnostic.location.file == path)
                    #expect(error.diagnostic.location.line != nil)
                }
            }
            for (kind, email, eml) in fine { try Pipeline.preflight(config, kind: kind, email: email, eml: eml) }
        }
        try broken("report.md", check: [(.weekly, false, false), (.weekly, true, false)], fine: [(.summary, false, false), (.quarterly, false, false)])
        try broken("report.email.html", check: [(.weekly, true, false), (.weekly, false, true)], fine: [(.weekly, false, false)])
        try broken("report.txt", check: [(.weekly, false, true)], fine: [(.weekly, true, false)])
        try broken("summary.html", check: [(.summary, false, false)], fine: [(.weekly, false, false)])
        try broken("summary.txt", check: [(.summary, false, true)], fine: [(.summary, false, false)])
        try broken("quarterly.md", check: [(.quarterly, false, false)], fine: [(.summary, false, false)])

        // The wording too: a strings file that does not load.
        let strings = dir + "/strings/en/weekly.yml"
        let good = try String(contentsOfFile: strings, encoding: .utf8)
        try (good + "\nweekly.broken: \"never closed\n").write(toFile: strings, atomically: true, encoding: .utf8)
        do {
            try Pipeline.preflight(config, kind: .weekly)
            Issue.record("broken wording not found before the inputs are read")
        } catch {
            #expect(error.kind == .template)
            #expect(error.diagnostic.location.file == strings)
        }
    }

    /// The templates preflight checks for a report are exactly those rendering it uses: with every other
    /// template in the folder broken the report still renders, and breaking any one of its own stops it.
    /// (A template added to rendering but not to `Pipeline.templateNames` fails here.)
    @Test func preflightChecksExactlyTheTemplatesRenderingUses() throws {
        let s = Scratch()
        let dir = s.folder + "/mine"
        _ = try TemplateExport.export(to: dir, from: Repo.path("templates"))
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        config.templatesDir = dir
        let all = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".mustache") }
            .map { String($0.dropLast(".mustache".count)) }
        #expect(all.contains("report.html") && all.contains("summary.txt"))
        func withBroken<T>(_ names: [String], _ body: () throws -> T) throws -> T {
            var good: [String: String] = [:]
            for name in names {
                let path = dir + "/" + name + ".mustache"
                good[path] = try String(contentsOfFile: path, encoding: .utf8)
                try ("{{#top}} unclosed\n" + good[path]!).write(toFile: path, atomically: true, encoding: .utf8)
            }
            defer { for (path, text) in good { try? text.write(toFile: path, atomically: true, encoding: .utf8) } }
            return try body()
        }
        let cases: [(ReportKind, email: Bool, eml: Bool, attachFull: Bool)] = [
            (.weekly, false, false, false), (.weekly, true, false, false), (.weekly, false, true, false), (.weekly, false, true, true),
            (.summary, false, false, false), (.summary, false, true, false), (.summary, false, true, true), (.quarterly, false, false, false),
        ]
        for (kind, email, eml, attachFull) in cases {
            config.email = EmailSettings(from: "credit@example.com", to: ["cfo@example.com"], attachFull: attachFull)
            let own = Pipeline.templateNames(kind, email: email, eml: eml, attachFull: attachFull)
            let what = "\(kind) email \(email) eml \(eml) attach \(attachFull)"
            let files = try withBroken(all.filter { !own.contains($0) }) {
                try Pipeline.preflight(config, kind: kind, email: email, eml: eml)
                return try Pipeline.render(run, config: config, kind: kind, email: email, eml: eml, now: 0)
            }
            #expect(!files.isEmpty, "\(what)")
            for name in own {
                do {
                    _ = try withBroken([name]) { try Pipeline.render(run, config: config, kind: kind, email: email, eml: eml, now: 0) }
                    Issue.record("\(what): \(name) is listed but rendering does not use it")
                } catch {
                    #expect((error as? PipelineError)?.kind == .template, "\(what): \(name): \(error)")
                }
            }
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
