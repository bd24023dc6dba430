import CreditCore

/// FX rates into the reporting currency, looked up by a packed three-letter code.
public struct FXTable: Sendable, Equatable {
    public let reportingCurrency: String
    private var codes: [UInt32] = []
    private var rates: [Rate] = []
    /// The same codes and rates by a hash of the code (0: no code), so that a row's rate is one compare
    /// that nearly always holds: the scan over a ledger's currencies, in random order, was a mispredicted
    /// branch or two per row (a tenth of parsing one). A code whose slot is taken is found by the scan.
    private var slotCodes = [UInt32](repeating: 0, count: FXTable.slots)
    private var slotRates = [Rate](repeating: .one, count: FXTable.slots)
    private static let slots = 1024

    @inline(__always)
    private static func slot(_ code: UInt32) -> Int { Int((code &* 0x9E37_79B1) >> 22) }
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
        let k = FXTable.slot(code)
        if slotCodes[k] == 0 || slotCodes[k] == code {
            slotCodes[k] = code
            slotRates[k] = rate
        }
        table[currency] = rate
        return true
    }

    public func rate(for currency: String) -> Rate? { table[currency.uppercased()] }

    @inline(__always)
    func rate(code: UInt32) -> Rate? {
        let k = FXTable.slot(code)
        if slotCodes[k] == code && code != 0 { return slotRates[k] }
        // A code whose slot another took, or one without a rate.
        var i = 0
        while i < codes.count {
            if codes[i] == code { return rates[i] }
            i += 1
        }
        return nil
    }
}
