// AuthStorage — placeholder
