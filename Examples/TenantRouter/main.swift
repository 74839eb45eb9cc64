TenantRouter.main()
