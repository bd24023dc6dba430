import CreditCore

/// ECB euro foreign exchange reference rates (`eurofxref-daily.xml`, `eurofxref-hist-90d.xml`,
/// `eurofxref-hist.xml`): `<Cube time="…"><Cube currency="USD" rate="1.0565"/>…</Cube>`, units of the
/// currency per euro. The day used is the latest on or before the as-of date; a reporting currency other
/// than EUR is reached by crossing through the euro: rate(C) = rate per EUR of the reporting currency ÷ rate
/// per EUR of C, rounded half up to the six decimals of `Rate`.
enum ECBRates {
    static let day = 0, rate = 1
    static let spec: [XMLRecordSpec] = [
        XMLRecordSpec(anchor: .path([XMLName("Envelope"), XMLName("Cube"), XMLName("Cube")]),
                      fields: [.init(path: [], attribute: XMLName("time"))]),
        XMLRecordSpec(anchor: .path([XMLName("Envelope"), XMLName("Cube"), XMLName("Cube"), XMLName("Cube")]),
                      fields: [.init(path: [], attribute: XMLName("currency")), .init(path: [], attribute: XMLName("rate"))]),
    ]

    /// Units of the reporting currency per unit of a currency, from both currencies' rates per euro (read
    /// with `FieldParsers.rate`: exact in millionths, as ECB rates have at most 5 decimals):
    /// r / c, to millionths, half up.
    static func cross(reportingPerEuro r: Rate, currencyPerEuro c: Rate) -> Rate {
        let numerator = Int128(r.micros) * Int128(Rate.microsScale)
        let denominator = Int128(c.micros)
        return Rate(micros: Int64(clamping: (numerator * 2 + denominator) / (denominator * 2)))
    }

    struct Result {
        var table: FXTable
        var counts: RowCounts
        var rejects: [Reject]
        /// The ECB day the rates are from.
        var day: Day
    }

    static func read(_ input: XMLInput, reportingCurrency: String, asOf: Day) throws(IngestError) -> Result {
        var best: (day: Day, rates: [(String, String, Int)])? = nil
        var current: [(String, String, Int)] = []
        var counts = RowCounts()
        var rejects: [Reject] = []
        try XMLItemPosting.reading(input.name) {
            let reader = try XMLRecordReader(path: input.path, spec: spec)
            try reader.read { record in
                if record.kind == rate {
                    current.append((record.text(0), record.text(1), record.line))
                    return
                }
                counts.read += current.count
                let time = record.text(0)
                if let d = Day(iso: time), d <= asOf, best == nil || d > best!.day {
                    if let b = best { counts.skipped += b.rates.count }
                    best = (d, current)
                } else {
                    counts.skipped += current.count
                }
                current.removeAll(keepingCapacity: true)
            }
        }
        guard let best else {
            throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name),
                "the ECB file has no rates on or before the as-of date \(asOf)", hint: "use a file that covers the as-of date (eurofxref-hist-90d.xml or eurofxref-hist.xml)"))
        }
        let reporting = reportingCurrency.uppercased()
        var perEuro: [String: Rate] = ["EUR": .one]
        var lines: [String: Int] = [:]
        for (currency, text, line) in best.rates {
            let code = currency.uppercased()
            guard FieldParsers.currencyCode(code) != nil else {
                counts.rejected += 1
                rejects.append(Reject(file: input.name, line: line, column: nil, field: "currency", value: currency,
                                      reason: "not a three-letter ISO 4217 currency code", elementPath: "/gesmes:Envelope/Cube/Cube/Cube/@currency"))
                continue
            }
            guard let d = Array(text.utf8).withUnsafeBufferPointer({ FieldParsers.rate($0, decimal: UInt8(ascii: ".")) }) else {
                counts.rejected += 1
                rejects.append(Reject(file: input.name, line: line, column: nil, field: "rate", value: text,
                                      reason: "not a positive number", elementPath: "/gesmes:Envelope/Cube/Cube/Cube/@rate"))
                continue
            }
            perEuro[code] = d
            lines[code] = line
            counts.used += 1
        }
        guard let r = perEuro[reporting] else {
            throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name),
                "the ECB rates of \(best.day) have no rate for the reporting currency \(reporting)",
                hint: "use an FX file with a rate for \(reporting), or report in a currency the ECB publishes"))
        }
        var table = FXTable(reportingCurrency: reporting)
        for (code, c) in perEuro.sorted(by: { $0.key < $1.key }) where code != reporting {
            table.set(code, cross(reportingPerEuro: r, currencyPerEuro: c))
        }
        return Result(table: table, counts: counts, rejects: rejects, day: best.day)
    }
}

extension ReferenceTables {
    /// FX rates from a CSV table or from an ECB reference-rate file (the day on or before `asOf`).
    public static func readFX(_ source: InputSource, reportingCurrency: String, asOf: Day) throws(IngestError) -> (FXTable, RowCounts, [Reject]) {
        switch source {
        case .csv(let input):
            return try readFX(input, reportingCurrency: reportingCurrency)
        case .xml(let input):
            if let f = input.format, f != .ecb {
                throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name),
                    "an FX input in XML must be ECB reference rates", hint: "set format: ecb, or give a CSV with currency and rate"))
            }
            let r = try ECBRates.read(input, reportingCurrency: reportingCurrency, asOf: asOf)
            return (r.table, r.counts, r.rejects)
        }
    }
}
