import CreditCore
import Foundation
import Testing
@testable import CreditIngest

/// Hostile and broken XML (`fixtures/xml/attacks`, `fixtures/xml/malformed`; what each must do is in
/// their README): DTD attacks are refused before libxml2 parses the DTD, broken files give one located
/// error, well-formed documents with a bad field are rejected row by row.
@Suite struct XMLSafetyTests {
    static let folder = XMLConformanceTests.folder

    static func failure(_ path: String) -> IngestError? {
        do {
            try XMLItemPosting.forEachItem(XMLInput(path: path, name: (path as NSString).lastPathComponent, format: .ubl)) { _, _ in
                Issue.record("\(path) yielded a record")
            }
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["xxe-local-file.xml", "xxe-canary.xml", "xxe-network.xml", "external-dtd.xml", "parameter-entity.xml",
                      "billion-laughs.xml", "quadratic-blowup.xml"])
    func attackFilesAreRefusedAtTheirDoctype(_ name: String) throws {
        let canary = "/tmp/creditreport-xxe-canary.txt"
        let marker = "CANARY-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: canary, contents: Data(marker.utf8))
        defer { try? FileManager.default.removeItem(atPath: canary) }
        let error = try #require(Self.failure(Self.folder + "/attacks/" + name))
        #expect(error.diagnostic.location.line == 2)
        #expect(error.diagnostic.message.contains("DOCTYPE"))
        #expect(error.kind == .unreadable)
        #expect(!error.diagnostic.description.contains(marker))
        #expect(!error.diagnostic.description.contains("root:"))       // nothing of /etc/passwd
    }

    static func prolog(_ bytes: [UInt8]) -> XMLProlog.Verdict {
        let files = TestFiles()
        let fd = open(files.write("p.xml", bytes: bytes), O_RDONLY)
        defer { close(fd) }
        return XMLProlog.check(fd: fd)
    }
    static func prolog(_ text: String) -> XMLProlog.Verdict { prolog(Array(text.utf8)) }

    @Test func aDoctypeAfterCommentsAndAnXMLDeclarationIsFound() {
        #expect(Self.prolog("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- a comment\n over lines -->\n<?pi x?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<x>&a;</x>\n")
                == .doctype(line: 5))
        #expect(Self.prolog("<?xml version=\"1.0\"?>\n<x><!DOCTYPE-looking text is not in a prolog/></x>") == .clean)
        // UTF-16 with a byte-order mark is decoded, not filtered: a DOCTYPE in it is found.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for u in "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!--\u{2D2D}>-->\n<!DOCTYPE x>\n<x/>".utf16 { utf16 += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        #expect(Self.prolog(utf16) == .doctype(line: 3))
    }

    /// What could hide a DOCTYPE from the prolog check is refused outright.
    @Test func aPrologThatCannotBeCheckedIsRefused() {
        let long = "<?xml version=\"1.0\"?>\n<!--" + String(repeating: "x", count: 70_000) + "-->\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<x/>"
        #expect(Self.prolog(long) == .unreadable("the part before the root element is longer than 64 KiB"))
        #expect(Self.prolog("<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n+ADw-!DOCTYPE x+AD4-\n<x/>")
                == .unreadable("the declared encoding UTF-7 is not supported"))
        let ucs4: [UInt8] = Array("<x/>".utf8).flatMap { [0, 0, 0, $0] }
        #expect(Self.prolog(ucs4) == .unreadable("the file is UTF-16 or UCS-4 without a byte-order mark, or not text"))
        #expect(Self.prolog("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<x/>") == .clean)
    }

    @Test func theNetTermOfAPaymentTermsNoteIsTheDueDate() {
        func days(_ note: String) -> Int? { Array(note.utf8).withUnsafeBufferPointer { UBL.termsDays($0) } }
        #expect(days("Payment within 30 days") == 30)
        #expect(days("3% discount if paid within 10 days, net 30 days") == 30)
        #expect(days("2/10 net 30") == 30)
        #expect(days("Zahlbar innerhalb 14 Tagen netto") == 14)
        #expect(days("Payment within 10 days, 2% discount") == 10)
        #expect(days("Bank transfer to account 123456") == nil)
        #expect(days("30天内付款") == 30)
    }

    @Test func anUnclosedTagIsLocated() throws {
        let error = try #require(Self.failure(Self.folder + "/malformed/unclosed-tag.xml"))
        #expect(error.diagnostic.location.line == 87)
        #expect(error.diagnostic.message.contains("mismatch"))
        #expect(error.diagnostic.message.contains("PayableAmount line 86"))
    }

    @Test func badBytesForTheDeclaredEncodingAreLocated() throws {
        let error = try #require(Self.failure(Self.folder + "/malformed/bad-encoding.xml"))
        #expect(error.diagnostic.location.line == 53)
        #expect(error.diagnostic.message.contains("UTF-8"))
    }

    @Test func aTruncatedFileIsLocated() throws {
        let error = try #require(Self.failure(Self.folder + "/malformed/truncated.xml"))
        #expect(error.diagnostic.location.line == 46)
    }

    @Test func anUnknownRootIsNotGuessed() throws {
        do {
            try XMLItemPosting.forEachItem(XMLInput(path: Self.folder + "/malformed/wrong-root.xml", name: "wrong-root.xml")) { _, _ in }
            Issue.record("no error")
        } catch {
            #expect(error.kind == .layout)
            #expect(error.diagnostic.message.contains("<Order>"))
        }
        // Read as UBL it holds no invoice at all.
        var n = 0
        try XMLItemPosting.forEachItem(XMLInput(path: Self.folder + "/malformed/wrong-root.xml", name: "w", format: .ubl)) { _, _ in n += 1 }
        #expect(n == 0)
    }

    static func post(_ names: [String]) throws -> ItemPosting.Result {
        let book = CustomerBook(customers: [Customer(id: "C001"), Customer(id: "C020")])
        return try ItemPosting.post(names.map { InputSource.xml(XMLInput(path: Self.folder + "/malformed/" + $0, name: $0)) }, book: book,
                                    fx: FXTable(reportingCurrency: "EUR"), policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
    }

    @Test func aBadAmountRejectsTheDocumentWithItsElementPath() throws {
        let r = try Self.post(["bad-amount.xml", "missing-issue-date.xml"])
        #expect(r.counts == [RowCounts(read: 1, rejected: 1), RowCounts(read: 1, rejected: 1)])
        #expect(r.rejects.count == 2)
        let amount = r.rejects[0]
        #expect(amount.file == "bad-amount.xml")
        #expect(amount.line == 86)
        #expect(amount.field == "open_amount")
        #expect(amount.value == "12,34x")
        #expect(amount.elementPath == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")
        #expect(amount.place == "bad-amount.xml:86:/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")
        let date = r.rejects[1]
        #expect(date.field == "document_date")
        #expect(date.reason == "missing document_date")
        #expect(date.elementPath == "/Invoice")
    }
}

/// Generic ERP XML through `record:` and `fields:`: namespaces by prefix, attributes, the CSV options.
@Suite struct MappedXMLTests {
    static let export = """
    <?xml version="1.0" encoding="UTF-8"?>
    <erp:Export xmlns:erp="urn:example:erp">
      <erp:Header><erp:Company>Acme</erp:Company></erp:Header>
      <erp:OpenItems>
        <erp:Item no="R-1" kind="RE">
          <erp:Customer>K1</erp:Customer>
          <erp:Dates issued="01.10.2026" due="31.10.2026"/>
          <erp:Amount currency="EUR">1.234,50</erp:Amount>
          <erp:Open>1.000,00</erp:Open>
        </erp:Item>
        <erp:Item no="G-1" kind="GS">
          <erp:Customer>K1</erp:Customer>
          <erp:Dates issued="05.10.2026"/>
          <erp:Amount currency="EUR">200,00</erp:Amount>
          <erp:Open>200,00</erp:Open>
        </erp:Item>
        <erp:Item no="R-2" kind="RE">
          <erp:Customer>K1</erp:Customer>
          <erp:Dates issued="31.09.2026"/>
          <erp:Amount currency="EUR">50,00</erp:Amount>
          <erp:Open>50,00</erp:Open>
        </erp:Item>
      </erp:OpenItems>
    </erp:Export>
    """

    static func input(_ path: String) -> XMLInput {
        var x = XMLInput(path: path, name: "export.xml", format: .mapped)
        x.record = "/e:Export/e:OpenItems/e:Item"
        x.namespaces = ["e": "urn:example:erp"]
        x.fields = ["document_id": "@no", "type": "@kind", "customer_id": "e:Customer", "document_date": "e:Dates/@issued",
                    "due_date": "e:Dates/@due", "currency": "e:Amount/@currency", "amount": "e:Amount", "open_amount": "Open"]
        x.dialect.decimalSeparator = UInt8(ascii: ",")
        x.dialect.thousandsSeparator = UInt8(ascii: ".")
        x.dialect.dateFormat = .dayMonthYearDots
        x.typeValues = ["RE": .invoice, "GS": .creditNote]
        return x
    }

    @Test func recordsAndFieldsMapOntoTheLedger() throws {
        let files = TestFiles()
        let path = files.write("export.xml", Self.export)
        let r = try ItemPosting.post([InputSource.xml(Self.input(path))], book: CustomerBook(customers: [Customer(id: "K1")]),
                                     fx: FXTable(reportingCurrency: "EUR"), policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        #expect(r.counts[0] == RowCounts(read: 3, used: 2, rejected: 1))
        // 1,000.00 open (due 31.10., 20 days past due) less the 200.00 credit note.
        #expect(r.ledger.exposure(of: 0) == Money(units: 800_0000))
        #expect(r.ledger.overdue[0] == 1_000_0000)
        #expect(r.ledger.credits[0] == -200_0000)
        let bad = try #require(r.rejects.first)
        #expect(bad.line == 19)
        #expect(bad.value == "31.09.2026")
        #expect(bad.elementPath == "/erp:Export/erp:OpenItems/erp:Item/e:Dates/@issued")
    }

    @Test func aMappingWithoutARequiredFieldIsAConfigError() throws {
        let files = TestFiles()
        var x = Self.input(files.write("export.xml", Self.export))
        x.fields["open_amount"] = nil
        #expect(throws: IngestError.self) {
            try ItemPosting.post([InputSource.xml(x)], book: CustomerBook(customers: []), fx: FXTable(reportingCurrency: "EUR"),
                                 policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        }
        x.fields["open_amount"] = "x:Open"
        #expect(throws: IngestError.self) {
            try ItemPosting.post([InputSource.xml(x)], book: CustomerBook(customers: []), fx: FXTable(reportingCurrency: "EUR"),
                                 policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        }
    }
}
