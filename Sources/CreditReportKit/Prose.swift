import CreditRender

/// A sentence or paragraph of the report in both formats, from a strings-file text with values filled in.
/// The templates print it as it is (`{{{intro.html}}}`, `{{{intro.md}}}`) because it is escaped here: the
/// wording as text, each value as Mustache would escape it, and values marked `strong` emphasised
/// (`<strong>`, `**`). Prose that Mustache escaped itself would show the wording's apostrophes as `&#39;`.
/// `text` is the same wording unescaped and unemphasised, for the plain-text part of an email.
struct Prose {
    let html: String
    let markdown: String
    let text: String

    /// A value to fill in: data (escaped), data to emphasise, or other prose (already escaped).
    enum Value {
        case text(String)
        case strong(String)
        case prose(Prose)
    }

    /// What templates see: `html`, `md` and `text`.
    var view: [String: Any] { ["html": html, "md": markdown, "text": text] }

    /// The whole emphasised.
    var strong: Prose { Prose(html: "<strong>" + html + "</strong>", markdown: "**" + markdown + "**", text: text) }

    /// Pieces one after the other, as they are.
    init(concatenating parts: [Prose]) {
        self.init(html: parts.map(\.html).joined(), markdown: parts.map(\.markdown).joined(), text: parts.map(\.text).joined())
    }

    init(html: String, markdown: String, text: String) {
        self.html = html
        self.markdown = markdown
        self.text = text
    }
}

extension ReportStrings {
    /// The text of `key` with its `{name}` placeholders filled from `values`, in both formats.
    func prose(_ key: String, _ values: [String: Prose.Value] = [:]) -> Prose {
        var html = "", markdown = "", plain = ""
        var rest = Substring(text(of: key))
        while let open = rest.firstIndex(of: "{") {
            let close = rest[open...].firstIndex(of: "}")
            let name = close.map { String(rest[rest.index(after: open)..<$0]) }
            guard let close, let name, let value = values[name] else {
                html += HTMLText.escapeWording(String(rest[...open]))
                markdown += MarkdownContentType.escapeCharacters(String(rest[...open]))
                plain += rest[...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            html += HTMLText.escapeWording(String(rest[..<open]))
            markdown += MarkdownContentType.escapeCharacters(String(rest[..<open]))
            plain += rest[..<open]
            switch value {
            case .text(let v):
                html += HTMLText.escape(v)
                markdown += MarkdownContentType.escape(v)
                plain += v
            case .strong(let v):
                html += "<strong>" + HTMLText.escape(v) + "</strong>"
                markdown += "**" + MarkdownContentType.escape(v) + "**"
                plain += v
            case .prose(let p):
                html += p.html
                markdown += p.markdown
                plain += p.text
            }
            rest = rest[rest.index(after: close)...]
        }
        html += HTMLText.escapeWording(String(rest))
        markdown += MarkdownContentType.escapeCharacters(String(rest))
        plain += rest
        return Prose(html: html, markdown: markdown, text: plain)
    }

    /// Sentences one after the other, as the language joins them (a space in English, none in Chinese).
    func sentences(_ parts: [Prose]) -> Prose {
        guard var joined = parts.first else { return Prose(html: "", markdown: "", text: "") }
        for next in parts.dropFirst() { joined = prose("common.sentences", ["first": .prose(joined), "next": .prose(next)]) }
        return joined
    }
}
