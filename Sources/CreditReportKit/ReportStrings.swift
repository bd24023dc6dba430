import CreditCore
import Foundation
import Yams

/// A language the reports are written in.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case en
    case zhHans = "zh-Hans"
    case zhHant = "zh-Hant"

    /// Accepts the usual spellings (`zh-CN`, `zh_TW`, `zh-hans`, …).
    public init?(tag: String) {
        switch tag.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "en", "en-gb", "en-us": self = .en
        case "zh-hans", "zh-cn", "zh-sg", "zh": self = .zhHans
        case "zh-hant", "zh-tw", "zh-hk", "zh-mo": self = .zhHant
        default: return nil
        }
    }

    /// The HTML `lang` attribute (BCP 47): `en`, `zh-Hans`, `zh-Hant`.
    public var htmlLang: String { rawValue }

    /// Font stack for HTML: system fonts that hold the language's characters (no web fonts).
    var fontStack: String {
        switch self {
        case .en: return "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
        case .zhHans: return "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Segoe UI', Helvetica, Arial, sans-serif"
        case .zhHant: return "-apple-system, 'PingFang TC', 'Microsoft JhengHei', 'Noto Sans CJK TC', 'Source Han Sans TC', 'Segoe UI', Helvetica, Arial, sans-serif"
        }
    }
}

/// The wording of the reports in one language: every label, heading, explanation and watchlist reason,
/// read from `strings/<lang>/*.yml` beside the templates (flat `key: text` maps; `{name}` marks a value
/// filled in by the report). A key missing from a translation falls back to English, then to the key.
public struct ReportStrings: Sendable {
    public let language: ReportLanguage
    let table: [String: String]
    let english: [String: String]
    /// The English `diag.` texts as patterns, more fixed text first (so that "missing {field}" does not take
    /// a longer message); made once, used for every reject row shown.
    let diagnosticPatterns: [(key: String, pattern: String)]

    public init(language: ReportLanguage, table: [String: String], english: [String: String]) {
        self.language = language
        self.table = table
        self.english = english
        diagnosticPatterns = english.filter { $0.key.hasPrefix("diag.") }
            .map { (key: $0.key, pattern: $0.value, fixed: $0.value.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "", options: .regularExpression).count) }
            .sorted { $0.fixed != $1.fixed ? $0.fixed > $1.fixed : $0.key < $1.key }
            .map { (key: $0.key, pattern: $0.pattern) }
    }

    public struct LoadError: Error, Sendable {
        public var file: String
        public var line: Int?
        public var message: String
    }

    /// Reads the strings of `language` from `folder/strings/<lang>/`, English from the same folder.
    public static func load(_ language: ReportLanguage, folder: String) throws(LoadError) -> ReportStrings {
        let english = try read(folder: folder, language: .en)
        let table = language == .en ? english : try read(folder: folder, language: language)
        return ReportStrings(language: language, table: table, english: english)
    }

    static func read(folder: String, language: ReportLanguage) throws(LoadError) -> [String: String] {
        let dir = (folder as NSString).appendingPathComponent("strings/\(language.rawValue)")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
        if files.isEmpty {
            throw LoadError(file: dir, line: nil, message: "no strings for \(language.rawValue) (expected *.yml files in this folder)")
        }
        var table: [String: String] = [:]
        for name in files {
            let path = (dir as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw LoadError(file: path, line: nil, message: "cannot read the file")
            }
            let node: Node?
            do {
                node = try Yams.compose(yaml: text)
            } catch let e as YamlError {
                switch e {
                case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                    throw LoadError(file: path, line: mark.line, message: "not valid YAML: \(problem)")
                case .duplicatedKeysInMapping(let keys, let context):
                    // Yams points at the first of the two; the one to remove is the later.
                    let key = keys.first ?? ""
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                        .filter { $0.element.hasPrefix(key + ":") }.map { $0.offset + 1 }
                    throw LoadError(file: path, line: lines.count > 1 ? lines[1] : context.mark.line, message: "'\(key)' is given twice")
                default:
                    throw LoadError(file: path, line: nil, message: "not valid YAML: \(e)")
                }
            } catch {
                throw LoadError(file: path, line: nil, message: "\(error)")
            }
            guard let pairs = node?.mapping else { throw LoadError(file: path, line: 1, message: "expected key: text pairs") }
            for (k, v) in pairs {
                guard let key = k.string, let value = v.string else {
                    throw LoadError(file: path, line: k.mark.map { $0.line }, message: "expected key: text")
                }
                if table[key] != nil {
                    throw LoadError(file: path, line: k.mark.map { $0.line }, message: "'\(key)' is given twice")
                }
                table[key] = value
            }
        }
        return table
    }

    /// The text of `key` as written, placeholders and all: the language's, else English, else the key.
    func text(of key: String) -> String { table[key] ?? english[key] ?? key }

    /// The text of `key` with `{name}` placeholders filled from `values`.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        let text = text(of: key)
        guard !values.isEmpty, text.utf8.contains(UInt8(ascii: "{")) else { return text }
        // One pass over the UTF-8 bytes (metrics.json words a watchlist line per customer: this is on a hot
        // path; scanning Characters took 6% of the benchmark run).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        var bytes = text.utf8[...]
        while let open = bytes.firstIndex(of: UInt8(ascii: "{")),
              let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")) {
            out += bytes[..<open]
            let name = String(decoding: bytes[bytes.index(after: open)..<close], as: UTF8.self)
            if let value = values[name] { out += value.utf8 } else { out += bytes[open...close] }
            bytes = bytes[bytes.index(after: close)...]
        }
        out += bytes
        return String(decoding: out, as: UTF8.self)
    }

    /// `key.one` when `n` is 1 and the language has that form, else `key.other` (Chinese has one form);
    /// `{n}` is filled with `n`.
    public func count(_ key: String, _ n: Int, _ values: [String: String] = [:]) -> String {
        var v = values
        v["n"] = NumberText.grouped(n)
        let keys = countKeys(key)
        return self(n == 1 ? keys.one : keys.other, v)
    }

    /// Every key, with fallbacks, for templates: nested by the dots of the keys, as Mustache reads
    /// `{{t.weekly.aging.heading}}`. A key that also begins longer keys (`watch.notify` beside
    /// `watch.notify.action`) is left out: only code reads those.
    public var all: [String: Any] {
        var tree: [String: Any] = [:]
        let keys = english.keys.filter { table[$0] == nil } + table.keys
        var prefixes = Set<Substring>()
        for key in keys {
            var end = key.startIndex
            while let dot = key[end...].firstIndex(of: ".") {
                prefixes.insert(key[..<dot])
                end = key.index(after: dot)
            }
        }
        func insert(_ path: ArraySlice<Substring>, _ text: String, into node: inout [String: Any]) {
            guard let head = path.first.map(String.init) else { return }
            if path.count == 1 { node[head] = text; return }
            var child = node[head] as? [String: Any] ?? [:]
            insert(path.dropFirst(), text, into: &child)
            node[head] = child
        }
        for key in keys where !prefixes.contains(Substring(key)) {
            insert(key.split(separator: ".", omittingEmptySubsequences: false)[...], text(of: key), into: &tree)
        }
        return tree
    }

    /// A date as the language writes it in running text: `20 November 2026`, `2026年11月20日`.
    public func longDate(_ day: Day) -> String {
        let (y, m, d) = day.civil
        switch language {
        case .en:
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                          "November", "December"]
            return "\(d) \(months[m - 1]) \(y)"
        case .zhHans, .zhHant:
            return "\(y)年\(m)月\(d)日"
        }
    }
}

extension ReportStrings {
    /// English from the bundled templates (`metrics.json` is always English; tests).
    static let bundledEnglish: ReportStrings =
        (try? load(.en, folder: BundledTemplates.folder)) ?? ReportStrings(language: .en, table: [:], english: [:])
}

extension ReportStrings {
    /// The aging buckets of `AgingBuckets.labels` in this language: not due, 1-30, …, >365.
    func bucketNames(_ buckets: AgingBuckets) -> [String] {
        var names = [self("common.bucket.not_due")]
        var lower = 1
        for bound in buckets.upperBounds {
            names.append(self("common.bucket.range", ["from": String(lower), "to": String(bound)]))
            lower = bound + 1
        }
        names.append(self("common.bucket.over", ["from": String(buckets.upperBounds.last ?? 0)]))
        return names
    }

    /// A country-risk grade as shown: the grade itself, or "unrated" in this language.
    func grade(_ g: String) -> String { g == CountryRiskOverlay.unrated ? self("common.unrated") : g }
}

extension ReportStrings {
    /// A message ingestion wrote in English (a reject reason, a warning), in this language: the English
    /// texts of the `diag.` keys are patterns (`not a valid {format} date`) whose `{…}` parts are carried
    /// over; a message no pattern fits stays as it is.
    func diagnostic(_ english: String) -> String {
        guard language != .en else { return english }
        for p in diagnosticPatterns {
            guard let values = Self.match(english, p.pattern) else { continue }
            var filled = values
            if let note = filled["note"] { filled["note"] = diagnostic(note) }
            let key = p.key.hasSuffix(".one") || p.key.hasSuffix(".other") ? String(p.key.prefix(upTo: p.key.lastIndex(of: ".")!)) : p.key
            if key != p.key, let n = Int(filled["n"] ?? "1") { return count(key, n, filled) }
            return self(key, filled)
        }
        return english
    }

    /// The values of the `{name}` parts when `text` fits `pattern`, else nil.
    static func match(_ text: String, _ pattern: String) -> [String: String]? {
        // Split the pattern into fixed text and names: "a {x} b" → ["a ", "x", " b"].
        var pieces: [(fixed: String, name: String?)] = []
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pieces.append((String(rest[..<open]), String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        let tail = String(rest)
        var values: [String: String] = [:]
        var at = Substring(text)
        for (i, piece) in pieces.enumerated() {
            guard at.hasPrefix(piece.fixed) else { return nil }
            at = at.dropFirst(piece.fixed.count)
            // The value runs to the next fixed text (or to the tail at the end).
            let next = i + 1 < pieces.count ? pieces[i + 1].fixed : tail
            if next.isEmpty {
                guard i + 1 == pieces.count else { return nil }
                values[piece.name!] = String(at)
                at = at.dropFirst(at.count)
            } else {
                guard let r = at.range(of: next) else { return nil }
                values[piece.name!] = String(at[..<r.lowerBound])
                at = at[r.lowerBound...]
            }
        }
        return at == Substring(tail) ? values : nil
    }
}

/// A text of `ReportStrings` split once at its `{name}` placeholders, so that filling it in needs neither a
/// search for braces nor a dictionary of values: metrics.json words a watchlist line for every customer on
/// it (143,000 on the benchmark book), and doing that through `callAsFunction` took a third of writing it.
/// Fills in exactly as `callAsFunction` does: a placeholder whose name is not among `slots` stays as written.
struct FilledText: Sendable {
    private enum Piece: Sendable { case text(String), slot(Int) }
    private let pieces: [Piece]

    init(_ template: String, slots: [String]) {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(template)
        // The same scan as `callAsFunction`: from each `{` to the next `}`.
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literal += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if let k = slots.firstIndex(of: name) {
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = ""
                pieces.append(.slot(k))
            } else {
                literal += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { pieces.append(.text(literal)) }
        self.pieces = pieces
    }

    /// The text with slot `k` filled by `values[k]`.
    func callAsFunction(_ values: String...) -> String {
        var out = ""
        write(to: &out) { k, out in out.write(values[k]) }
        return out
    }

    /// Writes the text to `out`, slot `k` by `fill(k, &out)`.
    func write<S: TextSink & ~Copyable>(to out: inout S, _ fill: (Int, inout S) -> Void) {
        for piece in pieces {
            switch piece {
            case .text(let t): out.write(t)
            case .slot(let k): fill(k, &out)
            }
        }
    }
}

extension ReportStrings {
    /// `key` split at the placeholders named in `slots` (see `FilledText`).
    func filled(_ key: String, _ slots: [String]) -> FilledText { FilledText(text(of: key), slots: slots) }

    /// The key `count(key, n)` words `n` with, for n = 1 and for any other n.
    func countKeys(_ key: String) -> (one: String, other: String) {
        let one = key + ".one", other = key + ".other"
        let otherKey = table[other] != nil || english[other] != nil ? other : key
        return (table[one] != nil || (table[other] == nil && english[one] != nil) ? one : otherKey, otherKey)
    }
}
