import CreditCore
import Foundation

/// The headline figures of an earlier run, read from its `metrics.json`, so that the summary can say what
/// changed since then (`--previous last-week/metrics.json`).
public struct PreviousReport: Sendable, Equatable {
    public var asOf: Day
    public var currency: String
    public var netAR: Money
    public var grossAR: Money
    public var overdue: Money
    public var protractedDefault: Money
    public var ecl: Money?
    public var uninsured: Money?
    /// Watchlist points, and of them those for being over the credit limit.
    public var watchlistPoints: Int?
    public var overLimit: Int?

    public struct ReadError: Error, Sendable { public var message: String }

    /// Reads the head of the document only: the two long lists (insurer deadlines, customers) come last in
    /// files this tool writes and are not needed.
    public static func read(path: String) throws(ReadError) -> PreviousReport {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReadError(message: "cannot open the file") }
        defer { try? handle.close() }
        var data = Data()
        let marker = Data(",\n  \"insurer_deadlines\":".utf8)
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty else { break }
            data.append(chunk)
            if let r = data.range(of: marker) {
                data = data.subdata(in: 0..<r.lowerBound) + Data("\n}".utf8)
                break
            }
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ReadError(message: "not a metrics.json written by creditreport")
        }
        guard (object["schema"] as? String) == MetricsDocument.schema, let asOfText = object["as_of"] as? String,
              let asOf = Day(iso: asOfText), let portfolio = object["portfolio"] as? [String: Any] else {
            throw ReadError(message: "not a metrics.json written by creditreport (schema \(MetricsDocument.schema))")
        }
        func money(_ key: String) -> Money? {
            guard let n = portfolio[key] as? NSNumber else { return nil }
            return Money(rounding: n.doubleValue)
        }
        guard let net = money("net_ar"), let gross = money("gross_ar"), let overdue = money("overdue"),
              let protracted = money("protracted_default") else {
            throw ReadError(message: "the file lacks portfolio.net_ar, gross_ar, overdue or protracted_default")
        }
        var report = PreviousReport(asOf: asOf, currency: object["reporting_currency"] as? String ?? "", netAR: net, grossAR: gross,
                                    overdue: overdue, protractedDefault: protracted, ecl: money("ecl"), uninsured: money("uninsured_exposure"))
        if let entries = object["watchlist"] as? [[String: Any]] {
            report.watchlistPoints = entries.count
            report.overLimit = entries.filter { ($0["rule"] as? String) == "over_limit" }.count
        }
        return report
    }
}
