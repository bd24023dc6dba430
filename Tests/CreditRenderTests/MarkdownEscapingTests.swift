import Testing
@testable import CreditRender

@Suite struct MarkdownEscapingTests {
    @Test func tableBreakersAreEscaped() {
        #expect(MarkdownContentType.escape("a|b") == "a\\|b")
        #expect(MarkdownContentType.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(MarkdownContentType.escape("*bold* _x_ [link](y) `code`") == "\\*bold\\* \\_x\\_ \\[link\\](y) \\`code\\`")
        #expect(MarkdownContentType.escape("two\nlines") == "two lines")
        #expect(MarkdownContentType.escape("- item") == "\\- item")
        #expect(MarkdownContentType.escape("-1,234.00") == "-1,234.00")
        #expect(MarkdownContentType.escape("上海华东贸易有限公司") == "上海华东贸易有限公司")
    }

    @Test func htmlTemplatesEscapeAndMarkdownTemplatesUseTheirType() throws {
        let files = TemplateFiles()
        files.write("a", "<p>{{name}}</p>")
        files.write("b", "{{% CONTENT_TYPE: MARKDOWN }}| {{name}} |")
        let r = try TemplateRenderer(folder: files.folder, names: ["a", "b"])
        #expect(r.render("a", ["name": "<b>&\"x\"</b>"]) == "<p>&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</p>")
        #expect(r.render("b", ["name": "a|b"]) == "| a\\|b |")
    }

    @Test func templateErrorNamesTheFileAndLine() {
        let files = TemplateFiles()
        files.write("bad", "line one\n{{#section}}\nunclosed\n")
        do {
            _ = try TemplateRenderer(folder: files.folder, names: ["bad"])
            Issue.record("expected a template error")
        } catch {
            #expect(error.file.hasSuffix("bad.mustache"))
            #expect(error.line != nil)
        }
    }
}
