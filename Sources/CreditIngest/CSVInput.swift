import CreditCore

/// One CSV input as the config describes it: where it is, how it is written, and how its columns map
/// onto the canonical fields.
public struct CSVInput: Sendable, Equatable {
    /// Path to open.
    public var path: String
    /// Name used in diagnostics and `rejects.csv` (the path as written in the config).
    public var name: String
    public var dialect: CSVDialect
    /// Source column header → canonical field name. Empty: the headers are canonical already.
    public var columns: [String: String]
    /// Source value of the `type` column → document type (e.g. `RE` → invoice).
    public var typeValues: [String: DocumentType]
    /// How the file names countries (customers, country-risk tables); stored as ISO alpha-2 either way.
    public var countryCodes: CountryCodeStyle = .alpha2
    /// Canonical field → a value used for every row, for exports that lack the column (e.g. a
    /// single-currency ledger with no currency column: `values: {currency: USD}`).
    public var values: [String: String] = [:]
    /// Country-risk ratings that mean "not classified": such a country is unrated (e.g. OECD `-`).
    public var notRated: Set<String> = []

    public init(path: String, name: String? = nil, dialect: CSVDialect = .canonical, columns: [String: String] = [:],
                typeValues: [String: DocumentType] = [:]) {
        self.path = path
        self.name = name ?? path
        self.dialect = dialect
        self.columns = columns
        self.typeValues = typeValues
    }
}

public enum CountryCodeStyle: String, Sendable, Equatable {
    case alpha2 = "alpha-2"
    case alpha3 = "alpha-3"
}

/// A problem that stops a whole input file from being read.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Missing or unreadable file (exit 66).
        case unreadable
        /// The file's header does not fit the mapping (exit 78: a configuration problem).
        case layout
        /// The data read cannot be totalled exactly: no report is written (exit 78, as a misread mapping or
        /// separator is the likely cause).
        case outOfRange
    }
    public var kind: Kind
    public var diagnostic: Diagnostic
    public var description: String { diagnostic.description }

    static func from(_ failure: ByteSource.Failure, name: String) -> IngestError {
        switch failure {
        case .cannotOpen(_, let reason):
            return IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: name), "cannot open the file: \(reason)",
                                                                          hint: "check the path in the config"))
        case .readFailed(_, let reason):
            return IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: name), "cannot read the file: \(reason)"))
        case .undecodable(_, let encoding):
            return IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: name), "the file is not valid \(encoding.rawValue)",
                                                                      hint: "set encoding: for this input (utf-8, gb18030, windows-1252)"))
        }
    }
}

/// Where each canonical field is in a file: resolved once from the header row.
struct ColumnMap {
    let constants: ConstantFields

    /// Resolves `fields` against the header. Required fields that are missing throw a layout error naming
    /// the columns the file does have.
    init(header: [String], input: CSVInput, fields: [String], required: Set<String>) throws(IngestError) {
        // Column index per canonical field; a field given a fixed value in the config has index `-2 - k`,
        // k its slot in `constants`.
        var index: [String: Int] = [:]
        var canonicalOfColumn: [Int: String] = [:]
        let normalised = header.map { $0.trimmingSpaces.lowercased() }
        /// A field read from two columns would take one of them silently: the user says which.
        func twice(_ name: String, _ columns: [Int], hint: String) -> IngestError {
            IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name, line: 1),
                "'\(name)' is in the header twice (columns \(columns.map { String($0 + 1) }.joined(separator: " and ")))", hint: hint))
        }
        if input.columns.isEmpty {
            for (i, h) in normalised.enumerated() where fields.contains(h) {
                if let first = canonicalOfColumn.first(where: { $0.value == h })?.key {
                    throw twice(header[i].trimmingSpaces, [first, i], hint: "rename or remove one of them in the export: which one holds the figures cannot be told")
                }
                canonicalOfColumn[i] = h
            }
        } else {
            for (source, canonical) in input.columns {
                guard fields.contains(canonical) else {
                    throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name, line: 1),
                        "the mapping names '\(canonical)', which is not a field of this input",
                        hint: "fields are: \(fields.joined(separator: ", "))"))
                }
                let wanted = source.trimmingSpaces.lowercased()
                let matches = normalised.indices.filter { normalised[$0] == wanted }
                guard let i = matches.first else {
                    throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name, line: 1),
                        "the mapped column '\(source)' is not in the header",
                        hint: "the header has: \(header.joined(separator: ", "))"))
                }
                if matches.count > 1 { throw twice(source, matches, hint: "rename or remove one of them in the export: which one holds the figures cannot be told") }
                canonicalOfColumn[i] = canonical
            }
        }
        for (i, canonical) in canonicalOfColumn.sorted(by: { $0.key < $1.key }) {
            if let other = index[canonical] {
                let names = [other, i].map { header[$0].trimmingSpaces }
                throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name, line: 1),
                    "columns '\(names[0])' and '\(names[1])' are both mapped to \(canonical)", hint: "map one column to each field"))
            }
            index[canonical] = i
        }
        var fixed: [String] = []
        for (canonical, value) in input.values.sorted(by: { $0.key < $1.key }) {
            guard fields.contains(canonical) else {
                throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name, line: 1),
                    "values: names '\(canonical)', which is not a field of this input", hint: "fields are: \(fields.joined(separator: ", "))"))
            }
            guard index[canonical] == nil else {
                throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name, line: 1),
                    "values: gives '\(canonical)' a fixed value, but the file has that column too", hint: "use one or the other"))
            }
            index[canonical] = -2 - fixed.count
            fixed.append(value)
        }
        constants = ConstantFields(fixed)
        resolved = index.map { ($0.key, $0.value) }
        let missing = fields.filter { required.contains($0) && index[$0] == nil }
        if !missing.isEmpty {
            throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name, line: 1),
                "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))",
                hint: "the header has: \(header.joined(separator: ", ")); map the export's columns under columns: in the config"))
        }
    }

    /// The resolved columns (see `init`) as a short list: reading a customers file asks for each field of
    /// every row, and a look-up here (ten small strings compared) costs less than hashing the name.
    private let resolved: [(field: String, column: Int)]

    func column(_ field: String) -> Int {
        for r in resolved where r.field == field { return r.column }
        return -1
    }

    /// The bytes of column `c` of a row: the field, a fixed value, or empty.
    @inline(__always)
    func field(_ fields: Fields, _ c: Int) -> UnsafeBufferPointer<UInt8> {
        if c >= 0 { return c < fields.count ? fields[c] : CSVTable.Row.empty }
        return c <= -2 ? constants.buffers[-2 - c] : CSVTable.Row.empty
    }
}

/// Fixed field values as bytes that live as long as the mapping (read-only once built), trimmed of
/// spaces and tabs as every field is when read.
final class ConstantFields: @unchecked Sendable {
    let buffers: [UnsafeBufferPointer<UInt8>]
    init(_ values: [String]) {
        buffers = values.map { v in
            let bytes = Array(v.trimmingSpaces.utf8)
            let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
            _ = p.initialize(from: bytes)
            return UnsafeBufferPointer(start: p.baseAddress, count: bytes.count)
        }
    }
    deinit { for b in buffers { UnsafeMutableRawPointer(mutating: b.baseAddress!).deallocate() } }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
