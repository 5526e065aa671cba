extension EmulatorEngine {
    /// Every endpoint the emulator serves.
    static var allRoutes: [Route] {
        ApiContextHandlers.routes + UserHandlers.routes + MonetaryAccountHandlers.routes + CardHandlers.routes + CardBatchHandlers.routes
            + GeneratedCvc2Handlers.routes + CertificatePinHandlers.routes + NotificationFilterHandlers.routes
    }
}
