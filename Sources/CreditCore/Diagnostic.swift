/// Something found in the input that the user may need to fix, with where it was found.
/// The library never prints: it hands these to the caller.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public struct Location: Sendable, Equatable {
        public var file: String
        /// 1-based physical line; nil when the problem is about the whole file.
        public var line: Int?
        /// 1-based column (CSV: field number); nil when not known.
        public var column: Int?
        /// XML element path, in place of the column.
        public var elementPath: String?

        public init(file: String, line: Int? = nil, column: Int? = nil, elementPath: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.elementPath = elementPath
        }
    }

    public var severity: Severity
    public var location: Location
    public var message: String
    /// What the user can do about it.
    public var hint: String?

    public init(_ severity: Severity, _ location: Location, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:col: severity: message` — the form compilers and editors understand.
    public var description: String {
        var place = location.file
        if let line = location.line {
            place += ":\(line)"
            if let path = location.elementPath { place += ":\(path)" } else if let col = location.column { place += ":\(col)" }
        }
        var text = "\(place): \(severity.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}
