// PostgresStorage — placeholder until the module lands.
