import Foundation

/// An email ready for `sendmail -t`: a MIME message (RFC 5322, 2045–2047) whose body is
/// multipart/alternative — the plain text and the HTML of the same report, both UTF-8, quoted-printable —
/// optionally inside multipart/mixed with attachments. Header lines are folded and body lines kept within
/// 76 characters, so no line comes near RFC 5322's limit of 998; non-ASCII subjects and display names
/// are RFC 2047 encoded words, so Chinese survives every mail system.
public struct MailMessage: Sendable {
    public struct Attachment: Sendable {
        public var filename: String
        public var contentType: String
        public var bytes: [UInt8]
        public init(filename: String, contentType: String, bytes: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public var from: String
    public var to: [String]
    public var subject: String
    /// Seconds since 1970 (the Date header, in UTC).
    public var date: Int
    public var messageID: String
    public var text: String
    public var html: String
    public var attachments: [Attachment] = []

    public init(from: String, to: [String], subject: String, date: Int, messageID: String, text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
    }

    /// A Message-ID for the sender's domain: `<creditreport.<stamp>.<random>@domain>`.
    public static func newMessageID(from: String, stamp: String) -> String {
        let address = from.split(separator: "<").last.map { String($0.dropLast(from.hasSuffix(">") ? 1 : 0)) } ?? from
        let domain = address.split(separator: "@").last.map(String.init) ?? "localhost"
        let random = (0..<2).map { _ in String(UInt32.random(in: 0...UInt32.max), radix: 16) }.joined()
        return "<creditreport.\(stamp).\(random)@\(domain.trimmingCharacters(in: .whitespaces))>"
    }

    /// The message with CRLF line ends.
    public func bytes() -> [UInt8] {
        var out = ""
        func header(_ name: String, _ value: String) { out += MailMessage.fold("\(name): \(value)") + "\r\n" }
        header("From", MailMessage.address(from))
        header("To", to.map(MailMessage.address).joined(separator: ", "))
        header("Subject", MailMessage.encodedWords(subject))
        header("Date", MailMessage.rfc5322Date(date))
        header("Message-ID", messageID)
        header("MIME-Version", "1.0")
        header("Auto-Submitted", "auto-generated")
        header("X-Auto-Response-Suppress", "All")
        let seed = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let alternative = "=_alt_" + seed, mixed = "=_mix_" + seed
        var body = ""
        body += "--\(alternative)\r\n" + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        body += MailMessage.quotedPrintable(text) + "\r\n"
        body += "--\(alternative)\r\n" + "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        body += MailMessage.quotedPrintable(html) + "\r\n"
        body += "--\(alternative)--\r\n"
        if attachments.isEmpty {
            header("Content-Type", "multipart/alternative; boundary=\"\(alternative)\"")
            out += "\r\n" + body
        } else {
            header("Content-Type", "multipart/mixed; boundary=\"\(mixed)\"")
            out += "\r\n--\(mixed)\r\nContent-Type: multipart/alternative; boundary=\"\(alternative)\"\r\n\r\n" + body
            for a in attachments {
                out += "--\(mixed)\r\n"
                out += "Content-Type: \(a.contentType); name=\"\(a.filename)\"\r\n"
                out += "Content-Disposition: attachment; filename=\"\(a.filename)\"\r\n"
                out += "Content-Transfer-Encoding: base64\r\n\r\n"
                out += Data(a.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
                out += "\r\n"
            }
            out += "--\(mixed)--\r\n"
        }
        return Array(out.utf8)
    }

    /// `Name <addr>` with a non-ASCII name as an encoded word; a bare address as it is.
    static func address(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let open = t.lastIndex(of: "<"), t.hasSuffix(">") else { return t }
        let name = t[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let addr = t[open...]
        if name.isEmpty { return String(addr) }
        if name.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let quoted = name.contains(where: { ",;:<>@\"()[]\\.".contains($0) })
            return (quoted ? "\"\(name.replacingOccurrences(of: "\"", with: "\\\""))\"" : name) + " " + addr
        }
        return encodedWords(name) + " " + addr
    }

    /// RFC 2047: plain when ASCII, else `=?UTF-8?B?…?=` words of at most 75 characters, never splitting
    /// a character, separated by folding white space.
    static func encodedWords(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) { return text }
        var words: [String] = [], chunk: [UInt8] = []
        for ch in text {
            let bytes = Array(String(ch).utf8)
            // 39 bytes encode to 52 base64 characters; with `=?UTF-8?B?` and `?=` that is 64, so that even
            // the first word stays within 78 characters after "Subject: ".
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Folds a header line longer than 78 characters at spaces (encoded words already carry their folds).
    static func fold(_ line: String) -> String {
        var out: [String] = []
        for physical in line.components(separatedBy: "\r\n") {
            var current = ""
            for (i, word) in physical.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                if i > 0 && current.count + 1 + word.count > 78 && !current.trimmingCharacters(in: .whitespaces).isEmpty {
                    out.append(current)
                    current = " " + word
                } else {
                    current += (i > 0 ? " " : "") + word
                }
            }
            out.append(current)
        }
        return out.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(parts.tm_mday) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }

    /// RFC 2045 quoted-printable of UTF-8 text: line breaks become CRLF, lines are soft-broken at 76.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (n, line) in lines.enumerated() {
            if n > 0 { out += [13, 10] }
            var length = 0
            let bytes = Array(line.utf8)
            for (i, b) in bytes.enumerated() {
                let last = i == bytes.count - 1
                var piece: [UInt8]
                // A physical line (after a hard or a soft break) never starts with a dot: an MTA could read a
                // lone dot as the end of the message.
                if (i == 0 || length == 0 || length + 1 > 75) && b == UInt8(ascii: ".") {
                    piece = [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 15)]]
                } else if (b >= 33 && b <= 126 && b != UInt8(ascii: "=")) || ((b == 32 || b == 9) && !last) {
                    piece = [b]
                } else {
                    piece = [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 15)]]
                }
                // Keep room for the soft break `=` within 76 characters.
                if length + piece.count > 75 {
                    out += [UInt8(ascii: "="), 13, 10]
                    length = 0
                }
                out += piece
                length += piece.count
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
