//! The retry sentence of generated methods' docs, held to the rule in `retry.rs` by a test.

/// The retry sentence for an HTTP method token (`GET`, …), linking to `RetryPolicy` at `link`
/// (e.g. `"ittybit::retry::RetryPolicy"`): a string literal, for `#[doc = …]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __retry_doc {
    (GET, $link:literal) => { $crate::__retry_doc!(@safe $link) };
    (HEAD, $link:literal) => { $crate::__retry_doc!(@safe $link) };
    (PUT, $link:literal) => { $crate::__retry_doc!(@safe $link) };
    (DELETE, $link:literal) => { $crate::__retry_doc!(@safe $link) };
    (OPTIONS, $link:literal) => { $crate::__retry_doc!(@safe $link) };
    (TRACE, $link:literal) => { $crate::__retry_doc!(@safe $link) };
    (POST, $link:literal) => { $crate::__retry_doc!(@unsafe $link) };
    (PATCH, $link:literal) => { $crate::__retry_doc!(@unsafe $link) };
    (CONNECT, $link:literal) => { $crate::__retry_doc!(@unsafe $link) };
    (@safe $link:literal) => {
        ::core::concat!(
            " Safe to repeat: retried on every transient failure the client's [`RetryPolicy`](",
            $link,
            ") allows."
        )
    };
    (@unsafe $link:literal) => {
        ::core::concat!(
            " Not safe to repeat: retried only where [`RetryPolicy`](",
            $link,
            ") knows it was not processed."
        )
    };
}

#[cfg(test)]
mod tests {
    use reqwest::Method;

    use crate::retry::is_idempotent;

    #[test]
    fn every_sentence_follows_the_retry_rule() {
        let sentences = [
            (Method::GET, __retry_doc!(GET, "x")),
            (Method::HEAD, __retry_doc!(HEAD, "x")),
            (Method::PUT, __retry_doc!(PUT, "x")),
            (Method::DELETE, __retry_doc!(DELETE, "x")),
            (Method::OPTIONS, __retry_doc!(OPTIONS, "x")),
            (Method::TRACE, __retry_doc!(TRACE, "x")),
            (Method::POST, __retry_doc!(POST, "x")),
            (Method::PATCH, __retry_doc!(PATCH, "x")),
            (Method::CONNECT, __retry_doc!(CONNECT, "x")),
        ];
        for (method, sentence) in sentences {
            assert_eq!(
                sentence.starts_with(" Safe to repeat"),
                is_idempotent(&method),
                "{method}: {sentence}"
            );
            assert!(sentence.contains("[`RetryPolicy`](x)"), "{sentence}");
        }
    }
}
