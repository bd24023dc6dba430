import CreditCore

/// Turns one AR-ledger row into an `OpenItem` in the reporting currency, or says why it cannot be used.
/// Deterministic: the duplicate check parses rows a second time and must get the same answer.
struct ItemRowParser {
    static let fields = ["document_id", "customer_id", "type", "document_date", "due_date", "currency", "amount",
                         "open_amount", "cleared_date", "disputed"]
    static let required: Set<String> = ["document_id", "customer_id", "document_date", "currency", "open_amount"]

    enum Outcome {
        /// A usable row. Its document id's hash is not made here: in a ledger whose ids ascend nothing needs it.
        case item(OpenItem)
        /// Issued after the as-of date.
        case skipped
        /// Field name and reason.
        case rejected(field: String, reason: String)
    }

    let dialect: CSVDialect
    var book: CustomerBook
    let fx: FXTable
    let asOf: Day
    let typeValues: [String: DocumentType]
    // Column of each field, -1 if absent.
    let cDocument, cCustomer, cType, cDocumentDate, cDueDate, cCurrency, cAmount, cOpen, cCleared, cDisputed: Int
    let map: ColumnMap
    // Each parallel part parses with its own copy, so the caches are never shared.
    /// The document date of the last row: a ledger lists documents by date, so most rows repeat it. Due and
    /// cleared dates are read each time: they rarely repeat from row to row, and a cache that missed cost
    /// more than reading them (in-cache rows, CPU 0.715 → 0.694 s without one).
    private var documentDates = DateCache()
    /// Held here, so that reading a date does not ask whether the global table was made (`MonthStarts.day(…in:)`).
    private let monthStarts = MonthStarts.table

    init(map: ColumnMap, input: CSVInput, book: CustomerBook, fx: FXTable, asOf: Day) {
        dialect = input.dialect
        self.map = map
        self.book = book
        self.fx = fx
        self.asOf = asOf
        var values: [String: DocumentType] = [:]
        for (k, v) in input.typeValues { values[k.lowercased()] = v }
        typeValues = values
        cDocument = map.column("document_id"); cCustomer = map.column("customer_id"); cType = map.column("type")
        cDocumentDate = map.column("document_date"); cDueDate = map.column("due_date"); cCurrency = map.column("currency")
        cAmount = map.column("amount"); cOpen = map.column("open_amount"); cCleared = map.column("cleared_date")
        cDisputed = map.column("disputed")
    }

    /// Field `c`, trimmed of spaces and tabs unless the reader knows the row has none (`blanks` false).
    /// Fixed values are trimmed when the mapping is made.
    @inline(__always)
    private func field(_ fields: Fields, _ c: Int, blanks: Bool = true) -> UnsafeBufferPointer<UInt8> {
        blanks ? FieldParsers.trimmed(map.field(fields, c)) : map.field(fields, c)
    }

    func column(of field: String) -> Int {
        switch field {
        case "document_id": return cDocument
        case "customer_id": return cCustomer
        case "type": return cType
        case "document_date": return cDocumentDate
        case "due_date": return cDueDate
        case "currency": return cCurrency
        case "amount": return cAmount
        case "open_amount": return cOpen
        case "cleared_date": return cCleared
        case "disputed": return cDisputed
        default: return -1
        }
    }

    func documentHash(_ fields: Fields) -> UInt64 { DocumentHashes.hash(documentID(fields)) }

    /// The row's document id, trimmed.
    @inline(__always)
    func documentID(_ fields: Fields, blanks: Bool = true) -> UnsafeBufferPointer<UInt8> { field(fields, cDocument, blanks: blanks) }

    /// A customer id's `ByteKeyIndex.probe` made before its row is parsed (to fetch its slot of the index a
    /// row ahead), and the bytes it was made of: used when the row's customer id is those same bytes, in place.
    struct KnownProbe {
        let start: UnsafePointer<UInt8>?, count: Int, probe: UInt64
    }

    /// `blanks`: whether the row may hold spaces or tabs to trim (`CSVRecordReader.mayHaveBlanks`).
    mutating func parse(_ fields: Fields, blanks: Bool = true, customer known: KnownProbe? = nil) -> Outcome {
        let document = field(fields, cDocument, blanks: blanks)
        if document.isEmpty { return .rejected(field: "document_id", reason: "missing document_id") }
        let customerID = field(fields, cCustomer, blanks: blanks)
        if customerID.isEmpty { return .rejected(field: "customer_id", reason: "missing customer_id") }
        let probe = if let known, known.start == customerID.baseAddress, known.count == customerID.count { known.probe }
                    else { book.index.probe(customerID) }
        guard let customer = book.index.index(of: customerID, probe: probe) else {
            return .rejected(field: "customer_id", reason: "unknown customer_id: not in the customers file")
        }
        var type: DocumentType? = nil
        let typeText = field(fields, cType, blanks: blanks)
        if !typeText.isEmpty {
            guard let t = Self.documentType(typeText, typeValues) else {
                return .rejected(field: "type", reason: "unknown document type (expected invoice, credit_note, payment or balance)")
            }
            type = t
        }
        let documentDateText = field(fields, cDocumentDate, blanks: blanks)
        if documentDateText.isEmpty { return .rejected(field: "document_date", reason: "missing document_date") }
        guard let documentDate = documentDates.date(documentDateText, format: dialect.dateFormat, monthStarts: monthStarts) else {
            return .rejected(field: "document_date", reason: "not a valid \(dialect.dateFormat.rawValue) date")
        }
        guard case .valid(let dueDate) = Self.optionalDate(field(fields, cDueDate, blanks: blanks), dialect.dateFormat, monthStarts) else {
            return .rejected(field: "due_date", reason: "not a valid \(dialect.dateFormat.rawValue) date")
        }
        let currencyText = field(fields, cCurrency, blanks: blanks)
        if currencyText.isEmpty { return .rejected(field: "currency", reason: "missing currency") }
        guard let code = FieldParsers.currencyCode(trimmed: currencyText) else {
            return .rejected(field: "currency", reason: "not a three-letter ISO 4217 currency code")
        }
        guard let rate = fx.rate(code: code) else {
            return .rejected(field: "currency", reason: "no FX rate for this currency: add it to the FX input")
        }
        let openText = field(fields, cOpen, blanks: blanks)
        if openText.isEmpty { return .rejected(field: "open_amount", reason: "missing open_amount") }
        guard var open = FieldParsers.amount(trimmed: openText, decimal: dialect.decimalSeparator, thousands: dialect.thousandsSeparator) else {
            return .rejected(field: "open_amount", reason: "not a number")
        }
        var amount = open
        let amountText = field(fields, cAmount, blanks: blanks)
        if !amountText.isEmpty {
            guard let a = FieldParsers.amount(trimmed: amountText, decimal: dialect.decimalSeparator, thousands: dialect.thousandsSeparator) else {
                return .rejected(field: "amount", reason: "not a number")
            }
            amount = a
        }
        guard case .valid(let cleared) = Self.optionalDate(field(fields, cCleared, blanks: blanks), dialect.dateFormat, monthStarts) else {
            return .rejected(field: "cleared_date", reason: "not a valid \(dialect.dateFormat.rawValue) date")
        }
        var disputed = false
        if cDisputed >= 0 {
            guard let flag = FieldParsers.flag(trimmed: field(fields, cDisputed, blanks: blanks)) else {
                return .rejected(field: "disputed", reason: "not a yes/no value (true/false, 1/0, yes/no, y/n, x/empty)")
            }
            disputed = flag
        }
        if documentDate > asOf { return .skipped }
        // Credit notes and payments reduce what is owed, whichever sign the export gives them.
        if type == .creditNote || type == .payment {
            open = -abs(open)
            amount = -abs(amount)
        }
        let item = OpenItem(customerIndex: customer, type: type, documentDate: documentDate, dueDate: dueDate,
                            amount: Money(units: amount).converted(at: rate), openAmount: Money(units: open).converted(at: rate),
                            clearedDate: cleared, disputed: disputed)
        return .item(item)
    }

    private enum OptionalDate { case valid(Day?), invalid }

    /// An optional date column: empty is no date, anything else must parse.
    @inline(__always)
    private static func optionalDate(_ text: UnsafeBufferPointer<UInt8>, _ format: DateFormat, _ monthStarts: [Int32]) -> OptionalDate {
        if text.isEmpty { return .valid(nil) }
        guard let day = FieldParsers.date(trimmed: text, format: format, monthStarts: monthStarts) else { return .invalid }
        return .valid(day)
    }

    /// The canonical names and their common spellings, then the file's own `type_values`.
    /// Picked by first letter, so each row compares against one or two spellings. Static: as a method it
    /// was called on a 300-byte copy of the parser, made for every row.
    @inline(__always)
    private static func documentType(_ f: UnsafeBufferPointer<UInt8>, _ typeValues: [String: DocumentType]) -> DocumentType? {
        switch f[0] | 0x20 {
        case UInt8(ascii: "i") where FieldParsers.equalsIgnoringCase(f, "invoice"): return .invoice
        case UInt8(ascii: "d") where FieldParsers.equalsIgnoringCase(f, "debit_note"): return .invoice
        case UInt8(ascii: "p") where FieldParsers.equalsIgnoringCase(f, "payment"): return .payment
        case UInt8(ascii: "b") where FieldParsers.equalsIgnoringCase(f, "balance"): return .balance
        case UInt8(ascii: "c") where FieldParsers.equalsIgnoringCase(f, "credit_note") || FieldParsers.equalsIgnoringCase(f, "creditnote")
                || FieldParsers.equalsIgnoringCase(f, "credit note"):
            return .creditNote
        default:
            if typeValues.isEmpty { return nil }
            return typeValues[String(decoding: f, as: UTF8.self).lowercased()]
        }
    }
}
