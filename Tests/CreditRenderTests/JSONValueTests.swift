import Foundation
import Testing
@testable import CreditRender

@Suite struct JSONValueTests {
    @Test func keysKeepTheirOrderAndScalarsObjectsStayOnOneLine() {
        let v = JSONValue.object([("b", .number("1.50")), ("a", .array([.object([("k", .string("x")), ("n", .null)])])),
                                  ("c", .bool(true))])
        #expect(v.serialised() == """
            {
              "b": 1.50,
              "a": [
                {"k": "x", "n": null}
              ],
              "c": true
            }
            """)
        #expect(v.serialised(indent: nil) == #"{"b":1.50,"a":[{"k":"x","n":null}],"c":true}"#)
    }

    @Test func stringsAreEscapedAndParseBack() throws {
        let hostile = "quote \" backslash \\ newline \n tab \t bell \u{07} 中文 <script>"
        let text = JSONValue.object([("s", .string(hostile))]).serialised()
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(parsed?["s"] == hostile)
    }

    @Test func doublesAndNulls() {
        #expect(JSONValue.double(0.355).serialised() == "0.355")
        #expect(JSONValue.double(1).serialised() == "1")
        #expect(JSONValue.double(nil).serialised() == "null")
        #expect(JSONValue.double(.nan).serialised() == "null")
    }
}

@Suite struct OutputWriterTests {
    @Test func writesAllFilesAndLeavesNoTemporaries() throws {
        let files = TemplateFiles()
        let out = files.folder + "/out/nested"
        try OutputWriter.write([OutputFile(name: "a.txt", text: "A"), OutputFile(name: "b.txt", text: "B")], into: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["a.txt", "b.txt"])
        #expect(String(data: FileManager.default.contents(atPath: out + "/a.txt")!, encoding: .utf8) == "A")
    }

    @Test func unwritableFolderIsAWriteError() {
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter.write([OutputFile(name: "a.txt", text: "A")], into: "/proc/creditreport-cannot-write") }
    }
}

/// A temporary folder of template files.
struct TemplateFiles {
    let folder = NSTemporaryDirectory() + "creditreport-render-" + UUID().uuidString
    init() { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    func write(_ name: String, _ text: String) {
        FileManager.default.createFile(atPath: folder + "/" + name + ".mustache", contents: Data(text.utf8))
    }
}
