import CreditIngest

/// `rejects.csv`: one line per unusable row with file, line, column (XML: the element path), field, value
/// and reason (header only when nothing was rejected).
enum RejectsFile {
    static let header = "file,line,column,field,value,reason"

    static func csv(_ rejects: [Reject]) -> String {
        var out = header + "\n"
        for r in rejects {
            out += [r.file, String(r.line), r.column.map(String.init) ?? r.elementPath ?? "", r.field, r.value, r.reason].map(cell).joined(separator: ",") + "\n"
        }
        return out
    }

    /// RFC 4180 quoting; a value a spreadsheet would run as a formula (`=HYPERLINK(…)`) is prefixed with `'`.
    static func cell(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+@\t\r".contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}
