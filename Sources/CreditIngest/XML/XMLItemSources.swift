import CreditCore
#if canImport(Glibc)
import Glibc
#endif

/// A customer as a document names it (UBL buyer, SAF-T customer master), for customers that the
/// customers input does not list.
public struct XMLParty: Sendable, Equatable {
    public var id: String
    public var name: String
    public var country: String?
    public var paymentTermsDays: Int?
}

/// Where a field of an XML record was: line and element path.
struct XMLLocation {
    var line: Int
    var path: String
}

/// One AR-ledger record read from XML, in canonical terms: the bytes of each field in `ItemRowParser.fields`
/// order. Valid only inside the callback that receives it.
protocol XMLItemView {
    var fields: Fields { get }
    /// Where canonical field `i` came from (`i == -1`: the record).
    func locate(_ i: Int) -> XMLLocation
    /// The customer the record names, when its id may be missing from the customers input.
    func party() -> XMLParty?
    /// A problem found before the canonical fields (field name, reason), e.g. an amount in another currency.
    var problem: (field: String, reason: String)? { get }
}

/// Canonical field positions (`ItemRowParser.fields`).
enum ItemField {
    static let documentID = 0, customerID = 1, type = 2, documentDate = 3, dueDate = 4, currency = 5, amount = 6,
               openAmount = 7, clearedDate = 8, disputed = 9
    static let count = 10
}

/// A reusable set of canonical field buffers, pointing into record storage or into its own scratch bytes.
final class CanonicalFields {
    let buffers = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: ItemField.count)
    private var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
    private var scratchUsed = 0
    init() { clear() }
    deinit { buffers.deallocate(); scratch.deallocate() }

    var fields: Fields { UnsafeBufferPointer(buffers) }

    func clear() {
        for i in 0..<ItemField.count { buffers[i] = UnsafeBufferPointer(start: nil, count: 0) }
        scratchUsed = 0
    }
    func set(_ i: Int, _ value: UnsafeBufferPointer<UInt8>) { buffers[i] = value }
    /// Copies `text` into scratch space (at most 1 KiB per record in all; longer text is cut).
    func set(_ i: Int, _ text: StaticString) {
        buffers[i] = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
    func set(_ i: Int, _ text: String) {
        var t = text
        t.withUTF8 { u in
            let n = min(u.count, 1024 - scratchUsed)
            (scratch + scratchUsed).update(from: u.baseAddress!, count: n)
            buffers[i] = UnsafeBufferPointer(start: scratch + scratchUsed, count: n)
            scratchUsed += n
        }
    }
}

// MARK: - UBL 2.1

enum UBL {
    static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    static let cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    static let invoiceNS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    static let creditNoteNS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"

    static func b(_ n: String) -> XMLName { XMLName(n, namespace: cbc, prefix: "cbc") }
    static func a(_ n: String) -> XMLName { XMLName(n, namespace: cac, prefix: "cac") }

    // Field slots of the record spec.
    static let id = 0, issueDate = 1, dueDate = 2, paymentDueDate = 3, currency = 4, payable = 5, payableCurrency = 6,
               partyID = 7, endpointID = 8, legalCompanyID = 9, taxCompanyID = 10, registrationName = 11, partyName = 12,
               country = 13, termsNote = 14, taxInclusive = 15

    static func fields() -> [XMLRecordSpec.Field] {
        let party = [a("AccountingCustomerParty"), a("Party")]
        return [
            .init(path: [b("ID")]),
            .init(path: [b("IssueDate")]),
            .init(path: [b("DueDate")]),
            .init(path: [a("PaymentMeans"), b("PaymentDueDate")]),
            .init(path: [b("DocumentCurrencyCode")]),
            .init(path: [a("LegalMonetaryTotal"), b("PayableAmount")]),
            .init(path: [a("LegalMonetaryTotal"), b("PayableAmount")], attribute: XMLName("currencyID")),
            .init(path: party + [a("PartyIdentification"), b("ID")]),
            .init(path: party + [b("EndpointID")]),
            .init(path: party + [a("PartyLegalEntity"), b("CompanyID")]),
            .init(path: party + [a("PartyTaxScheme"), b("CompanyID")]),
            .init(path: party + [a("PartyLegalEntity"), b("RegistrationName")]),
            .init(path: party + [a("PartyName"), b("Name")]),
            .init(path: party + [a("PostalAddress"), a("Country"), b("IdentificationCode")]),
            .init(path: [a("PaymentTerms"), b("Note")]),
            .init(path: [a("LegalMonetaryTotal"), b("TaxInclusiveAmount")]),
        ]
    }

    /// Where the buyer's id is looked for, in this order.
    static let buyerIDs = [partyID, endpointID, legalCompanyID, taxCompanyID]

    /// Invoices and credit notes wherever they are: one document per file, or many in a batch file.
    static let spec: [XMLRecordSpec] = [
        XMLRecordSpec(anchor: .anywhere(XMLName("Invoice", namespace: invoiceNS)), fields: fields()),
        XMLRecordSpec(anchor: .anywhere(XMLName("CreditNote", namespace: creditNoteNS)), fields: fields()),
    ]

    /// The net payment term in a payment-terms note: the number after "net"/"netto" ("2/10 net 30"), else
    /// the largest number of days the note names ("3% discount within 10 days, 30 days net" → 30; a
    /// discount period is always the shorter one); nil when the note names none.
    static func termsDays(_ note: UnsafeBufferPointer<UInt8>) -> Int? {
        let words = String(decoding: note, as: UTF8.self).lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "%" || $0 == "/") }).map(String.init)
        let dayWords: Set<String> = ["day", "days", "tage", "tagen", "dager", "dagar", "dage", "jours", "jour", "dias", "días", "giorni", "dni", "dagen"]
        func number(_ w: String) -> Int? { w.allSatisfy(\.isASCII) ? Int(w) : nil }
        var net: Int? = nil, longest: Int? = nil
        for (i, w) in words.enumerated() {
            if (w == "net" || w == "netto" || w == "n") && i + 1 < words.count, let n = number(words[i + 1]) { net = n }
            if let n = number(w), i + 1 < words.count, dayWords.contains(words[i + 1]) { longest = max(longest ?? 0, n) }
        }
        // "30天内付款": digits straight before 天.
        let chars = Array(String(decoding: note, as: UTF8.self))
        for (i, ch) in chars.enumerated() where ch == "天" {
            var j = i
            while j > 0, chars[j - 1].isASCII, chars[j - 1].isNumber { j -= 1 }
            if j < i, let n = Int(String(chars[j..<i])) { longest = max(longest ?? 0, n) }
        }
        guard let days = net ?? longest, days > 0, days <= 720 else { return nil }
        return days
    }

    struct View: XMLItemView {
        let record: XMLRecord
        let canonical: CanonicalFields
        let customerSlot: Int
        let dueSlot: Int
        let problem: (field: String, reason: String)?
        var fields: Fields { canonical.fields }

        func locate(_ i: Int) -> XMLLocation {
            let slot: Int
            switch i {
            case ItemField.documentID: slot = UBL.id
            case ItemField.customerID: slot = customerSlot
            case ItemField.documentDate: slot = UBL.issueDate
            case ItemField.dueDate: slot = dueSlot
            case ItemField.currency: slot = UBL.currency
            case ItemField.openAmount: slot = UBL.payable
            case ItemField.amount: slot = record.has(UBL.taxInclusive) ? UBL.taxInclusive : UBL.payable
            default: slot = -1
            }
            if slot < 0 || !record.has(slot) { return XMLLocation(line: record.line, path: record.path) }
            return XMLLocation(line: record.line(of: slot), path: record.path(of: slot))
        }

        func party() -> XMLParty? {
            guard customerSlot >= 0 else { return nil }
            let name = record.has(UBL.registrationName) ? record.text(UBL.registrationName) : record.text(UBL.partyName)
            let country = record.has(UBL.country) ? record.text(UBL.country).trimmingSpaces.uppercased() : nil
            return XMLParty(id: record.text(customerSlot).trimmingSpaces, name: name.trimmingSpaces, country: country, paymentTermsDays: nil)
        }
    }

    /// Turns a UBL record into canonical fields: buyer id (party identification, else endpoint id, else
    /// legal-entity company id, else tax-scheme company id), issue date, due date (else the payment means'
    /// due date, else issue date + the days a payment-terms note states), currency, payable amount.
    static func read(_ reader: XMLRecordReader, _ body: (any XMLItemView) throws -> Void) throws {
        let canonical = CanonicalFields()
        try reader.read { record in
            canonical.clear()
            canonical.set(ItemField.documentID, record.value(id))
            let customerSlot = buyerIDs.first {
                record.has($0) && !FieldParsers.trimmed(record.value($0)).isEmpty
            } ?? -1
            if customerSlot >= 0 { canonical.set(ItemField.customerID, record.value(customerSlot)) }
            canonical.set(ItemField.type, record.kind == 1 ? "credit_note" : "invoice")
            canonical.set(ItemField.documentDate, record.value(issueDate))
            var dueSlot = -1
            if record.has(dueDate) { dueSlot = dueDate } else if record.has(paymentDueDate) { dueSlot = paymentDueDate }
            if dueSlot >= 0 {
                canonical.set(ItemField.dueDate, record.value(dueSlot))
            } else if record.has(termsNote), let days = termsDays(record.value(termsNote)),
                      let issued = FieldParsers.date(FieldParsers.trimmed(record.value(issueDate)), format: .iso) {
                canonical.set(ItemField.dueDate, issued.adding(days: days).description)
                dueSlot = termsNote
            }
            canonical.set(ItemField.currency, record.value(currency))
            // The sale is the tax-inclusive total; what is still owed is the payable amount (net of prepaid).
            let sale = record.value(record.has(taxInclusive) ? taxInclusive : payable)
            if record.kind == 1 && FieldParsers.trimmed(record.value(payable)).first == UInt8(ascii: "-") {
                // A credit note with a negative payable amount is a debit: kept as a (negative-credit) invoice.
                canonical.set(ItemField.type, "invoice")
                func negated(_ v: UnsafeBufferPointer<UInt8>) -> String {
                    let text = String(decoding: FieldParsers.trimmed(v), as: UTF8.self)
                    return text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text
                }
                canonical.set(ItemField.amount, negated(sale))
                canonical.set(ItemField.openAmount, negated(record.value(payable)))
            } else {
                canonical.set(ItemField.amount, sale)
                canonical.set(ItemField.openAmount, record.value(payable))
            }
            var problem: (field: String, reason: String)? = nil
            let stated = FieldParsers.trimmed(record.value(payableCurrency)), document = FieldParsers.trimmed(record.value(currency))
            if !stated.isEmpty && !document.isEmpty && !stated.elementsEqual(document) {
                problem = ("currency", "the payable amount is in \(String(decoding: stated, as: UTF8.self)), not the document currency")
            }
            try body(View(record: record, canonical: canonical, customerSlot: customerSlot, dueSlot: dueSlot, problem: problem))
        }
    }
}

// MARK: - SAF-T Financial (Norway)

enum SAFTNorway {
    private static func n(_ s: String) -> XMLName { XMLName(s, prefix: "n1") }
    // Header slots.
    static let currency = 0, selectionEnd = 1, periodEnd = 2, periodEndYear = 3
    // Customer slots.
    static let customerID = 0, name = 1, country = 2, termsDays = 3, closingDebit = 4, closingCredit = 5
    // Balance-account slots (SAF-T 1.3 puts balances per GL account under the customer).
    static let accountDebit = 0, accountCredit = 1

    static let spec: [XMLRecordSpec] = [
        XMLRecordSpec(anchor: .path([n("AuditFile"), n("Header")]), fields: [
            .init(path: [n("DefaultCurrencyCode")]),
            .init(path: [n("SelectionCriteria"), n("SelectionEndDate")]),
            .init(path: [n("SelectionCriteria"), n("PeriodEnd")]),
            .init(path: [n("SelectionCriteria"), n("PeriodEndYear")]),
        ]),
        XMLRecordSpec(anchor: .path([n("AuditFile"), n("MasterFiles"), n("Customers"), n("Customer")]), fields: [
            .init(path: [n("CustomerID")]),
            .init(path: [n("Name")]),
            .init(path: [n("Address"), n("Country")]),
            .init(path: [n("PartyInfo"), n("PaymentTerms"), n("Days")]),
            .init(path: [n("ClosingDebitBalance")]),
            .init(path: [n("ClosingCreditBalance")]),
        ]),
        XMLRecordSpec(anchor: .path([n("AuditFile"), n("MasterFiles"), n("Customers"), n("Customer"), n("BalanceAccount")]), fields: [
            .init(path: [n("ClosingDebitBalance")]),
            .init(path: [n("ClosingCreditBalance")]),
        ]),
    ]

    struct View: XMLItemView {
        let canonical: CanonicalFields
        let line: Int
        let path: String
        let customer: XMLParty
        let problem: (field: String, reason: String)?
        var fields: Fields { canonical.fields }
        func locate(_ i: Int) -> XMLLocation { XMLLocation(line: line, path: path) }
        func party() -> XMLParty? { customer }
    }

    /// One item per customer: its closing balance (debit − credit), dated the end of the selection, of
    /// type `balance` (not a sale: a balance carries no history). Due by the customer's payment terms.
    static func read(_ reader: XMLRecordReader, _ body: (any XMLItemView) throws -> Void) throws {
        let canonical = CanonicalFields()
        var currencyCode = "", endDate: Day? = nil
        var accountBalance: Int64 = 0, accounts = 0
        try reader.read { record in
            switch record.kind {
            case 0:
                currencyCode = record.text(currency).trimmingSpaces
                if let d = FieldParsers.date(FieldParsers.trimmed(record.value(selectionEnd)), format: .iso) {
                    endDate = d
                } else if let m = Int(record.text(periodEnd).trimmingSpaces), let y = Int(record.text(periodEndYear).trimmingSpaces),
                          (1...12).contains(m), let d = Day(year: y, month: m, day: Day.daysIn(month: m, year: y)) {
                    endDate = d
                }
            case 2:
                accountBalance += (units(record.value(accountDebit)) ?? 0) - (units(record.value(accountCredit)) ?? 0)
                accounts += 1
            default:
                canonical.clear()
                let id = record.text(customerID).trimmingSpaces
                var problem: (field: String, reason: String)? = nil
                var balance: Int64
                if record.has(closingDebit) || record.has(closingCredit) {
                    let d = units(record.value(closingDebit)), c = units(record.value(closingCredit))
                    // The reject names the element and its text (the item's open amount, made from both, is not what is wrong).
                    if record.has(closingDebit) && d == nil {
                        problem = ("open_amount", "ClosingDebitBalance '\(record.text(closingDebit).trimmingSpaces)' is not a number")
                    } else if record.has(closingCredit) && c == nil {
                        problem = ("open_amount", "ClosingCreditBalance '\(record.text(closingCredit).trimmingSpaces)' is not a number")
                    }
                    balance = (d ?? 0) - (c ?? 0)
                } else if accounts > 0 {
                    balance = accountBalance
                } else {
                    balance = 0
                    problem = ("open_amount", "the customer has no closing balance")
                }
                accountBalance = 0
                accounts = 0
                canonical.set(ItemField.documentID, id + " closing balance")
                canonical.set(ItemField.customerID, id)
                canonical.set(ItemField.type, "balance")
                if let endDate { canonical.set(ItemField.documentDate, endDate.description) } else if problem == nil {
                    problem = ("document_date", "the header gives no selection end date or period end")
                }
                canonical.set(ItemField.currency, currencyCode)
                let amount = Money(units: balance).plain(decimals: 4)
                canonical.set(ItemField.amount, amount)
                canonical.set(ItemField.openAmount, amount)
                let party = XMLParty(id: id, name: record.text(name).trimmingSpaces,
                                     country: record.has(country) ? record.text(country).trimmingSpaces.uppercased() : nil,
                                     // By the customers file's rule (0 to 999,999,999 days); anything else is no terms,
                                     // not a due date millions of years away (which stopped the run).
                                     paymentTermsDays: FieldParsers.integer(FieldParsers.unsigned(record.value(termsDays))))
                try body(View(canonical: canonical, line: record.line, path: record.path, customer: party, problem: problem))
            }
        }
    }

    static func units(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        FieldParsers.amount(FieldParsers.trimmed(text), decimal: UInt8(ascii: "."), thousands: nil)
    }
}

// MARK: - SAF-T PT

enum SAFTPortugal {
    private static func n(_ s: String) -> XMLName { XMLName(s) }
    static let headerKind = 0, customerKind = 1, invoiceKind = 2, paymentKind = 3, lineKind = 4
    // Header.
    static let currency = 0
    // Customer.
    static let customerID = 0, companyName = 1, country = 2
    // Invoice.
    static let invoiceNo = 0, invoiceDate = 1, invoiceType = 2, invoiceCustomer = 3, invoiceStatus = 4, grossTotal = 5
    // Payment.
    static let paymentDate = 0, paymentStatus = 1
    // Payment line.
    static let originatingON = 0, creditAmount = 1, debitAmount = 2

    static let spec: [XMLRecordSpec] = {
        let root = [n("AuditFile")]
        let docs = root + [n("SourceDocuments")]
        return [
            XMLRecordSpec(anchor: .path(root + [n("Header")]), fields: [.init(path: [n("CurrencyCode")])]),
            XMLRecordSpec(anchor: .path(root + [n("MasterFiles"), n("Customer")]), fields: [
                .init(path: [n("CustomerID")]), .init(path: [n("CompanyName")]), .init(path: [n("BillingAddress"), n("Country")]),
            ]),
            XMLRecordSpec(anchor: .path(docs + [n("SalesInvoices"), n("Invoice")]), fields: [
                .init(path: [n("InvoiceNo")]), .init(path: [n("InvoiceDate")]), .init(path: [n("InvoiceType")]),
                .init(path: [n("CustomerID")]), .init(path: [n("DocumentStatus"), n("InvoiceStatus")]),
                .init(path: [n("DocumentTotals"), n("GrossTotal")]),
            ]),
            XMLRecordSpec(anchor: .path(docs + [n("Payments"), n("Payment")]), fields: [
                .init(path: [n("TransactionDate")]), .init(path: [n("DocumentStatus"), n("PaymentStatus")]),
            ]),
            XMLRecordSpec(anchor: .path(docs + [n("Payments"), n("Payment"), n("Line")]), fields: [
                .init(path: [n("SourceDocumentID"), n("OriginatingON")]), .init(path: [n("CreditAmount")]), .init(path: [n("DebitAmount")]),
            ]),
        ]
    }()

    /// An invoice held until the payments (which follow the invoices in the file) are known.
    struct Invoice {
        var number, date, type, customer, status, gross: String
        var line: Int
        var path: String
        var grossLine: Int
        var grossPath: String
    }

    struct View: XMLItemView {
        let canonical: CanonicalFields
        let invoice: Invoice
        let customer: XMLParty?
        let problem: (field: String, reason: String)?
        var fields: Fields { canonical.fields }
        func locate(_ i: Int) -> XMLLocation {
            i == ItemField.amount || i == ItemField.openAmount ? XMLLocation(line: invoice.grossLine, path: invoice.grossPath)
                : XMLLocation(line: invoice.line, path: invoice.path)
        }
        func party() -> XMLParty? { customer }
    }

    /// Sales invoices with open amount = gross total − the payments whose lines reference them
    /// (cancelled invoices and payments, status A, are left out; a credit note, NC, is negative).
    /// Invoices are held until the end of the file: memory grows with the invoices of the file.
    static func read(_ reader: XMLRecordReader, _ body: (any XMLItemView) throws -> Void, skipped: (Int) -> Void) throws {
        var currencyCode = "EUR"
        var customers: [String: XMLParty] = [:]
        var invoices: [Invoice] = []
        var paid: [String: Int64] = [:], lastPaid: [String: Day] = [:]
        var pendingLines: [(String, Int64)] = []
        var cancelled = 0
        try reader.read { record in
            switch record.kind {
            case headerKind:
                let c = record.text(currency).trimmingSpaces
                if !c.isEmpty { currencyCode = c }
            case customerKind:
                let id = record.text(customerID).trimmingSpaces
                customers[id] = XMLParty(id: id, name: record.text(companyName).trimmingSpaces,
                                         country: record.has(country) ? record.text(country).trimmingSpaces.uppercased() : nil)
            case invoiceKind:
                // GrossTotal is in the file's currency (EUR) whatever the invoice's, and so are the payments:
                // the open amount is computed in it (the foreign-currency amount is not used).
                invoices.append(Invoice(
                    number: record.text(invoiceNo).trimmingSpaces, date: record.text(invoiceDate).trimmingSpaces,
                    type: record.text(invoiceType).trimmingSpaces, customer: record.text(invoiceCustomer).trimmingSpaces,
                    status: record.text(invoiceStatus).trimmingSpaces,
                    gross: record.text(grossTotal).trimmingSpaces,
                    line: record.line, path: record.path,
                    grossLine: record.line(of: grossTotal), grossPath: record.path(of: grossTotal)))
            case lineKind:
                // A receipt settles an invoice on the credit side and a credit note on the debit side: either
                // way the line settles its document by that amount.
                let credit = SAFTNorway.units(record.value(creditAmount)) ?? 0, debit = SAFTNorway.units(record.value(debitAmount)) ?? 0
                pendingLines.append((record.text(originatingON).trimmingSpaces, abs(credit - debit)))
            default: // payment: its lines were read just before it ends
                let status = record.text(paymentStatus).trimmingSpaces
                if status != "A" {
                    let date = FieldParsers.date(FieldParsers.trimmed(record.value(paymentDate)), format: .iso)
                    for (document, amount) in pendingLines {
                        paid[document, default: 0] += amount
                        if let date, date > (lastPaid[document] ?? Day(year: 1900, month: 1, day: 1)!) { lastPaid[document] = date }
                    }
                }
                pendingLines.removeAll(keepingCapacity: true)
            }
        }
        let canonical = CanonicalFields()
        for inv in invoices {
            if inv.status == "A" { cancelled += 1; skipped(1); continue }
            canonical.clear()
            canonical.set(ItemField.documentID, inv.number)
            canonical.set(ItemField.customerID, inv.customer)
            canonical.set(ItemField.type, inv.type == "NC" ? "credit_note" : "invoice")
            canonical.set(ItemField.documentDate, inv.date)
            canonical.set(ItemField.currency, currencyCode)
            var problem: (field: String, reason: String)? = nil
            var gross: Int64 = 0
            inv.gross.withCString { p in
                let u = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))
                if let g = SAFTNorway.units(u) { gross = g } else { problem = ("open_amount", "GrossTotal is not a number") }
            }
            // An invoice-receipt (FR) is paid when it is issued: it never stays open, and no receipt names it.
            let paidAtIssue = inv.type == "FR"
            let payments = paidAtIssue ? gross : paid[inv.number] ?? 0
            let open = gross - payments
            canonical.set(ItemField.amount, Money(units: gross).plain(decimals: 4))
            canonical.set(ItemField.openAmount, Money(units: open).plain(decimals: 4))
            if open == 0, let d = paidAtIssue ? Day(iso: inv.date) : lastPaid[inv.number] {
                canonical.set(ItemField.clearedDate, d.description)
            }
            try body(View(canonical: canonical, invoice: inv, customer: customers[inv.customer], problem: problem))
        }
    }
}

// MARK: - Mapped XML

enum MappedXML {
    /// Builds the record spec from the config: `record` is an element path from the root, each field a path
    /// below it. Throws a message naming what is wrong.
    static func spec(_ input: XMLInput, fields: [String]) throws(XMLMappingError) -> (XMLRecordSpec, [Int]) {
        guard let record = input.record, !record.isEmpty else {
            throw XMLMappingError(message: "a mapped XML input needs record: (the element path of one record, e.g. /Export/Items/Item)")
        }
        let recordPath = try names(record, input.namespaces)
        guard !recordPath.isEmpty else { throw XMLMappingError(message: "record: '\(record)' names no element") }
        var specFields: [XMLRecordSpec.Field] = []
        var slotOfField = Array(repeating: -1, count: fields.count)
        for (canonical, source) in input.fields.sorted(by: { $0.key < $1.key }) {
            guard let i = fields.firstIndex(of: canonical) else {
                throw XMLMappingError(message: "fields: names '\(canonical)', which is not a field of this input (fields are: \(fields.joined(separator: ", ")))")
            }
            var parts = source.split(separator: "/").map(String.init)
            var attribute: XMLName? = nil
            if let last = parts.last, last.hasPrefix("@") {
                attribute = try name(String(last.dropFirst()), input.namespaces)
                parts.removeLast()
            }
            let path = try parts.map { p throws(XMLMappingError) in try name(p, input.namespaces) }
            slotOfField[i] = specFields.count
            specFields.append(.init(path: path, attribute: attribute))
        }
        return (XMLRecordSpec(anchor: .path(recordPath), fields: specFields), slotOfField)
    }

    static func names(_ path: String, _ namespaces: [String: String]) throws(XMLMappingError) -> [XMLName] {
        try path.split(separator: "/").map { p throws(XMLMappingError) in try name(String(p), namespaces) }
    }

    static func name(_ text: String, _ namespaces: [String: String]) throws(XMLMappingError) -> XMLName {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return XMLName(text) }
        guard let uri = namespaces[parts[0]] else {
            throw XMLMappingError(message: "the prefix '\(parts[0])' in '\(text)' is not declared under namespaces:")
        }
        return XMLName(parts[1], namespace: uri, prefix: parts[0])
    }

    struct View: XMLItemView {
        let record: XMLRecord
        let canonical: CanonicalFields
        let slotOfField: [Int]
        var fields: Fields { canonical.fields }
        var problem: (field: String, reason: String)? { nil }
        func locate(_ i: Int) -> XMLLocation {
            let slot = i >= 0 ? slotOfField[i] : -1
            if slot < 0 || !record.has(slot) { return XMLLocation(line: record.line, path: record.path) }
            return XMLLocation(line: record.line(of: slot), path: record.path(of: slot))
        }
        func party() -> XMLParty? { nil }
    }

    static func read(_ reader: XMLRecordReader, slotOfField: [Int], _ body: (any XMLItemView) throws -> Void) throws {
        let canonical = CanonicalFields()
        try reader.read { record in
            canonical.clear()
            for (i, slot) in slotOfField.enumerated() where slot >= 0 { canonical.set(i, record.value(slot)) }
            try body(View(record: record, canonical: canonical, slotOfField: slotOfField))
        }
    }
}

struct XMLMappingError: Error { var message: String }
