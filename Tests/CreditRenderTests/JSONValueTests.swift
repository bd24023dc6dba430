import Foundation
import TestSupport
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
    /// Temporary files of runs that stopped before renaming them are removed: only our own pattern, only of a
    /// process that is gone, only when untouched for an hour.
    @Test func leftoversOfStoppedRunsAreRemoved() throws {
        let out = scratchFolder()
        let gone: Int32 = 4_194_999   // above Linux's largest process number (2^22): never running
        let old = Date(timeIntervalSinceNow: -7_200)
        func make(_ name: String, modified: Date = old) {
            let path = out + "/" + name
            FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
            try? FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        make(".metrics.json.\(gone)-123.tmp")                       // removed
        make(".report.html.\(gone)-4294967295.tmp")                  // removed
        make(".metrics.json.\(gone)-7.tmp", modified: Date())       // recent: kept
        make(".metrics.json.\(getpid())-5.tmp")                      // this process: kept
        make(".metrics.json.1-5.tmp")                                 // a running process (init): kept
        make(".notes.tmp")                                            // not our pattern: kept
        make(".metrics.json.\(gone)-x.tmp")                          // not our pattern: kept
        make("metrics.json")                                          // kept
        #expect(OutputWriter.removeLeftovers(in: out) == [".metrics.json.\(gone)-123.tmp", ".report.html.\(gone)-4294967295.tmp"])
        let left = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(left == [".metrics.json.1-5.tmp", ".metrics.json.\(getpid())-5.tmp", ".metrics.json.\(gone)-7.tmp",
                         ".metrics.json.\(gone)-x.tmp", ".notes.tmp", "metrics.json"].sorted())
        #expect(OutputWriter.removeLeftovers(in: out + "/no-such-folder").isEmpty)
    }

    @Test func writesAllFilesAndLeavesNoTemporaries() throws {
        let files = TemplateFiles()
        let out = files.folder + "/out/nested"
        try OutputWriter.write([OutputFile(name: "a.txt", text: "A"), OutputFile(name: "b.txt", text: "B")], into: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["a.txt", "b.txt"])
        #expect(String(data: FileManager.default.contents(atPath: out + "/a.txt")!, encoding: .utf8) == "A")
    }

    /// A file started early (metrics.json while the report renders) is only under its temporary name until
    /// the others are written, then renamed into place with them, whole.
    @Test func aFileStartedEarlyAppearsWithTheOthers() throws {
        let out = TemplateFiles().folder + "/out"
        let halfway = DispatchSemaphore(value: 0), goOn = DispatchSemaphore(value: 0)
        let early = try OutputWriter.start(OutputFile(name: "m.json", stream: { piece in
            Array("first half, ".utf8).withUnsafeBytes(piece)
            halfway.signal()
            goOn.wait()
            Array("second half".utf8).withUnsafeBytes(piece)
        }), into: out)
        halfway.wait()
        let during = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(during.count == 1 && during[0].hasPrefix(".m.json.") && during[0].hasSuffix(".tmp"), "\(during)")
        goOn.signal()
        try OutputWriter.write([OutputFile(name: "a.txt", text: "A"), OutputFile(name: "m.json", text: "not written again")],
                               into: out, alongside: [early])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["a.txt", "m.json"])
        #expect(String(data: FileManager.default.contents(atPath: out + "/m.json")!, encoding: .utf8) == "first half, second half")
    }

    /// When another file cannot be written, the early one is removed too: nothing appears, no temporaries
    /// stay, and a folder made for it goes again.
    @Test func aFailureRemovesTheFileStartedEarly() throws {
        let out = TemplateFiles().folder + "/out"
        let made = try OutputWriter.start(OutputFile(name: "m.json", text: "figures"), into: out)
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter.write([OutputFile(name: "no-such-folder/a.txt", text: "A")], into: out, alongside: [made])
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let early = try OutputWriter.start(OutputFile(name: "m.json", text: "figures"), into: out)
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter.write([OutputFile(name: "no-such-folder/a.txt", text: "A")], into: out, alongside: [early])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [])
        let abandoned = try OutputWriter.start(OutputFile(name: "m.json", text: "figures"), into: out)
        abandoned.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == [])   // a folder that was there stays
        // A folder made for the early file goes again when it is abandoned.
        let fresh = out + "/new"
        try OutputWriter.start(OutputFile(name: "m.json", text: "figures"), into: fresh).abandon()
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(FileManager.default.fileExists(atPath: out))
    }

    /// A file larger than the write-out step, streamed in pieces of odd sizes over last week's file, comes out
    /// whole, byte for byte; its write-out was started every 8 MiB and once more for the rest.
    @Test func aLargeFileReplacingAnotherIsWrittenWhole() throws {
        let out = TemplateFiles().folder + "/out"
        try OutputWriter.write([OutputFile(name: "m.json", text: "last week")], into: out)
        var marked = [UInt8](repeating: 0, count: (1 << 20) + 7)
        for i in stride(from: 0, to: marked.count, by: 4_093) { marked[i] = UInt8(truncatingIfNeeded: i >> 12 | 1) }
        let piece = marked
        let pieces = 20
        try OutputWriter.write([OutputFile(name: "m.json", stream: { put in
            for _ in 0..<pieces { piece.withUnsafeBytes(put) }
        })], into: out)
        let written = try #require(FileManager.default.contents(atPath: out + "/m.json"))
        #expect(written.count == pieces * piece.count)
        let expected = Data(piece)
        for k in 0..<pieces {
            #expect(written[(k * piece.count)..<((k + 1) * piece.count)] == expected, "piece \(k)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["m.json"])
    }

    /// Write-out is started once per 8 MiB written and once for the rest; a file smaller than that is left to
    /// the kernel as before.
    @Test func writeOutStartsEveryStep() throws {
        let folder = TemplateFiles().folder
        func starts(writing bytes: Int) throws -> Int {
            let handle = try #require(fopen(folder + "/w\(bytes).bin", "wb"))
            defer { fclose(handle) }
            let writeback = try #require(OutputWriter.Writeback(fileno(handle)))
            let block = [UInt8](repeating: 7, count: 1 << 16)
            var left = bytes
            while left > 0 {
                let n = min(left, block.count)
                #expect(fwrite(block, 1, n, handle) == n)
                writeback.wrote(n, flushing: handle)
                left -= n
            }
            writeback.finish(flushing: handle)
            return writeback.starts
        }
        #expect(try starts(writing: 100_000) == 0)
        #expect(try starts(writing: 8 << 20) == 1)
        #expect(try starts(writing: (8 << 20) + 1) == 2)
        #expect(try starts(writing: (17 << 20) + 5) == 3)
    }

    /// A full disk is an error whatever the file's size: small ones fail when closed, large ones in the writes
    /// between the write-out's starts.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func aFullDiskIsAWriteError() throws {
        for size in [1, 100_000, (9 << 20) + 3] {
            let file = OutputFile(name: "m.json", bytes: [UInt8](repeating: 65, count: size))
            #expect(throws: OutputWriter.WriteError.self, "\(size) bytes") {
                try OutputWriter.writeFile(file, to: "/dev/full", final: "m.json")
            }
        }
    }

    @Test func unwritableFolderIsAWriteError() {
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter.write([OutputFile(name: "a.txt", text: "A")], into: "/proc/creditreport-cannot-write") }
    }
}

/// A temporary folder of template files.
struct TemplateFiles {
    let folder = scratchFolder()
    func write(_ name: String, _ text: String) {
        FileManager.default.createFile(atPath: folder + "/" + name + ".mustache", contents: Data(text.utf8))
    }

    /// A line's strings are escaped as the tree escapes them (quotes, backslashes, control characters,
    /// non-ASCII text kept as it is), and its other values print as the tree prints them; the buffer, made
    /// small, grows as it fills, keeping what it held.
    @Test func lineValuesMatchTheTree() {
        let texts = ["", "plain", "a \"quoted\" name", "back\\slash", "tab\tnew\nline\rreturn", "\u{01}\u{1f}\u{7f}",
                     "上海贸易有限公司", "<script>alert(1)</script>", "a|b", String(repeating: "long name ", count: 40)]
        var all = ByteBuffer(capacity: 16)
        var tree: [String] = []
        for (k, t) in texts.enumerated() {
            var o = JSONLine(into: &all)
            o.string("s", t, &all)
            o.string("missing", nil, &all)
            o.int("i", k == 0 ? Int.min : -k * 1_000_003, &all)
            o.int("none", nil, &all)
            o.bool("b", k % 2 == 0, &all)
            o.bool("unknown", nil, &all)
            o.cents("c", units: Int64(k) * -123_456_700, &all)
            o.cents("nothing", units: nil, &all)
            o.end(&all)
            tree.append(JSONValue.object([("s", .string(t)), ("missing", .null), ("i", .int(k == 0 ? Int.min : -k * 1_000_003)),
                                          ("none", .null), ("b", .bool(k % 2 == 0)), ("unknown", .null),
                                          ("c", .number(k == 0 ? "0.00" : "-\(k * 1_234_567 / 100).\(k * 1_234_567 % 100 / 10)\(k * 1_234_567 % 10)")), ("nothing", .null)]).serialised())
        }
        #expect(all.text == tree.joined())
        #expect(all.count == tree.joined().utf8.count)
    }

    /// A line's numbers are written as the tree writes them: whole numbers without ".0", shortest digits
    /// otherwise, null for what is missing or not finite.
    @Test func lineNumbersMatchTheTree() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double?] = [nil, .nan, .infinity, 0, -0.0, 1, -42, 1e15, 1e16, 0.1, 0.29966699999999996, 146.06344822586124,
                                 -3.5e-7, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude]
        for _ in 0..<2000 { values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))) }
        for _ in 0..<2000 { values.append(Double.random(in: -1000...1000, using: &generator)) }
        for v in values {
            var line = ByteBuffer()
            var o = JSONLine(into: &line)
            o.double("x", v, &line)
            o.end(&line)
            #expect(line.text == JSONValue.object([("x", .double(v))]).serialised(indent: nil)
                .replacingOccurrences(of: "\"x\":", with: "\"x\": "), "\(String(describing: v))")
        }
    }
}
