/// A country-risk stress scenario: named countries downgraded by some notches (`stress:` in the config).
public struct StressScenario: Sendable, Equatable {
    public var name: String
    /// Country (ISO alpha-2) → notches toward the worst grade, in config order.
    public var downgrades: [(country: String, notches: Int)]

    public init(name: String, downgrades: [(country: String, notches: Int)]) {
        self.name = name
        self.downgrades = downgrades
    }

    public static func == (a: StressScenario, b: StressScenario) -> Bool {
        a.name == b.name && a.downgrades.map(\.country) == b.downgrades.map(\.country)
            && a.downgrades.map(\.notches) == b.downgrades.map(\.notches)
    }

    /// The ratings after the downgrade; countries unrated or off the scale stay as they are.
    public func stressed(_ ratings: [String: String], scale: RatingScale) -> (ratings: [String: String], moved: [StressResult.Move]) {
        var out = ratings
        var moved: [StressResult.Move] = []
        for (country, notches) in downgrades {
            guard let from = ratings[country], let to = scale.downgrade(from, by: notches) else {
                moved.append(StressResult.Move(country: country, from: nil, to: nil))
                continue
            }
            out[country] = to
            moved.append(StressResult.Move(country: country, from: from, to: to))
        }
        return (out, moved)
    }
}

/// The overlay and ECL before and after a scenario (docs/analytics.md: Stress scenarios).
public struct StressResult: Sendable, Equatable {
    public struct Move: Sendable, Equatable {
        public var country: String
        /// nil: the country has no rating on the scale, so it cannot move.
        public var from: String?
        public var to: String?
    }
    public struct Figures: Sendable, Equatable {
        public var highRiskExposure: Money
        public var averageScore: Double?
        public var ecl: Money
    }

    public var scenario: StressScenario
    public var moved: [Move]
    public var before: Figures
    public var after: Figures
    public var overlayAfter: CountryRiskOverlay

    /// Differences of the figures as printed (each rounded to cents), so that they add up on the page.
    public var highRiskChange: Money { after.highRiskExposure.roundedToCents - before.highRiskExposure.roundedToCents }
    public var eclChange: Money { after.ecl.roundedToCents - before.ecl.roundedToCents }
    public var averageScoreChange: Double? {
        guard let a = after.averageScore, let b = before.averageScore else { return nil }
        return a - b
    }
}
