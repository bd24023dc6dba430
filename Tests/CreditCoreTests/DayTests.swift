import Testing
@testable import CreditCore

@Suite struct DayTests {
    @Test func epochAndKnownDates() throws {
        #expect(Day(year: 1970, month: 1, day: 1)?.number == 0)
        #expect(Day(year: 2000, month: 3, day: 1)?.number == 11_017)
        let d = try #require(Day(iso: "2026-11-20"))
        #expect(d.iso == "2026-11-20")
        #expect(try #require(Day(iso: "2024-02-29")).civil == (2024, 2, 29))
    }

    @Test func impossibleDatesAreRejected() {
        #expect(Day(year: 2026, month: 2, day: 30) == nil)
        #expect(Day(year: 2023, month: 2, day: 29) == nil)
        #expect(Day(year: 2026, month: 13, day: 1) == nil)
        #expect(Day(iso: "2026-1-01") == nil)
    }

    @Test func differenceIsCalendarDays() throws {
        let a = try #require(Day(iso: "2025-12-31")), b = try #require(Day(iso: "2026-03-01"))
        #expect(a.days(to: b) == 31 + 28 + 1)
    }

    @Test func roundTripOverManyYears() {
        for n in stride(from: Int32(-1000), through: 40_000, by: 37) {
            let (y, m, d) = Day(number: n).civil
            #expect(Day(year: y, month: m, day: d)?.number == n)
        }
    }
}
