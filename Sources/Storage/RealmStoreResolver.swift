/// Finds the store of a realm: the platform's or a tenant's own database, opened, migrated and checked.
public protocol RealmStoreResolver: Sendable {
    /// The migrated store of `realm`; throws `.realmMismatch` when the store found belongs to another realm.
    func store(for realm: RealmID) throws -> any Database
    /// The realms whose stores are open now.
    func openStores() -> [RealmID]
    /// Closes every open store.
    func closeAll()
}
