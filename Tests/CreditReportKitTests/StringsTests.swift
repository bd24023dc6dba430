import CreditCore
import CreditIngest
import Foundation
import Testing
@testable import CreditReportKit

/// The wording of the reports in `templates/strings/<lang>/`: every language has every key with the same
/// placeholders, the Chinese reports are really in Chinese, and a broken strings file is reported by file
/// and line.
@Suite struct StringsTests {
    static let folder = Repo.path("templates")
    static let chinese: [ReportLanguage] = [.zhHans, .zhHant]

    static func table(_ language: ReportLanguage) throws -> [String: String] {
        try ReportStrings.read(folder: folder, language: language)
    }

    static func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Chinese has no plural: `key.one` is English only, and only where `key.other` exists.
    static func keysEveryLanguageHas(_ english: [String: String]) -> Set<String> {
        Set(english.keys.filter { !($0.hasSuffix(".one") && english[String($0.dropLast(4)) + ".other"] != nil) })
    }

    @Test(arguments: chinese)
    func everyKeyInBothDirections(language: ReportLanguage) throws {
        let en = try Self.table(.en), zh = try Self.table(language)
        let expected = Self.keysEveryLanguageHas(en)
        #expect(expected.subtracting(zh.keys).sorted() == [], "missing in \(language.rawValue)")
        #expect(Set(zh.keys).subtracting(expected).sorted() == [], "in \(language.rawValue) but not in en")
        #expect(en.count > 150)
    }

    @Test(arguments: chinese)
    func placeholdersAreTheSame(language: ReportLanguage) throws {
        let en = try Self.table(.en), zh = try Self.table(language)
        for (key, text) in zh {
            let english = try #require(en[key])
            #expect(Self.placeholders(text) == Self.placeholders(english), "\(language.rawValue) \(key)")
        }
    }

    /// A Chinese text may equal the English one only when it has no words: placeholders, figures,
    /// punctuation, or codes such as `HHI` and `CR5`.
    @Test(arguments: chinese)
    func translated(language: ReportLanguage) throws {
        let en = try Self.table(.en), zh = try Self.table(language)
        for (key, text) in zh where text == en[key] {
            var words = text
            for name in Self.placeholders(text) { words = words.replacingOccurrences(of: "{\(name)}", with: "") }
            let hasWord = words.split(whereSeparator: { !$0.isLetter }).contains { $0.contains(where: \.isLowercase) }
            #expect(!hasWord, "\(language.rawValue) \(key) is still English: \(text)")
        }
    }

    @Test(arguments: chinese)
    func noEnglishTextLeftInTheChineseReport(language: ReportLanguage) throws {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.language = language
        let files = try Pipeline.render(try Pipeline.analyse(config, asOf: config.asOf!), config: config)
        let html = try #require(files.first { $0.name == "report.html" }?.text)
        let md = try #require(files.first { $0.name == "report.md" }?.text)
        #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains(language.fontStack))
        let en = try Self.table(.en)
        let headings = en.filter { $0.key.hasSuffix(".heading") || $0.key.hasSuffix(".title") }.values
        #expect(headings.count >= 12)
        for heading in headings {
            #expect(!html.contains(heading), "'\(heading)' in the \(language.rawValue) HTML")
            #expect(!md.contains(heading), "'\(heading)' in the \(language.rawValue) Markdown")
        }
        for english in ["Customer</th>", "Exposure</th>", "days past due", "not due", "within", "passed", "unrated", " of gross AR"] {
            #expect(!html.contains(english), "'\(english)' in the \(language.rawValue) HTML")
        }
        // Figures, codes and names are left as they are.
        #expect(html.contains("10,774,719.90") && html.contains("2026-11-20") && html.contains("Kessler Automotive Systems AG"))
        // metrics.json stays English.
        let metrics = try #require(files.first { $0.name == "metrics.json" }?.text)
        #expect(metrics.contains("\"reason\": \"EUR 5,952 more than 90 days past due; insured"))
    }

    /// Keys the templates read as `{{t.a.b}}` must not also begin longer keys (Mustache walks the dots).
    @Test func templateKeysAreReachable() throws {
        let strings = ReportStrings.bundledEnglish
        let tree = strings.all
        for key in try Self.table(.en).keys where !key.hasPrefix("watch.") {
            var node: Any? = tree
            for part in key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
            #expect(node as? String == strings(key), "\(key)")
        }
    }

    @Test func aBrokenStringsFileNamesFileAndLine() throws {
        let s = Scratch()
        try FileManager.default.createDirectory(atPath: s.folder + "/strings/en", withIntermediateDirectories: true)
        s.write("strings/en/weekly.yml", "weekly.title: \"Credit report\"\nweekly.aging.heading: \"Aging\n  of\": x\n")
        do {
            _ = try ReportStrings.load(.en, folder: s.folder)
            Issue.record("a broken file was read")
        } catch {
            #expect(error.file.hasSuffix("strings/en/weekly.yml"))
            #expect(error.line == 3)
        }
        s.write("strings/en/weekly.yml", "weekly.title: \"Credit report\"\nweekly.title: \"Again\"\n")
        do {
            _ = try ReportStrings.load(.en, folder: s.folder)
            Issue.record("a repeated key was read")
        } catch {
            #expect(error.line == 2)
            #expect(error.message == "'weekly.title' is given twice")
        }
    }

    /// The pipeline reports a strings problem as a template error, and uses the bundled wording when
    /// `templates_dir` has templates but no `strings/`.
    @Test func ownTemplatesWithAndWithoutStrings() throws {
        let s = Scratch()
        for name in ["report.html.mustache", "report.md.mustache"] {
            try FileManager.default.copyItem(atPath: Repo.path("templates/\(name)"), toPath: s.folder + "/" + name)
        }
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = s.folder
        config.language = .zhHant
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let html = try #require(try Pipeline.render(run, config: config).first?.text)
        #expect(html.contains("本週需處理"))

        try FileManager.default.createDirectory(atPath: s.folder + "/strings/en", withIntermediateDirectories: true)
        s.write("strings/en/common.yml", "common.none: [\"-\"]\n")
        do {
            _ = try Pipeline.render(run, config: config)
            Issue.record("a broken strings folder was used")
        } catch {
            #expect(error.kind == .template)
            #expect(error.diagnostic.location.file.hasSuffix("strings/en/common.yml"))
            #expect(error.diagnostic.location.line == 1)
        }
    }

    @Test func ingestionMessagesAreTranslatedByPattern() throws {
        let zh = try ReportStrings.load(.zhHans, folder: Repo.path("templates"))
        #expect(zh.diagnostic("not a valid DD.MM.YYYY date") == "不是有效的 DD.MM.YYYY 日期")
        #expect(zh.diagnostic("missing currency") == "缺少 currency")
        #expect(zh.diagnostic("repeated document_id: first used at ubl/a.xml:4") == "单据编号重复：首次出现于 ubl/a.xml:4")
        #expect(zh.diagnostic("customer C019: limit currency ZAR has no FX rate: treated as no limit")
                == "客户 C019：额度货币 ZAR 没有汇率：视为未设额度")
        #expect(zh.diagnostic("1 customer is not in the customers input: taken from the documents' own buyer data, with no credit limit: C070")
                == "1 家客户不在客户文件中：已按单据中的买方资料补入，未设信用额度：C070")
        #expect(zh.diagnostic("something nobody wrote a pattern for") == "something nobody wrote a pattern for")
        // The XML inputs' own reasons (the first as XMLConformanceTests gets it from a SAF-T file).
        #expect(zh.diagnostic("ClosingDebitBalance '10.000,5x' is not a number") == "ClosingDebitBalance「10.000,5x」不是数字")
        #expect(zh.diagnostic("GrossTotal is not a number") == "GrossTotal 不是数字")
        #expect(zh.diagnostic("the payable amount is in USD, not the document currency") == "应付金额的货币为 USD，与单据货币不符")
        let en = try ReportStrings.load(.en, folder: Repo.path("templates"))
        #expect(en.diagnostic("not a valid DD.MM.YYYY date") == "not a valid DD.MM.YYYY date")
        #expect(ReportStrings.match("a 1 b 2", "a {x} b {y}") == ["x": "1", "y": "2"])
        #expect(ReportStrings.match("a 1 c", "a {x} b") == nil)
    }

    /// A binary that cannot find its templates says so, and how to point it at them, before anything else
    /// goes wrong for want of them; the checkout's own folder passes.
    @Test func missingTemplatesFolderIsNamed() throws {
        try BundledTemplates.check(Self.folder)
        let empty = Scratch()
        do {
            try BundledTemplates.check(empty.folder)
            Issue.record("expected a template error")
        } catch {
            #expect(error.kind == .template)
            #expect(error.diagnostic.message == "cannot find creditreport's templates folder (the one holding report.html.mustache)")
            #expect(error.diagnostic.hint?.hasPrefix("set CREDITREPORT_TEMPLATES") == true)
        }
    }

    /// Reject reasons are translated by matching their English wording against the patterns of
    /// `diagnostics.yml`: reworded in the code and not there, a reason would silently stay in English in the
    /// Chinese reports. So every reason the CSV inputs give — one bad row for each check — must come out
    /// translated, in both scripts, and the counts say every bad row was rejected.
    @Test func everyRejectReasonOfTheCSVInputsIsTranslated() throws {
        let files = Scratch()
        files.write("fx.csv", """
            currency,rate
            USD,0.9
            ,1.1
            US,1.1
            GBP,
            JPY,-3
            EUR,1.2
            USD,0.95

            """)
        files.write("country_risk.csv", """
            country,rating
            DE,0
            ,3
            FR,
            Germany,2
            DE,1

            """)
        files.write("customers.csv", """
            customer_id,name,country,credit_limit,limit_currency,payment_terms_days
            C1,One,DE,1000,,30
            C2,Two,DE,abc,,30
            C3,Three,DE,-5,,30
            C4,Four,DE,100,,3x
            C5,Five,DE,100,EURO,30
            C6,Six,Germany,100,,30
            ,Nobody,DE,100,,30
            C1,One again,DE,100,,30
            C7,"Seven,DE,100,,30

            """)
        let rows = [
            "D1,C1,invoice,2026-11-01,2026-12-01,EUR,100,100,,", "D2,C9,invoice,2026-11-01,2026-12-01,EUR,100,100,,",
            "D3,C1,invoice,2026-02-30,2026-12-01,EUR,100,100,,", "D4,C1,invoice,2026-11-01,2026-12-01,EUR,100,#VALUE!,,",
            "D1,C1,invoice,2026-11-02,2026-12-02,EUR,50,50,,", "D5,C1,invoice,2026-11-01,2026-12-01,,100,100,,",
            "D6,C1,invoice,2026-11-01,2026-12-01,EUR,100,100,,maybe", "D7,C1,invoce,2026-11-01,2026-12-01,EUR,100,100,,",
            "D8,C1,invoice,2026-11-01,2026-12-01,ZAR,100,100,,", ",C1,invoice,2026-11-01,2026-12-01,EUR,100,100,,",
            "D9,C1,invoice,2026-11-01,2026-12-01,EUR,100,,,", "D10,C1,invoice,2026-11-01,01.12.2026,EUR,100,100,,",
            "D11,,invoice,2026-11-01,2026-12-01,EUR,100,100,,", "D12,C1,invoice,,2026-12-01,EUR,100,100,,",
            "D13,C1,invoice,2026-11-01,2026-12-01,EU,100,100,,", "D14,C1,invoice,2026-11-01,2026-12-01,EUR,1x,100,,",
            "D15,C1,invoice,2026-11-01,2026-12-01,EUR,100,100,2026-13-01,", "D16,C1,invoice,2026-11-01,2026-12-01,EUR,\"100,100,,",
        ]
        files.write("items.csv", "document_id,customer_id,type,document_date,due_date,currency,amount,open_amount,cleared_date,disputed\n"
                    + rows.joined(separator: "\n") + "\n")
        let config = files.write("c.yml", "reporting_currency: EUR\nas_of: 2026-11-20\ninputs:\n  customers: customers.csv\n"
                                 + "  items: items.csv\n  fx: fx.csv\n  country_risk: country_risk.csv\n")
        let run = try Pipeline.analyse(try ConfigLoader.load(path: config), asOf: Day(iso: "2026-11-20")!)
        // Every row but the first of each file is bad.
        #expect(run.files.map(\.counts.rejected) == [6, 4, 8, 17])
        #expect(run.files.map(\.counts.used) == [1, 1, 1, 1])
        let reasons = Set(run.rejects.map(\.reason))
        #expect(reasons.count == 25)   // 6 of the FX input, 4 of country risk, 6 more of the customers, 9 more of the items
        for language in Self.chinese {
            let strings = try ReportStrings.load(language, folder: Self.folder)
            for reason in reasons.sorted() {
                #expect(strings.diagnostic(reason) != reason, "\(language): no pattern in diagnostics.yml for '\(reason)'")
            }
        }
    }

    /// The same for the reasons only the XML inputs give: real files from `fixtures/xml/`, each edited to
    /// break one thing, read as the run reads them; every reason must come out translated in both scripts.
    @Test func everyRejectReasonOfTheXMLInputsIsTranslated() throws {
        let xml = Repo.path("fixtures/xml")
        let scratch = Scratch()
        // Edited in the encoding each file declares (the Portuguese one is Windows-1252); each edit its own file.
        var inputsMade = 0
        func edited(_ file: String, _ format: XMLInput.Format, _ edits: [(String, String)],
                    encoding: String.Encoding = .utf8) throws -> InputSource {
            var text = try String(contentsOfFile: xml + "/" + file, encoding: encoding)
            for (from, to) in edits {
                #expect(text.contains(from), "\(file) has no '\(from)' to edit")
                text = text.replacingOccurrences(of: from, with: to)
            }
            let name = "\(inputsMade)-" + format.rawValue + "-" + (file as NSString).lastPathComponent
            inputsMade += 1
            let path = scratch.folder + "/" + name
            try #require(FileManager.default.createFile(atPath: path, contents: text.data(using: encoding)))
            return .xml(XMLInput(path: path, name: name, format: format))
        }
        let inputs = [
            try edited("saft-no/ExampleFile_SAF-T_Financial_888888888_20180228235959.xml", .saftNO,
                       [("<n1:ClosingDebitBalance>10000</n1:ClosingDebitBalance>", "<n1:ClosingDebitBalance>10.000,5x</n1:ClosingDebitBalance>")]),
            try edited("saft-pt/saft-pt-demo.xml", .saftPT, [("<GrossTotal>1230.00</GrossTotal>", "<GrossTotal>1.230,00x</GrossTotal>")],
                       encoding: .windowsCP1252),
            try edited("peppol/base-example.xml", .ubl, [("<cbc:PayableAmount currencyID=\"EUR\">", "<cbc:PayableAmount currencyID=\"USD\">")]),
            // Customer 1004 without its closing balance (and no balance accounts under it).
            try edited("saft-no/ExampleFile_SAF-T_Financial_888888888_20180228235959.xml", .saftNO,
                       [("<n1:ClosingDebitBalance>10000</n1:ClosingDebitBalance>", "")]),
            // A header whose period ends in month 13, with no selection end date: no customer's balance has a date.
            try edited("saft-no/ExampleFile_SAF-T_Financial_888888888_20180228235959.xml", .saftNO,
                       [("<n1:PeriodEnd>04</n1:PeriodEnd>", "<n1:PeriodEnd>13</n1:PeriodEnd>")]),
        ]
        var fx = FXTable(reportingCurrency: "EUR")
        fx.set("NOK", Rate(micros: 100_000))
        fx.set("USD", Rate(micros: 900_000))
        // Each file read on its own: the SAF-T NO edits share their document ids.
        let runs = try inputs.map { try ItemPosting.post([$0], book: CustomerBook(customers: []), fx: fx, policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!) }
        // One reject per edited file, each with its own reason; the last file's 6 customers all lack the date.
        #expect(runs.map { $0.counts[0].rejected } == [1, 1, 1, 1, 6])
        let reasons = Array(Set(runs.flatMap { $0.rejects.map(\.reason) }))
        #expect(reasons.count == 5)
        #expect(reasons.contains("the customer has no closing balance"))
        #expect(reasons.contains("the header gives no selection end date or period end"))
        for language in Self.chinese {
            let strings = try ReportStrings.load(language, folder: Self.folder)
            for reason in reasons {
                #expect(strings.diagnostic(reason) != reason, "\(language): no pattern in diagnostics.yml for '\(reason)'")
            }
        }
    }

    /// A text split once at its placeholders fills in exactly as `callAsFunction` does, odd braces included.
    @Test func filledTextFillsInAsTheStringsDo() {
        let table = ["a": "{amount} over {days} days", "b": "{x}{x} and {unknown} {", "c": "逾期{days}天 {a{b}",
                     "d": "no placeholders", "e": "}{days}{"]
        let t = ReportStrings(language: .en, table: table, english: table)
        for key in table.keys.sorted() {
            let values = ["amount": "EUR 1,200", "days": "90", "x": "X"]
            let slots = ["amount", "days", "x"]
            let filled = t.filled(key, slots)
            #expect(filled("EUR 1,200", "90", "X") == t(key, values), "\(key)")
        }
        #expect(t.filled("b", ["x"])("X") == "XX and {unknown} {")
        // Counted texts: `.one` for 1 where the language has it.
        let counted = ReportStrings(language: .en, table: ["n.one": "1 item", "n.other": "{n} items"], english: [:])
        #expect(counted.countKeys("n") == (one: "n.one", other: "n.other"))
        let chinese = ReportStrings(language: .zhHans, table: ["n.other": "{n}项"], english: ["n.one": "1 item", "n.other": "{n} items"])
        #expect(chinese.countKeys("n") == (one: "n.other", other: "n.other"))
    }
}
