// GatehouseServer — placeholder until the module lands.
