/// A country-risk rating scale: grades from best to worst, and where high risk starts.
public struct RatingScale: Sendable, Equatable {
    public var name: String
    public var grades: [String]
    public var highRiskFrom: String

    public init(name: String, grades: [String], highRiskFrom: String) {
        self.name = name
        self.grades = grades
        self.highRiskFrom = highRiskFrom
    }

    /// The OECD country risk classification, 0 (best) to 7.
    public static let oecd = RatingScale(name: "OECD", grades: (0...7).map(String.init), highRiskFrom: "5")

    public func position(of grade: String) -> Int? { grades.firstIndex(of: grade) }
    public func isHighRisk(_ grade: String) -> Bool {
        guard let p = position(of: grade), let h = position(of: highRiskFrom) else { return false }
        return p >= h
    }
}

/// Exposure by the country-risk grade of each customer's country (METRICS.md: Country-risk overlay).
public struct CountryRiskOverlay: Sendable, Equatable {
    public struct GradeLine: Sendable, Equatable {
        public var grade: String
        public var exposure: Money
        /// Of total exposure E, unrated included.
        public var share: Double?
    }
    public static let unrated = "unrated"

    public var scale: RatingScale
    /// Every grade of the scale in order, then `unrated`.
    public var byGrade: [GradeLine]
    public var highRiskExposure: Money
    /// ISO codes of countries with exposure and no rating (or one off the scale), sorted.
    public var unratedCountries: [String]

    /// The grade a customer falls in: its country's rating when on the scale, else `unrated`.
    public static func grade(of customer: Customer, ratings: [String: String], scale: RatingScale) -> String {
        guard let country = customer.country, let rating = ratings[country], scale.position(of: rating) != nil else { return unrated }
        return rating
    }

    public init(positions: [CustomerPosition], ratings: [String: String], scale: RatingScale = .oecd) {
        self.scale = scale
        var sums: [String: Money] = [:]
        var unratedSet: Set<String> = []
        var total = Money.zero, high = Money.zero
        for p in positions where p.exposure.isPositive {
            let grade = CountryRiskOverlay.grade(of: p.customer, ratings: ratings, scale: scale)
            sums[grade, default: .zero] += p.exposure
            total += p.exposure
            if grade == CountryRiskOverlay.unrated {
                unratedSet.insert(p.customer.country ?? Concentration.noneKey)
            } else if scale.isHighRisk(grade) {
                high += p.exposure
            }
        }
        byGrade = (scale.grades + [CountryRiskOverlay.unrated]).map { g in
            let x = sums[g] ?? .zero
            return GradeLine(grade: g, exposure: x, share: total.isPositive ? x.doubleValue / total.doubleValue : nil)
        }
        highRiskExposure = high
        unratedCountries = unratedSet.sorted()
    }
}
