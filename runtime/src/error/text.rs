//! Bounded text for error messages: body excerpts, shortened ids and paths, statuses.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

/// How many bytes of a body an error keeps.
pub const EXCERPT_LEN: usize = 256;

/// The longest path or id an error message shows whole; longer ones keep their start and end.
pub(crate) const SHOWN_LEN: usize = 160;

/// The first [`EXCERPT_LEN`] bytes of a body, cut on a character boundary, lossily decoded.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let head = body.get(..EXCERPT_LEN).unwrap_or(body);
    let mut text = String::from_utf8_lossy(head).into_owned();
    if body.len() > EXCERPT_LEN {
        // A multi-byte character cut in half decodes to U+FFFD at the very end: drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
}

/// `text` whole when it is at most [`SHOWN_LEN`] bytes, else its start and end around `…`, so
/// an error built from a caller's 100,000-character id stays a line long.
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
