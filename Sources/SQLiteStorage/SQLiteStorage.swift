// SQLiteStorage — placeholder until the module lands.
