//! An RFC 8288 `Link` header parser that never fails (a malformed link is skipped); crates.io's
//! split on commas inside quoted strings, keep one `rel` value, or pin old `http` versions.

use reqwest::header::HeaderMap;

/// One link of a `Link` header: a target and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    target: String,
    params: Vec<(String, String)>,
}

impl Link {
    /// The first value of a parameter, by case-insensitive name (RFC 8288's rule for `rel`).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The relation types of `rel`, which may hold several separated by whitespace.
    pub(crate) fn rels(&self) -> impl Iterator<Item = &str> {
        self.param("rel").unwrap_or("").split_ascii_whitespace()
    }

    /// Whether `rel` includes `rel` (compared case-insensitively).
    pub(crate) fn has_rel(&self, rel: &str) -> bool {
        self.rels().any(|r| r.eq_ignore_ascii_case(rel))
    }
}

/// Parses one `Link` header value into its links. Malformed links are skipped.
pub(crate) fn parse(value: &str) -> Vec<Link> {
    let mut parser = Parser {
        text: value,
        pos: 0,
    };
    let mut links = Vec::new();
    loop {
        match parser.next_link() {
            Next::End => return links,
            Next::Skipped => {}
            Next::Link(link) => links.push(link),
        }
    }
}

/// All links of every `Link` and `Links` header line, in order.
pub(crate) fn from_headers(headers: &HeaderMap) -> Vec<Link> {
    ["link", "links"]
        .into_iter()
        .flat_map(|name| headers.get_all(name))
        .filter_map(|value| value.to_str().ok())
        .flat_map(parse)
        .collect()
}

/// The target of the first link whose `rel` includes `rel`, across every `Link`/`Links` line.
pub(crate) fn find_rel(headers: &HeaderMap, rel: &str) -> Option<String> {
    from_headers(headers)
        .into_iter()
        .find(|link| link.has_rel(rel))
        .map(|link| link.target)
}

enum Next {
    End,
    /// A malformed link, skipped up to the comma that ends it.
    Skipped,
    Link(Link),
}

const WHITESPACE: &[u8] = b" \t\r\n";

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Advances over the bytes `take` holds for, returning them (ends on an ASCII byte or the end).
    fn take_while(&mut self, take: impl Fn(u8) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&take) {
            self.pos += 1;
        }
        self.text.get(start..self.pos).unwrap_or_default()
    }

    fn skip_ws(&mut self) {
        self.take_while(|b| WHITESPACE.contains(&b));
    }

    fn next_link(&mut self) -> Next {
        self.take_while(|b| b == b',' || WHITESPACE.contains(&b));
        match self.peek() {
            None => return Next::End,
            Some(b'<') => self.pos += 1,
            Some(_) => {
                self.skip_past_link();
                return Next::Skipped;
            }
        }
        let target = self.take_while(|b| b != b'>').trim().to_owned();
        if self.peek().is_none() {
            return Next::Skipped;
        }
        self.pos += 1;
        let mut params = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some(b',') => return Next::Link(Link { target, params }),
                Some(b';') => {
                    self.pos += 1;
                    params.extend(self.param());
                }
                // Junk between parameters: this link is malformed.
                Some(_) => {
                    self.skip_past_link();
                    return Next::Skipped;
                }
            }
        }
    }

    /// Parses `name [= value]` after a `;`. A parameter without a name is dropped.
    fn param(&mut self) -> Option<(String, String)> {
        self.skip_ws();
        let name = self.token();
        self.skip_ws();
        let mut value = String::new();
        if self.peek() == Some(b'=') {
            self.pos += 1;
            self.skip_ws();
            value = if self.peek() == Some(b'"') {
                self.quoted()
            } else {
                self.token().to_owned()
            };
        }
        (!name.is_empty()).then(|| (name.to_ascii_lowercase(), value))
    }

    /// A run of characters up to whitespace or a delimiter.
    fn token(&mut self) -> &'a str {
        self.take_while(|b| !WHITESPACE.contains(&b) && !b";,=\"".contains(&b))
    }

    /// A quoted string starting at `"`, with `\` escapes. An unterminated string runs to the end.
    fn quoted(&mut self) -> String {
        self.pos += 1;
        let mut value = Vec::new();
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    if let Some(escaped) = self.peek() {
                        value.push(escaped);
                        self.pos += 1;
                    }
                }
                _ => value.push(b),
            }
        }
        // Only whole ASCII bytes are removed from valid UTF-8, so this cannot fail.
        String::from_utf8(value).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    /// Skips to the comma that ends the current link, honouring quotes and `<…>`.
    fn skip_past_link(&mut self) {
        /// Where the skipped bytes are: a quote cannot open inside `<…>`, nor `<` inside quotes.
        #[derive(Clone, Copy)]
        enum Within {
            Link,
            Quotes,
            Target,
        }
        let mut within = Within::Link;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match (within, b) {
                (Within::Quotes, b'\\') => self.pos += 1,
                (Within::Quotes, b'"') | (Within::Target, b'>') => within = Within::Link,
                (Within::Link, b'"') => within = Within::Quotes,
                (Within::Link, b'<') => within = Within::Target,
                (Within::Link, b',') => return,
                _ => {}
            }
        }
        self.pos = self.pos.min(self.text.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn rels(link: &Link) -> Vec<&str> {
        link.rels().collect()
    }

    #[test]
    fn table() {
        struct Case {
            input: &'static str,
            expect: &'static [(&'static str, &'static [(&'static str, &'static str)])],
        }
        let cases = [
            Case {
                input: r#"<https://api.ittybit.com/tasks?limit=10&after=task_xyz>; rel="next""#,
                expect: &[(
                    "https://api.ittybit.com/tasks?limit=10&after=task_xyz",
                    &[("rel", "next")],
                )],
            },
            Case {
                input: r#"</a>; rel=next, </b>; rel="prev""#,
                expect: &[("/a", &[("rel", "next")]), ("/b", &[("rel", "prev")])],
            },
            Case {
                input: r#"</a>;REL="Next";Title="x""#,
                expect: &[("/a", &[("rel", "Next"), ("title", "x")])],
            },
            Case {
                input: r#"</a>; title="a, b; c", </b>; rel=next"#,
                expect: &[("/a", &[("title", "a, b; c")]), ("/b", &[("rel", "next")])],
            },
            Case {
                input: r#"</a>; title="say \"hi\" \\ bye"; rel=next"#,
                expect: &[("/a", &[("title", r#"say "hi" \ bye"#), ("rel", "next")])],
            },
            Case {
                input: r"</a?x=1,2>; rel=next",
                expect: &[("/a?x=1,2", &[("rel", "next")])],
            },
            Case {
                input: r"  ,, </a> ;  rel = next ; anchor ,",
                expect: &[("/a", &[("rel", "next"), ("anchor", "")])],
            },
            Case {
                input: r"junk; rel=next, </b>; rel=next",
                expect: &[("/b", &[("rel", "next")])],
            },
            Case {
                input: r#"</a> junk "x,y", </b>; rel=next"#,
                expect: &[("/b", &[("rel", "next")])],
            },
            Case {
                // An escaped quote does not end a quoted string being skipped...
                input: r#"</a> junk "x\",y", </b>; rel=next"#,
                expect: &[("/b", &[("rel", "next")])],
            },
            Case {
                // ...and outside quotes a backslash escapes nothing.
                input: r"junk \, </b>; rel=next",
                expect: &[("/b", &[("rel", "next")])],
            },
            Case {
                // A comma in quotes does not end a skipped link...
                input: r#"junk "a, </c>; rel=next", </b>; rel=next"#,
                expect: &[("/b", &[("rel", "next")])],
            },
            Case {
                // ...nor one in `<…>`, where a quote is just a byte...
                input: r#"junk <x", </c>; rel=next>, </b>; rel=next"#,
                expect: &[("/b", &[("rel", "next")])],
            },
            Case {
                // ...and `<` in quotes opens nothing.
                input: r#"junk "<", </b>; rel=next"#,
                expect: &[("/b", &[("rel", "next")])],
            },
            Case {
                input: r"</a",
                expect: &[],
            },
            Case {
                input: r#"</a>; rel="unterminated"#,
                expect: &[("/a", &[("rel", "unterminated")])],
            },
            Case {
                input: "",
                expect: &[],
            },
            Case {
                input: r#"</é>; title="ü""#,
                expect: &[("/é", &[("title", "ü")])],
            },
        ];
        for case in cases {
            let got = parse(case.input);
            let want: Vec<Link> = case
                .expect
                .iter()
                .map(|(t, ps)| Link {
                    target: (*t).to_owned(),
                    params: ps
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                        .collect(),
                })
                .collect();
            assert_eq!(got, want, "input: {:?}", case.input);
        }
    }

    #[test]
    fn rel_with_several_values_and_first_occurrence_wins() {
        let links = parse(r#"</a>; rel="first  NEXT"; rel=last"#);
        assert_eq!(rels(&links[0]), ["first", "NEXT"]);
        assert!(links[0].has_rel("next"));
        assert!(!links[0].has_rel("last"));
    }

    #[test]
    fn several_lines_and_the_links_alias_are_merged() {
        let mut headers = HeaderMap::new();
        headers.append("link", HeaderValue::from_static("</a>; rel=self"));
        headers.append(
            "Link",
            HeaderValue::from_static("</b>; rel=prev, </c>; rel=next"),
        );
        headers.append("Links", HeaderValue::from_static("</d>; rel=last"));
        let targets: Vec<String> = from_headers(&headers)
            .into_iter()
            .map(|l| l.target)
            .collect();
        assert_eq!(targets, ["/a", "/b", "/c", "/d"]);
        assert_eq!(find_rel(&headers, "next").as_deref(), Some("/c"));
        assert_eq!(find_rel(&headers, "LAST").as_deref(), Some("/d"));
        assert_eq!(find_rel(&headers, "first"), None);
    }

    #[test]
    fn non_utf8_lines_are_skipped() {
        let mut headers = HeaderMap::new();
        headers.append(
            "link",
            HeaderValue::from_bytes(b"</\xff>; rel=next").unwrap(),
        );
        headers.append("link", HeaderValue::from_static("</ok>; rel=next"));
        assert_eq!(find_rel(&headers, "next").as_deref(), Some("/ok"));
    }
}

#[cfg(test)]
mod properties {
    use std::fmt::Write;

    use super::{Link, parse};
    use proptest::prelude::*;

    /// Renders a link the way a server would: quoted values escaped, several rels space-joined.
    fn render(link: &Link) -> String {
        let mut text = format!("<{}>", link.target);
        for (name, value) in &link.params {
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            write!(text, "; {name}=\"{escaped}\"").unwrap();
        }
        text
    }

    use crate::property_config;

    fn target() -> impl Strategy<Value = String> {
        // URI references: no whitespace, no angle brackets.
        "[A-Za-z0-9/?&=._~:%,;+-]{0,40}"
    }

    fn param() -> impl Strategy<Value = (String, String)> {
        (
            "[a-z][a-z0-9*-]{0,8}",
            // Values with the characters that break naive parsers inside quotes.
            "[ -~]{0,20}",
        )
    }

    fn link() -> impl Strategy<Value = Link> {
        (
            target(),
            prop::collection::vec("[a-z]{1,8}", 0..4),
            prop::collection::vec(param(), 0..4),
        )
            .prop_map(|(target, rels, mut params)| {
                params.retain(|(name, _)| name != "rel");
                if !rels.is_empty() {
                    params.insert(0, ("rel".to_owned(), rels.join(" ")));
                }
                Link { target, params }
            })
    }

    proptest! {
        #![proptest_config(property_config())]

        #[test]
        fn arbitrary_input_never_panics(input in any::<String>()) {
            let _ = parse(&input);
        }

        #[test]
        fn arbitrary_bytes_near_the_grammar_never_panic(input in "[<>;,=\" \\\\a-z/\t]{0,64}") {
            let _ = parse(&input);
        }

        #[test]
        fn rendered_links_parse_back_to_the_same_links(
            links in prop::collection::vec(link(), 0..5),
            separator in prop::sample::select(vec![", ", ",", " , ", ",\t"]),
        ) {
            let header: Vec<String> = links.iter().map(render).collect();
            let parsed = parse(&header.join(separator));
            prop_assert_eq!(&parsed, &links);
            for (parsed, link) in parsed.iter().zip(&links) {
                let want: Vec<&str> = link.rels().collect();
                prop_assert_eq!(parsed.rels().collect::<Vec<_>>(), want);
            }
        }
    }
}
