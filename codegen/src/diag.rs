//! Diagnostics: every problem is a `darling::Error` spanned on the offending tokens, and the
//! spelling helpers its messages share (lists of names, "did you mean").

use darling::Error;
use proc_macro2::Span;
use quote::ToTokens;

/// An error at `span`.
pub(crate) fn at(span: Span, message: impl std::fmt::Display) -> Error {
    syn::Error::new(span, message).into()
}

/// An error spanning `tokens`.
pub(crate) fn spanned(tokens: impl ToTokens, message: impl std::fmt::Display) -> Error {
    syn::Error::new_spanned(tokens, message).into()
}

/// `` `a`, `b`, `c` ``
pub(crate) fn list(names: &[&str]) -> String {
    format!("`{}`", names.join("`, `"))
}

/// `` (did you mean `near`?)`` when `written` is a plausible typo of one of `known`, else
/// nothing.
pub(crate) fn did_you_mean(written: &str, known: &[&str]) -> String {
    suggestion(written, known)
        .map(|near| format!(" (did you mean `{near}`?)"))
        .unwrap_or_default()
}

/// The known name closest to `written`, if it is a plausible typo (case aside).
pub(crate) fn suggestion<'a>(written: &str, known: &[&'a str]) -> Option<&'a str> {
    let written = written.to_ascii_lowercase();
    known
        .iter()
        .map(|name| (edit_distance(&written, &name.to_ascii_lowercase()), *name))
        .filter(|(distance, name)| *distance <= (name.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Edit distance counting an insertion, a deletion, a substitution or a swap of two
/// neighbours as one edit (optimal string alignment).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // `i + j` is right in the first row and column; every other cell is overwritten below.
    let mut d: Vec<Vec<usize>> = (0..=a.len()).map(|i| (i..=i + b.len()).collect()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_only() {
        let options = &["path", "id", "filters", "get", "create", "crate"];
        assert_eq!(suggestion("pth", options), Some("path"));
        assert_eq!(suggestion("filter", options), Some("filters"));
        assert_eq!(suggestion("Create", options), Some("create"));
        assert_eq!(suggestion("krate", options), Some("crate"));
        assert_eq!(suggestion("fitlers", options), Some("filters"));
        assert_eq!(suggestion("pagination", options), None);
        assert_eq!(suggestion("retry", &["name", "method"]), None);
        assert_eq!(suggestion("metod", &["name", "method"]), Some("method"));
        assert_eq!(did_you_mean("idd", options), " (did you mean `id`?)");
        assert_eq!(did_you_mean("zzz", options), "");
        let methods = &["GET", "POST", "PUT"];
        assert_eq!(suggestion("PSOT", methods), Some("POST"));
        assert_eq!(suggestion("pots", methods), Some("POST"));
        assert_eq!(suggestion("DELETE", methods), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn names_are_listed_in_backticks() {
        assert_eq!(list(&["a", "b"]), "`a`, `b`");
    }
}
