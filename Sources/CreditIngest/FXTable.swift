import CreditCore

/// FX rates into the reporting currency, looked up by a packed three-letter code.
public struct FXTable: Sendable, Equatable {
    public let reportingCurrency: String
    private var codes: [UInt32] = []
    private var rates: [Rate] = []
    /// Currency code → rate, for reports.
    public private(set) var table: [String: Rate] = [:]

    public init(reportingCurrency: String) {
        self.reportingCurrency = reportingCurrency.uppercased()
        _ = set(self.reportingCurrency, .one)
    }

    /// Sets a currency's rate; false when the currency code is not three letters.
    @discardableResult
    public mutating func set(_ currency: String, _ rate: Rate) -> Bool {
        let currency = currency.uppercased()
        guard let code = FieldParsers.currencyCode(currency) else { return false }
        if let i = codes.firstIndex(of: code) { rates[i] = rate } else {
            codes.append(code)
            rates.append(rate)
        }
        table[currency] = rate
        return true
    }

    public func rate(for currency: String) -> Rate? { table[currency.uppercased()] }

    @inline(__always)
    func rate(code: UInt32) -> Rate? {
        // A handful of currencies: a linear scan beats hashing.
        var i = 0
        while i < codes.count {
            if codes[i] == code { return rates[i] }
            i += 1
        }
        return nil
    }
}
