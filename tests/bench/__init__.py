"""`make bench`: the API against a hand-written SQL baseline, on the benchmark data set."""
