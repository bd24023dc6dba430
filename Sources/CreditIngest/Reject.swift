/// A row that could not be used, and why: one line of `rejects.csv`.
public struct Reject: Sendable, Equatable {
    /// The input file as named in the config.
    public var file: String
    public var line: Int
    /// 1-based column of the offending field; nil when the problem is the whole row (or the input is XML).
    public var column: Int?
    /// XML inputs: element path of the offending field (`/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`).
    public var elementPath: String?
    /// Canonical name of the offending field (`open_amount`), or empty.
    public var field: String
    /// The offending value as it was in the file.
    public var value: String
    public var reason: String

    public init(file: String, line: Int, column: Int?, field: String, value: String, reason: String, elementPath: String? = nil) {
        self.file = file
        self.elementPath = elementPath
        self.line = line
        self.column = column
        self.field = field
        self.value = value
        self.reason = reason
    }
}

extension Reject {
    /// `file:line:col` (CSV) or `file:line:/element/path` (XML).
    public var place: String {
        if let elementPath { return "\(file):\(line):\(elementPath)" }
        return "\(file):\(line):\(column ?? 0)"
    }
}

/// Rows of one input file: read = used + rejected + skipped.
public struct RowCounts: Sendable, Equatable {
    public var read = 0
    public var used = 0
    public var rejected = 0
    /// Items issued after the as-of date: not an error, not in the figures.
    public var skipped = 0

    public init(read: Int = 0, used: Int = 0, rejected: Int = 0, skipped: Int = 0) {
        self.read = read
        self.used = used
        self.rejected = rejected
        self.skipped = skipped
    }

    public static func + (a: RowCounts, b: RowCounts) -> RowCounts {
        RowCounts(read: a.read + b.read, used: a.used + b.used, rejected: a.rejected + b.rejected, skipped: a.skipped + b.skipped)
    }
    public var reconciles: Bool { read == used + rejected + skipped }
}
