import CreditCore
import Foundation
import Testing
@testable import CreditIngest

/// Posting UBL documents: which customers they bring, and how repeated documents are taken back.
@Suite struct XMLPostingTests {
    static func invoice(_ id: String, buyer: String, issued: String, due: String, amount: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
          xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
          xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:ID>\(id)</cbc:ID>
          <cbc:IssueDate>\(issued)</cbc:IssueDate>
          <cbc:DueDate>\(due)</cbc:DueDate>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
          <cac:AccountingCustomerParty><cac:Party>
            <cac:PartyIdentification><cbc:ID>\(buyer)</cbc:ID></cac:PartyIdentification>
            <cac:PostalAddress><cac:Country><cbc:IdentificationCode>DK</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
            <cac:PartyLegalEntity><cbc:RegistrationName>Buyer \(buyer)</cbc:RegistrationName></cac:PartyLegalEntity>
          </cac:Party></cac:AccountingCustomerParty>
          <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">\(amount)</cbc:PayableAmount></cac:LegalMonetaryTotal>
        </Invoice>
        """
    }

    static let asOf = Day(iso: "2026-11-20")!

    @Test func onlyUsedDocumentsBringCustomers() throws {
        let files = TestFiles()
        try FileManager.default.createDirectory(atPath: files.folder + "/ubl", withIntermediateDirectories: true)
        files.write("ubl/1.xml", Self.invoice("U1", buyer: "NEW1", issued: "2026-10-01", due: "2026-10-31", amount: "abc"))
        files.write("ubl/2.xml", Self.invoice("U2", buyer: "NEW2", issued: "2026-12-01", due: "2026-12-31", amount: "100"))
        files.write("ubl/3.xml", Self.invoice("U3", buyer: "NEW3", issued: "2026-10-01", due: "2026-10-31", amount: "250.50"))
        files.write("ubl/4.xml", Self.invoice("U4", buyer: "NEW1", issued: "2026-10-02", due: "2026-11-01", amount: "10"))
        let r = try ItemPosting.post([InputSource.xml(XMLInput(path: files.folder + "/ubl", name: "ubl/"))],
                                     book: CustomerBook(customers: [Customer(id: "K1")]), fx: FXTable(reportingCurrency: "EUR"),
                                     policy: CreditPolicy(), asOf: Self.asOf)
        #expect(r.counts[0] == RowCounts(read: 4, used: 2, rejected: 1, skipped: 1))
        // NEW1's first invoice is rejected, NEW2's only one is dated after the as-of date: NEW1 comes with
        // its second invoice, NEW2 not at all.
        #expect(r.addedCustomers[0] == ["NEW3", "NEW1"])
        #expect(r.book.customers.map(\.id) == ["K1", "NEW3", "NEW1"])
        #expect(r.ledger.customerCount == 3)
        #expect(r.ledger.exposure(of: 1) == Money(units: 250_5000))
        #expect(r.ledger.exposure(of: 2) == Money(units: 10_0000))
    }

    /// A repeated document is left out of its customer's insurer deadline (although every file of a folder
    /// starts its invoice on the same line): K1's deadline counts U1 (due 08-31, the oldest) and U2.
    @Test func aRepeatedDocumentIsLeftOutOfItsCustomersDeadline() throws {
        let files = TestFiles()
        try FileManager.default.createDirectory(atPath: files.folder + "/ubl", withIntermediateDirectories: true)
        files.write("ubl/a.xml", Self.invoice("U1", buyer: "K1", issued: "2026-08-01", due: "2026-08-31", amount: "100"))
        files.write("ubl/b.xml", Self.invoice("U2", buyer: "K1", issued: "2026-08-02", due: "2026-09-01", amount: "200"))
        files.write("ubl/c.xml", Self.invoice("U1", buyer: "K1", issued: "2026-08-03", due: "2026-09-02", amount: "300"))
        let insured = Customer(id: "K1", creditLimit: Money(whole: 10_000), insuredLimit: Money(whole: 5_000))
        let r = try ItemPosting.post([InputSource.xml(XMLInput(path: files.folder + "/ubl", name: "ubl/"))],
                                     book: CustomerBook(customers: [insured]), fx: FXTable(reportingCurrency: "EUR"),
                                     policy: CreditPolicy(), asOf: Self.asOf)
        #expect(r.counts[0] == RowCounts(read: 3, used: 2, rejected: 1))
        #expect(r.rejects.map(\.file) == ["ubl/c.xml"])
        #expect(r.deadlines.count == 1)
        #expect(r.deadlines.first?.documentID == "U1" && r.deadlines.first?.openAmount == Money(whole: 100))
        #expect(r.deadlines.first?.overdueItems == 2 && r.deadlines.first?.overdueAmount == Money(whole: 300))
        #expect(r.ledger.exposure(of: 0) == Money(whole: 300))
    }

    /// A credit note reduces what is owed; one with a negative payable amount (EN 16931 allows it) adds to it.
    @Test func creditNotesKeepTheSignTheDocumentGives() throws {
        let files = TestFiles()
        try FileManager.default.createDirectory(atPath: files.folder + "/ubl", withIntermediateDirectories: true)
        func creditNote(_ id: String, _ amount: String) -> String {
            Self.invoice(id, buyer: "K1", issued: "2026-10-01", due: "2026-10-31", amount: amount)
                .replacingOccurrences(of: "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"",
                                      with: "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"")
                .replacingOccurrences(of: "</Invoice>", with: "</CreditNote>")
        }
        files.write("ubl/1.xml", Self.invoice("I1", buyer: "K1", issued: "2026-10-01", due: "2026-10-31", amount: "1000"))
        files.write("ubl/2.xml", creditNote("CN1", "200"))
        files.write("ubl/3.xml", creditNote("CN2", "-50"))
        let r = try ItemPosting.post([InputSource.xml(XMLInput(path: files.folder + "/ubl", name: "ubl/"))],
                                     book: CustomerBook(customers: [Customer(id: "K1")]), fx: FXTable(reportingCurrency: "EUR"),
                                     policy: CreditPolicy(), asOf: Self.asOf)
        #expect(r.counts[0] == RowCounts(read: 3, used: 3))
        // 1,000 − 200 + 50.
        #expect(r.ledger.exposure(of: 0) == Money(whole: 850))
        #expect(r.ledger.credits[0] == -200_0000)
    }
}
