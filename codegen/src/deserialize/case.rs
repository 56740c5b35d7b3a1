//! `#[serde(rename_all = "…")]`: the case conventions serde accepts, applied to field names.

/// A case convention for field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Case {
    /// Every convention, with its name as serde spells it.
    pub(crate) const ALL: [(&'static str, Case); 8] = [
        ("lowercase", Case::Lower),
        ("UPPERCASE", Case::Upper),
        ("PascalCase", Case::Pascal),
        ("camelCase", Case::Camel),
        ("snake_case", Case::Snake),
        ("SCREAMING_SNAKE_CASE", Case::ScreamingSnake),
        ("kebab-case", Case::Kebab),
        ("SCREAMING-KEBAB-CASE", Case::ScreamingKebab),
    ];

    /// The convention named `name`, if serde knows it.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, case)| *case)
    }

    /// The names serde knows, for an error message.
    pub(crate) fn names() -> String {
        Self::ALL
            .iter()
            .map(|(name, _)| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A `snake_case` field name in this convention, as serde's `rename_all` writes it.
    pub(crate) fn apply(self, field: &str) -> String {
        match self {
            Case::Lower | Case::Snake => field.to_owned(),
            Case::Upper | Case::ScreamingSnake => field.to_ascii_uppercase(),
            Case::Pascal => pascal(field),
            Case::Camel => {
                let pascal = pascal(field);
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Case::Kebab => field.replace('_', "-"),
            Case::ScreamingKebab => field.replace('_', "-").to_ascii_uppercase(),
        }
    }
}

/// `snake_case` → `SnakeCase`, as serde does it: each `_` dropped and the next letter raised.
fn pascal(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Case;

    #[test]
    fn each_convention_spells_a_field_as_serde_does() {
        let field = "created_at_ms";
        let expected = [
            "created_at_ms",
            "CREATED_AT_MS",
            "CreatedAtMs",
            "createdAtMs",
            "created_at_ms",
            "CREATED_AT_MS",
            "created-at-ms",
            "CREATED-AT-MS",
        ];
        for ((name, case), want) in Case::ALL.iter().zip(expected) {
            assert_eq!(case.apply(field), want, "{name}");
            assert_eq!(Case::from_name(name), Some(*case));
        }
        assert_eq!(Case::from_name("Title Case"), None);
        assert_eq!(Case::Camel.apply("id"), "id");
        assert_eq!(Case::Pascal.apply(""), "");
    }
}
