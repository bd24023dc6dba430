import CreditCore
import Foundation
import TestSupport
import Testing
@testable import CreditIngest

/// The real files in `fixtures/xml/` (copied from `../shared/samples/`, provenance beside them), read by
/// the XML readers and compared with `fixtures/xml/expected.json`, which `tools/oracle/xml_oracle.py`
/// computes independently with Python's ElementTree; a few figures are also written here as read by eye.
@Suite struct XMLConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/xml").path

    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The canonical fields of every record of an input, by file.
    struct Read { var file: String; var fields: [String]; var party: XMLParty?; var problem: String? }
    static func read(_ input: XMLInput) throws -> [Read] {
        var out: [Read] = []
        try XMLItemPosting.forEachItem(input) { file, view in
            let f = (0..<ItemField.count).map { FieldParsers.text(view.fields[$0]) }
            out.append(Read(file: (file as NSString).lastPathComponent, fields: f, party: view.party(), problem: view.problem?.reason))
        }
        return out
    }

    static func units(_ s: String) -> Int64 {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { FieldParsers.amount($0, decimal: UInt8(ascii: "."), thousands: nil)! }
    }

    @Test func everyPeppolExampleReadsWithTheOraclesFigures() throws {
        let files = (try Self.expected()["ubl"] as! [String: Any])["files"] as! [[String: Any]]
        let read = try Self.read(XMLInput(path: Self.folder + "/peppol", name: "peppol"))
        #expect(read.count == files.count)
        #expect(read.count == 12)
        for e in files {
            let name = e["file"] as! String
            guard let r = read.first(where: { $0.file == name }) else { Issue.record("\(name) not read"); continue }
            let buyer = e["buyer"] as! [String: Any]
            #expect(r.fields[ItemField.documentID] == e["document_id"] as! String, "\(name)")
            #expect(r.fields[ItemField.type] == e["type"] as! String, "\(name)")
            #expect(r.fields[ItemField.customerID] == buyer["id"] as! String, "\(name)")
            #expect(r.party?.country == buyer["country"] as? String, "\(name)")
            #expect(r.party?.name == buyer["name"] as? String, "\(name)")
            #expect(r.fields[ItemField.documentDate] == e["issue_date"] as! String, "\(name)")
            if let due = e["due_date"] as? String { #expect(r.fields[ItemField.dueDate] == due, "\(name)") }
            #expect(r.fields[ItemField.currency] == e["currency"] as! String, "\(name)")
            let payable = e["payable_amount"] as! [String: Any]
            #expect(Self.units(r.fields[ItemField.openAmount]) == Self.units(payable["value"] as! String), "\(name)")
            #expect(r.problem == nil, "\(name)")
        }
    }

    /// Read by eye from the files (line numbers in fixtures/xml/README.md).
    @Test func peppolFiguresCheckedByHand() throws {
        let read = try Self.read(XMLInput(path: Self.folder + "/peppol", name: "peppol"))
        func file(_ n: String) -> Read { read.first { $0.file == n }! }
        let no = file("NO_Norwegian-example-1.xml")
        #expect(no.fields[ItemField.documentID] == "TOSL108")
        #expect(no.fields[ItemField.customerID] == "3456789012098")
        #expect(no.party?.country == "NO")
        #expect(no.fields[ItemField.currency] == "NOK")
        #expect(no.fields[ItemField.openAmount] == "802.00")        // PayableAmount, already net of the 1000 prepaid
        #expect(no.fields[ItemField.dueDate] == "2013-07-20")
        let cn = file("base-creditnote-correction.xml")
        #expect(cn.fields[ItemField.type] == "credit_note")
        #expect(cn.fields[ItemField.openAmount] == "1656.25")
        // No due date: "Payment within 10 days, 2% discount" → issue 2017-11-13 + 10.
        #expect(cn.fields[ItemField.dueDate] == "2017-11-23")
        let e = file("vat-category-E.xml")
        #expect(e.fields[ItemField.customerID] == "12345678")       // EndpointID: no party identification
        #expect(e.party?.country == "DK")
        #expect(e.fields[ItemField.currency] == "GBP")
        #expect(e.fields[ItemField.dueDate] == "2018-09-29")        // 2018-08-30 + "within 30 days"
        #expect(file("Vat-category-S.xml").fields[ItemField.openAmount] == "8550")
        #expect(file("base-negative-inv-correction.xml").fields[ItemField.openAmount] == "-1656.25")
    }

    @Test func creditNotesPostNegativeAndBuyersBecomeCustomers() throws {
        var fx = FXTable(reportingCurrency: "EUR")
        fx.set("NOK", Rate(micros: 100_000)); fx.set("GBP", Rate(micros: 1_200_000)); fx.set("SEK", Rate(micros: 90_000))
        let known = CustomerBook(customers: [Customer(id: "FR23342", name: "From the customers file", country: "FR", paymentTermsDays: 30)])
        let r = try ItemPosting.post([InputSource.xml(XMLInput(path: Self.folder + "/peppol", name: "peppol"))], book: known, fx: fx,
                                     policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        // 12 documents; the examples reuse ids (Snippet1 ×5, Vat-Z ×2, the Greek id ×2): 6 used, 6 rejected.
        #expect(r.counts[0] == RowCounts(read: 12, used: 6, rejected: 6))
        #expect(r.rejects.allSatisfy { $0.field == "document_id" && $0.elementPath?.hasSuffix("/cbc:ID") == true })
        // The customers file's record wins; the other buyers are added from the documents.
        #expect(r.book.customers[0].name == "From the customers file")
        #expect(r.addedCustomers[0] == ["4598375937", "3456789012098", "12345678", "987654325"])
        #expect(r.book.customers.count == 5)
        let no = r.book.customers.firstIndex { $0.id == "3456789012098" }!
        #expect(r.ledger.exposure(of: no) == Money(units: 802_0000 / 10))   // 802.00 NOK at 0.1
    }

    @Test func norwegianSAFTCustomersCarryTheirClosingBalances() throws {
        let files = try Self.expected()["saft_no"] as! [[String: Any]]
        for e in files {
            let name = e["file"] as! String
            let read = try Self.read(XMLInput(path: Self.folder + "/saft-no/" + name, name: name, format: .saftNO))
            let customers = e["customers"] as! [[String: Any]]
            #expect(read.count == customers.count, "\(name)")
            for (r, c) in zip(read, customers) {
                #expect(r.fields[ItemField.customerID] == c["CustomerID"] as! String)
                #expect(r.party?.name == c["Name"] as? String)
                #expect(Self.units(r.fields[ItemField.openAmount]) == Self.units(c["closing_balance"] as! String), "\(name) \(c["CustomerID"]!)")
                #expect(r.fields[ItemField.type] == "balance")
            }
        }
        // By hand, 888888888: period 01–04/2017 → balance on 2017-04-30; customer 1003 owes −140000 (a credit).
        let read = try Self.read(XMLInput(path: Self.folder + "/saft-no/ExampleFile_SAF-T_Financial_888888888_20180228235959.xml", name: "saft"))
        let c1003 = read.first { $0.fields[ItemField.customerID] == "1003" }!
        #expect(c1003.fields[ItemField.openAmount] == "-140000.0000")
        #expect(c1003.fields[ItemField.documentDate] == "2017-04-30")
        #expect(c1003.fields[ItemField.currency] == "NOK")
        #expect(read.first { $0.fields[ItemField.customerID] == "1001" }!.party?.paymentTermsDays == 15)
    }

    /// Payment terms a SAF-T file states out of range (negative, or more days than the customers file
    /// accepts) are no terms: the balance is due at the period end. 99,999,999,999 days stopped the run
    /// (a due date past the calendar).
    @Test func norwegianSAFTTermsOutOfRangeAreNoTerms() throws {
        let original = try String(contentsOfFile: Self.folder + "/saft-no/ExampleFile_SAF-T_Financial_888888888_20180228235959.xml", encoding: .utf8)
        let edited = original.replacingOccurrences(of: "<n1:Days>15</n1:Days>", with: "<n1:Days>99999999999</n1:Days>")
            .replacingOccurrences(of: "<n1:Days>30</n1:Days>", with: "<n1:Days>-5</n1:Days>")
        #expect(edited != original)
        let path = scratchFolder() + "/saft.xml"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let read = try Self.read(XMLInput(path: path, name: "saft", format: .saftNO))
        #expect(read.count == 6 && read.allSatisfy { $0.party?.paymentTermsDays == nil })
        var fx = FXTable(reportingCurrency: "NOK")
        fx.set("NOK", Rate(micros: 1_000_000))
        let r = try ItemPosting.post([InputSource.xml(XMLInput(path: path, name: "saft", format: .saftNO))], book: CustomerBook(customers: []),
                                     fx: fx, policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        #expect(r.counts[0].used == 6)
        // Due on the period end, 2017-04-30: what each customer owes is all in the oldest bucket (>365 days).
        var owing = 0
        for e in read where Self.units(e.fields[ItemField.openAmount]) > 0 {
            let id = e.fields[ItemField.customerID]
            let c = r.book.customers.firstIndex { $0.id == id }!
            #expect(r.ledger.agingBalances(of: c).last == Money(units: Self.units(e.fields[ItemField.openAmount])), "\(id)")
            owing += 1
        }
        #expect(owing > 0)
        // A leading + is an xs:integer like any other: 15 days.
        let plus = original.replacingOccurrences(of: "<n1:Days>15</n1:Days>", with: "<n1:Days> +15 </n1:Days>")
        try plus.write(toFile: path, atomically: true, encoding: .utf8)
        let withPlus = try Self.read(XMLInput(path: path, name: "saft", format: .saftNO))
        #expect(withPlus.first { $0.fields[ItemField.customerID] == "1001" }?.party?.paymentTermsDays == 15)
    }

    /// A closing balance that is not a number is rejected naming the element and its text (it quoted the
    /// item's open amount, "0.0000", made from both balances).
    @Test func norwegianSAFTBadBalanceNamesItsElement() throws {
        let original = try String(contentsOfFile: Self.folder + "/saft-no/ExampleFile_SAF-T_Financial_888888888_20180228235959.xml", encoding: .utf8)
        let edited = original.replacingOccurrences(of: "<n1:ClosingDebitBalance>10000</n1:ClosingDebitBalance>",
                                                   with: "<n1:ClosingDebitBalance>10.000,5x</n1:ClosingDebitBalance>")
        #expect(edited != original)
        let path = scratchFolder() + "/saft.xml"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        var fx = FXTable(reportingCurrency: "NOK")
        fx.set("NOK", Rate(micros: 1_000_000))
        let r = try ItemPosting.post([InputSource.xml(XMLInput(path: path, name: "saft", format: .saftNO))], book: CustomerBook(customers: []),
                                     fx: fx, policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        #expect(r.counts[0] == RowCounts(read: 6, used: 5, rejected: 1))
        #expect(r.rejects.map(\.reason) == ["ClosingDebitBalance '10.000,5x' is not a number"])
    }

    @Test func portugueseSAFTOpenAmountsAreGrossLessPayments() throws {
        let e = (try Self.expected()["saft_pt"] as! [[String: Any]])[0]
        var skipped = 0
        var read: [Read] = []
        try XMLItemPosting.forEachItem(XMLInput(path: Self.folder + "/saft-pt/saft-pt-demo.xml", name: "pt")) { _, view in
            read.append(Read(file: "", fields: (0..<ItemField.count).map { FieldParsers.text(view.fields[$0]) }, party: view.party(), problem: nil))
        } skipped: { _ in skipped += 1 }
        let invoices = (e["invoices"] as! [[String: Any]]).filter { $0["included"] as! Bool }
        #expect(read.count == invoices.count)
        #expect(skipped == 1)                                          // FT A/6, cancelled
        for inv in invoices {
            let no = inv["InvoiceNo"] as! String
            guard let r = read.first(where: { $0.fields[ItemField.documentID] == no }) else { Issue.record("\(no) missing"); continue }
            // The oracle signs credit notes; the canonical field carries the type and the parser signs it.
            let sign: Int64 = r.fields[ItemField.type] == "credit_note" ? -1 : 1
            #expect(sign * Self.units(r.fields[ItemField.openAmount]) == Self.units(inv["open_amount"] as! String), "\(no)")
        }
        // Windows-1252 names decode; the en dash is byte 0x96.
        #expect(read.first { $0.fields[ItemField.customerID] == "C003" }?.party?.name == "Clínica Médica Estrela – Saúde, Lda.")
        // By hand: FT A/2 3075.00 less RG A/2's 1000.00.
        #expect(read.first { $0.fields[ItemField.documentID] == "FT A/2" }?.fields[ItemField.openAmount] == "2075.0000")
    }

    @Test func ecbRatesAreTheFilesRatesInverted() throws {
        let r = try ECBRates.read(XMLInput(path: Self.folder + "/ecb/eurofxref-daily.xml", name: "ecb"), reportingCurrency: "EUR",
                                  asOf: Day(iso: "2025-06-30")!)
        #expect(r.day == Day(iso: "2025-05-09")!)
        #expect(r.counts == RowCounts(read: 30, used: 30))
        let e = try Self.expected()["ecb"] as! [String: Any]
        let rates = (e["eurofxref-daily.xml"] as! [String: Any])["rates"] as! [[String]]
        for row in rates {
            // EUR per unit = 1 / (units per EUR), to six decimals.
            let perEuro = Double(row[2])!
            let micros = r.table.rate(for: row[1])!.micros
            #expect(abs(Double(micros) - 1_000_000 / perEuro) <= 0.5, "\(row[1])")
        }
        #expect(r.table.rate(for: "USD") == Rate(micros: 888_731))     // 1 / 1.1252 = 0.8887308…
        // Reporting in USD: a euro is 1.1252 USD, a pound 1.1252 / 0.84770 = 1.327356…
        let usd = try ECBRates.read(XMLInput(path: Self.folder + "/ecb/eurofxref-daily.xml", name: "ecb"), reportingCurrency: "USD",
                                    asOf: Day(iso: "2025-06-30")!)
        #expect(usd.table.rate(for: "EUR") == Rate(micros: 1_125_200))
        #expect(usd.table.rate(for: "GBP") == Rate(micros: 1_327_356))
    }

    @Test func ecbHistoryTakesTheDayOnOrBeforeTheAsOfDate() throws {
        let input = XMLInput(path: Self.folder + "/ecb/eurofxref-hist-90d.xml", name: "ecb")
        // 2017-03-04 is a Saturday: the rates of Friday 2017-03-03 apply (USD 1.0565).
        let r = try ECBRates.read(input, reportingCurrency: "EUR", asOf: Day(iso: "2017-03-04")!)
        #expect(r.day == Day(iso: "2017-03-03")!)
        #expect(r.table.rate(for: "USD") == Rate(micros: 946_522))      // 1 / 1.0565 = 0.9465215…
        #expect(r.counts.read == 64 * 31 && r.counts.used == 31 && r.counts.skipped == 63 * 31)
        // The first day in the file, 2016-12-05: USD 1.0702.
        let first = try ECBRates.read(input, reportingCurrency: "EUR", asOf: Day(iso: "2016-12-05")!)
        #expect(first.table.rate(for: "USD") == Rate(micros: 934_405))   // 1 / 1.0702 = 0.9344048…
        #expect(throws: IngestError.self) { try ECBRates.read(input, reportingCurrency: "EUR", asOf: Day(iso: "2016-12-04")!) }
    }
}
