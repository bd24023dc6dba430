/// An FX rate: units of the reporting currency for one unit of a currency, held exactly in millionths
/// (six decimals, enough for ECB reference rates and their inverses to the precision they are published).
public struct Rate: Hashable, Sendable, CustomStringConvertible {
    public static let microsScale: Int64 = 1_000_000
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }
    public static let one = Rate(micros: microsScale)

    public var doubleValue: Double { Double(micros) / Double(Rate.microsScale) }
    public var description: String {
        let whole = micros / Rate.microsScale, frac = String(micros % Rate.microsScale)
        return "\(whole)." + String(repeating: "0", count: 6 - frac.count) + frac
    }
}
