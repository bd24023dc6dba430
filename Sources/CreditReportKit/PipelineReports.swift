import CreditCore
import CreditRender
import Foundation

/// Which report a run writes (`--report`).
public enum ReportKind: String, Sendable, CaseIterable {
    /// The full credit report: report.html, report.md.
    case weekly
    /// One screen for management email: summary.html (mail-safe), summary.md.
    case summary
    /// The credit committee's quarterly policy review: quarterly.html (browser and print), quarterly.md.
    case quarterly

    /// The output files' base name.
    var baseName: String { self == .weekly ? "report" : rawValue }
}

extension Pipeline {
    /// The files of the chosen report: its HTML and Markdown, metrics.json and rejects.csv, and with
    /// `eml` a MIME message of the report (the summary can carry the full report as an attachment).
    public static func render(_ run: ReportRun, config: ReportConfig, kind: ReportKind, previous: PreviousReport? = nil,
                              eml: Bool = false, now: Int = Int(Date().timeIntervalSince1970)) throws(PipelineError) -> [OutputFile] {
        var files: [OutputFile]
        switch kind {
        case .weekly:
            if eml {
                throw PipelineError(kind: .configuration, step: "render", diagnostic: Diagnostic(.error, .init(file: config.file),
                    "--eml sends the mail-safe summary; the weekly report is not mail-safe yet",
                    hint: "use --report summary --eml (it attaches the full weekly report)"))
            }
            return try render(run, config: config)
        case .summary:
            let folder = config.templatesDir ?? BundledTemplates.folder
            let strings = try loadStrings(config)
            let renderer = try renderer(folder: folder, names: ["summary.html", "summary.md", "summary.txt"])
            let view = SummaryView.build(run, config: config, strings: strings, previous: previous)
            guard let html = renderer.render("summary.html", view), let md = renderer.render("summary.md", view) else {
                throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: folder), "a template is missing"))
            }
            files = [OutputFile(name: "summary.html", text: html), OutputFile(name: "summary.md", text: md),
                     OutputFile(name: "metrics.json", stream: { MetricsDocument.write(run, flush: $0) }),
                     OutputFile(name: "rejects.csv", text: RejectsFile.csv(run.rejects))]
            if eml {
                guard let settings = config.email else {
                    throw PipelineError(kind: .configuration, step: "render", diagnostic: Diagnostic(.error, .init(file: config.file),
                        "--eml needs email: in the config", hint: "email: {from: credit@example.com, to: [cfo@example.com], subject: \"Credit summary {date}\"}"))
                }
                let subject = (settings.subject ?? "\(strings("summary.title")) {date}").replacingOccurrences(of: "{date}", with: run.analysis.asOf.iso)
                var mail = MailMessage(from: settings.from, to: settings.to, subject: subject, date: now,
                                       messageID: MailMessage.newMessageID(from: settings.from, stamp: run.analysis.asOf.iso),
                                       text: renderer.render("summary.txt", view) ?? md, html: html)
                if settings.attachFull {
                    let weekly = try render(run, config: config)
                    if let report = weekly.first(where: { $0.name == "report.html" }) {
                        mail.attachments.append(.init(filename: "credit-report-\(run.analysis.asOf.iso).html", contentType: "text/html; charset=UTF-8",
                                                      bytes: report.contents))
                    }
                }
                files.append(OutputFile(name: "summary.eml", bytes: mail.bytes()))
            }
            return files
        case .quarterly:
            if eml {
                throw PipelineError(kind: .configuration, step: "render", diagnostic: Diagnostic(.error, .init(file: config.file),
                    "--eml sends the mail-safe summary", hint: "use --report summary --eml"))
            }
            let folder = config.templatesDir ?? BundledTemplates.folder
            let strings = try loadStrings(config)
            let renderer = try renderer(folder: folder, names: ["quarterly.html", "quarterly.md"])
            let view = QuarterlyView.build(run, config: config, strings: strings)
            guard let html = renderer.render("quarterly.html", view), let md = renderer.render("quarterly.md", view) else {
                throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: folder), "a template is missing"))
            }
            return [OutputFile(name: "quarterly.html", text: html), OutputFile(name: "quarterly.md", text: md),
                    OutputFile(name: "metrics.json", stream: { MetricsDocument.write(run, flush: $0) }),
                    OutputFile(name: "rejects.csv", text: RejectsFile.csv(run.rejects))]
        }
    }

    static func renderer(folder: String, names: [String]) throws(PipelineError) -> TemplateRenderer {
        do {
            return try TemplateRenderer(folder: folder, names: names)
        } catch {
            throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: error.file, line: error.line), error.message,
                                                                                        hint: "fix the template, or remove templates_dir: to use the bundled ones"))
        }
    }
}
