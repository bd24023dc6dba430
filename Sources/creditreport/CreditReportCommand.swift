import ArgumentParser
import CreditCore
import CreditRender
import CreditReportKit
import Foundation

@main
struct CreditReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "creditreport",
        abstract: "Credit-risk reports from ERP exports: AR, aging, overdue, limits, concentration.",
        discussion: """
        Exit codes (BSD sysexits): 0 success; 64 usage error; 65 the report was written but more rows were \
        rejected than --max-rejects; 66 an input file is missing or unreadable; 73 an output cannot be \
        written; 78 configuration error.
        """,
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, Templates.self]
    )
}

/// Options every subcommand shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The YAML config.", valueName: "file"))
    var config: String = "creditreport.yml"

    @Option(name: .long, help: ArgumentHelp("The date the report describes (YYYY-MM-DD); default: as_of in the config, else today.", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, Day(iso: asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date YYYY-MM-DD")
        }
        if let asOf, let day = Day(iso: asOf), day < Day.earliestAsOf {
            throw ValidationError("--as-of '\(asOf)' must be 1900-01-01 or later (the report looks 30 years back)")
        }
    }

    /// Loads the config; prints the problem and exits 78 when it cannot be used.
    func load() throws -> (ReportConfig, Day) {
        do {
            let config = try ConfigLoader.load(path: config)
            let day = asOf.flatMap(Day.init(iso:)) ?? config.asOf ?? Self.today
            return (config, day)
        } catch {
            Console.error(error.diagnostic.description)
            throw ExitCode(78)
        }
    }

    static var today: Day {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)) ?? Day(number: 0)
    }
}

enum Console {
    static func error(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    static func out(_ line: String) { print(line) }

    /// Prints a pipeline failure and returns the exit code it maps to.
    static func fail(_ error: PipelineError) -> ExitCode {
        Console.error(error.diagnostic.description)
        switch error.kind {
        case .configuration, .template: return ExitCode(78)
        case .inputUnreadable: return ExitCode(66)
        case .output: return ExitCode(73)
        // Not 65: that says the report was written (a cron job still sends it). Amounts this large come from
        // an export read with the wrong mapping or separators, which is the config's to fix.
        case .data: return ExitCode(78)
        }
    }

    static func summarise(_ run: ReportRun) {
        for r in run.rejects {
            Console.error("\(r.place): error: \(r.field): \(r.reason)\(r.value.isEmpty ? "" : " ('\(r.value)')")")
        }
        for w in run.warnings { Console.error(w.description) }
        let c = run.totalCounts
        Console.out("rows read \(c.read) = used \(c.used) + rejected \(c.rejected) + skipped \(c.skipped)")
    }
}

extension CreditReportCommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the inputs, compute the figures and write the report (--report), metrics.json and rejects.csv.")

        @OptionGroup var options: ConfigOptions

        @Option(name: .long, help: ArgumentHelp("Output folder; default: output in the config, else ./out.", valueName: "dir"))
        var out: String?

        @Option(name: .long, help: "Rejected rows tolerated before exiting 65 (the report is written either way).")
        var maxRejects: Int = 0

        @Flag(name: .long, help: "Print how long each step took (wall and CPU seconds) and the memory in use, to stderr.")
        var timings = false

        @Option(name: .long, help: ArgumentHelp("weekly (the full report: report.html, report.md), summary (one screen for management email: summary.html, summary.md) or quarterly (the credit-policy review: quarterly.html, quarterly.md).", valueName: "name"))
        var report: String = "weekly"

        @Option(name: .long, help: ArgumentHelp("Last run's metrics.json: the summary says what changed since then.", valueName: "file"))
        var previous: String?

        @Flag(name: .long, help: "With --report weekly: write report.html in its mail-safe form (620 px table layout, short tables) instead of the browser's.")
        var email = false

        @Flag(name: .long, help: "Also write summary.eml (--report summary) or report.eml (--report weekly, implies --email), a MIME message for `sendmail -t` (needs email: in the config).")
        var eml = false

        @Option(name: .long, help: ArgumentHelp("Language of the report: en, zh-Hans or zh-Hant; default: lang in the config, else en.",
                                                valueName: "lang"))
        var lang: String?

        func validate() throws {
            if maxRejects < 0 { throw ValidationError("--max-rejects must be 0 or more") }
            if ReportKind(rawValue: report) == nil {
                throw ValidationError("--report must be one of \(ReportKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if email && report != ReportKind.weekly.rawValue {
                throw ValidationError("--email is for --report weekly (the summary is always mail-safe; the quarterly review is for a browser and print)")
            }
            if let lang, ReportLanguage(tag: lang) == nil {
                throw ValidationError("--lang '\(lang)' is not a report language (en, zh-Hans, zh-Hant)")
            }
            if previous != nil && report != ReportKind.summary.rawValue {
                throw ValidationError("--previous is for --report summary (it says what changed since that report)")
            }
            if eml && report == ReportKind.quarterly.rawValue {
                throw ValidationError("--eml is for --report summary or weekly; the quarterly review is for a browser and print")
            }
        }

        func run() throws {
            Allocator.returnLargeBlocksAtOnce()
            var (config, asOf) = try options.load()
            if let language = lang.flatMap(ReportLanguage.init(tag:)) { config.language = language }
            let folder = out ?? config.output
            do {
                // Settings rendering needs (templates found, email settings) checked before the inputs are read.
                try Pipeline.preflight(config, kind: ReportKind(rawValue: self.report)!, email: email, eml: eml)
                var clock = StepClock(enabled: timings)
                let report = try Pipeline.analyse(config, asOf: asOf) { clock.lap($0) }
                var earlier: PreviousReport? = nil
                if let previous {
                    do {
                        earlier = try PreviousReport.read(path: previous)
                    } catch {
                        throw Console.fail(PipelineError(kind: .inputUnreadable, step: "read inputs",
                                                         diagnostic: Diagnostic(.error, .init(file: previous), error.message, hint: "give the metrics.json of an earlier run")))
                    }
                }
                for name in OutputWriter.removeLeftovers(in: folder) {
                    Console.error("\((folder as NSString).appendingPathComponent(name)): note: removed, left by an earlier run that stopped before renaming it")
                }
                // metrics.json is made and written while the report renders (it needs the figures only).
                let metrics = try Pipeline.startMetrics(report, into: folder)
                let files: [CreditRender.OutputFile]
                do {
                    files = try Pipeline.render(report, config: config, kind: ReportKind(rawValue: self.report)!, previous: earlier,
                                                email: email, eml: eml)
                } catch {
                    metrics.abandon()
                    throw error
                }
                clock.lap("render (metrics.json being written)")
                try Pipeline.write(files, into: folder, alongside: [metrics])
                clock.lap("write")
                KeptUntilExit.values.append(report)
                Console.summarise(report)
                Console.out("wrote \(files.map { (folder as NSString).appendingPathComponent($0.name) }.joined(separator: ", "))")
                if report.totalCounts.rejected > maxRejects {
                    Console.error("error: \(report.totalCounts.rejected) rows rejected, more than --max-rejects \(maxRejects) (see rejects.csv)")
                    throw ExitCode(65)
                }
            } catch let error as PipelineError {
                throw Console.fail(error)
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read and check every input; write nothing, print a summary.")

        @OptionGroup var options: ConfigOptions

        @Option(name: .long, help: "Rejected rows tolerated before exiting 65.")
        var maxRejects: Int = 0

        func run() throws {
            Allocator.returnLargeBlocksAtOnce()
            let (config, asOf) = try options.load()
            do {
                let report = try Pipeline.analyse(config, asOf: asOf)
                Console.summarise(report)
                for f in report.files {
                    Console.out("  \(f.name) (\(f.role)): read \(f.counts.read), used \(f.counts.used), rejected \(f.counts.rejected), skipped \(f.counts.skipped)")
                }
                if report.totalCounts.rejected > maxRejects { throw ExitCode(65) }
            } catch let error as PipelineError {
                throw Console.fail(error)
            }
        }
    }
}

/// Values the process ends with rather than frees: the run's figures, freed when `run()` returned, took about
/// 10 ms of the benchmark book's run (200,000 customers' records, one by one) after the last file was written.
enum KeptUntilExit {
    nonisolated(unsafe) static var values: [Any] = []
}

/// Wall-clock and CPU time per step, for `--timings` (CPU time over wall time shows how many cores a step kept busy).
struct StepClock {
    let enabled: Bool
    private var last = DispatchTime.now()
    private var lastCPU = StepClock.cpuSeconds()
    init(enabled: Bool) { self.enabled = enabled }
    mutating func lap(_ step: String) {
        guard enabled else { return }
        let now = DispatchTime.now(), cpu = StepClock.cpuSeconds()
        Console.error("timing: \(step) \(Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9) s, CPU \(((cpu - lastCPU) * 1000).rounded() / 1000) s, RSS now \(StepClock.statusMiB("VmRSS:")) MiB, peak so far \(StepClock.statusMiB("VmHWM:")) MiB")
        last = now
        lastCPU = cpu
    }

    /// User and system CPU time of the process so far, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        let who = RUSAGE_SELF.rawValue
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// A memory figure of /proc/self/status (VmRSS: resident now, VmHWM: peak so far), in MiB; 0 where
    /// /proc is unavailable.
    static func statusMiB(_ key: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}

#if canImport(Glibc)
/// glibc's `mallopt`, which its module map leaves out.
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// How the C allocator treats the run's memory.
enum Allocator {
    /// Blocks of 256 KiB and more are mapped on their own and handed back to the system when freed. glibc
    /// otherwise raises that threshold after the first large block is freed, up to 32 MiB, and keeps what
    /// later blocks of that size free again: measured on the benchmark book, the run's peak was 239 MiB with
    /// the moving threshold, 202 MiB with a fixed one.
    static func returnLargeBlocksAtOnce() {
        #if canImport(Glibc)
        _ = mallopt(-3, 256 << 10)   // M_MMAP_THRESHOLD
        #endif
    }
}
