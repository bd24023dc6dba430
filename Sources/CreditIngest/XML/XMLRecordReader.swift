import CLibXML2
import CreditCore
#if canImport(Glibc)
import Glibc
#endif

/// An element or attribute name to look for: a namespace URI (nil: any namespace) and a local name.
public struct XMLName: Hashable, Sendable, CustomStringConvertible {
    public var namespace: String?
    public var local: String
    /// The prefix shown in element paths of diagnostics (`cbc` in `cbc:PayableAmount`), if any.
    public var prefix: String?

    public init(_ local: String, namespace: String? = nil, prefix: String? = nil) {
        self.local = local
        self.namespace = namespace
        self.prefix = prefix
    }
    public var description: String { prefix.map { "\($0):\(local)" } ?? local }
}

/// What to read out of an XML document: record elements and, inside each, the fields to capture.
/// Records may nest (a payment and its lines); each kind has its own fields.
struct XMLRecordSpec {
    enum Anchor {
        /// Element path from the root element (inclusive).
        case path([XMLName])
        /// An element of this name wherever it is, outside any other record (UBL invoices, alone or in a batch).
        case anywhere(XMLName)
    }
    struct Field {
        /// Element path below the record element; empty: the record element itself.
        var path: [XMLName]
        /// An attribute of the last element of `path` instead of its text.
        var attribute: XMLName?
        var description: String {
            (path.map(\.description) + (attribute.map { ["@\($0)"] } ?? [])).joined(separator: "/")
        }
    }
    var anchor: Anchor
    var fields: [Field]
}

/// A finished record: the text of each field (trimmed of nothing; empty when absent), and where it was.
/// Valid only inside the callback that receives it.
struct XMLRecord {
    let kind: Int
    /// Line of the record element's start tag.
    let line: Int
    fileprivate let store: XMLRecordReader.KindStore
    fileprivate unowned let reader: XMLRecordReader

    func value(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: store.arena + store.start[slot], count: store.count[slot])
    }
    func text(_ slot: Int) -> String { String(decoding: value(slot), as: UTF8.self) }
    func has(_ slot: Int) -> Bool { store.filled[slot] }
    /// Line of the field's element, or of the record when the field is absent.
    func line(of slot: Int) -> Int { store.filled[slot] ? store.line[slot] : line }
    /// Element path of the record, from the root (`/Invoice`, `/AuditFile/MasterFiles/Customer`).
    var path: String { reader.currentPath }
    /// Element path of a field (`/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`).
    func path(of slot: Int) -> String {
        let field = reader.spec[kind].fields[slot].description
        return field.isEmpty ? path : path + "/" + field
    }
}

/// Why an XML document could not be read to its end.
struct XMLReadFailure: Error {
    var line: Int?
    /// The element the reader was in, when known.
    var path: String? = nil
    var message: String
    var hint: String?
    /// The file is unsafe (DTD) rather than broken.
    var refused = false
}

/// Streams an XML file through libxml2's `xmlTextReader` and hands out the records a spec asks for,
/// keeping nothing else: memory stays flat in the size of the file.
///
/// Safe by construction: no network (`XML_PARSE_NONET`), no entity substitution, no DTD loading, no
/// huge-document mode; an external-entity loader that refuses everything; and any document with a DOCTYPE
/// is refused before libxml2 sees it (checked in the prolog) and again if libxml2 reports one.
final class XMLRecordReader {
    let spec: [XMLRecordSpec]
    private let path: String
    private var reader: xmlTextReaderPtr?
    private var fd: Int32 = -1
    private let errors = ErrorBox()

    /// A trie of the element paths of interest, with interned names so that matching compares pointers.
    private struct TrieNode {
        var local: UnsafePointer<xmlChar>?
        var namespace: UnsafePointer<xmlChar>?      // nil: any namespace
        var children: [Int32] = []
        var record: Int = -1
        var textSlots: [(kind: Int, slot: Int)] = []
        var attributeSlots: [(kind: Int, slot: Int, local: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?)] = []
    }
    private var nodes: [TrieNode] = [TrieNode()]
    private var anywhere: [Int32] = []

    /// The trie flattened for the hot loop (no reference counting per element): per node its interned local
    /// name, its namespace URI (nil: any), its children's range in `flatChildren`, and whether it has slots.
    private var flatLocal: UnsafeMutableBufferPointer<UnsafePointer<xmlChar>?> = .init(start: nil, count: 0)
    private var flatNamespace: UnsafeMutableBufferPointer<UnsafePointer<xmlChar>?> = .init(start: nil, count: 0)
    private var flatChildStart: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)
    private var flatChildEnd: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)
    private var flatChildren: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)
    private var flatRecord: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)
    private var flatHasText: UnsafeMutableBufferPointer<Bool> = .init(start: nil, count: 0)
    private var flatHasSlots: UnsafeMutableBufferPointer<Bool> = .init(start: nil, count: 0)

    /// Per element on the open path: its trie node (-1: none) and the record it started (-1: none).
    private var stackNode = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
    private var stackRecord = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
    private var stackCapacity = 64
    private var depth = 0
    private var openRecords = 0

    final class KindStore {
        var arena: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var used = 0
        var start: [Int], count: [Int], line: [Int], filled: [Bool], capturing: [Bool]
        var recordLine = 0
        init(slots: Int) {
            capacity = 256
            arena = .allocate(capacity: capacity)
            start = Array(repeating: 0, count: slots); count = start; line = start
            filled = Array(repeating: false, count: slots)
            capturing = filled
        }
        deinit { arena.deallocate() }
        func reset() {
            used = 0
            for i in filled.indices { filled[i] = false; capturing[i] = false; count[i] = 0; start[i] = 0 }
        }
        /// Appends bytes to a slot, moving the slot to the end of the arena first if something followed it.
        func append(_ slot: Int, _ bytes: UnsafePointer<UInt8>, _ n: Int) {
            if count[slot] > 0 && start[slot] + count[slot] != used {
                let old = start[slot], c = count[slot]
                reserve(c)
                (arena + used).update(from: arena + old, count: c)
                start[slot] = used
                used += c
            } else if count[slot] == 0 {
                start[slot] = used
            }
            reserve(n)
            (arena + used).update(from: bytes, count: n)
            used += n
            count[slot] += n
        }
        private func reserve(_ n: Int) {
            guard used + n > capacity else { return }
            var c = capacity * 2
            while c < used + n { c *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
            bigger.update(from: arena, count: used)
            arena.deallocate()
            arena = bigger
            capacity = c
        }
    }
    private var stores: [KindStore]

    /// Opens `path`; throws when it cannot be opened or its prolog declares a DOCTYPE.
    init(path: String, spec: [XMLRecordSpec]) throws(XMLOpenFailure) {
        _ = XMLRecordReader.setUp
        self.path = path
        self.spec = spec
        stores = spec.map { KindStore(slots: $0.fields.count) }
        fd = open(path, O_RDONLY)
        if fd < 0 { throw .cannotOpen(String(cString: strerror(errno))) }
        switch XMLProlog.check(fd: fd) {
        case .clean: break
        case .doctype(let line):
            close(fd); fd = -1
            throw .refused(XMLReadFailure(line: line, message: Self.doctypeMessage, hint: Self.doctypeHint, refused: true))
        case .unreadable(let why):
            close(fd); fd = -1
            throw .refused(XMLReadFailure(line: nil, message: "\(why): the file is refused, since it could hide a DOCTYPE",
                                          hint: "export the file as UTF-8", refused: true))
        }
        lseek(fd, 0, SEEK_SET)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_BIG_LINES.rawValue
                            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        reader = xmlReaderForFd(fd, path, nil, options)
        guard let reader else { close(fd); fd = -1; throw .cannotOpen("libxml2 could not start a reader") }
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
            box.note(error.pointee)
        }, Unmanaged.passUnretained(errors).toOpaque())
        compile(reader)
        flatten()
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
        if fd >= 0 { close(fd) }
        for b in [flatChildStart, flatChildEnd, flatChildren, flatRecord] { b.deallocate() }
        flatLocal.deallocate(); flatNamespace.deallocate(); flatHasText.deallocate(); flatHasSlots.deallocate()
        stackNode.deallocate(); stackRecord.deallocate()
    }

    private func flatten() {
        let n = nodes.count
        flatLocal = .allocate(capacity: n); flatNamespace = .allocate(capacity: n)
        flatChildStart = .allocate(capacity: n); flatChildEnd = .allocate(capacity: n); flatRecord = .allocate(capacity: n)
        flatHasText = .allocate(capacity: n); flatHasSlots = .allocate(capacity: n)
        flatChildren = .allocate(capacity: max(1, nodes.reduce(0) { $0 + $1.children.count }))
        var at: Int32 = 0
        for (i, node) in nodes.enumerated() {
            flatLocal[i] = node.local
            flatNamespace[i] = node.namespace
            flatRecord[i] = Int32(node.record)
            flatHasText[i] = !node.textSlots.isEmpty
            flatHasSlots[i] = !node.textSlots.isEmpty || !node.attributeSlots.isEmpty
            flatChildStart[i] = at
            for c in node.children { flatChildren[Int(at)] = c; at += 1 }
            flatChildEnd[i] = at
        }
    }

    static let doctypeMessage = "the document declares a DOCTYPE, which is refused: a DTD can read local files, reach the network or expand entities without bound"
    static let doctypeHint = "ERP exports need no DTD; export the file without its <!DOCTYPE …> declaration"

    /// Once per process: libxml2's globals, and an external-entity loader that loads nothing.
    static let setUp: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    private func intern(_ reader: xmlTextReaderPtr, _ s: String) -> UnsafePointer<xmlChar> {
        s.withCString { xmlTextReaderConstString(reader, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self))! }
    }

    private func child(of parent: Int, _ name: XMLName, _ reader: xmlTextReaderPtr) -> Int {
        let local = intern(reader, name.local), ns = name.namespace.map { intern(reader, $0) }
        for c in nodes[parent].children where nodes[Int(c)].local == local && nodes[Int(c)].namespace == ns { return Int(c) }
        nodes.append(TrieNode(local: local, namespace: ns))
        nodes[parent].children.append(Int32(nodes.count - 1))
        return nodes.count - 1
    }

    private func compile(_ reader: xmlTextReaderPtr) {
        for (kind, s) in spec.enumerated() {
            var at: Int
            switch s.anchor {
            case .path(let names):
                at = 0
                for n in names { at = child(of: at, n, reader) }
            case .anywhere(let name):
                nodes.append(TrieNode(local: intern(reader, name.local), namespace: name.namespace.map { intern(reader, $0) }))
                at = nodes.count - 1
                anywhere.append(Int32(at))
            }
            nodes[at].record = kind
            for (slot, f) in s.fields.enumerated() {
                var n = at
                for name in f.path { n = child(of: n, name, reader) }
                if let a = f.attribute {
                    nodes[n].attributeSlots.append((kind, slot, intern(reader, a.local), a.namespace.map { intern(reader, $0) }))
                } else {
                    nodes[n].textSlots.append((kind, slot))
                }
            }
        }
    }

    /// Whether trie node `n` is the element `node`: its local name (interned by libxml2's dictionary, so
    /// usually the same pointer) and, only when that matches, its namespace URI.
    @inline(__always)
    private func matches(_ n: Int, _ node: xmlNodePtr) -> Bool {
        guard let want = flatLocal[n], let local = node.pointee.name else { return false }
        if want != local {
            guard want[0] == local[0], strcmp(UnsafeRawPointer(want).assumingMemoryBound(to: CChar.self),
                                              UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self)) == 0 else { return false }
        }
        guard let ns = flatNamespace[n] else { return true }
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return ns == href || strcmp(UnsafeRawPointer(ns).assumingMemoryBound(to: CChar.self),
                                    UnsafeRawPointer(href).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// The element path of the current node (`/Invoice/cac:LegalMonetaryTotal`), from its parent chain,
    /// with the prefixes the file uses; for diagnostics.
    var currentPath: String {
        guard let reader, var node = xmlTextReaderCurrentNode(reader) else { return "" }
        var names: [String] = []
        while node.pointee.type == XML_ELEMENT_NODE {
            var name = node.pointee.name.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
            if let prefix = node.pointee.ns?.pointee.prefix {
                name = String(cString: UnsafeRawPointer(prefix).assumingMemoryBound(to: CChar.self)) + ":" + name
            }
            names.append(name)
            guard let parent = node.pointee.parent else { break }
            node = parent
        }
        return "/" + names.reversed().joined(separator: "/")
    }

    private func push(_ node: Int32, _ record: Int32) {
        if depth == stackCapacity {
            let c = stackCapacity * 2
            let n = UnsafeMutablePointer<Int32>.allocate(capacity: c), r = UnsafeMutablePointer<Int32>.allocate(capacity: c)
            n.update(from: stackNode, count: depth); r.update(from: stackRecord, count: depth)
            stackNode.deallocate(); stackRecord.deallocate()
            stackNode = n; stackRecord = r; stackCapacity = c
        }
        stackNode[depth] = node
        stackRecord[depth] = record
        depth += 1
    }


    /// Reads to the end, calling `body` with each record as its end tag is read (inner records first).
    func read(_ body: (XMLRecord) throws -> Void) throws -> Void {
        guard let reader else { return }
        while true {
            let r = xmlTextReaderRead(reader)
            if r == 0 { break }
            if r < 0 { throw failure(reader) }
            switch xmlTextReaderNodeType(reader) {
            case 1: // element
                guard let element = xmlTextReaderCurrentNode(reader) else { continue }
                let parent = depth > 0 ? Int(stackNode[depth - 1]) : 0
                var node: Int32 = -1
                if parent >= 0 {
                    var c = Int(flatChildStart[parent])
                    let end = Int(flatChildEnd[parent])
                    while c < end {
                        if matches(Int(flatChildren[c]), element) { node = flatChildren[c]; break }
                        c += 1
                    }
                }
                if node < 0 && openRecords == 0 {
                    for a in anywhere where matches(Int(a), element) { node = a; break }
                }
                var started: Int32 = -1
                if node >= 0 {
                    if flatRecord[Int(node)] >= 0 {
                        started = flatRecord[Int(node)]
                        openRecords += 1
                        let store = stores[Int(started)]
                        store.reset()
                        store.recordLine = Int(xmlGetLineNo(element))
                    }
                    if flatHasSlots[Int(node)] {
                        let n = nodes[Int(node)]
                        let line = Int(xmlGetLineNo(element))
                        for (kind, slot) in n.textSlots where !stores[kind].filled[slot] {
                            stores[kind].filled[slot] = true
                            stores[kind].capturing[slot] = true
                            stores[kind].line[slot] = line
                        }
                        for a in n.attributeSlots where !stores[a.kind].filled[a.slot] {
                            let found = a.namespace.map { xmlTextReaderMoveToAttributeNs(reader, a.local, $0) }
                                ?? xmlTextReaderMoveToAttribute(reader, a.local)
                            if found == 1, let value = xmlTextReaderConstValue(reader) {
                                let store = stores[a.kind]
                                store.filled[a.slot] = true
                                store.line[a.slot] = line
                                store.append(a.slot, value, Int(strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))))
                            }
                            if found == 1 { xmlTextReaderMoveToElement(reader) }
                        }
                    }
                }
                push(node, started)
                if xmlTextReaderIsEmptyElement(reader) == 1 { try endElement(body) }
            case 15: // end element
                try endElement(body)
            case 3, 4, 13, 14: // text, CDATA, whitespace
                guard depth > 0, stackNode[depth - 1] >= 0, flatHasText[Int(stackNode[depth - 1])],
                      let value = xmlTextReaderConstValue(reader) else { continue }
                let n = nodes[Int(stackNode[depth - 1])]
                let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
                for (kind, slot) in n.textSlots {
                    let store = stores[kind]
                    // Only the first occurrence of a field counts: it is the one being captured.
                    if store.capturing[slot] { store.append(slot, value, length) }
                }
            case 10: // DOCTYPE (the prolog check should have refused the file already)
                throw XMLReadFailure(line: Int(xmlTextReaderGetParserLineNumber(reader)), message: Self.doctypeMessage,
                                     hint: Self.doctypeHint, refused: true)
            case 5, 6: // entity reference or declaration: only possible with a DTD
                throw XMLReadFailure(line: Int(xmlTextReaderGetParserLineNumber(reader)), message: "entity references are refused",
                                     hint: Self.doctypeHint, refused: true)
            default:
                continue
            }
        }
        if let e = errors.first { throw e }
    }

    /// Reads up to the root element and returns its name.
    func firstElement() throws -> XMLName? {
        guard let reader else { return nil }
        while true {
            let r = xmlTextReaderRead(reader)
            if r == 0 { return nil }
            if r < 0 { throw failure(reader) }
            let type = xmlTextReaderNodeType(reader)
            if type == 10 {
                throw XMLReadFailure(line: Int(xmlTextReaderGetParserLineNumber(reader)), message: Self.doctypeMessage,
                                     hint: Self.doctypeHint, refused: true)
            }
            if type == 1 {
                let local = String(cString: UnsafeRawPointer(xmlTextReaderConstLocalName(reader)).assumingMemoryBound(to: CChar.self))
                let ns = xmlTextReaderConstNamespaceUri(reader).map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                return XMLName(local, namespace: ns)
            }
        }
    }

    private func endElement(_ body: (XMLRecord) throws -> Void) throws {
        guard depth > 0 else { return }
        let node = Int(stackNode[depth - 1]), kind = Int(stackRecord[depth - 1])
        if node >= 0 && flatHasText[node] {
            for (k, slot) in nodes[node].textSlots { stores[k].capturing[slot] = false }
        }
        if kind >= 0 {
            let store = stores[kind]
            try body(XMLRecord(kind: kind, line: store.recordLine, store: store, reader: self))
            openRecords -= 1
        }
        depth -= 1
    }

    private func failure(_ reader: xmlTextReaderPtr) -> XMLReadFailure {
        // No element path: the reader hands out nodes behind the parser, so its open path is not where the error is.
        errors.first ?? XMLReadFailure(line: Int(xmlTextReaderGetParserLineNumber(reader)), message: "the XML is not well-formed")
    }

    /// The first error libxml2 reported (warnings are ignored).
    final class ErrorBox {
        var first: XMLReadFailure?
        func note(_ e: xmlError) {
            guard first == nil, e.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            var message = e.message.map { String(cString: $0) } ?? "XML error \(e.code)"
            while message.last == "\n" || message.last == " " { message.removeLast() }
            first = XMLReadFailure(line: e.line > 0 ? Int(e.line) : nil, message: "XML error: \(message)")
        }
    }
}

enum XMLOpenFailure: Error {
    case cannotOpen(String)
    case refused(XMLReadFailure)
}

/// Looks for a DOCTYPE in a document's prolog (before the root element) without a parser: skips a BOM,
/// the XML declaration, comments, processing instructions and white space. The prolog must end within
/// the first 64 KiB, and the document must be UTF-8, UTF-16 with a byte-order mark, or a declared encoding
/// whose markup is ASCII (ISO 8859, Windows code pages, GB18030, Big5, Shift_JIS, EUC): anything else is
/// refused, since it could hide a DOCTYPE from this check.
enum XMLProlog {
    enum Verdict: Equatable {
        case clean
        /// The line of `<!DOCTYPE`.
        case doctype(line: Int)
        /// Why the prolog cannot be checked.
        case unreadable(String)
    }

    static func check(fd: Int32) -> Verdict {
        let size = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var n = 0
        while n < size {
            let r = Glibc.read(fd, buffer + n, size - n)
            if r <= 0 { break }
            n += r
        }
        let raw = Array(UnsafeBufferPointer(start: buffer, count: n))
        var bytes: [UInt8]
        let utf16 = raw.starts(with: [0xFE, 0xFF]) || raw.starts(with: [0xFF, 0xFE])
        if utf16 {
            // UTF-16: decode the code units; what is not ASCII becomes a placeholder that matches no marker.
            let bigEndian = raw[0] == 0xFE
            bytes = []
            var i = 2
            while i + 1 < raw.count {
                let unit = bigEndian ? UInt16(raw[i]) << 8 | UInt16(raw[i + 1]) : UInt16(raw[i + 1]) << 8 | UInt16(raw[i])
                bytes.append(unit < 0x80 ? UInt8(unit) : 0x80)
                i += 2
            }
        } else if raw.count >= 4 && (raw[0] == 0 || raw[1] == 0) {
            return .unreadable("the file is UTF-16 or UCS-4 without a byte-order mark, or not text")
        } else {
            bytes = raw
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        }
        var i = 0, line = 1
        func starts(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return i + u.count <= bytes.count && Array(bytes[i..<(i + u.count)]) == u
        }
        func skip(past end: String) -> Bool {
            let u = Array(end.utf8)
            while i + u.count <= bytes.count {
                if bytes[i] == 0x0A { line += 1 }
                if Array(bytes[i..<(i + u.count)]) == u { i += u.count; return true }
                i += 1
            }
            return false
        }
        let tooLong = Verdict.unreadable("the part before the root element is longer than 64 KiB")
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { line += 1; i += 1; continue }
            if b == 0x20 || b == 0x09 || b == 0x0D { i += 1; continue }
            if starts("<?xml ") || starts("<?xml\t") || starts("<?xml\n") || starts("<?xml\r") {
                let from = i
                guard skip(past: "?>") else { return tooLong }
                if !utf16, let encoding = declaredEncoding(Array(bytes[from..<i])), !asciiCompatible(encoding) {
                    return .unreadable("the declared encoding \(encoding) is not supported")
                }
                continue
            }
            if starts("<?") { guard skip(past: "?>") else { return tooLong }; continue }
            if starts("<!--") { guard skip(past: "-->") else { return tooLong }; continue }
            if starts("<!DOCTYPE") || starts("<!doctype") { return .doctype(line: line) }
            return .clean
        }
        return n == size ? tooLong : .clean
    }

    static func declaredEncoding(_ declaration: [UInt8]) -> String? {
        // No Foundation here: with libxml2's headers (which bring the system's ICU) it does not compile.
        let text = Array(String(decoding: declaration, as: UTF8.self))
        let key = Array("encoding")
        guard let at = text.indices.first(where: { i in i + key.count <= text.count && Array(text[i..<(i + key.count)]) == key }) else {
            return nil
        }
        var i = at + key.count
        while i < text.count, text[i] == " " || text[i] == "=" || text[i] == "\t" { i += 1 }
        guard i < text.count, text[i] == "\"" || text[i] == "'" else { return nil }
        let quote = text[i]
        var value = ""
        i += 1
        while i < text.count, text[i] != quote { value.append(text[i]); i += 1 }
        return value
    }

    static func asciiCompatible(_ encoding: String) -> Bool {
        let e = encoding.lowercased()
        if ["utf-8", "utf8", "us-ascii", "ascii", "gb18030", "gbk", "gb2312", "big5", "shift_jis", "sjis", "koi8-r", "koi8-u",
            ].contains(e) { return true }
        return ["iso-8859-", "iso8859-", "windows-", "cp", "euc-", "latin"].contains { e.hasPrefix($0) }
    }
}
