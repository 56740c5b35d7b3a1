//! Bounded text for error messages: body excerpts, shortened ids and paths, statuses.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

/// How many bytes of a body an error keeps.
pub const EXCERPT_LEN: usize = 256;

/// The longest path or id an error message shows whole; longer ones keep their start and end.
pub(crate) const SHOWN_LEN: usize = 160;

/// The first [`EXCERPT_LEN`] bytes of a body, credentials ([`redact`], a token after `Bearer`)
/// redacted, cut on a character boundary, lossily decoded.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let (mut redacted, whole) = redact(body, EXCERPT_LEN);
    redact_bearer(&mut redacted);
    let head = redacted.get(..EXCERPT_LEN).unwrap_or(&redacted);
    let mut text = String::from_utf8_lossy(head).into_owned();
    if !whole || redacted.len() > EXCERPT_LEN {
        // A multi-byte character cut in half decodes to U+FFFD at the very end: drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
}

const REDACTED: &[u8] = b"<redacted>";

/// Whether a JSON key names a credential: it holds `secret`, `token`, `password`, `apikey` or
/// `authorization`, ignoring case, `_` and `-` (`client_secret`, `accessToken`, `X-Api-Key`).
pub(crate) fn is_credential(key: &str) -> bool {
    let key: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    ["secret", "token", "password", "apikey", "authorization"]
        .iter()
        .any(|word| key.contains(word))
}

/// The start of `body` (at least `keep` bytes if there are) with each credential key's
/// ([`is_credential`]) value `<redacted>`, and whether it is all. Read as JSON tokens, not
/// parsed, so a truncated or broken body is redacted too; reading stops after `keep` bytes.
fn redact(body: &[u8], keep: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(keep.saturating_add(REDACTED.len()));
    let mut at = 0;
    while at < body.len() {
        if out.len() > keep {
            return (out, false);
        }
        let Some(&byte) = body.get(at) else { break };
        if byte != b'"' {
            out.push(byte);
            at += 1;
            continue;
        }
        let end = string_end(body, at);
        let token = body.get(at..end).unwrap_or_default();
        // Only what the excerpt can show is copied.
        let room = keep.saturating_add(1).saturating_sub(out.len());
        out.extend_from_slice(token.get(..room).unwrap_or(token));
        at = end;
        let colon = skip_space(body, at);
        if body.get(colon) != Some(&b':') || !names_credential(token) {
            continue;
        }
        out.extend_from_slice(body.get(at..=colon).unwrap_or_default());
        let value = skip_space(body, colon + 1);
        out.extend_from_slice(body.get(colon + 1..value).unwrap_or_default());
        let value_end = value_end(body, value);
        if body.get(value) == Some(&b'"') {
            out.push(b'"');
            out.extend_from_slice(REDACTED);
            out.push(b'"');
        } else if value_end > value {
            out.extend_from_slice(REDACTED);
        }
        at = value_end;
    }
    (out, true)
}

/// Replaces the token after each `Bearer` (any case, then spaces) with `<redacted>`.
fn redact_bearer(text: &mut Vec<u8>) {
    const BEARER: &[u8] = b"bearer";
    let mut at = 0;
    while let Some(found) = text.get(at..).and_then(|rest| {
        rest.windows(BEARER.len())
            .position(|w| w.eq_ignore_ascii_case(BEARER))
    }) {
        let start = skip_space(text, at + found + BEARER.len());
        let end = text.get(start..).map_or(start, |rest| {
            start
                + rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"\"'<>,;\\".contains(b))
                    .unwrap_or(rest.len())
        });
        if start > at + found + BEARER.len() && end > start {
            text.splice(start..end, REDACTED.iter().copied());
            at = start + REDACTED.len();
        } else {
            at += found + BEARER.len();
        }
    }
}

/// Whether a string token (quotes included) is a credential key; none is over [`EXCERPT_LEN`].
fn names_credential(token: &[u8]) -> bool {
    if token.len() > EXCERPT_LEN {
        return false;
    }
    let text = String::from_utf8_lossy(token);
    let key =
        serde_json::from_str::<String>(&text).unwrap_or_else(|_| text.trim_matches('"').to_owned());
    is_credential(&key)
}

/// The index past the string token whose `"` is at `start` (the body's end if unterminated).
pub(crate) fn string_end(body: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while let Some(&byte) = body.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    body.len()
}

fn skip_space(body: &[u8], mut at: usize) -> usize {
    while body.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The index just past the JSON value starting at `start`: a string, a whole object or array
/// (nesting and strings followed), or a scalar up to the next delimiter.
fn value_end(body: &[u8], start: usize) -> usize {
    let mut depth = 0_usize;
    let mut at = start;
    while let Some(&byte) = body.get(at) {
        match byte {
            b'"' => {
                at = string_end(body, at);
                if depth == 0 {
                    return at;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' | b',' if depth == 0 => return at,
            byte if depth == 0 && byte.is_ascii_whitespace() => return at,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return at + 1;
                }
            }
            _ => {}
        }
        at += 1;
    }
    body.len()
}

/// `text` whole up to [`SHOWN_LEN`] bytes, else its start and end around `…` (one line per id).
pub(crate) fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= SHOWN_LEN {
        return text.into();
    }
    let keep = SHOWN_LEN / 2;
    let head = text.floor_char_boundary(keep);
    let tail = text.ceil_char_boundary(text.len().saturating_sub(keep / 2));
    let (start, end) = (
        text.get(..head).unwrap_or(""),
        text.get(tail..).unwrap_or(""),
    );
    format!("{start}…{end} ({} bytes)", text.len()).into()
}

/// A URL as an error shows it, parsed or not: anything before its last `@` (credentials), its
/// query and fragment (tokens) replaced by `…`, the rest [shortened](shorten).
pub(crate) fn shown_url(text: &str) -> String {
    let mut shown = String::new();
    let rest = match text.rsplit_once('@') {
        Some((before, after)) => {
            if let Some((scheme, _)) = before.split_once("://") {
                shown.push_str(scheme);
                shown.push_str("://");
            }
            shown.push_str("…@");
            after
        }
        None => text,
    };
    match rest.find(['?', '#']) {
        Some(at) => {
            let (path, query) = rest.split_at(at);
            shown.push_str(path);
            shown.extend(query.chars().next());
            shown.push('…');
        }
        None => shown.push_str(rest),
    }
    shorten(&shown).into_owned()
}

/// `404 Not Found`, or the bare code when it has no canonical reason.
pub(crate) struct StatusDisplay(pub(crate) StatusCode);

impl fmt::Display for StatusDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.canonical_reason() {
            Some(reason) => write!(f, "{} {reason}", self.0.as_u16()),
            None => write!(f, "{}", self.0.as_u16()),
        }
    }
}

/// A duration in seconds as people read it: `1.5s`, `30s`.
pub(crate) struct Seconds(pub(crate) Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.as_secs_f64();
        if self.0.subsec_nanos() == 0 {
            write!(f, "{}s", self.0.as_secs())
        } else {
            write!(f, "{seconds:.1}s")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_cut_on_a_char_boundary() {
        let body = "é".repeat(EXCERPT_LEN);
        let text = excerpt(body.as_bytes());
        assert!(text.len() <= EXCERPT_LEN + '…'.len_utf8());
        assert!(text.ends_with('…'));
        assert!(!text.contains('\u{FFFD}'));
        assert_eq!(excerpt(b"short"), "short");
        assert_eq!(excerpt(&[b'a'; EXCERPT_LEN]).len(), EXCERPT_LEN);
    }

    #[test]
    fn credentials_are_redacted_in_every_excerpt() {
        let cases = [
            (
                r#"{"id":"key_1","secret":"ittybit_s3cr3t","created_at":"2024"}"#,
                r#"{"id":"key_1","secret":"<redacted>","created_at":"2024"}"#,
            ),
            (
                r#"{"Access_Token" : 12345, "API-KEY":{"v":"x","w":[1,"]"]}, "n":1}"#,
                r#"{"Access_Token" : <redacted>, "API-KEY":<redacted>, "n":1}"#,
            ),
            (
                r#"[{"password":"a\"b","client_secret":null}]"#,
                r#"[{"password":"<redacted>","client_secret":<redacted>}]"#,
            ),
            (
                r#"{"pass\u0077ord":"hunter2"}"#,
                r#"{"pass\u0077ord":"<redacted>"}"#,
            ),
            (r#"{"token":"cut off"#, r#"{"token":"<redacted>""#),
            (r#"{"token":"#, r#"{"token":"#),
            (
                r#"{"note":"the token: is here","t":"x"}"#,
                r#"{"note":"the token: is here","t":"x"}"#,
            ),
            ("<html>token: abc</html>", "<html>token: abc</html>"),
        ];
        for (body, shown) in cases {
            assert_eq!(excerpt(body.as_bytes()), shown, "{body}");
        }
        // A bearer token anywhere: an echoed header, in HTML or in any string.
        for (body, shown) in [
            (
                "<pre>Authorization: Bearer ittybit_abc123</pre>",
                "<pre>Authorization: Bearer <redacted></pre>",
            ),
            (
                r#"{"echo":"authorization: bearer  k-1.2_3","bearer":1}"#,
                r#"{"echo":"authorization: bearer  <redacted>","bearer":1}"#,
            ),
            ("Bearer", "Bearer"),
        ] {
            assert_eq!(excerpt(body.as_bytes()), shown, "{body}");
        }
        // A secret past the window is read through, never cut into the excerpt.
        let long = format!(
            r#"{{"pad":"{}","secret":"{}"}}"#,
            "x".repeat(240),
            "s".repeat(5000)
        );
        let text = excerpt(long.as_bytes());
        assert!(!text.contains("sss"), "{text}");
        assert!(
            text.ends_with('…') && text.len() <= EXCERPT_LEN + 3,
            "{text}"
        );
    }

    #[test]
    fn long_text_is_shortened_around_its_middle() {
        assert_eq!(shorten("task_1"), "task_1");
        let exact = "x".repeat(SHOWN_LEN);
        assert_eq!(shorten(&exact), exact);
        let long = format!("{}{}", "a".repeat(100_000), "zz");
        let short = shorten(&long);
        assert!(short.len() < SHOWN_LEN + 40, "{short}");
        assert!(
            short.starts_with("aaa") && short.contains("zz (100002 bytes)"),
            "{short}"
        );
        // Multi-byte characters are never cut: both cuts move to the nearest boundary inside.
        let wide = format!("a{}b", "é".repeat(200));
        assert_eq!(
            shorten(&wide),
            format!("a{}…{}b (402 bytes)", "é".repeat(39), "é".repeat(19))
        );
    }

    #[test]
    fn seconds_read_naturally() {
        assert_eq!(Seconds(Duration::from_secs(30)).to_string(), "30s");
        assert_eq!(Seconds(Duration::from_millis(1500)).to_string(), "1.5s");
        assert!(Seconds(Duration::MAX).to_string().ends_with('s'));
    }
}
