extension Array {
    /// Puts the elements in a new order in place: place `i` takes the element now at `from[i]` (`from` is a
    /// permutation of the indices). Each cycle of the permutation is followed once, holding one element aside,
    /// so no second array of the elements is made (the watchlist and the insurer deadlines are sorted by a
    /// small key each and then put in that order: a sorted copy raised the run's peak by 7–8 MiB). `from` is
    /// used up: a place done is marked -1.
    mutating func arrange(from: inout [Int32]) {
        precondition(from.count == count)
        for start in from.indices where from[start] >= 0 {
            let first = self[start]
            var i = start
            while true {
                let source = Int(from[i])
                from[i] = -1
                if source == start { self[i] = first; break }
                self[i] = self[source]
                i = source
            }
        }
    }
}
