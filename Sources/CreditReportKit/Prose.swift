import CreditRender

/// A sentence or paragraph of the report in both formats, from a strings-file text with values filled in.
/// The templates print it as it is (`{{{intro.html}}}`, `{{{intro.md}}}`) because it is escaped here: the
/// wording as text, each value as Mustache would escape it, and values marked `strong` emphasised
/// (`<strong>`, `**`). Prose that Mustache escaped itself would show the wording's apostrophes as `&#39;`.
struct Prose {
    let html: String
    let markdown: String

    /// A value to fill in: data (escaped), data to emphasise, or other prose (already escaped).
    enum Value {
        case text(String)
        case strong(String)
        case prose(Prose)
    }

    /// What templates see: `html` and `md`.
    var view: [String: Any] { ["html": html, "md": markdown] }

    /// The whole emphasised.
    var strong: Prose { Prose(html: "<strong>" + html + "</strong>", markdown: "**" + markdown + "**") }

    /// Pieces one after the other, as they are.
    init(concatenating parts: [Prose]) {
        self.init(html: parts.map(\.html).joined(), markdown: parts.map(\.markdown).joined())
    }

    init(html: String, markdown: String) {
        self.html = html
        self.markdown = markdown
    }
}

extension ReportStrings {
    /// The text of `key` with its `{name}` placeholders filled from `values`, in both formats.
    func prose(_ key: String, _ values: [String: Prose.Value] = [:]) -> Prose {
        var html = "", markdown = ""
        var rest = Substring(text(of: key))
        while let open = rest.firstIndex(of: "{") {
            let close = rest[open...].firstIndex(of: "}")
            let name = close.map { String(rest[rest.index(after: open)..<$0]) }
            guard let close, let name, let value = values[name] else {
                html += HTMLText.escapeWording(String(rest[...open]))
                markdown += MarkdownContentType.escapeCharacters(String(rest[...open]))
                rest = rest[rest.index(after: open)...]
                continue
            }
            html += HTMLText.escapeWording(String(rest[..<open]))
            markdown += MarkdownContentType.escapeCharacters(String(rest[..<open]))
            switch value {
            case .text(let v):
                html += HTMLText.escape(v)
                markdown += MarkdownContentType.escape(v)
            case .strong(let v):
                html += "<strong>" + HTMLText.escape(v) + "</strong>"
                markdown += "**" + MarkdownContentType.escape(v) + "**"
            case .prose(let p):
                html += p.html
                markdown += p.markdown
            }
            rest = rest[rest.index(after: close)...]
        }
        html += HTMLText.escapeWording(String(rest))
        markdown += MarkdownContentType.escapeCharacters(String(rest))
        return Prose(html: html, markdown: markdown)
    }

    /// Sentences one after the other, as the language joins them (a space in English, none in Chinese).
    func sentences(_ parts: [Prose]) -> Prose {
        guard var joined = parts.first else { return Prose(html: "", markdown: "") }
        for next in parts.dropFirst() { joined = prose("common.sentences", ["first": .prose(joined), "next": .prose(next)]) }
        return joined
    }
}
