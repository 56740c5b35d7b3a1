//! Text for the rustdoc of the generated methods: paragraphs wrapped, types as written.

use quote::ToTokens;

/// The widest a doc line gets (the text after `/// `).
const WIDTH: usize = 88;

/// Paragraphs as rustdoc lines (each but the blank ones starting with the space after `///`),
/// wrapped at [`WIDTH`], separated by blank lines; a heading (`# …`) is followed directly by
/// its paragraph.
pub(crate) fn lines(paragraphs: &[impl AsRef<str>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let after_heading = i > 0 && paragraphs[i - 1].as_ref().starts_with('#');
        if i > 0 && !after_heading {
            out.push(String::new());
        }
        for source_line in paragraph.as_ref().lines() {
            let mut line = String::new();
            for word in source_line.split_whitespace() {
                if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH + 1 {
                    out.push(std::mem::take(&mut line));
                }
                line.push(' ');
                line.push_str(word);
            }
            out.push(line);
        }
    }
    out
}

/// Tokens as a reader would write them: `Vec<Run>`, not `Vec < Run >`.
pub(crate) fn text(tokens: impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
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
        assert_eq!(out[..3], [" First.", "", " # Errors"]);
        assert!(
            out.len() > 4 && out.iter().all(|l| l.len() <= WIDTH + 1),
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
            let ty: syn::Type = syn::parse_str(ty).unwrap();
            assert_eq!(super::text(&ty), text);
        }
    }
}
