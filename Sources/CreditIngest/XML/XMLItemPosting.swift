import CLibXML2
import CreditCore
#if canImport(Glibc)
import Glibc
#endif

/// Posts the items of an XML input (a file or a folder of files) into a ledger, one record at a time.
/// Customers the records name that the customers input does not list are added to the book (and the
/// ledger) from the document's own party data.
enum XMLItemPosting {
    /// The files of an input: the file itself, or a folder's `*.xml` files in name order, with the name
    /// each is reported under.
    static func files(of input: XMLInput) throws(IngestError) -> [(path: String, name: String)] {
        var isFolder = false
        var st = stat()
        guard stat(input.path, &st) == 0 else {
            throw IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: input.name),
                "cannot open the file: \(String(cString: strerror(errno)))", hint: "check the path in the config"))
        }
        isFolder = (st.st_mode & S_IFMT) == S_IFDIR
        guard isFolder else { return [(input.path, input.name)] }
        guard let dir = opendir(input.path) else {
            throw IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: input.name), "cannot open the folder"))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.lowercased().hasSuffix(".xml") && !name.hasPrefix(".") { names.append(name) }
        }
        names.sort()
        let base = input.path.hasSuffix("/") ? input.path : input.path + "/"
        let shown = input.name.hasSuffix("/") ? input.name : input.name + "/"
        return names.map { (base + $0, shown + $0) }
    }

    static func ingestError(_ failure: XMLOpenFailure, file: String) -> IngestError {
        switch failure {
        case .cannotOpen(let reason):
            return IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: file), "cannot open the file: \(reason)",
                                                                         hint: "check the path in the config"))
        case .refused(let f):
            return ingestError(f, file: file)
        }
    }

    static func ingestError(_ f: XMLReadFailure, file: String) -> IngestError {
        IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: file, line: f.line, elementPath: f.path), f.message,
                                                              hint: f.hint ?? "the file cannot be read as XML: export it again"))
    }

    /// Runs `body`, turning what the XML reader throws into an `IngestError` about file `name`.
    static func reading<T>(_ name: String, _ body: () throws -> T) throws(IngestError) -> T {
        do {
            return try body()
        } catch let e as IngestError {
            throw e
        } catch let f as XMLOpenFailure {
            throw ingestError(f, file: name)
        } catch let f as XMLReadFailure {
            throw ingestError(f, file: name)
        } catch {
            throw IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: name), "\(error)"))
        }
    }

    /// The format a document declares by its root element and namespace.
    static func detect(_ path: String, name: String) throws(IngestError) -> XMLInput.Format {
        let root = try reading(name) { try XMLRecordReader.rootElement(path: path) }
        switch (root?.local, root?.namespace) {
        case ("Invoice", UBL.invoiceNS), ("CreditNote", UBL.creditNoteNS): return .ubl
        case ("AuditFile", let ns?) where ns.hasPrefix("urn:StandardAuditFile-Taxation-Financial:NO"): return .saftNO
        case ("AuditFile", let ns?) where ns.hasPrefix("urn:OECD:StandardAuditFile-Tax:PT"): return .saftPT
        case ("Envelope", let ns?) where ns.contains("gesmes"): return .ecb
        default:
            let what = root.map { "<\($0.local)>" + ($0.namespace.map { " in namespace \($0)" } ?? " in no namespace") } ?? "no root element"
            throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: name),
                "cannot tell the XML format from its root element, \(what)",
                hint: "set format: ubl, saft-no, saft-pt or xml (with record: and fields:) for this input"))
        }
    }

    /// Canonical header of an XML input for `ColumnMap`: the fields the format (or mapping) provides.
    static func columnMap(_ input: XMLInput, format: XMLInput.Format, provided: [Int]?) throws(IngestError) -> ColumnMap {
        let fields = ItemRowParser.fields
        let header = fields.enumerated().map { i, f in
            provided == nil || provided![i] >= 0 ? f : "\u{1}\(f)"
        }
        return try ColumnMap(header: header, input: fieldInput(input), fields: fields, required: ItemRowParser.required)
    }

    static func fieldInput(_ input: XMLInput) -> CSVInput {
        var i = CSVInput(path: input.path, name: input.name, dialect: input.dialect, typeValues: input.typeValues)
        i.values = input.values
        i.countryCodes = input.countryCodes
        return i
    }

    /// Reads every record of the input's files, in canonical terms.
    static func forEachItem(_ input: XMLInput, _ body: (_ file: String, any XMLItemView) throws -> Void,
                            skipped: (String) -> Void = { _ in }) throws(IngestError) {
        for (path, name) in try files(of: input) {
            let format: XMLInput.Format
            if let f = input.format { format = f } else { format = try detect(path, name: name) }
            try reading(name) {
                switch format {
                case .ubl:
                    try UBL.read(try XMLRecordReader(path: path, spec: UBL.spec)) { try body(name, $0) }
                case .saftNO:
                    try SAFTNorway.read(try XMLRecordReader(path: path, spec: SAFTNorway.spec)) { try body(name, $0) }
                case .saftPT:
                    try SAFTPortugal.read(try XMLRecordReader(path: path, spec: SAFTPortugal.spec), { try body(name, $0) },
                                          skipped: { _ in skipped(name) })
                case .mapped:
                    let (spec, slots) = try mappedSpec(input)
                    try MappedXML.read(try XMLRecordReader(path: path, spec: [spec]), slotOfField: slots) { try body(name, $0) }
                case .ecb:
                    throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: name),
                        "this file holds ECB exchange rates, not AR items", hint: "list it under inputs: fx:"))
                }
            }
        }
    }

    static func mappedSpec(_ input: XMLInput) throws(IngestError) -> (XMLRecordSpec, [Int]) {
        do throws(XMLMappingError) {
            let (spec, slots) = try MappedXML.spec(input, fields: ItemRowParser.fields)
            let missing = ItemRowParser.fields.enumerated().filter { i, f in
                ItemRowParser.required.contains(f) && slots[i] < 0 && input.values[f] == nil
            }.map(\.element)
            if !missing.isEmpty {
                throw XMLMappingError(message: "fields: must map \(missing.joined(separator: ", ")) (or give values: for them)")
            }
            return (spec, slots)
        } catch {
            throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name), error.message))
        }
    }

    /// Posts an XML input. `book` grows by the customers its records name that it did not list.
    static func post(_ input: XMLInput, book: inout CustomerBook, fx: FXTable, empty: Ledger, deadlines noDeadlines: InsurerDeadlines) throws(IngestError)
        -> (part: ItemPosting.FilePart, added: [String]) {
        let provided: [Int]? = input.format == .mapped ? try mappedSpec(input).1 : nil
        let map = try columnMap(input, format: input.format ?? .ubl, provided: provided)
        var parser = ItemRowParser(map: map, input: fieldInput(input), book: book, fx: fx, asOf: empty.asOf)
        book = CustomerBook(customers: [])   // the parser holds the only copy while it grows
        var ledger = empty
        var counts = RowCounts(), rejects: [Reject] = [], deadlines = noDeadlines
        var hashes = DocumentHashes(expected: 0)
        var addedIDs: [String] = []
        try forEachItem(input, { file, view in
            counts.read += 1
            let fields = view.fields
            func reject(_ field: String, _ reason: String) {
                counts.rejected += 1
                let i = ItemRowParser.fields.firstIndex(of: field) ?? -1
                let at = view.locate(i)
                let value = i >= 0 ? FieldParsers.text(map.field(fields, map.column(field))) : ""
                rejects.append(Reject(file: file, line: at.line, column: nil, field: field, value: value, reason: reason, elementPath: at.path))
            }
            if let p = view.problem { reject(p.field, p.reason); return }
            // A customer the customers input lacks is taken from the document, and taken back again when
            // the document cannot be used after all (only used documents bring customers).
            var added = false
            let customerID = FieldParsers.trimmed(map.field(fields, parser.cCustomer))
            if !customerID.isEmpty && parser.book.index.index(of: customerID) == nil, let party = view.party(), !party.id.isEmpty {
                parser.book.add(party)
                ledger.addCustomers(parser.book.customers.suffix(1))
                added = true
            }
            let outcome = parser.parse(fields)
            if added {
                if case .item = outcome {
                    addedIDs.append(parser.book.customers[parser.book.customers.count - 1].id)
                } else {
                    parser.book.removeLast()
                    ledger.removeLastCustomer()
                }
            }
            switch outcome {
            case .item(let item):
                ledger.post(item)
                hashes.append(parser.documentHash(fields))
                counts.used += 1
                ItemPosting.noteDeadline(item, book: parser.book, ledger: ledger, into: &deadlines) { FieldParsers.text(map.field(fields, parser.cDocument)) }
            case .skipped:
                counts.skipped += 1
            case .rejected(let field, let reason):
                reject(field, reason)
            }
        }, skipped: { _ in counts.read += 1; counts.skipped += 1 })
        book = parser.book
        hashes.sort()
        let part = ItemPosting.FilePart(ledger: ledger, counts: counts, rejects: rejects, hashes: [hashes], parser: parser, deadlines: deadlines)
        return (part, addedIDs)
    }
}

extension XMLRecordReader {
    /// The root element's name and namespace, read safely (a DOCTYPE is refused).
    static func rootElement(path: String) throws -> XMLName? {
        let reader = try XMLRecordReader(path: path, spec: [])
        return try reader.firstElement()
    }
}
