import Foundation
import Mustache

/// Renders named Mustache templates (`NAME.mustache`) from a folder. HTML templates escape every value
/// (Mustache's default); Markdown templates declare `{{% CONTENT_TYPE: MARKDOWN }}` to escape for GFM tables.
public struct TemplateRenderer: Sendable {
    public struct TemplateError: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): error: \(message)" }
    }

    private let templates: [String: MustacheTemplate]
    public let folder: String

    /// Loads `names` from `folder`, each from `NAME.mustache`; a template the folder does not have is taken
    /// from `fallback` (the bundled templates), so that a user's folder overrides only what it holds.
    public init(folder: String, names: [String], fallback: String? = nil) throws(TemplateError) {
        MarkdownContentType.registerOnce()
        self.folder = folder
        var loaded: [String: MustacheTemplate] = [:]
        for name in names {
            var file = (folder as NSString).appendingPathComponent("\(name).mustache")
            if let fallback, !FileManager.default.fileExists(atPath: file) {
                file = (fallback as NSString).appendingPathComponent("\(name).mustache")
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(file: file, line: nil, message: "cannot read the template")
            }
            do {
                loaded[name] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(file: file, line: error.context.lineNumber, message: TemplateRenderer.words(error.error))
            } catch {
                throw TemplateError(file: file, line: nil, message: "\(error)")
            }
        }
        templates = loaded
    }

    /// What a template's parse error means, in words a template's editor can act on (the library names
    /// its errors, e.g. `expectedSectionEnd`).
    static func words(_ error: Error) -> String {
        guard let e = error as? MustacheTemplate.Error else {
            // The library's reader ran past the end (its error type is internal: known by its name).
            return "\(error)" == "overflow" ? "the file ends inside a tag: a {{ has no }}" : "\(error)"
        }
        switch e {
        case .expectedSectionEnd: return "a section opened with {{#name}} or {{^name}} is not closed with {{/name}} by the end of the file"
        case .sectionCloseNameIncorrect: return "{{/name}} closes a section of another name than the one open"
        case .unfinishedName: return "a tag is not finished: each {{ needs its }}"
        case .invalidSetDelimiter: return "a {{=<% %>=}} delimiter change is badly written"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
            return "a {{% ... }} setting is badly written or unknown (creditreport's Markdown templates use {{% CONTENT_TYPE: MARKDOWN }})"
        default: return "\(e)"
        }
    }

    /// Renders `name` with `view` (dictionaries, arrays and strings).
    public func render(_ name: String, _ view: Any) -> String? {
        templates[name]?.render(view)
    }
}

/// Escapes text for GitHub-flavoured Markdown, inside or outside tables: a value cannot start a table
/// cell, a link, emphasis or raw HTML, and cannot break the line it stands on.
public struct MarkdownContentType: MustacheContentType {
    public static let name = "MARKDOWN"
    private static let registered: Bool = {
        MustacheContentTypes.register(MarkdownContentType(), named: MarkdownContentType.name)
        return true
    }()
    static func registerOnce() { _ = registered }

    public init() {}

    public func escapeText(_ text: String) -> String { MarkdownContentType.escape(text) }

    public static func escape(_ text: String) -> String {
        var out = escapeCharacters(text)
        // A value at the start of a line must not become a list item, quote or numbered list.
        if out.hasPrefix("- ") || out.hasPrefix("+ ") || out.hasPrefix("=") { out = "\\" + out }
        return out
    }

    /// The characters of `text` escaped, without the start-of-line rule (a piece within a sentence).
    public static func escapeCharacters(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~":
                out.append("\\")
                out.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
