//! The API's error vocabulary: the `kind` of its error bodies.

crate::open_enum! {
    /// The API's error `kind`, an open list: unknown kinds are kept in [`ApiErrorKind::Other`].
    pub enum ApiErrorKind {
        /// `token_missing` (401): no key was sent.
        TokenMissing = "token_missing",
        /// `token_invalid` (401): the key is not valid.
        TokenInvalid = "token_invalid",
        /// `project_required` (403): the key is not scoped to a project.
        ProjectRequired = "project_required",
        /// `request_invalid` (400): a parameter or field is invalid.
        RequestInvalid = "request_invalid",
        /// `url_required` (400): a media URL is missing.
        UrlRequired = "url_required",
        /// `format_unsupported` (400): the media format is not supported.
        FormatUnsupported = "format_unsupported",
        /// `payment_required` (402): a payment issue on the account.
        PaymentRequired = "payment_required",
        /// `task_not_found` (404).
        TaskNotFound = "task_not_found",
        /// `run_not_found` (404).
        RunNotFound = "run_not_found",
        /// `automation_not_found` (404).
        AutomationNotFound = "automation_not_found",
        /// `internal_error` (500).
        InternalError = "internal_error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_matchable_and_unknown_kinds_are_kept() {
        let table = [
            ("token_missing", ApiErrorKind::TokenMissing),
            ("token_invalid", ApiErrorKind::TokenInvalid),
            ("project_required", ApiErrorKind::ProjectRequired),
            ("request_invalid", ApiErrorKind::RequestInvalid),
            ("url_required", ApiErrorKind::UrlRequired),
            ("format_unsupported", ApiErrorKind::FormatUnsupported),
            ("payment_required", ApiErrorKind::PaymentRequired),
            ("task_not_found", ApiErrorKind::TaskNotFound),
            ("run_not_found", ApiErrorKind::RunNotFound),
            ("automation_not_found", ApiErrorKind::AutomationNotFound),
            ("internal_error", ApiErrorKind::InternalError),
            ("brand_new", ApiErrorKind::Other("brand_new".into())),
        ];
        for (text, kind) in table {
            assert_eq!(ApiErrorKind::from(text), kind);
            assert_eq!(kind.as_str(), text);
        }
    }
}
