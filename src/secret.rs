//! A secret string that never shows in `Debug` output.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret, such as a new key's value: `Debug` prints `<redacted>`; read it with
/// [`Secret::expose`].
///
/// ```
/// let secret = ittybit::Secret::from("ittybit_abc".to_owned());
/// assert_eq!(format!("{secret:?}"), "<redacted>");
/// assert_eq!(secret.expose(), "ittybit_abc");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret value. Store it somewhere safe: the API shows it only once.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
