import CreditCore
import CreditIngest
import CreditRender
import Foundation

/// A failure that stops the run, with the step it happened in and what to do about it.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case configuration, inputUnreadable, output, template
        /// The inputs were read but cannot be reported on (amounts past what can be totalled exactly).
        case data
    }
    public var kind: Kind
    public var step: String
    public var diagnostic: Diagnostic
    public var description: String { diagnostic.description }

    public init(kind: Kind, step: String, diagnostic: Diagnostic) {
        self.kind = kind
        self.step = step
        self.diagnostic = diagnostic
    }
}

/// The weekly job as a list of named steps: read inputs → analyse → render → write.
public enum Pipeline {

    /// Reads every input, rejects what cannot be used, posts the rest and computes the figures.
    /// `stepDone` is called with the name of each finished sub-step (for `--timings`).
    public static func analyse(_ config: ReportConfig, asOf: Day, stepDone: (String) -> Void = { _ in }) throws(PipelineError) -> ReportRun {
        func failed(_ error: IngestError) -> PipelineError {
            let kind: PipelineError.Kind = switch error.kind {
            case .unreadable: .inputUnreadable
            case .layout: .configuration
            case .outOfRange: .data
            }
            return PipelineError(kind: kind, step: "read inputs", diagnostic: error.diagnostic)
        }
        do {
            var files: [ReportRun.InputFile] = []
            var rejects: [Reject] = []
            var fx = FXTable(reportingCurrency: config.reportingCurrency)
            if let input = config.fx {
                let (table, counts, r) = try ReferenceTables.readFX(input, reportingCurrency: config.reportingCurrency, asOf: asOf)
                fx = table
                files.append(.init(name: input.name, role: "fx", counts: counts))
                rejects += r
            }
            var ratings: [String: String] = [:]
            if let input = config.countryRisk {
                let (table, counts, r) = try ReferenceTables.readCountryRisk(input)
                ratings = table
                files.append(.init(name: input.name, role: "country_risk", counts: counts))
                rejects += r
            }
            stepDone("read FX and country risk")
            var book = CustomerBook(customers: [])
            var warnings: [Diagnostic] = []
            if let customers = config.customers {
                let (b, customerCounts, customerRejects) = try ReferenceTables.readCustomers(customers, fx: fx)
                book = b
                files.append(.init(name: customers.name, role: "customers", counts: customerCounts))
                rejects += customerRejects
                // By index: `for c in` copied every customer, retaining and releasing its strings.
                for c in book.customers.indices {
                    if let note = book.customers[c].limitNote {
                        warnings.append(Diagnostic(.warning, .init(file: customers.name), "customer \(book.customers[c].id): \(note)",
                                                   hint: "add the currency to the FX input"))
                    }
                }
            }
            stepDone("read customers")
            var posted = try ItemPosting.post(config.items, book: book, fx: fx, policy: config.policy, asOf: asOf,
                                              earlierExposureDays: config.watchlist.earlierExposureDays,
                                              notifyWithinDays: config.watchlist.notifyWithinDays)
            book = posted.book
            for (k, input) in config.items.enumerated() {
                files.append(.init(name: input.name, role: "items", counts: posted.counts[k]))
                let ids = posted.addedCustomers[k]
                if !ids.isEmpty {
                    let shown = ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? " and \(ids.count - 10) more" : "")
                    warnings.append(Diagnostic(.note, .init(file: input.name),
                        (ids.count == 1 ? "1 customer is" : "\(ids.count) customers are") + " not in the customers input: taken from the documents' own buyer data, with no credit limit: \(shown)",
                        hint: config.customers == nil ? nil : "add them to the customers input to give them limits and cover"))
                }
            }
            rejects += posted.rejects
            stepDone("read and post items")
            let deadlines = posted.takeDeadlines()
            let analysis = PortfolioAnalysis(customers: book.customers, ledger: posted.ledger, ratings: ratings, scale: config.scale,
                                             makingDeadlines: deadlines.merged, stress: config.stress, watchlist: config.watchlist)
            stepDone("compute figures")
            return ReportRun(reportingCurrency: config.reportingCurrency, analysis: analysis, files: files, rejects: rejects,
                             warnings: warnings, fxRates: fx.table)
        } catch {
            throw failed(error)
        }
    }

    /// The report files, rendered in memory.
    public static func render(_ run: ReportRun, config: ReportConfig) throws(PipelineError) -> [OutputFile] {
        try BundledTemplates.check()
        let view = ReportView.build(run, config: config, strings: try loadStrings(config))
        return try reportFiles(run, config: config, base: "report", view: view).files
    }

    /// `BASE.html` and `BASE.md` rendered from their templates (a `templates_dir` first, then the bundled
    /// ones), with `metrics.json` and `rejects.csv`; `extra` templates are rendered too and handed back.
    static func reportFiles(_ run: ReportRun, config: ReportConfig, base: String, view: [String: Any], extra: [String] = [])
        throws(PipelineError) -> (files: [OutputFile], extra: [String: String]) {
        let folder = config.templatesDir ?? BundledTemplates.folder
        let renderer = try renderer(folder: folder, names: ["\(base).html", "\(base).md"] + extra)
        var rendered: [String: String] = [:]
        for name in ["\(base).html", "\(base).md"] + extra {
            guard let text = renderer.render(name, view) else {
                throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: folder), "the template \(name) is missing"))
            }
            rendered[name] = text
        }
        let files = [OutputFile(name: "\(base).html", text: rendered["\(base).html"]!), OutputFile(name: "\(base).md", text: rendered["\(base).md"]!),
                     metricsFile(run),
                     OutputFile(name: "rejects.csv", text: RejectsFile.csv(run.rejects))]
        return (files, rendered.filter { extra.contains($0.key) })
    }

    /// The wording in the config's language: from `strings/` beside the config's templates when that folder
    /// has one, else from the bundled templates.
    static func loadStrings(_ config: ReportConfig) throws(PipelineError) -> ReportStrings {
        var folder = BundledTemplates.folder
        if let own = config.templatesDir, FileManager.default.fileExists(atPath: (own as NSString).appendingPathComponent("strings")) {
            folder = own
        }
        do {
            return try ReportStrings.load(config.language, folder: folder)
        } catch {
            throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: error.file, line: error.line), error.message,
                                                                                        hint: "strings/<lang>/*.yml hold key: \"text\" lines; fix the file, or remove strings/ from templates_dir to use the bundled wording"))
        }
    }

    /// `metrics.json`, written in pieces as it is made.
    static func metricsFile(_ run: ReportRun) -> OutputFile {
        OutputFile(name: "metrics.json", stream: { MetricsDocument.write(run, flush: $0) })
    }

    /// Starts writing metrics.json into `folder` on another thread: it needs the figures only, so it is made
    /// while the report renders. Hand the result to `write(_:into:alongside:)`, or `abandon()` it.
    public static func startMetrics(_ run: ReportRun, into folder: String) throws(PipelineError) -> OutputWriter.Early {
        do {
            return try OutputWriter.start(metricsFile(run), into: folder)
        } catch {
            throw outputError(error)
        }
    }

    /// Writes the rendered files atomically into `folder`, with those started early (which are not written again).
    public static func write(_ files: [OutputFile], into folder: String, alongside early: [OutputWriter.Early] = []) throws(PipelineError) {
        do {
            try OutputWriter.write(files, into: folder, alongside: early)
        } catch {
            throw outputError(error)
        }
    }

    static func outputError(_ error: OutputWriter.WriteError) -> PipelineError {
        PipelineError(kind: .output, step: "write", diagnostic: Diagnostic(.error, .init(file: error.path), "cannot write: \(error.reason)"))
    }
}

/// Finds the bundled `templates/` folder when the config names none: `$CREDITREPORT_TEMPLATES`, then
/// `share/creditreport/templates` beside an installed binary, then the nearest `templates/` above the
/// executable (a build inside the checkout) or above the working directory.
public enum BundledTemplates {
    static let marker = "report.html.mustache"

    /// Stops with what to do when the bundled templates cannot be found: every report needs them (the
    /// wording of metrics.json's watchlist too), and without this check the first thing missing was
    /// reported as "no strings for en".
    public static func check(_ folder: String = BundledTemplates.folder) throws(PipelineError) {
        guard !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(marker)) else { return }
        throw PipelineError(kind: .template, step: "render", diagnostic: Diagnostic(.error, .init(file: "templates"),
            "cannot find creditreport's templates folder (the one holding \(marker))",
            hint: "set CREDITREPORT_TEMPLATES to the templates/ folder of the creditreport checkout or installation"))
    }

    public static var folder: String {
        let fm = FileManager.default
        func holds(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent(marker)) }
        if let env = ProcessInfo.processInfo.environment["CREDITREPORT_TEMPLATES"], holds(env) { return env }
        let exe = (CommandLine.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } ?? "") as NSString
        var candidates = [((exe.deletingLastPathComponent as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("share/creditreport/templates")]
        for start in [exe.deletingLastPathComponent, fm.currentDirectoryPath] {
            var dir = start
            for _ in 0..<8 {
                candidates.append((dir as NSString).appendingPathComponent("templates"))
                let up = (dir as NSString).deletingLastPathComponent
                if up == dir { break }
                dir = up
            }
        }
        return candidates.first(where: holds) ?? "templates"
    }
}
