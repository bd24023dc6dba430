import Foundation
import Testing
import TestSupport
@testable import CreditRender

/// A broken template is reported with its file, its line and what is wrong, in words.
@Suite struct TemplateRendererTests {
    static func error(_ template: String) -> TemplateRenderer.TemplateError? {
        let folder = scratchFolder()
        FileManager.default.createFile(atPath: folder + "/t.mustache", contents: Data(template.utf8))
        do {
            _ = try TemplateRenderer(folder: folder, names: ["t"])
            return nil
        } catch {
            return error
        }
    }

    @Test func parseErrorsAreWorded() throws {
        let unclosed = try #require(Self.error("<p>\n{{#rows}}\n<td>{{name}}</td>\n"))
        #expect(unclosed.message.hasPrefix("a section opened with {{#name}}"))
        #expect(unclosed.file.hasSuffix("/t.mustache"))
        #expect(unclosed.line != nil)
        let wrongClose = try #require(Self.error("{{#rows}}\n{{/row}}\n"))
        #expect(wrongClose.message.hasPrefix("{{/name}} closes a section of another name"))
        #expect(wrongClose.line == 2)
        let unfinished = try #require(Self.error("a\nb {{name\n"))
        #expect(unfinished.message == "the file ends inside a tag: a {{ has no }}")
        let unfinishedInside = try #require(Self.error("a {{name\nb}}\n{{#x}}{{/x}}"))
        #expect(unfinishedInside.message.hasPrefix("a tag is not finished"))
        #expect(Self.error("{{#rows}}{{name}}{{/rows}}") == nil)
    }
}
