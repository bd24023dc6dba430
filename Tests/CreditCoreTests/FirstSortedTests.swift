import Testing
@testable import CreditCore

/// `first(_:by:)` picks exactly what a full stable sort puts first.
@Suite struct FirstSortedTests {
    @Test func firstNIsThePrefixOfTheStableSort() {
        // Seeded values with many ties, so that keeping equal elements in order is tested too.
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 59)          // 0…31
        }
        let values = (0..<2000).map { (key: next(), position: $0) }
        let byKeyDescending: ((key: Int, position: Int), (key: Int, position: Int)) -> Bool = { $0.key > $1.key }
        for n in [0, 1, 2, 7, 50, 1999, 2000, 2500, 5000] {
            let picked = values.first(n, by: byKeyDescending)
            let expected = Array(values.sorted(by: byKeyDescending).prefix(n))
            #expect(picked.map(\.position) == expected.map(\.position), "n \(n)")
        }
        #expect([3, 1, 2].first(2, by: <) == [1, 2])
    }
}
