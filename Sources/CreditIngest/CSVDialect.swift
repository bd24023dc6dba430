import CreditCore

/// How one CSV export is written: delimiter, text encoding, number and date formats.
/// The defaults are the canonical CSV of DESIGN.md (UTF-8, `.` decimals, ISO dates, delimiter detected).
public struct CSVDialect: Sendable, Equatable {
    /// Field delimiter; nil to detect it from the header line (`,` `;` tab `|`).
    public var delimiter: UInt8?
    public var encoding: TextEncoding
    public var decimalSeparator: UInt8
    /// Digit-group separator inside amounts (`.` in `12.345,67`); nil when amounts have none.
    public var thousandsSeparator: UInt8?
    public var dateFormat: DateFormat

    public init(delimiter: UInt8? = nil, encoding: TextEncoding = .utf8, decimalSeparator: UInt8 = UInt8(ascii: "."),
                thousandsSeparator: UInt8? = nil, dateFormat: DateFormat = .iso) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
        self.dateFormat = dateFormat
    }

    public static let canonical = CSVDialect()

    /// Delimiters tried when none is configured, in order of preference on a tie.
    public static let detectable: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    /// The detectable delimiter that occurs most often outside quotes in `headerLine`; `,` when none does.
    public static func detectDelimiter(headerLine: some Collection<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: detectable.count)
        var quoted = false
        for byte in headerLine {
            if byte == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if let i = detectable.firstIndex(of: byte) { counts[i] += 1 }
        }
        var best = 0
        for i in counts.indices where counts[i] > counts[best] { best = i }
        return detectable[best]
    }
}

/// The text encodings an export may be in (configured per file).
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case gb18030
    case windows1252 = "windows-1252"

    /// Accepts the common spellings (`UTF8`, `cp1252`, `GBK` …); nil for anything else.
    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312": self = .gb18030
        case "windows-1252", "cp1252", "cp-1252", "win-1252", "latin1", "iso-8859-1": self = .windows1252
        default: return nil
        }
    }

    /// The iconv name of the encoding.
    var iconvName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        case .windows1252: return "CP1252"
        }
    }
}

/// The date formats an export may use (configured per file).
public enum DateFormat: String, Sendable, CaseIterable {
    case iso = "YYYY-MM-DD"
    case dayMonthYearDots = "DD.MM.YYYY"
    case monthDayYearSlashes = "MM/DD/YYYY"
    case compact = "YYYYMMDD"
}
