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
}

extension Pipeline {
    /// The files of the chosen report: its HTML and Markdown, metrics.json and rejects.csv, and with
    /// `eml` a MIME message of the report (which can carry the full weekly report as an attachment).
    /// `email` renders the weekly report's HTML in its mail-safe form (`eml` implies it; the summary is
    /// always mail-safe).
    public static func render(_ run: ReportRun, config: ReportConfig, kind: ReportKind, previous: PreviousReport? = nil,
                              email: Bool = false, eml: Bool = false,
                              now: Int = Int(Date().timeIntervalSince1970)) throws(PipelineError) -> [OutputFile] {
        try BundledTemplates.check()
        var files: [OutputFile]
        switch kind {
        case .weekly:
            guard email || eml else { return try render(run, config: config) }
            return try renderWeeklyEmail(run, config: config, eml: eml, now: now)
        case .summary:
            let strings = try loadStrings(config)
            let view = SummaryView.build(run, config: config, strings: strings, previous: previous)
            let (summaryFiles, extra) = try reportFiles(run, config: config, base: "summary", view: view, extra: eml ? ["summary.txt"] : [])
            files = summaryFiles
            let html = files[0].text
            if eml {
                let settings = try emailSettings(config)
                let subject = (settings.subject ?? "\(strings("summary.title")) {date}").replacingOccurrences(of: "{date}", with: run.analysis.asOf.iso)
                var mail = MailMessage(from: settings.from, to: settings.to, subject: subject, date: now,
                                       messageID: MailMessage.newMessageID(from: settings.from, stamp: run.analysis.asOf.iso),
                                       text: extra["summary.txt"] ?? files[1].text, html: html)
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
            if eml || email { throw quarterlyIsNotForEmail(config) }
            let view = QuarterlyView.build(run, config: config, strings: try loadStrings(config))
            return try reportFiles(run, config: config, base: "quarterly", view: view).files
        }
    }

    /// The weekly report for email: report.html from `report.email.html` (a 620 px table layout with short
    /// tables), report.md as always, and with `eml` report.eml — that HTML beside a plain-text version
    /// (`report.txt`), with the browser report attached when `attach_full` is set, as it has the rows the
    /// email leaves out.
    static func renderWeeklyEmail(_ run: ReportRun, config: ReportConfig, eml: Bool, now: Int) throws(PipelineError) -> [OutputFile] {
        let settings = eml ? try emailSettings(config) : nil
        let browser = try render(run, config: config)
        let folder = config.templatesDir ?? BundledTemplates.folder
        let strings = try loadStrings(config)
        let renderer = try renderer(folder: folder, names: eml ? ["report.email.html", "report.txt"] : ["report.email.html"])
        let view = ReportView.build(run, config: config, strings: strings, layout: .email)
        guard let html = renderer.render("report.email.html", view) else {
            throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: folder), "a template is missing"))
        }
        var files = browser.map { $0.name == "report.html" ? OutputFile(name: "report.html", text: html) : $0 }
        guard let settings else { return files }
        guard let text = renderer.render("report.txt", view) else {
            throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: folder), "a template is missing"))
        }
        let asOf = run.analysis.asOf.iso
        let subject = (settings.weeklySubject ?? "\(strings("weekly.title")) {date}").replacingOccurrences(of: "{date}", with: asOf)
        var mail = MailMessage(from: settings.from, to: settings.to, subject: subject, date: now,
                               messageID: MailMessage.newMessageID(from: settings.from, stamp: asOf), text: text, html: html)
        if settings.attachFull, let full = browser.first(where: { $0.name == "report.html" }) {
            mail.attachments.append(.init(filename: "credit-report-\(asOf).html", contentType: "text/html; charset=UTF-8", bytes: full.contents))
        }
        files.append(OutputFile(name: "report.eml", bytes: mail.bytes()))
        return files
    }

    static func quarterlyIsNotForEmail(_ config: ReportConfig) -> PipelineError {
        PipelineError(kind: .configuration, step: "render", diagnostic: Diagnostic(.error, .init(file: config.file),
            "the quarterly review is for a browser and print, not for email", hint: "use --report summary --eml or --report weekly --eml"))
    }

    /// Checks, before the inputs are read, everything rendering `kind` will need: the bundled templates, email
    /// settings for `eml`, that the quarterly review is not asked for by email, and, with a `templates_dir`,
    /// that every template the report uses parses and its wording loads. A mistake there then stops the run
    /// at once, before anything is read or written, not after a long run on a large book. The parsed
    /// templates and wording are dropped again and parsed once more to render (a few milliseconds).
    /// The bundled templates are not parsed here: the tests check them, and parsing them early raised the
    /// benchmark run's peak by 0.6 MiB (the template library's code and tables, touched before the items
    /// are read rather than after; `malloc_trim` did not bring it back) — kept in memory, by 0.9 MiB.
    public static func preflight(_ config: ReportConfig, kind: ReportKind, email: Bool = false, eml: Bool = false) throws(PipelineError) {
        try BundledTemplates.check()
        if kind == .quarterly && (eml || email) { throw quarterlyIsNotForEmail(config) }
        let settings = eml ? try emailSettings(config) : nil
        guard let own = config.templatesDir else { return }
        _ = try loadStrings(config)
        _ = try renderer(folder: own, names: templateNames(kind, email: email, eml: eml, attachFull: settings?.attachFull ?? false))
    }

    /// The templates (without `.mustache`) rendering `kind` uses.
    static func templateNames(_ kind: ReportKind, email: Bool, eml: Bool, attachFull: Bool) -> [String] {
        switch kind {
        case .weekly:
            return ["report.html", "report.md"] + (email || eml ? ["report.email.html"] : []) + (eml ? ["report.txt"] : [])
        case .summary:
            return ["summary.html", "summary.md"] + (eml ? ["summary.txt"] : []) + (eml && attachFull ? ["report.html", "report.md"] : [])
        case .quarterly:
            return ["quarterly.html", "quarterly.md"]
        }
    }

    static func emailSettings(_ config: ReportConfig) throws(PipelineError) -> EmailSettings {
        guard let settings = config.email else {
            throw PipelineError(kind: .configuration, step: "render", diagnostic: Diagnostic(.error, .init(file: config.file),
                "--eml needs email: in the config", hint: "email: {from: credit@example.com, to: [cfo@example.com], subject: \"Credit summary {date}\"}"))
        }
        return settings
    }

    static func renderer(folder: String, names: [String]) throws(PipelineError) -> TemplateRenderer {
        do {
            return try TemplateRenderer(folder: folder, names: names, fallback: BundledTemplates.folder)
        } catch {
            throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: error.file, line: error.line), error.message,
                                                                                        hint: "fix the template, or remove templates_dir: to use the bundled ones"))
        }
    }
}
