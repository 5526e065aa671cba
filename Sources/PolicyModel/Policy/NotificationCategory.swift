/// Callback categories bunq accepts (the union of bunq's documentation and its OpenAPI spec, which has no enum for them).
public enum NotificationCategory {
    public static let all: [String] = [
        "BILLING", "BUNQME_TAB", "CARD_TRANSACTION_FAILED", "CARD_TRANSACTION_SUCCESSFUL", "CHAT",
        "DRAFT_PAYMENT", "IDEAL", "MONETARY_ACCOUNT_PROFILE", "MUTATION", "OAUTH", "PAYMENT", "PROMOTION",
        "REQUEST", "SCHEDULE_RESULT", "SCHEDULE_STATUS", "SHARE", "SOFORT", "SUPPORT", "TAB_RESULT",
        "USER_APPROVAL"
    ]
    /// bunq rejects a third callback URL for the same category in one scope.
    public static let maxTargetsPerCategory = 2
}
