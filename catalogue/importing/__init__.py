"""The catalogue importer: read → find headers → validate every row → write once."""
