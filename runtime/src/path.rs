//! API paths: templates (`/automations/{automation_id}/runs/{id}`) filled one segment per value,
//! the rules of untyped paths, and whether a cursor's path is a template's.

use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use url::Url;

use crate::client::Client;
use crate::error::{Error, Result};

/// Everything but RFC 3986's unreserved characters is encoded, so an id is always exactly one
/// path segment: `/`, `?`, `#` and `%` cannot change the path or the query.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path as a template, for tracing: `/tasks/{id}`, never the id itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PathTemplate {
    pub(crate) resource: &'static str,
    pub(crate) suffix: &'static str,
}

impl PathTemplate {
    pub(crate) const fn collection(resource: &'static str) -> Self {
        Self {
            resource,
            suffix: "",
        }
    }

    pub(crate) const fn item(resource: &'static str) -> Self {
        Self {
            resource,
            suffix: "/{id}",
        }
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.resource, self.suffix)
    }
}

/// The longest id sent, in bytes (API ids are about 20; a longer one is a pasted-in mistake).
pub(crate) const MAX_ID_LEN: usize = 1024;

/// Encodes an id as one path segment, refusing ids that cannot be one.
pub(crate) fn encode_id(resource: &str, id: &str) -> Result<String> {
    if id.len() > MAX_ID_LEN {
        return Err(Error::invalid(format!(
            "an id of {} bytes is over the limit of {MAX_ID_LEN} under {resource}: {:?}",
            id.len(),
            crate::error::text::shorten(id)
        )));
    }
    if id.is_empty() {
        return Err(Error::InvalidRequest(
            format!("an empty id cannot address a resource under {resource}").into(),
        ));
    }
    // URL parsers resolve `.` and `..` segments even when percent-encoded, so they cannot be
    // sent as ids at all.
    if id == "." || id == ".." {
        return Err(Error::InvalidRequest(
            format!("the id {id:?} cannot be sent as a path segment under {resource}").into(),
        ));
    }
    Ok(utf8_percent_encode(id, SEGMENT).to_string())
}

/// The URL of an untyped path, refusing what could leave the base URL or change the query.
pub(crate) fn untyped(client: &Client, path: &str) -> Result<Url> {
    // Shown without what a query or a userinfo could carry (a token, a password).
    let refused = |why: &str| {
        Error::invalid(format!(
            "the path {:?} {why}; write an API path such as /tasks/task_1",
            crate::error::text::shown_url(path)
        ))
    };
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(refused("does not start with a single /"));
    }
    if path.contains(['?', '#', '\\']) || path.chars().any(char::is_control) {
        return Err(refused(
            "holds a query, a fragment, a backslash or a control character",
        ));
    }
    // URL parsers resolve `.` and `..` segments even when percent-encoded.
    let dots = |segment: &str| {
        matches!(
            &*percent_decode_str(segment).decode_utf8_lossy(),
            "." | ".."
        )
    };
    if path.split('/').any(dots) {
        return Err(refused("holds a . or .. segment"));
    }
    Ok(client.url(path))
}

/// The values of a path's `{name}` placeholders, in path order: `&[&automation_id, &id]`.
pub type PathArgs<'a> = [&'a dyn fmt::Display];

/// The URL of `template` with each `{name}` placeholder filled, in order, by `args`, each value
/// displayed and then encoded as one path segment (`""`, `.` and `..` refused).
pub(crate) fn fill(client: &Client, template: PathTemplate, args: &PathArgs<'_>) -> Result<Url> {
    let mut path = String::with_capacity(
        template
            .resource
            .len()
            .saturating_add(template.suffix.len())
            .saturating_add(32),
    );
    let mut args = args.iter();
    let mut text = String::new();
    for part in [template.resource, template.suffix] {
        let mut rest = part;
        while let Some((before, after)) = rest.split_once('{') {
            let (_, after) = after
                .split_once('}')
                .ok_or_else(|| mismatch(template, "an unclosed `{`"))?;
            let arg = args
                .next()
                .ok_or_else(|| mismatch(template, "fewer values than placeholders"))?;
            path.push_str(before);
            text.clear();
            write!(text, "{arg}").map_err(|_| mismatch(template, "a value that cannot display"))?;
            path.push_str(&encode_id(template.resource, &text)?);
            rest = after;
        }
        path.push_str(rest);
    }
    if args.next().is_some() {
        return Err(mismatch(template, "more values than placeholders"));
    }
    Ok(client.url(&path))
}

fn mismatch(template: PathTemplate, what: &str) -> Error {
    Error::InvalidRequest(format!("the path {template} was given {what}").into())
}

/// Whether `path` is exactly `template` under `base_path` (a saved cursor's list). Segments are
/// compared percent-decoded, so an encoded space, non-ASCII letter or brace matches as written.
/// With `placeholders` (a resource's template) each `{name}` matches one non-empty segment;
/// without (an untyped path) every segment is literal.
pub(crate) fn matches_template(
    path: &str,
    base_path: &str,
    template: &str,
    placeholders: bool,
) -> bool {
    let Some(rest) = path.strip_prefix(base_path) else {
        return false;
    };
    let decoded = |segment: &str| percent_decode_str(segment).collect::<Vec<u8>>();
    let mut segments = rest.split('/');
    let mut expected = template.split('/');
    loop {
        match (segments.next(), expected.next()) {
            (None, None) => return true,
            (Some(segment), Some(expected)) => {
                let placeholder =
                    placeholders && expected.starts_with('{') && expected.ends_with('}');
                let fits = if placeholder {
                    !segment.is_empty()
                } else {
                    decoded(segment) == decoded(expected)
                };
                if !fits {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::client::test_client as client;

    #[test]
    fn ids_are_one_segment() {
        let cases = [
            ("task_abc", "/v1/tasks/task_abc"),
            ("../keys", "/v1/tasks/..%2Fkeys"),
            ("a/b", "/v1/tasks/a%2Fb"),
            ("x?y=1", "/v1/tasks/x%3Fy%3D1"),
            ("%2F", "/v1/tasks/%252F"),
            ("a#frag", "/v1/tasks/a%23frag"),
            ("sp ace", "/v1/tasks/sp%20ace"),
            ("ünï", "/v1/tasks/%C3%BCn%C3%AF"),
            ("...", "/v1/tasks/..."),
            ("%2e%2e", "/v1/tasks/%252e%252e"),
        ];
        let template = PathTemplate::item("/tasks");
        for (id, path) in cases {
            let url = fill(&client(), template, &[&id]).unwrap();
            assert_eq!(url.path(), path, "{id}");
            assert_eq!(url.query(), None, "{id}");
            assert_eq!(url.fragment(), None, "{id}");
        }
    }

    #[test]
    fn ids_that_cannot_be_a_segment_are_refused() {
        let long = "x".repeat(MAX_ID_LEN + 1);
        for id in ["", ".", "..", long.as_str()] {
            let err = fill(&client(), PathTemplate::item("/tasks"), &[&id]).unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}");
            assert!(err.to_string().contains("/tasks"), "{err}");
            assert!(err.to_string().len() < 300, "{err}");
        }
        let longest = "x".repeat(MAX_ID_LEN);
        assert!(fill(&client(), PathTemplate::item("/tasks"), &[&longest]).is_ok());
    }

    proptest::proptest! {
        #![proptest_config(crate::property_config())]

        #[test]
        fn any_id_is_exactly_one_segment_or_refused(id in "\\PC{0,24}|[./%?#\\\\a-z]{0,8}") {
            let base = client();
            match fill(&base, PathTemplate::item("/tasks"), &[&id]) {
                Ok(url) => {
                    let segment = url.path().strip_prefix("/v1/tasks/").unwrap();
                    proptest::prop_assert!(!segment.contains('/'));
                    proptest::prop_assert!(segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
                    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8().unwrap();
                    proptest::prop_assert_eq!(decoded, id.as_str());
                    proptest::prop_assert_eq!(url.query(), None);
                    proptest::prop_assert_eq!(url.fragment(), None);
                    proptest::prop_assert_eq!(url.origin(), base.base_url().origin());
                }
                Err(err) => {
                    proptest::prop_assert!(matches!(err, Error::InvalidRequest(_)));
                    proptest::prop_assert!(id.is_empty() || id == "." || id == "..");
                }
            }
        }
    }

    #[test]
    fn every_placeholder_is_filled_in_order_with_any_display() {
        let template = PathTemplate::item("/automations/{automation_id}/runs");
        let url = fill(&client(), template, &[&"auto/1", &42_u64]).unwrap();
        assert_eq!(url.path(), "/v1/automations/auto%2F1/runs/42");
        let err = fill(&client(), template, &[&".."]).unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err}");

        let action = PathTemplate {
            resource: "/automations",
            suffix: "/{id}/run",
        };
        let url = fill(&client(), action, &[&"auto/1"]).unwrap();
        assert_eq!(url.path(), "/v1/automations/auto%2F1/run");
        assert_eq!(action.to_string(), "/automations/{id}/run");
    }

    #[test]
    fn a_count_mismatch_is_an_error_not_a_guess() {
        let template = PathTemplate::item("/automations/{automation_id}/runs");
        for args in [&[&"a" as &dyn fmt::Display][..], &[&"a", &"b", &"c"]] {
            let err = fill(&client(), template, args).unwrap_err();
            assert!(err.to_string().contains("placeholders"), "{err}");
        }
        let err = fill(&client(), PathTemplate::collection("/a/{b"), &[&"x"]).unwrap_err();
        assert!(err.to_string().contains("unclosed"), "{err}");
    }

    #[test]
    fn cursors_match_templates_segment_by_segment() {
        let template = "/automations/{automation_id}/runs";
        assert!(matches_template(
            "/v1/automations/a_1/runs",
            "/v1",
            template,
            true
        ));
        assert!(!matches_template(
            "/v1/automations//runs",
            "/v1",
            template,
            true
        ));
        assert!(!matches_template(
            "/v1/tasks/a_1/runs",
            "/v1",
            template,
            true
        ));
        assert!(!matches_template("/v1/runs", "/v1", template, true));
        assert!(!matches_template(
            "/v2/automations/a_1/runs",
            "/v1",
            template,
            true
        ));
        assert!(!matches_template(
            "/v1/automations/a_1/runs/x",
            "/v1",
            template,
            true
        ));
        assert!(!matches_template(
            "/x/v1/automations/a_1/runs",
            "/v1",
            template,
            true
        ));
        assert!(matches_template("/v1/tasks", "/v1", "/tasks", true));
        assert!(matches_template("/tasks", "", "/tasks", true));
        assert!(!matches_template("/admin/tasks", "", "/tasks", true));
        assert!(!matches_template("/v1/xtasks", "/v1", "/tasks", true));
        // Only a whole `{name}` segment is a placeholder; a lone brace is literal.
        assert!(!matches_template("/v1/x/a", "/v1", "/{x/a", true));
        assert!(!matches_template("/v1/x/a", "/v1", "/x}/a", true));
        assert!(matches_template("/v1/{x/a", "/v1", "/{x/a", true));
        // Segments compare decoded; without placeholders a `{x}` segment is literal.
        assert!(matches_template("/v1/a%20b/%C3%BC", "/v1", "/a b/ü", false));
        assert!(matches_template("/v1/%7Bx%7D", "/v1", "/{x}", false));
        assert!(!matches_template("/v1/tasks", "/v1", "/{x}", false));
        assert!(matches_template("/v1/tasks", "/v1", "/{x}", true));
    }
}
