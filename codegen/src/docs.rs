//! The rustdoc of the generated methods: HTTP method and path, what it returns and its errors.
//! Kept short: every resource carries these lines. Whether a method is retried is not said
//! here: the runtime's `retry_doc!` gives that sentence (see `emit::doc`), from the runtime's
//! own rule.

use quote::ToTokens;
use syn::Type;

use crate::model::{Action, Resource};

/// Doc lines of `get`.
pub(crate) fn get(r: &Resource) -> Vec<String> {
    lines(&[
        &format!("`GET {}/{{id}}`: the `{}` with this id.", r.path, r.ident),
        "# Errors",
        "An error status (404 for an unknown id), a transport failure or an undecodable body.",
    ])
}

/// Doc lines of `list`.
pub(crate) fn list(r: &Resource) -> Vec<String> {
    lines(&[
        &format!(
            "`GET {}`: one page of `{}`s, with the cursor to the next.",
            r.path, r.ident
        ),
        "# Errors",
        "Invalid `params`, an error status, a transport failure or an undecodable body.",
    ])
}

/// Doc lines of `stream`.
pub(crate) fn stream(r: &Resource) -> Vec<String> {
    lines(&[
        &format!(
            "`GET {}`, page after page: every `{}`, fetching ahead as it is read.",
            r.path, r.ident
        ),
        "# Errors",
        "Yields the error that ends the walk (`list`'s, or a pagination fault), then ends.",
    ])
}

/// Doc lines of `pages`.
pub(crate) fn pages(r: &Resource) -> Vec<String> {
    lines(&[
        &format!(
            "`GET {}`, page after page: every page of `{}`s.",
            r.path, r.ident
        ),
        "# Errors",
        "Yields the error that ends the walk, as `stream` does, then ends.",
    ])
}

/// Doc lines of `create`.
pub(crate) fn create(r: &Resource, body: &Type) -> Vec<String> {
    lines(&[
        &format!(
            "`POST {}` with a JSON `{}` body: the created `{}`.",
            r.path,
            type_text(body),
            r.ident
        ),
        "# Errors",
        "An error status (400 for an invalid body), a transport failure or an undecodable body.",
    ])
}

/// Doc lines of `update`.
pub(crate) fn update(r: &Resource, body: &Type) -> Vec<String> {
    lines(&[
        &format!(
            "`PATCH {}/{{id}}` with a JSON `{}` body: the updated `{}`.",
            r.path,
            type_text(body),
            r.ident
        ),
        "# Errors",
        "An error status (404 for an unknown id, 400 for an invalid body), a transport \
             failure or an undecodable body.",
    ])
}

/// Doc lines of `delete`.
pub(crate) fn delete(r: &Resource) -> Vec<String> {
    lines(&[
        &format!(
            "`DELETE {}/{{id}}`: deletes the `{}` with this id (any 2xx answer is success).",
            r.path, r.ident
        ),
        "# Errors",
        "An error status (404 for an unknown id) or a transport failure.",
    ])
}

/// Doc lines of a singleton's `get`.
pub(crate) fn singleton_get(r: &Resource) -> Vec<String> {
    lines(&[
        &format!("`GET {}`: the `{}`.", r.path, r.ident),
        "# Errors",
        "An error status, a transport failure or an undecodable body.",
    ])
}

/// Doc lines of a singleton's `update`.
pub(crate) fn singleton_update(r: &Resource, body: &Type) -> Vec<String> {
    lines(&[
        &format!(
            "`PATCH {}` with a JSON `{}` body: the updated `{}`.",
            r.path,
            type_text(body),
            r.ident
        ),
        "# Errors",
        "An error status (400 for an invalid body), a transport failure or an undecodable body.",
    ])
}

/// Doc lines of an action.
pub(crate) fn action(r: &Resource, action: &Action) -> Vec<String> {
    let body = action
        .body
        .as_ref()
        .map(|body| format!(" with a JSON `{}` body", type_text(body)))
        .unwrap_or_default();
    let returns = action
        .returns
        .as_ref()
        .map_or_else(|| r.ident.to_string(), type_text);
    let request = format!(
        "`{} {}{}`{body}, answered with `{returns}`.",
        action.method.as_str(),
        r.path,
        action.suffix
    );
    let mut paragraphs: Vec<&str> = Vec::new();
    if let Some(doc) = &action.doc {
        paragraphs.push(doc);
    }
    paragraphs.extend([
        request.as_str(),
        "# Errors",
        "An error status, a transport failure or an undecodable body.",
    ]);
    lines(&paragraphs)
}

/// The widest a doc line gets (the text after `/// `).
const WIDTH: usize = 88;

/// Paragraphs wrapped at [`WIDTH`], separated by blank lines; a heading (`# …`) is followed
/// directly by its paragraph.
fn lines(paragraphs: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let after_heading = i > 0 && paragraphs[i - 1].starts_with('#');
        if i > 0 && !after_heading {
            out.push(String::new());
        }
        for source_line in paragraph.lines() {
            let mut line = String::new();
            for word in source_line.split_whitespace() {
                if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
                    out.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            out.push(line);
        }
    }
    out
}

/// A path as a reader would write it, without a leading `::` (for intra-doc links):
/// `ittybit::RetryPolicy`.
pub(crate) fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// A type as a reader would write it: `Vec<Run>`, not `Vec < Run >`.
pub(crate) fn type_text(ty: &Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.peek().copied();
            let glue_before = matches!(next, Some('<' | '>' | ',' | ':' | ')' | ']'));
            let glue_after = matches!(prev, Some('<' | ':' | '&' | '(' | '['));
            if glue_before || glue_after {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_wrap_and_headings_stick() {
        let long = "word ".repeat(40);
        let out = lines(&["First.", "# Errors", &long]);
        assert_eq!(out[..3], ["First.", "", "# Errors"]);
        assert!(
            out.len() > 4 && out.iter().all(|l| l.len() <= WIDTH),
            "{out:#?}"
        );
    }

    #[test]
    fn types_read_naturally() {
        for (ty, text) in [
            ("Vec<Run>", "Vec<Run>"),
            (
                "std::collections::HashMap<String, Vec<u8>>",
                "std::collections::HashMap<String, Vec<u8>>",
            ),
            ("[Item]", "[Item]"),
            ("(A, B)", "(A, B)"),
            ("&'static str", "&'static str"),
        ] {
            let ty: Type = syn::parse_str(ty).unwrap();
            assert_eq!(type_text(&ty), text);
        }
    }
}
