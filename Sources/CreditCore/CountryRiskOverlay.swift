/// A country-risk rating scale as data: grades from best to worst, where high risk starts, and per grade
/// a numeric score and an ECL multiplier (docs/analytics.md: Country-risk overlay).
public struct RatingScale: Sendable, Equatable {
    public var name: String
    public var grades: [String]
    public var highRiskFrom: String
    /// ECL multiplier per grade; a grade without one has 1.
    public var eclMultiplier: [String: Double]
    /// Score per grade; a grade without one scores its position (0 for the best).
    public var scores: [String: Double]

    public init(name: String, grades: [String], highRiskFrom: String, eclMultiplier: [String: Double] = [:],
                scores: [String: Double] = [:]) {
        self.name = name
        self.grades = grades
        self.highRiskFrom = highRiskFrom
        self.eclMultiplier = eclMultiplier
        self.scores = scores
    }

    /// The OECD country risk classification, 0 (best) to 7, with the multipliers DESIGN.md shows.
    public static let oecd = RatingScale(
        name: "OECD", grades: (0...7).map(String.init), highRiskFrom: "5",
        eclMultiplier: ["0": 1.0, "1": 1.0, "2": 1.1, "3": 1.2, "4": 1.4, "5": 1.7, "6": 2.0, "7": 2.5])

    public func position(of grade: String) -> Int? { grades.firstIndex(of: grade) }
    public func isHighRisk(_ grade: String) -> Bool {
        guard let p = position(of: grade), let h = position(of: highRiskFrom) else { return false }
        return p >= h
    }
    /// 1 for unrated or a grade without a configured multiplier.
    public func multiplier(of grade: String) -> Double { eclMultiplier[grade] ?? 1 }
    public func score(of grade: String) -> Double? {
        guard let p = position(of: grade) else { return nil }
        return scores[grade] ?? Double(p)
    }
    /// `grade` moved `notches` toward the worst grade (at most the worst); nil when not on the scale.
    public func downgrade(_ grade: String, by notches: Int) -> String? {
        guard let p = position(of: grade) else { return nil }
        return grades[min(grades.count - 1, max(0, p + notches))]
    }
}

/// Exposure by the country-risk grade of each customer's country (METRICS.md: Country-risk overlay;
/// docs/analytics.md).
public struct CountryRiskOverlay: Sendable, Equatable {
    public struct GradeLine: Sendable, Equatable {
        public var grade: String
        public var exposure: Money
        /// Of total exposure E, unrated included.
        public var share: Double?
    }
    public struct CountryLine: Sendable, Equatable {
        public var country: String
        /// `unrated` when the country has no rating on the scale.
        public var grade: String
        public var exposure: Money
        public var share: Double?
        public var highRisk: Bool
    }
    public static let unrated = "unrated"

    public var scale: RatingScale
    /// Every grade of the scale in order, then `unrated`.
    public var byGrade: [GradeLine]
    /// Countries with exposure, largest first (ties by code).
    public var byCountry: [CountryLine]
    public var highRiskExposure: Money
    public var unratedExposure: Money
    /// Exposure-weighted average score over rated exposure; nil when none is rated.
    public var averageScore: Double?
    /// ISO codes of countries with exposure and no rating (or one off the scale), sorted.
    public var unratedCountries: [String]

    /// The grade a customer falls in: its country's rating when on the scale, else `unrated`.
    public static func grade(of customer: Customer, ratings: [String: String], scale: RatingScale) -> String {
        guard let country = customer.country, let rating = ratings[country], scale.position(of: rating) != nil else { return unrated }
        return rating
    }

    /// `grade(of:)` of every customer, worked out once per country and read field by field (mapped over the
    /// customers, each was copied, retaining and releasing its texts; and each took a hash look-up and a scan of
    /// the scale).
    static func grades(of customers: [Customer], ratings: [String: String], scale: RatingScale) -> [String] {
        var gradeOfCountry: [String?: String] = [:]
        return customers.withUnsafeBufferPointer { all in
            all.indices.map { c in
                let country = all[c].country
                if let grade = gradeOfCountry[country] { return grade }
                let grade = grade(of: all[c], ratings: ratings, scale: scale)
                gradeOfCountry[country] = grade
                return grade
            }
        }
    }

    public init(positions: [CustomerPosition], ratings: [String: String], scale: RatingScale = .oecd) {
        self.scale = scale
        var sums: [String: Money] = [:]
        var unratedSet: Set<String> = []
        var total = Money.zero, high = Money.zero, unratedTotal = Money.zero
        var scoreSum = 0.0, rated = Money.zero
        // What a country's customers add to, worked out once per country (a book has tens of countries and
        // hundreds of thousands of customers): its grade, whether that is high risk, its score, and the
        // country's own total. Per customer that was four hash look-ups and four scans of the scale, the
        // longest part of computing the figures on the benchmark book (`perf`).
        struct CountryFigures {
            /// The country's code, `(none)` for customers without one.
            let code: String
            let grade: String
            let rated: Bool, highRisk: Bool
            let score: Double
            var exposure: Money = .zero
        }
        var placeOfCountry: [String?: Int] = [:]
        var figures: [CountryFigures] = []
        // Read field by field by index: a position taken whole (`for p in positions`) retained and released the
        // book it points into, and so did its customer.
        for c in positions.indices where positions[c].exposure.isPositive {
            let exposure = positions[c].exposure
            let k = positions[c].withCustomer { customer -> Int in
                if let k = placeOfCountry[customer.pointee.country] { return k }
                let grade = CountryRiskOverlay.grade(of: customer.pointee, ratings: ratings, scale: scale)
                let rated = grade != CountryRiskOverlay.unrated
                figures.append(CountryFigures(code: customer.pointee.country ?? Concentration.noneKey, grade: grade, rated: rated,
                                              highRisk: rated && scale.isHighRisk(grade), score: rated ? scale.score(of: grade) ?? 0 : 0))
                placeOfCountry[customer.pointee.country] = figures.count - 1
                return figures.count - 1
            }
            figures[k].exposure += exposure
            total += exposure
            if figures[k].rated {
                if figures[k].highRisk { high += exposure }
                scoreSum += exposure.doubleValue * figures[k].score
                rated += exposure
            } else {
                unratedTotal += exposure
            }
        }
        var countries: [String: Money] = [:]
        for f in figures {
            sums[f.grade, default: .zero] += f.exposure
            countries[f.code, default: .zero] += f.exposure
            if !f.rated { unratedSet.insert(f.code) }
        }
        func share(_ x: Money) -> Double? { total.isPositive ? x.ratio(to: total) : nil }
        byGrade = (scale.grades + [CountryRiskOverlay.unrated]).map { g in
            let x = sums[g] ?? .zero
            return GradeLine(grade: g, exposure: x, share: share(x))
        }
        let lines = countries.map { (country: String, x: Money) -> CountryLine in
            let rating = ratings[country].flatMap { scale.position(of: $0) != nil ? $0 : nil }
            let grade = rating ?? CountryRiskOverlay.unrated
            return CountryLine(country: country, grade: grade, exposure: x, share: share(x), highRisk: scale.isHighRisk(grade))
        }
        byCountry = lines.sorted { (a: CountryLine, b: CountryLine) -> Bool in a.exposure != b.exposure ? a.exposure > b.exposure : a.country < b.country }
        highRiskExposure = high
        unratedExposure = unratedTotal
        averageScore = rated.isPositive ? scoreSum / rated.doubleValue : nil
        unratedCountries = unratedSet.sorted()
    }
}
