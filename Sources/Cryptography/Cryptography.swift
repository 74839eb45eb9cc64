// Cryptography — placeholder until the module lands.
