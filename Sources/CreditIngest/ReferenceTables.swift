import CPrefetch
import CreditCore
import Dispatch

/// Readers of the small reference inputs: FX rates, country-risk ratings and customers.
public enum ReferenceTables {
    public static let fxFields = ["currency", "rate"]
    public static let countryRiskFields = ["country", "rating"]
    public static let customerFields = ["customer_id", "name", "country", "industry", "group_id", "credit_limit",
                                        "insured_limit", "limit_currency", "risk_grade", "payment_terms_days"]
    /// A field of the customers input, by its place in `customerFields`.
    enum CustomerField: Int {
        case id, name, country, industry, groupID, creditLimit, insuredLimit, limitCurrency, riskGrade, paymentTermsDays
        /// The two limits, in the order they are checked (a list made once, not per row).
        static let limits: [CustomerField] = [.creditLimit, .insuredLimit]
    }

    /// FX rates into `reportingCurrency` (units of it per one unit of the row's currency).
    public static func readFX(_ input: CSVInput, reportingCurrency: String) throws(IngestError) -> (FXTable, RowCounts, [Reject]) {
        var table = FXTable(reportingCurrency: reportingCurrency)
        var seen: Set<String> = []
        let (counts, rejects) = try CSVTable.read(input, fields: fxFields, required: ["currency", "rate"]) { row in
            if row.isEmpty("currency") { return row.reject("currency", "missing currency") }
            let currency = row.text("currency").uppercased()
            guard FieldParsers.currencyCode(row.raw("currency")) != nil else {
                return row.reject("currency", "not a three-letter ISO 4217 currency code")
            }
            if row.isEmpty("rate") { return row.reject("rate", "missing rate") }
            guard let rate = FieldParsers.rate(row.raw("rate"), decimal: input.dialect.decimalSeparator) else {
                return row.reject("rate", "not a positive number")
            }
            if currency == table.reportingCurrency && rate != .one {
                return row.reject("rate", "the reporting currency \(currency) has rate 1 by definition")
            }
            guard seen.insert(currency).inserted else { return row.reject("currency", "repeated currency: the first rate is used") }
            table.set(currency, rate)
            return nil
        }
        return (table, counts, rejects)
    }

    /// A country as ISO alpha-2, upper case. Alpha-2 text is any two letters (exports use codes such as
    /// `XK` that are not in ISO), upper-cased; alpha-3 must be a known code.
    static func countryCode(_ text: String, _ style: CountryCodeStyle) -> String? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { countryCode(UnsafeBufferPointer($0), style) }
    }

    /// `countryCode` of a field's bytes (trimmed): two letters are upper-cased in place, with no `String`
    /// made on the way (the `String` version was a twelfth of reading a customer).
    static func countryCode(_ bytes: UnsafeBufferPointer<UInt8>, _ style: CountryCodeStyle) -> String? {
        switch style {
        case .alpha2:
            // Two letters, upper-cased: "Germany" was taken as a country "GERMANY", unrated and unmatched.
            guard bytes.count == 2, bytes.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) else { return nil }
            return String(unsafeUninitializedCapacity: 2) { out in
                out[0] = bytes[0] & ~0x20
                out[1] = bytes[1] & ~0x20
                return 2
            }
        case .alpha3: return CountryCodes.alpha2(fromAlpha3: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Country → rating grade, countries upper-cased.
    public static func readCountryRisk(_ input: CSVInput) throws(IngestError) -> ([String: String], RowCounts, [Reject]) {
        var ratings: [String: String] = [:]
        var notRated: Set<String> = []
        let (counts, rejects) = try CSVTable.read(input, fields: countryRiskFields, required: ["country", "rating"]) { row in
            if row.isEmpty("country") { return row.reject("country", "missing country") }
            if row.isEmpty("rating") { return row.reject("rating", "missing rating") }
            guard let country = countryCode(row.text("country"), input.countryCodes) else {
                return row.reject("country", "not an ISO 3166-1 \(input.countryCodes.rawValue) country code")
            }
            guard ratings[country] == nil, !notRated.contains(country) else {
                return row.reject("country", "repeated country: the first rating is used")
            }
            let rating = row.text("rating")
            // Not classified is not a grade: the country stays unrated (and is listed as such).
            if input.notRated.contains(rating) { notRated.insert(country); return nil }
            ratings[country] = rating
            return nil
        }
        return (ratings, counts, rejects)
    }

    /// Customers with limits converted to the reporting currency. A limit whose currency has no rate is
    /// dropped with a note on the customer (the customer and its items are kept).
    ///
    /// A large UTF-8 file is read in two halves at once, cut at a line break; the halves' customers are then
    /// taken in file order, so that a repeated id is rejected where reading from the top would reject it.
    public static func readCustomers(_ input: CSVInput, fx: FXTable, workers: Int = ItemPosting.defaultWorkers,
                                     splitThreshold: Int = 4 << 20) throws(IngestError) -> (CustomerBook, RowCounts, [Reject]) {
        let size = ByteSource.size(of: input.path) ?? 0
        // Sized from the file (customer rows are rarely under 48 bytes), so that neither grows and is copied
        // again and again on a large book; pages reserved and not used cost no memory.
        let expected = max(1024, size / 48)
        var customers: [Customer] = []
        customers.reserveCapacity(expected)
        // Made below, as the file is read: numbered from the start, or hashed for `expected` keys.
        var ids = ByteKeyIndex(expected: 0)
        var counts = RowCounts(), rejects: [Reject] = []
        /// Takes a row's outcome in file order: a customer is used unless its id came before.
        /// `lines`: lines above the part the row came from (its line is counted within the part).
        func take(_ outcome: consuming CustomerRow, lines: Int = 0) {
            counts.read += 1
            switch consume outcome {
            case .reject(var r):
                counts.rejected += 1
                r.line += lines
                rejects.append(r)
            case .customer(let customer, let line, let column, let idHash):
                guard ids.insert(customer.id, hash: idHash) else {
                    counts.rejected += 1
                    rejects.append(Reject(file: input.name, line: line + lines, column: column, field: "customer_id", value: customer.id,
                                          reason: "repeated customer_id: the first row is used"))
                    return
                }
                counts.used += 1
                customers.append(customer)
            }
        }
        if workers >= 2 && size >= splitThreshold && input.dialect.encoding == .utf8,
           var halves = try readCustomerHalves(input, fx: fx, size: size) {
            // Ids of one shape are numbered before they go in, so that each goes in by its number: inserted by
            // hash, one after the other on one core, they were most of this step's serial part.
            ids = IDNumbers.index(halves.first.numbers, halves.second.numbers) ?? ByteKeyIndex(expected: expected)
            // The id slot of the row 8 ahead is fetched meanwhile: each insertion is otherwise a cache miss
            // in a table of 8 MB (insertions were the largest single cost of this loop in `perf`); its hash is
            // kept beside the rows, as reading it out of the row ahead copied that row.
            // Each row is moved out of its half as it is taken (the halves come reversed, and are popped from the
            // end): taken as a copy, every customer's strings were retained for it and released again with the half.
            func takeAll(_ half: inout CustomerHalf, lines: Int) {
                while let row = half.rows.popLast() {
                    half.hashes.removeLast()
                    // (Numbered, the table is small and a hash is not where a key goes: nothing to fetch.)
                    if half.hashes.count > 8 && !ids.isNumbered { ids.prefetchInPlace(probe: half.hashes[half.hashes.count - 9]) }
                    take(row, lines: lines)
                }
            }
            // Popped where they lie, in `halves` itself: copies bound from it would share its storage, and the
            // first pop from each would copy that half whole.
            takeAll(&halves.first, lines: 0)
            takeAll(&halves.second, lines: halves.linesOfFirst)
        } else {
            ids = ByteKeyIndex(expected: expected)
            var (reader, map) = try CSVTable.open(input, fields: customerFields, required: ["customer_id"])
            defer { reader.close() }
            let columns = customerFields.map { map.column($0) }
            do {
                while try reader.next() { take(customerRow(reader, map: map, columns: columns, input: input, fx: fx)) }
            } catch {
                throw IngestError.from(error, name: input.name)
            }
        }
        ids.settle()
        return (CustomerBook(customers: customers, index: ids), counts, rejects)
    }

    /// What one row of the customers input gives, before its id is checked against the rows above it.
    enum CustomerRow {
        /// `idHash`: `ByteKeyIndex.hash` of the id, made on the core that read the row.
        case customer(Customer, line: Int, column: Int?, idHash: UInt64)
        case reject(Reject)
    }

    /// One half of a customers file: each row's outcome, last row first, and beside each the hash of its
    /// customer id (0 for a rejected row); and whether its customers' ids are numbered (`NumberedKeys`).
    struct CustomerHalf {
        var rows: [CustomerRow] = []
        var hashes: [UInt64] = []
        var numbers = IDNumbers()
    }

    /// The shape of the first customer id of a part of the file, and the range of the numbers of its ids
    /// while all have that shape: the two halves' together tell whether the book's ids can be numbered before
    /// they are inserted (`ByteKeyIndex(numbered:…)`).
    struct IDNumbers {
        private(set) var shape: NumberedKeys.Shape?
        /// `count`: ids noted, a repeated one each time (the spread limit is a little looser for a file with
        /// repeats than it is after the fact in `settle()`; either way gives the same answers).
        private(set) var lowest = Int.max, highest = Int.min, count = 0
        /// False once an id has no number, or not the first one's shape.
        private(set) var fit = true

        mutating func note(_ id: UnsafeBufferPointer<UInt8>) {
            guard fit else { return }
            if shape == nil { shape = NumberedKeys.Shape(of: id) }
            guard let n = shape?.number(id) else { fit = false; return }
            lowest = min(lowest, n)
            highest = max(highest, n)
            count += 1
        }

        /// An index numbered for the ids of both parts, when all have one shape; nil otherwise.
        static func index(_ a: IDNumbers, _ b: IDNumbers) -> ByteKeyIndex? {
            guard a.fit, b.fit, let shape = a.shape ?? b.shape, a.shape == nil || b.shape == nil || a.shape == b.shape else { return nil }
            return ByteKeyIndex(numbered: shape, lowest: min(a.lowest, b.lowest), highest: max(a.highest, b.highest), count: a.count + b.count)
        }
    }

    /// The two halves of a customers file, read at once, and the lines the first covers (the second's rows
    /// count their lines from its start: shifted when taken, not rewritten, which copied every customer of
    /// the second half); nil when the cut fell inside a quoted field (the file is then read from the top).
    static func readCustomerHalves(_ input: CSVInput, fx: FXTable, size: Int) throws(IngestError)
        -> (first: CustomerHalf, second: CustomerHalf, linesOfFirst: Int)? {
        let (header, map) = try CSVTable.open(input, fields: customerFields, required: ["customer_id"])
        let delimiter = header.delimiter
        header.close()
        guard let cut = ItemPosting.lineStart(after: size / 2, in: input.path), cut < size else { return nil }
        let columns = customerFields.map { map.column($0) }
        struct Half { var rows = CustomerHalf(); var end = 0; var lines = 0 }
        let halves = ChunkSlots<Half>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            halves.set(k, Outcome(file: input.name) {
                var half = Half()
                var reader = try CSVRecordReader(source: ByteSource(path: input.path, offset: k == 0 ? 0 : cut, encoding: .utf8),
                                                 delimiter: delimiter, skipBOM: k == 0)
                defer { reader.close() }
                if k == 0 { _ = try reader.next() }   // the header
                let until = k == 0 ? cut : Int.max
                half.rows.rows.reserveCapacity(size / 2 / 48)
                half.rows.hashes.reserveCapacity(size / 2 / 48)
                while try reader.next() {
                    if reader.recordOffset >= until { break }
                    let row = customerRow(reader, map: map, columns: columns, input: input, fx: fx)
                    if case .customer(_, _, _, let hash) = row {
                        half.rows.hashes.append(hash)
                        half.rows.numbers.note(FieldParsers.trimmed(map.field(reader.fields, columns[CustomerField.id.rawValue])))
                    } else {
                        half.rows.hashes.append(0)
                    }
                    half.rows.rows.append(row)
                }
                // Reversed here, on the core that read them, and through a buffer, so that rows are moved, not
                // copied: Array's own `reverse()` swapped each customer by copying it, retaining and releasing
                // its strings (13 ms in `perf`, after both halves were read).
                half.rows.rows.withUnsafeMutableBufferPointer { $0.reverse() }
                half.rows.hashes.reverse()
                // Where the first half stopped, and the lines it covered (up to the line the second starts on).
                half.end = reader.recordOffset
                half.lines = reader.line - 1
                return half
            })
        }
        var first = try halves.take(0)!.get()
        var second = try halves.take(1)!.get()
        // A quoted line break at the cut: the halves do not meet.
        guard first.end == cut else { return nil }
        defer { first.rows = CustomerHalf(); second.rows = CustomerHalf() }
        return (first.rows, second.rows, first.lines)
    }

    /// One customers row: a customer, or the reason it cannot be used.
    static func customerRow(_ reader: CSVRecordReader, map: ColumnMap, columns: [Int], input: CSVInput, fx: FXTable) -> CustomerRow {
        let dialect = input.dialect
        if reader.unterminatedQuote {
            return .reject(Reject(file: input.name, line: reader.line, column: nil, field: "", value: "", reason: CSVTable.unterminatedQuoteReason))
        }
        // The row's fields read straight from the reader; a `CSVTable.Row`, which holds a copy of the input's
        // settings (retained and released for every row), is made only for a rejected one.
        let fields = reader.fields
        func raw(_ k: CustomerField) -> UnsafeBufferPointer<UInt8> { map.field(fields, columns[k.rawValue]) }
        func isEmpty(_ k: CustomerField) -> Bool { FieldParsers.trimmed(raw(k)).isEmpty }
        func optionalText(_ k: CustomerField) -> String? { isEmpty(k) ? nil : FieldParsers.text(raw(k)) }
        func reject(_ k: CustomerField, _ reason: String) -> CustomerRow {
            .reject(CSVTable.Row(fields: fields, line: reader.line, map: map, input: input).reject(customerFields[k.rawValue], reason))
        }
        let id = FieldParsers.trimmed(raw(.id))
        if id.isEmpty { return reject(.id, "missing customer_id") }
        var limits: (Money?, Money?) = (nil, nil)
        for field in CustomerField.limits {
            if isEmpty(field) { continue }
            guard let units = FieldParsers.amount(raw(field), decimal: dialect.decimalSeparator,
                                                  thousands: dialect.thousandsSeparator) else {
                return reject(field, "not a number")
            }
            if units < 0 { return reject(field, "a limit cannot be negative") }
            if field == .creditLimit { limits.0 = Money(units: units) } else { limits.1 = Money(units: units) }
        }
        var terms: Int?
        if !isEmpty(.paymentTermsDays) {
            guard let days = FieldParsers.integer(raw(.paymentTermsDays)) else {
                return reject(.paymentTermsDays, "not a whole number of days")
            }
            terms = days
        }
        // The limit currency as its code, read from the bytes (upper-casing a `String` and looking it up by
        // text, twice, was a seventh of reading a customer).
        var limitCurrency: String?, limitCode: UInt32 = 0
        if !isEmpty(.limitCurrency) {
            guard let code = FieldParsers.currencyCode(raw(.limitCurrency)) else {
                return reject(.limitCurrency, "not a three-letter ISO 4217 currency code")
            }
            limitCode = code
            limitCurrency = FieldParsers.currencyText(code)
        }
        var country: String?
        if !isEmpty(.country) {
            guard let code = countryCode(FieldParsers.trimmed(raw(.country)), input.countryCodes) else {
                return reject(.country, "not an ISO 3166-1 \(input.countryCodes.rawValue) country code")
            }
            country = code
        }
        var customer = Customer(id: FieldParsers.text(id), name: FieldParsers.text(raw(.name)),
                                country: country, industry: optionalText(.industry),
                                groupID: optionalText(.groupID), limitCurrency: limitCurrency,
                                riskGrade: optionalText(.riskGrade), paymentTermsDays: terms)
        let limitRate = limitCode == 0 ? Rate.one : fx.rate(code: limitCode)
        if let currency = limitCurrency, limits.0 != nil || limits.1 != nil, limitRate == nil {
            customer.limitNote = "limit currency \(currency) has no FX rate: treated as no limit"
        } else {
            let rate = limitRate ?? .one
            customer.creditLimit = limits.0?.converted(at: rate)
            customer.insuredLimit = limits.1?.converted(at: rate)
        }
        let c = columns[CustomerField.id.rawValue]
        // The id's hash made first, so that the customer is moved into the row, not copied (its texts retained
        // and released) because its id was read after.
        let idHash = ByteKeyIndex.hash(customer.id)
        return .customer(customer, line: reader.line, column: c >= 0 ? c + 1 : nil, idHash: idHash)
    }
}

/// The customers, with a byte-level index from customer id to position for the items' hot path.
public struct CustomerBook: Sendable {
    public private(set) var customers: [Customer]
    private(set) var index: ByteKeyIndex
    /// Whether each customer has credit insurance (an insured limit above 0).
    private(set) var insured: [Bool]

    /// How many customers are insured.
    var insuredCount: Int { insured.reduce(0) { $1 ? $0 + 1 : $0 } }

    /// Starts loading whether customer `c` is insured, a few items before posting asks.
    @inline(__always)
    func prefetchInsured(_ c: Int32) {
        let k = Int(c)
        guard k >= 0 && k < insured.count else { return }
        insured.withUnsafeBufferPointer { creditreport_prefetch($0.baseAddress! + k) }
    }

    /// Adds a customer an XML input names that the customers input does not list (no limit, no cover).
    mutating func add(_ party: XMLParty) {
        guard index.insert(party.id) else { return }
        customers.append(Customer(id: party.id, name: party.name, country: party.country, paymentTermsDays: party.paymentTermsDays))
        insured.append(false)
    }

    /// Takes back the customer added last (its document could not be used after all).
    mutating func removeLast() {
        index.removeLast()
        customers.removeLast()
        insured.removeLast()
    }

    init(customers: [Customer], index: ByteKeyIndex) {
        self.customers = customers
        self.index = index
        self.insured = CustomerBook.insured(customers)
    }

    /// Whether each customer has an insured limit above 0, read field by field (mapped over the customers, each
    /// was copied, its strings retained and released).
    static func insured(_ customers: [Customer]) -> [Bool] {
        var insured = [Bool](repeating: false, count: customers.count)
        for c in customers.indices { insured[c] = (customers[c].insuredLimit ?? .zero).isPositive }
        return insured
    }

    /// For tests and callers that build customers in code.
    public init(customers: [Customer]) {
        var index = ByteKeyIndex(expected: customers.count)
        for c in customers { _ = index.insert(c.id) }
        index.settle()
        self.insured = CustomerBook.insured(customers)
        self.customers = customers
        self.index = index
    }
}
