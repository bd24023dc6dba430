import CreditCore

/// Readers of the small reference inputs: FX rates, country-risk ratings and customers.
public enum ReferenceTables {
    public static let fxFields = ["currency", "rate"]
    public static let countryRiskFields = ["country", "rating"]
    public static let customerFields = ["customer_id", "name", "country", "industry", "group_id", "credit_limit",
                                        "insured_limit", "limit_currency", "risk_grade", "payment_terms_days"]
    /// A field of the customers input, by its place in `customerFields`.
    enum CustomerField: Int {
        case id, name, country, industry, groupID, creditLimit, insuredLimit, limitCurrency, riskGrade, paymentTermsDays
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

    /// A country as ISO alpha-2, upper case. Alpha-2 text is taken as written (exports use codes such as
    /// `XK` that are not in ISO); alpha-3 must be a known code.
    static func countryCode(_ text: String, _ style: CountryCodeStyle) -> String? {
        switch style {
        case .alpha2: return text.uppercased()
        case .alpha3: return CountryCodes.alpha2(fromAlpha3: text)
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
    public static func readCustomers(_ input: CSVInput, fx: FXTable) throws(IngestError) -> (CustomerBook, RowCounts, [Reject]) {
        // Sized from the file (customer rows are rarely under 48 bytes), so that neither grows and is copied
        // again and again on a large book; pages reserved and not used cost no memory.
        let expected = max(1024, (ByteSource.size(of: input.path) ?? 0) / 48)
        var customers: [Customer] = []
        customers.reserveCapacity(expected)
        var ids = ByteKeyIndex(expected: expected)
        let dialect = input.dialect
        // Each field's column, found once (on the first row) rather than by name for every field of every row:
        // that search was most of the time of reading a large customers file.
        var columns: [Int] = []
        let (counts, rejects) = try CSVTable.read(input, fields: customerFields, required: ["customer_id"]) { row in
            if columns.isEmpty { columns = customerFields.map { row.map.column($0) } }
            func raw(_ k: CustomerField) -> UnsafeBufferPointer<UInt8> { row.map.field(row.fields, columns[k.rawValue]) }
            func isEmpty(_ k: CustomerField) -> Bool { FieldParsers.trimmed(raw(k)).isEmpty }
            func optionalText(_ k: CustomerField) -> String? { isEmpty(k) ? nil : FieldParsers.text(raw(k)) }
            func reject(_ k: CustomerField, _ reason: String) -> Reject { row.reject(customerFields[k.rawValue], reason) }
            let id = FieldParsers.trimmed(raw(.id))
            if id.isEmpty { return reject(.id, "missing customer_id") }
            var limits: (Money?, Money?) = (nil, nil)
            for field in [CustomerField.creditLimit, .insuredLimit] {
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
            let limitCurrency = optionalText(.limitCurrency)?.uppercased()
            if let limitCurrency, FieldParsers.currencyCode(limitCurrency) == nil {
                return reject(.limitCurrency, "not a three-letter ISO 4217 currency code")
            }
            var country: String?
            if let text = optionalText(.country) {
                guard let code = countryCode(text, input.countryCodes) else {
                    return reject(.country, "not an ISO 3166-1 \(input.countryCodes.rawValue) country code")
                }
                country = code
            }
            guard ids.insert(id) else { return reject(.id, "repeated customer_id: the first row is used") }
            var customer = Customer(id: FieldParsers.text(id), name: FieldParsers.text(raw(.name)),
                                    country: country, industry: optionalText(.industry),
                                    groupID: optionalText(.groupID), limitCurrency: limitCurrency,
                                    riskGrade: optionalText(.riskGrade), paymentTermsDays: terms)
            if let currency = limitCurrency, limits.0 != nil || limits.1 != nil, fx.rate(for: currency) == nil {
                customer.limitNote = "limit currency \(currency) has no FX rate: treated as no limit"
            } else {
                let rate = limitCurrency.flatMap { fx.rate(for: $0) } ?? .one
                customer.creditLimit = limits.0?.converted(at: rate)
                customer.insuredLimit = limits.1?.converted(at: rate)
            }
            customers.append(customer)
            return nil
        }
        return (CustomerBook(customers: customers, index: ids), counts, rejects)
    }
}

/// The customers, with a byte-level index from customer id to position for the items' hot path.
public struct CustomerBook: Sendable {
    public private(set) var customers: [Customer]
    private(set) var index: ByteKeyIndex
    /// Whether each customer has credit insurance (an insured limit above 0).
    private(set) var insured: [Bool]

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
        self.insured = customers.map { ($0.insuredLimit ?? .zero).isPositive }
    }

    /// For tests and callers that build customers in code.
    public init(customers: [Customer]) {
        var index = ByteKeyIndex(expected: customers.count)
        for c in customers { _ = index.insert(c.id) }
        self.insured = customers.map { ($0.insuredLimit ?? .zero).isPositive }
        self.customers = customers
        self.index = index
    }
}
