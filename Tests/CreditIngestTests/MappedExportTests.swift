import CreditCore
import Testing
@testable import CreditIngest

/// A German ERP export: semicolons, decimal comma, DD.MM.YYYY, German headers, Windows-1252, CRLF.
@Suite struct MappedExportTests {
    static let columns = ["Belegnummer": "document_id", "Kundennummer": "customer_id", "Belegart": "type",
                          "Belegdatum": "document_date", "Fälligkeit": "due_date", "Währung": "currency",
                          "Betrag": "amount", "Offener Betrag": "open_amount", "Strittig": "disputed"]

    static func windows1252(_ s: String) -> [UInt8] {
        s.unicodeScalars.map { u in u.value == 0xE4 ? 0xE4 : u.value == 0xFC ? 0xFC : UInt8(u.value) }
    }

    @Test func germanExportIsMapped() throws {
        let text = "Belegnummer;Kundennummer;Belegart;Belegdatum;Fälligkeit;Währung;Betrag;Offener Betrag;Strittig\r\n"
            + "RE-1;C1;RE;01.10.2026;31.10.2026;EUR;12.345,67;12.345,67;X\r\n"
            + "GS-1;C1;GS;05.11.2026;;EUR;1.000,00;1.000,00;\r\n"
            + "RE-2;C1;RE;31.04.2026;;EUR;5,00;5,00;\r\n"
        let files = TestFiles()
        let path = files.write("gmbh.csv", bytes: Self.windows1252(text))
        let input = CSVInput(path: path, name: "gmbh.csv",
                             dialect: CSVDialect(delimiter: UInt8(ascii: ";"), encoding: .windows1252, decimalSeparator: UInt8(ascii: ","),
                                                 thousandsSeparator: UInt8(ascii: "."), dateFormat: .dayMonthYearDots),
                             columns: Self.columns, typeValues: ["RE": .invoice, "GS": .creditNote])
        let r = try ItemPosting.post([input], book: CustomerBook(customers: [Customer(id: "C1")]), fx: FXTable(reportingCurrency: "EUR"),
                                     policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        let s = PortfolioSummary(ledger: r.ledger)
        #expect(s.grossAR == Money(units: 123_456_700))
        #expect(s.disputed == s.grossAR)
        #expect(s.aging[1].amount == s.grossAR)          // 20 days past due
        #expect(s.credits == Money(whole: -1000))
        #expect(r.rejects.map { "\($0.line) \($0.field) \($0.value) \($0.reason)" } == ["4 document_date 31.04.2026 not a valid DD.MM.YYYY date"])
        #expect(r.rejects.first?.column == 4)
    }

    @Test func mappingNamingAMissingColumnSaysWhatTheHeaderHas() throws {
        let files = TestFiles()
        let path = files.write("x.csv", "Beleg;Kunde\n1;C1\n")
        let input = CSVInput(path: path, name: "x.csv", columns: ["Belegnummer": "document_id"])
        do {
            _ = try ItemPosting.post([input], book: CustomerBook(customers: []), fx: FXTable(reportingCurrency: "EUR"),
                                     policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
            Issue.record("expected a layout error")
        } catch {
            #expect(error.diagnostic.message == "the mapped column 'Belegnummer' is not in the header")
            #expect(error.diagnostic.hint == "the header has: Beleg, Kunde")
        }
    }

    /// A field that two columns could give is a layout error naming both, never one taken silently: a
    /// canonical header twice, a mapped header twice, two columns mapped to one field (whose winner
    /// depended on a dictionary's order).
    @Test func aFieldFromTwoColumnsIsALayoutError() throws {
        func message(_ text: String, _ columns: [String: String] = [:]) -> String? {
            let path = TestFiles().write("x.csv", text)
            do throws(IngestError) {
                _ = try ItemPosting.post([CSVInput(path: path, name: "x.csv", columns: columns)],
                                         book: CustomerBook(customers: [Customer(id: "C1")]), fx: FXTable(reportingCurrency: "EUR"),
                                         policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
                return nil
            } catch {
                #expect(error.kind == .layout && error.diagnostic.location.line == 1)
                return error.diagnostic.message
            }
        }
        let row = "D1;C1;2026-01-01;EUR;5;C2\n"
        #expect(message("document_id;customer_id;document_date;currency;open_amount;Customer_ID\n" + row)
                == "'Customer_ID' is in the header twice (columns 2 and 6)")
        #expect(message("Beleg;Kunde;Datum;Währung;Betrag;Kunde\n" + row,
                        ["Beleg": "document_id", "Kunde": "customer_id", "Datum": "document_date", "Währung": "currency", "Betrag": "open_amount"])
                == "'Kunde' is in the header twice (columns 2 and 6)")
        #expect(message("Beleg;Kunde;Datum;Währung;Betrag;Debitor\n" + row,
                        ["Beleg": "document_id", "Kunde": "customer_id", "Debitor": "customer_id", "Datum": "document_date",
                         "Währung": "currency", "Betrag": "open_amount"])
                == "columns 'Kunde' and 'Debitor' are both mapped to customer_id")
        #expect(message("document_id;customer_id;document_date;currency;open_amount;note\n" + row) == nil)
    }
}

@Suite struct EncodingTests {
    /// A customers file exported by a Chinese ERP in GB18030, including a four-byte sequence (😀).
    @Test func gb18030CustomersAreDecoded() throws {
        let header = Array("customer_id,name\n".utf8)
        let name: [UInt8] = [0xc9, 0xcf, 0xba, 0xa3, 0xbb, 0xaa, 0xb6, 0xab, 0xc3, 0xb3, 0xd2, 0xd7, 0x94, 0x39, 0xfc, 0x36]
        let files = TestFiles()
        let path = files.write("c.csv", bytes: header + Array("C1,".utf8) + name + [10])
        var input = CSVInput(path: path, name: "c.csv")
        input.dialect.encoding = .gb18030
        let (book, _, _) = try ReferenceTables.readCustomers(input, fx: FXTable(reportingCurrency: "EUR"))
        #expect(book.customers.first?.name == "上海华东贸易😀")
    }

    /// Decoding is streamed: a multi-byte character split across read chunks survives.
    @Test func gb18030AcrossChunkBoundaries() throws {
        var bytes = Array("customer_id,name\n".utf8)
        for i in 0..<5000 { bytes += Array("C\(i),".utf8) + [0xc9, 0xcf, 0xba, 0xa3] + [10] }
        let files = TestFiles()
        let path = files.write("c.csv", bytes: bytes)
        var input = CSVInput(path: path, name: "c.csv")
        input.dialect.encoding = .gb18030
        let (book, counts, _) = try ReferenceTables.readCustomers(input, fx: FXTable(reportingCurrency: "EUR"))
        #expect(counts.used == 5000)
        #expect(book.customers.allSatisfy { $0.name == "上海" })
    }

    @Test func windows1252EuroAndUmlauts() throws {
        let files = TestFiles()
        let path = files.write("c.csv", bytes: Array("customer_id,name\nC1,M".utf8) + [0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80] + [10])
        var input = CSVInput(path: path, name: "c.csv")
        input.dialect.encoding = .windows1252
        let (book, _, _) = try ReferenceTables.readCustomers(input, fx: FXTable(reportingCurrency: "EUR"))
        #expect(book.customers.first?.name == "Müller €")
    }

    @Test func undecodableBytesAreALayoutError() throws {
        let files = TestFiles()
        // 0x81 0x20 is not a GB18030 sequence.
        let path = files.write("c.csv", bytes: Array("customer_id,name\nC1,".utf8) + [0x81, 0x20, 10])
        var input = CSVInput(path: path, name: "c.csv")
        input.dialect.encoding = .gb18030
        #expect(throws: IngestError.self) { try ReferenceTables.readCustomers(input, fx: FXTable(reportingCurrency: "EUR")) }
    }
}
