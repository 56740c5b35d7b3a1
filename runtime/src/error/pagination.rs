//! Why a list walk stopped instead of looping or leaking the key.

use std::fmt;

use super::text::shorten;

/// Why a list walk stopped with an error instead of looping or leaking the key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// A next link pointed at another origin (scheme, host or port) than the base URL. No
    /// request was sent there.
    CrossOrigin {
        /// The refused link's origin (`scheme://host:port`); its path and query are not kept.
        link_origin: String,
        /// The client's base origin.
        base_origin: String,
    },
    /// A next link that carries credentials (`user:password@`). No request was sent.
    Credentials {
        /// The link's origin, without the credentials.
        link_origin: String,
    },
    /// The walk stopped advancing: a next URL already visited (fragments ignored), or a page
    /// that repeats the previous page's items under a new URL.
    Loop {
        /// The repeated URL's path and query.
        url: String,
    },
    /// A page with no items that still claimed more results.
    EmptyPageClaimsMore {
        /// The path and query of the page's request.
        url: String,
    },
    /// A page claiming more results without a next link, whose last item has no id to continue
    /// after (`after=<id>`: none, an empty one, or one over 1,024
    /// bytes): nothing was sent.
    NoCursor {
        /// The path and query of the page's request.
        url: String,
    },
    /// A next link that is not a valid URL reference.
    InvalidLink {
        /// The link target as sent, shortened, with anything that could be a credential (before
        /// an `@`, and the query) hidden.
        target: String,
    },
    /// The task fetching pages ahead stopped before the end of the list (its runtime shut
    /// down): the walk is not complete. Resume it from its cursor.
    Interrupted {
        /// The path and query of the last page handed out (or of the first page).
        url: String,
    },
    /// A resume cursor that does not address the list being walked on the client's origin.
    CursorMismatch {
        /// The cursor's path.
        cursor: String,
        /// The path of the list being walked.
        expected: String,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CrossOrigin {
                link_origin,
                base_origin,
            } => write!(
                f,
                "refused a next link to {}: it is not the API's origin {base_origin}",
                shorten(link_origin)
            ),
            Self::Credentials { link_origin } => write!(
                f,
                "refused a next link to {} that carries credentials",
                shorten(link_origin)
            ),
            Self::Loop { url } => write!(
                f,
                "pagination loop: {} repeats a page already visited",
                shorten(url)
            ),
            Self::EmptyPageClaimsMore { url } => {
                write!(f, "page {} is empty but claims more results", shorten(url))
            }
            Self::NoCursor { url } => write!(
                f,
                "page {} claims more results, but its last item has no usable id to continue after",
                shorten(url)
            ),
            Self::InvalidLink { target } => write!(f, "invalid next link {:?}", shorten(target)),
            Self::Interrupted { url } => write!(
                f,
                "the walk stopped after {} before the end of the list: its prefetch task was cancelled",
                shorten(url)
            ),
            Self::CursorMismatch { cursor, expected } => write!(
                f,
                "cursor for {} cannot resume a walk of {expected}",
                shorten(cursor)
            ),
        }
    }
}

impl std::error::Error for PaginationError {}
