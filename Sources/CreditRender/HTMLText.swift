/// HTML escaping for text the view model assembles itself (a sentence with values in it), printed by the
/// templates unescaped (`{{{…}}}`). Values are escaped exactly as Mustache escapes `{{…}}`, so a customer
/// name reads the same in a sentence as in a table cell.
public enum HTMLText {
    /// `&<>"'` as entities, as Mustache does.
    public static func escape(_ value: String) -> String { replacing(value, apostrophe: true) }

    /// A report's own wording (from the strings files) between tags: `&<>"` as entities, apostrophes as
    /// typed. An apostrophe needs no escaping in element content, and the templates' own text has always
    /// carried it as is (`the ledger's history`).
    public static func escapeWording(_ text: String) -> String { replacing(text, apostrophe: false) }

    static func replacing(_ text: String, apostrophe: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
