//! Property tests of the `Link` parser.

use std::fmt::Write;

use ittybit_runtime::link::{Link, parse};
use proptest::prelude::*;

/// Renders a link the way a server would: quoted values escaped, several rels space-joined.
fn render(link: &Link) -> String {
    let mut text = format!("<{}>", link.target());
    for (name, value) in link.params() {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        write!(text, "; {name}=\"{escaped}\"").unwrap();
    }
    text
}

/// 10,000 cases, or `PROPTEST_CASES` when set (`scripts/mutants.sh` lowers it).
fn property_config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(10_000);
    ProptestConfig::with_cases(cases)
}

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
            Link::new(target, params)
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
