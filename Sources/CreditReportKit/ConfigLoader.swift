import CreditCore
import CreditIngest
import Foundation
import Yams

/// Reads and checks the YAML config. Every problem names the file, the line and the key, and says what
/// would be accepted.
public enum ConfigLoader {
    /// The most days a setting may count (100 years).
    static let maximumDays = 36_525

    public struct ConfigError: Error, Sendable, CustomStringConvertible {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.description }
    }

    public static func load(path: String) throws(ConfigError) -> ReportConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(diagnostic: Diagnostic(.error, .init(file: path), "cannot read the config file",
                                                     hint: "pass --config FILE, or run where creditreport.yml is"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(diagnostic: Diagnostic(.error, .init(file: path), "the config file is not UTF-8 text"))
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses config text; relative paths are resolved against the folder of `path`.
    public static func parse(yaml: String, path: String) throws(ConfigError) -> ReportConfig {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw ConfigError(diagnostic: Diagnostic(.error, .init(file: path), "the config file is empty")) }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError(diagnostic: Diagnostic(.error, .init(file: path), "not valid YAML: \(yamlProblem(error))"))
        } catch {
            throw ConfigError(diagnostic: Diagnostic(.error, .init(file: path), "not valid YAML: \(error)"))
        }
        let reader = NodeReader(file: path, baseDir: (path as NSString).deletingLastPathComponent)
        return try reader.config(root)
    }

    static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return "\(error)"
        }
    }
}

/// Walks the YAML tree with the key path at hand for messages.
struct NodeReader {
    let file: String
    let baseDir: String

    func fail(_ node: Node?, _ key: String, _ message: String, hint: String? = nil) -> ConfigLoader.ConfigError {
        ConfigLoader.ConfigError(diagnostic: Diagnostic(.error, .init(file: file, line: node?.mark?.line, column: node?.mark?.column),
                                                        "\(key): \(message)", hint: hint))
    }

    func mapping(_ node: Node, _ key: String, allowed: Set<String>) throws(ConfigLoader.ConfigError) -> [String: Node] {
        guard let m = node.mapping else { throw fail(node, key, "expected a mapping of keys") }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let name = k.string else { throw fail(k, key, "keys must be text") }
            guard allowed.contains(name) else {
                throw fail(k, key.isEmpty ? name : "\(key).\(name)", "unknown key", hint: "known keys: \(allowed.sorted().joined(separator: ", "))")
            }
            out[name] = v
        }
        return out
    }

    func string(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> String {
        guard let s = node.scalar?.string else { throw fail(node, key, "expected a single value") }
        return s
    }

    func int(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> Int {
        guard let s = node.scalar?.string, let v = Int(s) else { throw fail(node, key, "expected a whole number") }
        return v
    }

    func path(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> String {
        let p = try string(node, key)
        if p.hasPrefix("/") || baseDir.isEmpty { return p }
        return (baseDir as NSString).appendingPathComponent(p)
    }

    func config(_ root: Node) throws(ConfigLoader.ConfigError) -> ReportConfig {
        let top = try mapping(root, "", allowed: ["reporting_currency", "as_of", "inputs", "output", "policy", "templates_dir",
                                                  "country_risk_scale", "stress", "watchlist", "lang", "email"])
        guard let currencyNode = top["reporting_currency"] else {
            throw fail(root, "reporting_currency", "missing", hint: "e.g. reporting_currency: EUR")
        }
        let currency = try string(currencyNode, "reporting_currency").uppercased()
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw fail(currencyNode, "reporting_currency", "'\(currency)' is not a three-letter ISO 4217 code")
        }
        var asOf: Day?
        if let node = top["as_of"] {
            let text = try string(node, "as_of")
            guard let day = Day(iso: text) else { throw fail(node, "as_of", "'\(text)' is not a date YYYY-MM-DD") }
            guard day >= Day.earliestAsOf else { throw fail(node, "as_of", "must be 1900-01-01 or later (the report looks 30 years back)") }
            asOf = day
        }
        guard let inputsNode = top["inputs"] else { throw fail(root, "inputs", "missing", hint: "list at least customers: and items:") }
        let inputs = try mapping(inputsNode, "inputs", allowed: ["customers", "items", "fx", "country_risk"])
        guard let itemsNode = inputs["items"] else { throw fail(inputsNode, "inputs.items", "missing") }
        var items: [InputSource] = []
        if let list = itemsNode.sequence {
            for (i, n) in list.enumerated() { items.append(try source(n, "inputs.items[\(i)]")) }
            if items.isEmpty { throw fail(itemsNode, "inputs.items", "the list is empty") }
        } else {
            items.append(try source(itemsNode, "inputs.items"))
        }
        let customers = try inputs["customers"].map { (n) throws(ConfigLoader.ConfigError) in try input(n, "inputs.customers") }
        if customers == nil && !items.contains(where: { if case .xml = $0 { return true } else { return false } }) {
            throw fail(inputsNode, "inputs.customers", "missing", hint: "only XML item inputs (UBL, SAF-T) can name their own customers")
        }
        let fx = try inputs["fx"].map { (n) throws(ConfigLoader.ConfigError) in try source(n, "inputs.fx") }
        let risk = try inputs["country_risk"].map { (n) throws(ConfigLoader.ConfigError) in try input(n, "inputs.country_risk") }
        let output = try top["output"].map { (n) throws(ConfigLoader.ConfigError) in try path(n, "output") }
            ?? (baseDir.isEmpty ? "out" : (baseDir as NSString).appendingPathComponent("out"))
        let policy = try top["policy"].map { (n) throws(ConfigLoader.ConfigError) in try self.policy(n) } ?? CreditPolicy()
        let templates = try top["templates_dir"].map { (n) throws(ConfigLoader.ConfigError) in try path(n, "templates_dir") }
        var config = ReportConfig(reportingCurrency: currency, asOf: asOf, customers: customers, items: items, fx: fx, countryRisk: risk,
                                  output: output, policy: policy, templatesDir: templates, file: file)
        if let n = top["country_risk_scale"] { config.scale = try scale(n) }
        if let n = top["stress"] { config.stress = try stress(n, scale: config.scale) }
        if let n = top["watchlist"] { config.watchlist = try watchlist(n) }
        if let n = top["email"] { config.email = try email(n) }
        if let n = top["lang"] {
            let tag = try string(n, "lang")
            guard let language = ReportLanguage(tag: tag) else {
                throw fail(n, "lang", "'\(tag)' is not a report language", hint: "en, zh-Hans or zh-Hant")
            }
            config.language = language
        }
        return config
    }

    /// An amount of the reporting currency a watchlist rule compares with: from 0 to a trillion.
    func threshold(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> Money {
        let v = try double(node, key)
        guard v >= 0 else { throw fail(node, key, "must not be negative") }
        guard v <= 1e12 else { throw fail(node, key, "must be at most 1,000,000,000,000") }
        return Money(rounding: v)
    }

    func double(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> Double {
        guard let s = node.scalar?.string, let v = Double(s), v.isFinite else { throw fail(node, key, "expected a number") }
        return v
    }

    func bool(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, key, "expected true or false")
        }
    }

    func isOff(_ node: Node) -> Bool { ["false", "no", "off"].contains(node.scalar?.string.lowercased() ?? "") }

    func fraction(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> Double {
        let v = try double(node, key)
        guard (0...1).contains(v) else { throw fail(node, key, "must be between 0 and 1 (e.g. 0.90 for 90%)") }
        return v
    }

    /// A number of days from `minimum` to 100 years: dates are counted from these, and a day past the
    /// calendar stopped the run (99999999999 notify days).
    func days(_ node: Node, _ key: String, atLeast minimum: Int = 0) throws(ConfigLoader.ConfigError) -> Int {
        let v = try int(node, key)
        guard v >= minimum else { throw fail(node, key, "must be at least \(minimum)") }
        guard v <= ConfigLoader.maximumDays else {
            throw fail(node, key, "must be at most \(NumberText.grouped(ConfigLoader.maximumDays)) days (100 years)")
        }
        return v
    }

    func scale(_ node: Node) throws(ConfigLoader.ConfigError) -> RatingScale {
        let key = "country_risk_scale"
        let m = try mapping(node, key, allowed: ["name", "grades", "high_risk_from", "ecl_multiplier", "scores"])
        let name = try m["name"].map { (n) throws(ConfigLoader.ConfigError) in try string(n, "\(key).name") } ?? "custom"
        guard let gradesNode = m["grades"] else { throw fail(node, "\(key).grades", "missing", hint: "list the grades from best to worst") }
        guard let list = gradesNode.sequence, !list.isEmpty else {
            throw fail(gradesNode, "\(key).grades", "expected a list of grades from best to worst, e.g. [AA, A, BB, B, C, D]")
        }
        var grades: [String] = []
        for g in list {
            let grade = try string(g, "\(key).grades")
            guard !grades.contains(grade) else { throw fail(g, "\(key).grades", "grade '\(grade)' is listed twice") }
            grades.append(grade)
        }
        func onScale(_ n: Node, _ k: String) throws(ConfigLoader.ConfigError) -> String {
            let grade = try string(n, k)
            guard grades.contains(grade) else {
                throw fail(n, k, "'\(grade)' is not one of the grades", hint: "grades: \(grades.joined(separator: ", "))")
            }
            return grade
        }
        guard let highNode = m["high_risk_from"] else { throw fail(node, "\(key).high_risk_from", "missing", hint: "the first high-risk grade") }
        let high = try onScale(highNode, "\(key).high_risk_from")
        func gradeNumbers(_ name: String) throws(ConfigLoader.ConfigError) -> [String: Double] {
            guard let n = m[name] else { return [:] }
            guard let pairs = n.mapping else { throw fail(n, "\(key).\(name)", "expected grade: number pairs") }
            var out: [String: Double] = [:]
            for (k, v) in pairs {
                let grade = try onScale(k, "\(key).\(name)")
                let value = try double(v, "\(key).\(name).\(grade)")
                guard value >= 0 else { throw fail(v, "\(key).\(name).\(grade)", "must not be negative") }
                guard value <= 1000 else { throw fail(v, "\(key).\(name).\(grade)", "must be at most 1000") }
                out[grade] = value
            }
            return out
        }
        return RatingScale(name: name, grades: grades, highRiskFrom: high, eclMultiplier: try gradeNumbers("ecl_multiplier"),
                           scores: try gradeNumbers("scores"))
    }

    func stress(_ node: Node, scale: RatingScale) throws(ConfigLoader.ConfigError) -> [StressScenario] {
        guard let list = node.sequence else {
            throw fail(node, "stress", "expected a list of scenarios", hint: "- name: Emerging Asia downgrade\n    downgrade: {CN: 2, VN: 1}")
        }
        var out: [StressScenario] = []
        for (i, n) in list.enumerated() {
            let key = "stress[\(i)]"
            let m = try mapping(n, key, allowed: ["name", "downgrade"])
            let name = try m["name"].map { (x) throws(ConfigLoader.ConfigError) in try string(x, "\(key).name") } ?? "Scenario \(i + 1)"
            guard let d = m["downgrade"], let pairs = d.mapping, !pairs.isEmpty else {
                throw fail(m["downgrade"] ?? n, "\(key).downgrade", "expected country: notches pairs, e.g. {CN: 2, VN: 1}")
            }
            var downgrades: [(country: String, notches: Int)] = []
            for (k, v) in pairs {
                let country = try string(k, "\(key).downgrade").uppercased()
                guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw fail(k, "\(key).downgrade", "'\(country)' is not an ISO 3166-1 alpha-2 country code")
                }
                let notches = try int(v, "\(key).downgrade.\(country)")
                guard notches >= 1 else { throw fail(v, "\(key).downgrade.\(country)", "notches must be at least 1") }
                guard notches <= 1000 else { throw fail(v, "\(key).downgrade.\(country)", "notches must be at most 1000 (the worst grade is as far as a country goes)") }
                downgrades.append((country, notches))
            }
            out.append(StressScenario(name: name, downgrades: downgrades))
        }
        return out
    }

    func watchlist(_ node: Node) throws(ConfigLoader.ConfigError) -> WatchlistRules {
        let key = "watchlist"
        let m = try mapping(node, key, allowed: ["protracted_default", "protracted_default_over", "notify_within_days", "over_limit", "disputed_over",
                                                 "rising_days", "rising_by", "single_name_cap", "no_limit"])
        var rules = WatchlistRules()
        if let n = m["protracted_default"] { rules.protractedDefault = try bool(n, "\(key).protracted_default") }
        if let n = m["protracted_default_over"] { rules.protractedDefaultOver = try threshold(n, "\(key).protracted_default_over") }
        if let n = m["over_limit"] { rules.overLimit = try bool(n, "\(key).over_limit") }
        if let n = m["no_limit"] { rules.noLimit = try bool(n, "\(key).no_limit") }
        if let n = m["notify_within_days"] {
            rules.notifyWithinDays = isOff(n) ? nil : try days(n, "\(key).notify_within_days")
        }
        if let n = m["disputed_over"] {
            rules.disputedOver = isOff(n) ? nil : try threshold(n, "\(key).disputed_over")
        }
        if let n = m["rising_days"] { rules.risingDays = isOff(n) ? nil : try days(n, "\(key).rising_days", atLeast: 1) }
        if let n = m["rising_by"] {
            rules.risingBy = try double(n, "\(key).rising_by")
            guard (0...1000).contains(rules.risingBy) else {
                throw fail(n, "\(key).rising_by", "must be from 0 to 1000 (a share of the earlier exposure: 0.10 is 10%)")
            }
        }
        if let n = m["single_name_cap"] { rules.singleNameCap = isOff(n) ? nil : try fraction(n, "\(key).single_name_cap") }
        return rules
    }

    func email(_ node: Node) throws(ConfigLoader.ConfigError) -> EmailSettings {
        let m = try mapping(node, "email", allowed: ["from", "to", "subject", "weekly_subject", "attach_full"])
        guard let fromNode = m["from"] else { throw fail(node, "email.from", "missing", hint: "e.g. from: Credit Control <credit@example.com>") }
        guard let toNode = m["to"] else { throw fail(node, "email.to", "missing", hint: "one address or a list") }
        var to: [String] = []
        if let list = toNode.sequence {
            for n in list { to.append(try string(n, "email.to")) }
        } else {
            to.append(try string(toNode, "email.to"))
        }
        for address in [try string(fromNode, "email.from")] + to where !address.contains("@") || address.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            throw fail(m["to"], "email", "'\(address)' is not an email address")
        }
        var settings = EmailSettings(from: try string(fromNode, "email.from"), to: to)
        if let s = m["subject"] { settings.subject = try string(s, "email.subject") }
        if let s = m["weekly_subject"] { settings.weeklySubject = try string(s, "email.weekly_subject") }
        if let a = m["attach_full"] { settings.attachFull = try bool(a, "email.attach_full") }
        return settings
    }

    func policy(_ node: Node) throws(ConfigLoader.ConfigError) -> CreditPolicy {
        let m = try mapping(node, "policy", allowed: ["aging_buckets", "protracted_default_days", "dso_period_days", "cei_sales",
                                                      "indemnity", "notify_after_days", "claim_after_days", "ecl_loss_rates",
                                                      "roll_rate_months"])
        var policy = CreditPolicy()
        if let b = m["aging_buckets"] {
            guard let list = b.sequence else { throw fail(b, "policy.aging_buckets", "expected a list of days, e.g. [30, 60, 90, 180, 365]") }
            var bounds: [Int] = []
            for n in list { bounds.append(try days(n, "policy.aging_buckets", atLeast: 1)) }
            guard !bounds.isEmpty, let buckets = AgingBuckets(upperBounds: bounds) else {
                throw fail(b, "policy.aging_buckets", "bounds must be positive and increasing, e.g. [30, 60, 90, 180, 365]")
            }
            policy.agingBuckets = buckets
        }
        if let n = m["protracted_default_days"] {
            policy.protractedDefaultDays = try days(n, "policy.protracted_default_days")
        }
        if let n = m["dso_period_days"] { policy.dsoPeriodDays = try days(n, "policy.dso_period_days", atLeast: 1) }
        if let n = m["cei_sales"] {
            let text = try string(n, "policy.cei_sales").lowercased()
            guard let v = CreditPolicy.CEISales(rawValue: text) else { throw fail(n, "policy.cei_sales", "'\(text)' is not known", hint: "use period or monthly") }
            policy.ceiSales = v
        }
        if let n = m["indemnity"] { policy.indemnity = try fraction(n, "policy.indemnity") }
        if let n = m["notify_after_days"] { policy.notifyAfterDays = try days(n, "policy.notify_after_days") }
        if let n = m["claim_after_days"] { policy.claimAfterDays = try days(n, "policy.claim_after_days") }
        if let n = m["roll_rate_months"] {
            policy.rollRateMonths = try int(n, "policy.roll_rate_months")
            guard (1...120).contains(policy.rollRateMonths) else { throw fail(n, "policy.roll_rate_months", "must be from 1 to 120 months") }
        }
        let buckets = policy.agingBuckets.count
        if let n = m["ecl_loss_rates"] {
            guard let list = n.sequence else { throw fail(n, "policy.ecl_loss_rates", "expected a list of rates") }
            var rates: [Double] = []
            for r in list { rates.append(try fraction(r, "policy.ecl_loss_rates")) }
            guard rates.count == buckets else {
                throw fail(n, "policy.ecl_loss_rates", "expected \(buckets) rates (not due, then one per aging bucket: \(policy.agingBuckets.labels.joined(separator: ", "))), found \(rates.count)")
            }
            policy.eclLossRates = rates
        } else {
            policy.eclLossRates = CreditPolicy.defaultLossRates(count: buckets)
        }
        return policy
    }

    static let inputKeys: Set<String> = ["path", "format", "delimiter", "encoding", "decimal", "thousands", "date_format", "columns",
                                         "type_values", "country_codes", "not_rated", "values", "record", "fields", "namespaces"]
    static let xmlFormats = ["ubl", "saft-no", "saft-pt", "xml", "ecb"]

    /// An input that may be CSV or XML: XML when `format:` names an XML format, or when no format is given
    /// and the path ends in `.xml` or `/`, or is a folder.
    func source(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> InputSource {
        let m = node.mapping.map { pairs in Dictionary(pairs.map { ($0.key.string ?? "", $0.value) }, uniquingKeysWith: { a, _ in a }) }
        let pathNode = node.scalar != nil ? node : m?["path"]
        var format: String? = nil
        if let f = m?["format"] { format = try string(f, "\(key).format").lowercased() }
        if let format, format != "csv" {
            guard NodeReader.xmlFormats.contains(format) else {
                throw fail(m?["format"], "\(key).format", "unknown format '\(format)'", hint: "use csv, \(NodeReader.xmlFormats.joined(separator: ", "))")
            }
            return .xml(try xmlInput(node, key, format: XMLInput.Format(rawValue: format)))
        }
        if format == nil, let pathNode {
            let p = try path(pathNode, "\(key).path")
            var isFolder: ObjCBool = false
            if p.lowercased().hasSuffix(".xml") || p.hasSuffix("/") || (FileManager.default.fileExists(atPath: p, isDirectory: &isFolder) && isFolder.boolValue) {
                return .xml(try xmlInput(node, key, format: nil))
            }
        }
        return .csv(try input(node, key))
    }

    /// An XML input: path, format, and for mapped XML the record and fields.
    func xmlInput(_ node: Node, _ key: String, format: XMLInput.Format?) throws(ConfigLoader.ConfigError) -> XMLInput {
        if node.scalar != nil { return XMLInput(path: try path(node, key), name: try string(node, key), format: format) }
        let m = try mapping(node, key, allowed: ["path", "format", "record", "fields", "namespaces", "date_format", "decimal", "thousands",
                                                 "type_values", "values", "country_codes"])
        guard let pathNode = m["path"] else { throw fail(node, "\(key).path", "missing") }
        var x = XMLInput(path: try path(pathNode, "\(key).path"), name: try string(pathNode, "\(key).path"), format: format)
        // The CSV reader's options that also apply to XML values.
        let csv = try input(node, key)
        x.dialect = csv.dialect
        x.typeValues = csv.typeValues
        x.values = csv.values
        x.countryCodes = csv.countryCodes
        if let r = m["record"] { x.record = try string(r, "\(key).record") }
        if let f = m["fields"] {
            guard let pairs = f.mapping else { throw fail(f, "\(key).fields", "expected canonical field: path pairs, e.g. {document_id: DocNo, currency: Amount/@currency}") }
            for (k, v) in pairs { x.fields[try string(k, "\(key).fields")] = try string(v, "\(key).fields") }
        }
        if let n = m["namespaces"] {
            guard let pairs = n.mapping else { throw fail(n, "\(key).namespaces", "expected prefix: URI pairs") }
            for (k, v) in pairs { x.namespaces[try string(k, "\(key).namespaces")] = try string(v, "\(key).namespaces") }
        }
        if format == .mapped {
            if x.record == nil { throw fail(node, "\(key).record", "missing", hint: "format: xml needs record: (e.g. /Export/Items/Item) and fields:") }
            if x.fields.isEmpty { throw fail(node, "\(key).fields", "missing", hint: "map canonical fields to paths below the record, e.g. document_id: DocNo") }
        } else if x.record != nil || !x.fields.isEmpty {
            throw fail(m["record"] ?? m["fields"], "\(key).record", "record: and fields: are for format: xml (mapped XML) only")
        }
        return x
    }

    /// An input: a path, or a mapping with the path and how the file is written.
    func input(_ node: Node, _ key: String) throws(ConfigLoader.ConfigError) -> CSVInput {
        if node.scalar != nil {
            let p = try path(node, key)
            return CSVInput(path: p, name: try string(node, key))
        }
        let m = try mapping(node, key, allowed: NodeReader.inputKeys)
        guard let pathNode = m["path"] else { throw fail(node, "\(key).path", "missing") }
        var input = CSVInput(path: try path(pathNode, "\(key).path"), name: try string(pathNode, "\(key).path"))
        if let f = m["format"] {
            let format = try string(f, "\(key).format").lowercased()
            guard format == "csv" || NodeReader.xmlFormats.contains(format) else {
                throw fail(f, "\(key).format", "unknown format '\(format)'", hint: "use csv")
            }
        }
        if let d = m["delimiter"] {
            let text = try string(d, "\(key).delimiter")
            switch text {
            case ",", ";", "|": input.dialect.delimiter = UInt8(ascii: Unicode.Scalar(text)!)
            case "\t", "tab", "\\t": input.dialect.delimiter = UInt8(ascii: "\t")
            case "auto": input.dialect.delimiter = nil
            default: throw fail(d, "\(key).delimiter", "'\(text)' is not a delimiter", hint: "use \",\", \";\", \"|\", tab or auto")
            }
        }
        if let e = m["encoding"] {
            let text = try string(e, "\(key).encoding")
            guard let encoding = TextEncoding(name: text) else {
                throw fail(e, "\(key).encoding", "unknown encoding '\(text)'", hint: "use utf-8, gb18030 or windows-1252")
            }
            input.dialect.encoding = encoding
        }
        if let d = m["decimal"] {
            let text = try string(d, "\(key).decimal")
            guard text == "." || text == "," else { throw fail(d, "\(key).decimal", "use \".\" or \",\"") }
            input.dialect.decimalSeparator = UInt8(ascii: Unicode.Scalar(text)!)
        }
        if let t = m["thousands"] {
            let text = try string(t, "\(key).thousands")
            switch text {
            case ".", ",", "'", " ": input.dialect.thousandsSeparator = UInt8(ascii: Unicode.Scalar(text)!)
            case "", "none": input.dialect.thousandsSeparator = nil
            default: throw fail(t, "\(key).thousands", "use \".\", \",\", \"'\", \" \" or none")
            }
            if input.dialect.thousandsSeparator == input.dialect.decimalSeparator {
                throw fail(t, "\(key).thousands", "cannot be the same as the decimal separator")
            }
        }
        if let f = m["date_format"] {
            let text = try string(f, "\(key).date_format")
            guard let format = DateFormat(rawValue: text.uppercased()) else {
                throw fail(f, "\(key).date_format", "unknown date format '\(text)'",
                           hint: "use one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            input.dialect.dateFormat = format
        }
        if let c = m["columns"] {
            guard let pairs = c.mapping else { throw fail(c, "\(key).columns", "expected source column: canonical field pairs") }
            for (k, v) in pairs {
                input.columns[try string(k, "\(key).columns")] = try string(v, "\(key).columns")
            }
        }
        if let v = m["values"] {
            guard let pairs = v.mapping else { throw fail(v, "\(key).values", "expected canonical field: value pairs, e.g. {currency: USD}") }
            for (k, x) in pairs { input.values[try string(k, "\(key).values")] = try string(x, "\(key).values") }
        }
        if let c = m["country_codes"] {
            let text = try string(c, "\(key).country_codes").lowercased()
            guard let style = CountryCodeStyle(rawValue: text) else {
                throw fail(c, "\(key).country_codes", "'\(text)' is not known", hint: "use alpha-2 or alpha-3")
            }
            input.countryCodes = style
        }
        if let n = m["not_rated"] {
            if let list = n.sequence {
                for v in list { input.notRated.insert(try string(v, "\(key).not_rated")) }
            } else {
                input.notRated.insert(try string(n, "\(key).not_rated"))
            }
        }
        if let t = m["type_values"] {
            guard let pairs = t.mapping else { throw fail(t, "\(key).type_values", "expected source value: type pairs") }
            for (k, v) in pairs {
                let name = try string(v, "\(key).type_values")
                guard let type = DocumentType(rawValue: name) else {
                    throw fail(v, "\(key).type_values", "'\(name)' is not a document type", hint: "use invoice, credit_note, payment or balance")
                }
                input.typeValues[try string(k, "\(key).type_values")] = type
            }
        }
        return input
    }
}
