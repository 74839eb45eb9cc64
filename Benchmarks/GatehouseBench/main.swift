// `make bench`: see Bench.swift. Nothing else lives here: closures written in main.swift
// inherit @MainActor and trap when a server thread calls them.
Bench.main()
