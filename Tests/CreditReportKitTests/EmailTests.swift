import CreditCore
import CreditRender
import Foundation
import Testing
@testable import CreditReportKit

/// The management summary and the weekly report as email: mail-safe HTML within Gmail's budget, and MIME
/// messages whose parts decode back to the rendered text.
@Suite struct EmailTests {
    /// What email clients strip or break on, checked on the mail HTML.
    static func mailProblems(_ html: String) -> [String] {
        var problems: [String] = []
        let lower = html.lowercased()
        for (needle, why) in [("<style", "a <style> block"), ("<script", "JavaScript"), ("<svg", "SVG"), ("<link", "external CSS"),
                              ("@import", "an import"), ("@font-face", "a web font"), ("\"data:", "a data: URI"), ("(data:", "a data: URI"),
                              ("display:flex", "flex layout"), ("display: flex", "flex layout"), ("display:grid", "grid layout"),
                              ("display: grid", "grid layout"), ("javascript:", "a javascript: link"), ("<iframe", "an iframe"),
                              ("<form", "a form"), ("src=\"http", "an external image"), ("url(", "a CSS url()"), ("position:", "CSS positioning")]
            where lower.contains(needle) {
            problems.append(why)
        }
        if html.utf8.count > 90 * 1024 { problems.append("\(html.utf8.count) bytes, over 90 KB (Gmail clips at 102 KB)") }
        if !lower.contains("<html lang=\"") { problems.append("no lang attribute") }
        // Every background colour is also given as bgcolor, for clients that drop CSS backgrounds.
        let cells = html.components(separatedBy: "<td").dropFirst() + html.components(separatedBy: "<table").dropFirst()
        for cell in cells {
            let tag = cell.prefix { $0 != ">" }
            if tag.contains("background-color:#") && !tag.contains("bgcolor=") && !tag.contains("height:10px") {
                problems.append("a cell with a CSS background but no bgcolor: \(tag.prefix(80))")
            }
        }
        return problems
    }

    static func sample(previous: PreviousReport? = nil, eml: Bool = false) throws -> [String: OutputFile] {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = Repo.path("templates")
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let files = try Pipeline.render(run, config: config, kind: .summary, previous: previous, eml: eml, now: 1_795_521_600)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) })
    }

    /// The settings rendering needs are checked before any input is read: email settings for --eml, the
    /// quarterly review kept off email. (A run found these only after the analysis, having made the output
    /// folder and metrics.json meanwhile.)
    @Test func preflightFindsSettingProblemsFirst() throws {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = Repo.path("templates")
        for kind in ReportKind.allCases { try Pipeline.preflight(config, kind: kind) }
        try Pipeline.preflight(config, kind: .summary, eml: true)
        #expect(throws: PipelineError.self) { try Pipeline.preflight(config, kind: .quarterly, email: true) }
        var noEmail = config
        noEmail.email = nil
        #expect(throws: PipelineError.self) { try Pipeline.preflight(noEmail, kind: .summary, eml: true) }
        #expect(throws: PipelineError.self) { try Pipeline.preflight(noEmail, kind: .weekly, eml: true) }
        try Pipeline.preflight(noEmail, kind: .summary)
    }

    @Test func theSummaryIsMailSafe() throws {
        let html = try #require(try Self.sample()["summary.html"]).text
        #expect(Self.mailProblems(html) == [])
        #expect(html.contains("width=\"620\""))
        // The checker itself catches what it must.
        #expect(Self.mailProblems("<html lang=\"en\"><style>p{}</style><div style=\"display:flex\"><img src=\"data:x\"></div>").count == 3)
    }

    /// 5,000 customers with hostile names, a quarter of them 580 characters long, one in seven without a limit.
    static func hostileBook() throws -> (ReportConfig, ReportRun) {
        let s = Scratch()
        var customers = "customer_id,name,country,credit_limit\n", items = "document_id,customer_id,document_date,due_date,currency,open_amount\n"
        let hostile = ["<script>alert(1)</script>", "a|b *c* [d](e)", "=HYPERLINK(\"\"http://x\"\",\"\"y\"\")",
                       String(repeating: "Very Long Name GmbH & Co. KG ", count: 20)]
        for i in 0..<5000 {
            customers += "K\(i),\"\(hostile[i % 4]) \(i)\",DE,\(i % 7 == 0 ? "" : "1000")\n"
            items += "D\(i),K\(i),2026-09-01,2026-10-01,EUR,\(1000 + i)\n"
        }
        s.write("customers.csv", customers)
        s.write("items.csv", items)
        s.write("creditreport.yml", "reporting_currency: EUR\nas_of: 2026-11-20\ninputs: {customers: customers.csv, items: items.csv}\n")
        var config = try ConfigLoader.load(path: s.folder + "/creditreport.yml")
        config.templatesDir = Repo.path("templates")
        return (config, try Pipeline.analyse(config, asOf: config.asOf!))
    }

    /// 5,000 customers with hostile names: still escaped, still within the budget, tables capped.
    @Test func aLargeHostileBookStaysEscapedAndWithinBudget() throws {
        let (config, run) = try Self.hostileBook()
        let files = Dictionary(uniqueKeysWithValues: try Pipeline.render(run, config: config, kind: .summary).map { ($0.name, $0.text) })
        let html = try #require(files["summary.html"]), md = try #require(files["summary.md"])
        #expect(Self.mailProblems(html) == [])
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!md.contains("<script>alert"))
        // Ten rows a table, and the rest said.
        #expect(html.components(separatedBy: "&lt;script&gt;").count - 1 <= 2 * SummaryView.rows)
        #expect(html.contains("more are in the full report"))
        // Each Markdown table row keeps its cell count: pipes in names are escaped.
        for row in md.split(separator: "\n") where row.hasPrefix("| ") && row.contains("HYPERLINK") {
            var cells = 0, previous: Character = " "
            for ch in row {
                if ch == "|" && previous != "\\" { cells += 1 }
                previous = ch
            }
            #expect(cells == 4 || cells == 6, "\(row)")
        }
    }

    /// The weekly report in its mail-safe form (`--email`), on the sample in every language.
    @Test(arguments: ReportLanguage.allCases)
    func theWeeklyEmailIsMailSafe(_ language: ReportLanguage) throws {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = Repo.path("templates")
        config.language = language
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        func files(email: Bool) throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try Pipeline.render(run, config: config, kind: .weekly, email: email).map { ($0.name, $0.text) })
        }
        let browser = try files(email: false), email = try files(email: true)
        let html = try #require(email["report.html"])
        #expect(Self.mailProblems(html) == [])
        #expect(html.contains("width=\"620\"") && html.contains("<html lang=\"\(language.rawValue)\">"))
        #expect(html != browser["report.html"])
        // The Markdown report is the same either way, and there is no message without --eml.
        #expect(email["report.md"] == browser["report.md"])
        #expect(email.keys.sorted() == ["metrics.json", "rejects.csv", "report.html", "report.md"])
        // Every section, in the report's language.
        let t = try ReportStrings.load(language, folder: Repo.path("templates"))
        for key in ["watchlist", "aging", "collection", "limits", "insurance", "ecl", "concentration", "country", "customers", "sources"] {
            #expect(html.contains(HTMLText.escapeWording(t("weekly.\(key).heading"))), "\(key)")
        }
        for key in ["weekly.insurance.shortfalls.title", "weekly.insurance.deadlines.title", "weekly.stress.title", "weekly.sources.warnings"] {
            #expect(html.contains(t(key)), "\(key)")
        }
        // Long tables are cut short and say how many rows they leave out: of 43 watchlist points 15 are
        // shown, of 61 customers 10, of 30 insured customers with open insurer deadlines 10, of 19 shortfalls 10.
        #expect(html.contains(HTMLText.escapeWording(t("weekly.watchlist.more", ["n": "28"]))))
        #expect(html.contains(HTMLText.escapeWording(t("weekly.customers.more", ["n": "51"]))))
        #expect(html.contains(HTMLText.escapeWording(t("weekly.insurance.deadlines.more", ["n": "20"]))))
        let shortfalls = "<strong>" + HTMLText.escapeWording(t("weekly.insurance.shortfalls.title")) + "</strong>"
        #expect(html.contains(HTMLText.escapeWording(t("common.more_in_metrics", ["title": "\u{1}", "n": "9"]))
            .replacingOccurrences(of: "\u{1}", with: shortfalls)))
        #expect(html.contains(HTMLText.escapeWording(t("weekly.email.note", ["full": "50"]))))
        #expect(html.utf8.count < 75 * 1024)
    }

    /// The weekly email of the 5,000-customer hostile book: escaped, within the budget, every table
    /// capped with the rest said, long names cut short.
    @Test func theWeeklyEmailOfALargeHostileBookStaysEscapedAndWithinBudget() throws {
        let (config, run) = try Self.hostileBook()
        let files = Dictionary(uniqueKeysWithValues: try Pipeline.render(run, config: config, kind: .weekly, email: true).map { ($0.name, $0.text) })
        let html = try #require(files["report.html"])
        #expect(Self.mailProblems(html) == [])
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;"))
        // The watchlist's 15 points, then 10 rows each: limit breaches, customers without a limit, the ten
        // largest customers, the customers table.
        #expect(html.components(separatedBy: "&lt;script&gt;").count - 1 <= 15 + 4 * 10)
        #expect(html.contains("more are in metrics.json"))
        #expect(html.contains("more customers over limit are in metrics.json"))
        #expect(html.contains("The 10 largest of 5000 customers with open items"))
        #expect(!html.contains(String(repeating: "Very Long Name GmbH &amp; Co. KG ", count: 3)))
        #expect(html.contains("Very Long Name GmbH &amp; Co. KG Very Long Name GmbH &amp; Co. KG…"))
    }

    /// A minimal MIME reader, written for this test: headers, boundaries, quoted-printable and base64.
    struct Part { var headers: [String: String]; var body: String }
    static func parse(_ raw: String) -> (headers: [String: String], parts: [Part]) {
        func split(_ text: String) -> ([String: String], String) {
            let pieces = text.components(separatedBy: "\r\n\r\n")
            var headers: [String: String] = [:], last = ""
            for line in pieces[0].components(separatedBy: "\r\n") {
                if line.hasPrefix(" ") || line.hasPrefix("\t") { headers[last]! += line; continue }
                guard let colon = line.firstIndex(of: ":") else { continue }
                last = line[..<colon].lowercased()
                headers[last] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            for (k, v) in headers { headers[k] = v.trimmingCharacters(in: .whitespaces) }
            return (headers, pieces.dropFirst().joined(separator: "\r\n\r\n"))
        }
        func boundary(_ contentType: String) -> String? {
            guard let r = contentType.range(of: "boundary=\"") else { return nil }
            return String(contentType[r.upperBound...].prefix { $0 != "\"" })
        }
        func leaves(_ headers: [String: String], _ body: String) -> [Part] {
            guard let b = boundary(headers["content-type"] ?? "") else { return [Part(headers: headers, body: body)] }
            let sections = body.components(separatedBy: "--\(b)").dropFirst().filter { !$0.hasPrefix("--") }
            return sections.flatMap { section -> [Part] in
                // "\r\n" is one Character in Swift.
                var (h, text) = split(String(section.drop { $0 == "\r\n" }))
                // The line break before the next boundary belongs to the boundary.
                if text.hasSuffix("\r\n") { text.removeLast() }
                return leaves(h, text)
            }
        }
        let (headers, body) = split(raw)
        return (headers, leaves(headers, body))
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let u = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "="), i + 2 < u.count, let v = UInt8(String(decoding: u[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(v); i += 3
            } else {
                bytes.append(u[i]); i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decodeWords(_ header: String) -> String {
        header.components(separatedBy: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return word }
            let b64 = word.dropFirst(10).dropLast(2)
            return Data(base64Encoded: String(b64)).map { String(decoding: $0, as: UTF8.self) } ?? word
        }.joined()
    }

    @Test func theEmlDecodesBackToTheRenderedReport() throws {
        let files = try Self.sample(eml: true)
        let raw = try #require(files["summary.eml"]).text
        let (headers, parts) = Self.parse(raw)
        #expect(headers["subject"] == "Credit summary 2026-11-20")
        #expect(headers["auto-submitted"] == "auto-generated")
        #expect(headers["mime-version"] == "1.0")
        #expect(headers["date"] == "Tue, 24 Nov 2026 12:00:00 +0000")
        #expect(headers["message-id"]?.hasPrefix("<creditreport.2026-11-20.") == true)
        #expect(headers["message-id"]?.hasSuffix("@alster-handel.example>") == true)
        #expect(headers["to"] == "Finance Director <cfo@alster-handel.example>, treasury@alster-handel.example")
        #expect(parts.map { $0.headers["content-type"] ?? "" } == ["text/plain; charset=UTF-8", "text/html; charset=UTF-8",
                                                                     "text/html; charset=UTF-8; name=\"credit-report-2026-11-20.html\""])
        let html = Self.decodeQuotedPrintable(parts[1].body)
        #expect(html.replacingOccurrences(of: "\r\n", with: "\n") == files["summary.html"]!.text)
        let text = Self.decodeQuotedPrintable(parts[0].body)
        #expect(text.contains("Net AR: 10,575,225"))
        #expect(text.contains("上海华东贸易有限公司"))
        let attachment = try #require(Data(base64Encoded: parts[2].body.replacingOccurrences(of: "\r\n", with: "")))
        #expect(String(decoding: attachment, as: UTF8.self).contains("<h2"))
        // No line anywhere longer than 78 characters (RFC 5322 allows 998).
        for line in raw.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line.prefix(40))") }
        #expect(!raw.contains("\n.") || !raw.components(separatedBy: "\r\n").contains("."))
    }

    /// What changed is said against an earlier report in the same currency only.
    @Test func changesAreComparedWithAnEarlierReportInTheSameCurrencyOnly() throws {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = Repo.path("templates")
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let strings = try ReportStrings.load(.en, folder: Repo.path("templates"))
        var earlier = PreviousReport(asOf: Day(iso: "2026-11-13")!, currency: "EUR", netAR: Money(whole: 10_000_000),
                                     grossAR: Money(whole: 10_200_000), overdue: Money(whole: 4_000_000), protractedDefault: Money(whole: 549_463))
        let view = SummaryView.build(run, config: config, strings: strings, previous: earlier)
        let changes = (view["changes"] as! [[String: Any]]).map { $0["text"] as! String }
        // Net AR 10,575,225.01 − 10,000,000 = 575,225.01 (5.8%); overdue 3,995,425.17 − 4,000,000 = −4,574.83 (0.1%).
        #expect(changes.contains("Net AR rose by EUR 575,225 (5.8%) to EUR 10,575,225."))
        #expect(changes.contains("Overdue fell by EUR 4,575 (0.1%) to EUR 3,995,425."))
        // 549,463.21 against 549,463: less than half a unit, so no change.
        #expect(changes.contains("Protracted default is unchanged at EUR 549,463."))
        earlier.currency = "USD"
        let other = SummaryView.build(run, config: config, strings: strings, previous: earlier)
        #expect((other["changes"] as! [[String: Any]]).isEmpty)
        #expect((other["changesNone"] as! String).contains("in USD"))
    }

    /// `--report weekly --eml`: the mail-safe weekly report beside its plain text, the browser report attached.
    @Test func theWeeklyEmlDecodesBackToTheRenderedReport() throws {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = Repo.path("templates")
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let files = Dictionary(uniqueKeysWithValues: try Pipeline.render(run, config: config, kind: .weekly, eml: true, now: 1_795_521_600)
            .map { ($0.name, $0) })
        let browser = try #require(try Pipeline.render(run, config: config).first { $0.name == "report.html" }).text
        let raw = try #require(files["report.eml"]).text
        let (headers, parts) = Self.parse(raw)
        #expect(headers["subject"] == "Credit report 2026-11-20")
        #expect(headers["auto-submitted"] == "auto-generated")
        #expect(headers["to"] == "Finance Director <cfo@alster-handel.example>, treasury@alster-handel.example")
        #expect(parts.map { $0.headers["content-type"] ?? "" } == ["text/plain; charset=UTF-8", "text/html; charset=UTF-8",
                                                                     "text/html; charset=UTF-8; name=\"credit-report-2026-11-20.html\""])
        // --eml implies the mail-safe HTML: report.html is the message's HTML part.
        let html = Self.decodeQuotedPrintable(parts[1].body).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(html == files["report.html"]!.text)
        #expect(Self.mailProblems(html) == [])
        let text = Self.decodeQuotedPrintable(parts[0].body).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(text.hasPrefix("Credit report — 2026-11-20\nAmounts in EUR. 2731 of 2743 input rows used"))
        #expect(text.contains("Net AR: 10,575,225 (gross AR + credits)"))
        #expect(text.contains("- C006 Kessler Automotive Systems AG (1,997,106): EUR 5,952 more than 90 days past due"))
        #expect(text.contains("上海华东贸易有限公司"))
        #expect(text.contains("Harrington & Cole Retail Ltd") && !text.contains("&amp;") && !text.contains("\\|"))
        #expect(text.contains("28 more are in metrics.json."))
        // The attachment is the browser report, with every row the email leaves out.
        let attachment = try #require(Data(base64Encoded: parts[2].body.replacingOccurrences(of: "\r\n", with: "")))
        #expect(String(decoding: attachment, as: UTF8.self) == browser)
        for line in raw.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line.prefix(40))") }

        // Without attach_full there is no attachment; weekly_subject names the message.
        config.email?.attachFull = false
        config.email?.weeklySubject = "Weekly credit report {date}"
        let plain = try #require(try Pipeline.render(run, config: config, kind: .weekly, eml: true).first { $0.name == "report.eml" }).text
        let (h, p) = Self.parse(plain)
        #expect(h["subject"] == "Weekly credit report 2026-11-20")
        #expect(h["content-type"]?.hasPrefix("multipart/alternative") == true)
        #expect(p.count == 2)

        // The quarterly review is not for email.
        #expect(throws: PipelineError.self) { try Pipeline.render(run, config: config, kind: .quarterly, email: true) }
    }

    @Test func chineseSubjectsAndNamesAreEncodedWords() {
        var mail = MailMessage(from: "信用管理部 <credit@example.cn>", to: ["财务总监 <cfo@example.cn>"], subject: "信用报告摘要 2026年11月20日：逾期账款上升",
                               date: 0, messageID: "<x@example.cn>", text: "逾期\n.\nend", html: "<p>逾期</p>")
        mail.attachments = []
        let raw = String(decoding: mail.bytes(), as: UTF8.self)
        #expect(raw.unicodeScalars.allSatisfy { $0.isASCII })
        let (headers, parts) = Self.parse(raw)
        #expect(Self.decodeWords(headers["subject"]!) == "信用报告摘要 2026年11月20日：逾期账款上升")
        #expect(Self.decodeWords(headers["from"]!) == "信用管理部<credit@example.cn>")
        #expect(Self.decodeQuotedPrintable(parts[0].body) == "逾期\r\n.\r\nend")
        #expect(parts[0].body.contains("=2E"))           // a lone dot is never sent as a line of its own
        #expect(headers["date"] == "Thu, 1 Jan 1970 00:00:00 +0000")
        // A dot that falls at the start of a physical line after a soft break is encoded too.
        let long = String(repeating: "a", count: 75) + ".b"
        let qp = MailMessage.quotedPrintable(long)
        #expect(!qp.components(separatedBy: "\r\n").contains { $0.hasPrefix(".") })
        #expect(Self.decodeQuotedPrintable(qp) == long)
        for line in raw.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line.prefix(40))") }
    }
}
