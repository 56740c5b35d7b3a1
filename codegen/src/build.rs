//! Generation at build time: Rust source files holding `#[resource]` structs in, their
//! complete formatted expansion out, for a build script to write into `OUT_DIR`.
//!
//! `build.rs`:
//!
//! ```no_run
//! ittybit_codegen::build::Generator::new()
//!     .root("::ittybit_runtime")
//!     .file("resources/widgets.rs")
//!     // On failure, Cargo shows each problem at its `file:line:column` and fails the build.
//!     .write_for_cargo("widgets.rs");
//! ```
//!
//! `src/lib.rs`:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/widgets.rs"));
//! ```
//!
//! The output holds every item of the input files in order, each (but imports) under a comment
//! naming the line it comes from (`// resources/widgets.rs:12`), with each `#[resource]` struct
//! expanded exactly as the `#[resource]` macro expands it and the attribute removed. The
//! attribute is recognised by its last path segment (`#[resource]`, `#[ittybit::resource]`);
//! structs inside inline modules are expanded too. Resources are named through the
//! [`root`](Generator::root) unless they say `crate = …`. The input files are never compiled
//! themselves, so they import nothing for the attribute; they do import what their items use
//! (`serde::Deserialize`, …), which the output keeps.

use std::fmt::{self, Write as _};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{ParseStream, Parser as _};
use syn::spanned::Spanned;
use syn::{Attribute, Item, Meta};

use crate::expand::expand_item;
use crate::{DEFAULT_ROOT, validate};

/// Reads resource definitions and writes their expansion. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct Generator {
    root: String,
    files: Vec<PathBuf>,
    cargo_directives: bool,
}

impl Default for Generator {
    fn default() -> Self {
        Self::new()
    }
}

impl Generator {
    /// A generator with no input files, naming the runtime through `::ittybit`.
    #[must_use]
    pub fn new() -> Self {
        Self {
            root: DEFAULT_ROOT.to_owned(),
            files: Vec::new(),
            cargo_directives: true,
        }
    }

    /// The path generated code names the runtime through, e.g. `"::ittybit_runtime"` for a
    /// crate depending on the runtime alone (default `"::ittybit"`). A resource's own
    /// `crate = …` option takes precedence.
    #[must_use]
    pub fn root(mut self, root: impl Into<String>) -> Self {
        self.root = root.into();
        self
    }

    /// Adds an input file (relative paths are relative to the working directory, which for a
    /// build script is the package's directory).
    #[must_use]
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.files.push(path.into());
        self
    }

    /// Whether [`write`](Self::write) and [`write_to`](Self::write_to) print
    /// `cargo:rerun-if-changed` for each input (default `true`; turn it off outside build
    /// scripts).
    #[must_use]
    pub fn cargo_directives(mut self, on: bool) -> Self {
        self.cargo_directives = on;
        self
    }

    /// The formatted expansion of every input file, one after another, each under a comment
    /// naming it.
    ///
    /// # Errors
    /// An input cannot be read, does not parse, or holds an invalid `#[resource]`; every
    /// problem of every file is reported, each at its `file:line:column`.
    pub fn generate(&self) -> Result<String, Error> {
        let root = parse_root(&self.root)?;
        let mut out = String::new();
        let mut problems = Vec::new();
        for file in &self.files {
            let source = fs::read_to_string(file).map_err(io(file))?;
            let expanded =
                expand_file(&source, &root, file).map_err(|found| problems.extend(found));
            let Ok(items) = expanded else { continue };
            let name = file.display();
            let _ = writeln!(
                out,
                "// Generated from {name} by ittybit-codegen. Do not edit.\n"
            );
            // Each item under a comment naming the line of the input it comes from, so an
            // error in the generated file leads back to the definition.
            for (line, tokens) in items {
                if let Some(line) = line {
                    let _ = writeln!(out, "// {name}:{line}");
                }
                match crate::render(&tokens) {
                    Ok(text) => out.push_str(&text),
                    Err(e) => problems.extend(diagnostics(file, e)),
                }
            }
            out.push('\n');
        }
        problems
            .is_empty()
            .then_some(out)
            .ok_or(Error::Invalid(problems))
    }

    /// Writes the expansion to `$OUT_DIR/name` (only if it changed, so nothing downstream
    /// rebuilds needlessly) and returns the path written; for `include!`.
    ///
    /// # Errors
    /// As [`generate`](Self::generate), plus `OUT_DIR` unset (not in a build script) or the
    /// output not writable.
    pub fn write(&self, name: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or(Error::NoOutDir)?;
        let path = PathBuf::from(out_dir).join(name);
        self.write_to(&path)?;
        Ok(path)
    }

    /// For `build.rs`: [`write`](Self::write), with any failure reported to Cargo rather than
    /// returned. Each problem is printed as a `cargo::error=` line at its `file:line:column` in
    /// the input (so Cargo fails the build and shows every one, with no panic or backtrace),
    /// and `None` is returned; on success, the path written. See the [module docs](self).
    pub fn write_for_cargo(&self, name: impl AsRef<Path>) -> Option<PathBuf> {
        let written = self.write(name);
        let lines = written.as_ref().err().map(Error::cargo_errors);
        for line in lines.into_iter().flatten() {
            println!("{line}");
        }
        written.ok()
    }

    /// Writes the expansion to `path` (only if it changed).
    ///
    /// # Errors
    /// As [`write`](Self::write).
    pub fn write_to(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        if self.cargo_directives {
            for file in &self.files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        let text = self.generate()?;
        if fs::read_to_string(path).is_ok_and(|old| old == text) {
            return Ok(());
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(path, text).map_err(io(path))
    }
}

/// Expands the `#[resource]` structs of `source` (a Rust file's text) and returns the tokens
/// of all its items, resources expanded, named through `root` by default.
///
/// # Errors
/// `source` does not parse or holds an invalid `#[resource]`; each [`Diagnostic`] names
/// `file` (only used in messages).
pub fn expand_source(source: &str, root: &str, file: &Path) -> Result<TokenStream, Error> {
    let items = expand_file(source, &parse_root(root)?, file).map_err(Error::Invalid)?;
    Ok(items.into_iter().map(|(_, tokens)| tokens).collect())
}

fn parse_root(root: &str) -> Result<syn::Path, Error> {
    syn::parse_str(root).map_err(|e| Error::Root {
        root: root.to_owned(),
        message: e.to_string(),
    })
}

/// The file's inner attributes, then each of its items expanded, with the line the item starts
/// on (its first attribute or keyword, from 1; `None` for the attributes and for imports, which
/// need no pointer back).
fn expand_file(
    source: &str,
    root: &syn::Path,
    file: &Path,
) -> Result<Vec<(Option<usize>, TokenStream)>, Vec<Diagnostic>> {
    let parsed = syn::parse_file(source).map_err(|e| diagnostics(file, e).collect::<Vec<_>>())?;
    let mut problems = Vec::new();
    let attrs = parsed.attrs.iter().map(ToTokens::to_token_stream).collect();
    let mut items = vec![(None, attrs)];
    for item in parsed.items {
        let line = match &item {
            Item::Use(_) | Item::ExternCrate(_) => None,
            item => (item.to_token_stream().into_iter().next()).map(|t| t.span().start().line),
        };
        items.push((line, expand_resources_in(item, root, file, &mut problems)));
    }
    problems.is_empty().then_some(items).ok_or(problems)
}

/// One item: a resource is expanded, a module is walked, anything else is kept as written.
fn expand_resources_in(
    mut item: Item,
    root: &syn::Path,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> TokenStream {
    let Some(attr) = take_resource_attribute(&mut item) else {
        if let Item::Mod(module) = &mut item
            && let Some((_, items)) = &mut module.content
        {
            for inner in items {
                *inner = Item::Verbatim(expand_resources_in(inner.clone(), root, file, problems));
            }
        }
        return item.into_token_stream();
    };
    let args = match &attr.meta {
        Meta::Path(_) => TokenStream::new(),
        Meta::List(list) => list.tokens.clone(),
        Meta::NameValue(nv) => {
            let message = "write the options in parentheses: `#[resource(path = \"/widgets\")]`";
            problems.extend(diagnostics(file, syn::Error::new(nv.span(), message)));
            return item.into_token_stream();
        }
    };
    let expansion = expand_item(args, attr.span(), item, root);
    if let Some(errors) = expansion.errors {
        problems.extend(diagnostics(file, errors.into()));
    }
    expansion.tokens
}

/// Removes the first `#[resource]` attribute of `item`, of any kind, and returns it.
fn take_resource_attribute(item: &mut Item) -> Option<Attribute> {
    let outer = |input: ParseStream| Ok((input.call(Attribute::parse_outer)?, input.parse()?));
    let (mut attrs, rest): (Vec<Attribute>, TokenStream) =
        outer.parse2(item.to_token_stream()).ok()?;
    let attr = attrs.remove(attrs.iter().position(validate::is_resource_attribute)?);
    *item = syn::parse2(quote::quote!(#(#attrs)* #rest)).expect("an item less an attribute is one");
    Some(attr)
}

fn io(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_owned();
    |source| Error::Io { path, source }
}

fn diagnostics(file: &Path, error: syn::Error) -> impl Iterator<Item = Diagnostic> {
    error.into_iter().map(move |e| Diagnostic {
        file: file.to_owned(),
        line: e.span().start().line,
        column: e.span().start().column + 1,
        message: e.to_string(),
    })
}

/// One problem in an input file, at `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    file: PathBuf,
    line: usize,
    column: usize,
    message: String,
}

impl Diagnostic {
    /// The input file.
    #[must_use]
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The line, from 1.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column in characters, from 1.
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { line, column, .. } = self;
        write!(
            f,
            "{}:{line}:{column}: {}",
            self.file.display(),
            self.message
        )
    }
}

/// Why generation failed. `Debug` prints the same readable text as `Display`, so a build
/// script may return it from `main` or unwrap it.
#[non_exhaustive]
pub enum Error {
    /// An input could not be read, or the output written.
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// Inputs that do not parse or hold invalid `#[resource]` structs: every problem found.
    Invalid(Vec<Diagnostic>),
    /// The root given to [`Generator::root`] is not a path.
    Root {
        /// The root as given.
        root: String,
        /// Why it does not parse.
        message: String,
    },
    /// `OUT_DIR` is not set: [`Generator::write`] runs in build scripts only (use
    /// [`Generator::write_to`] elsewhere).
    NoOutDir,
}

impl Error {
    /// The error as Cargo build-script directives, one `cargo::error=` line per problem
    /// (`cargo::error=resources/widgets.rs:4:19: the path must start with `/`…`).
    #[must_use]
    pub fn cargo_errors(&self) -> Vec<String> {
        let lines = match self {
            Error::Invalid(found) => found.iter().map(ToString::to_string).collect(),
            other => vec![other.to_string()],
        };
        // A directive ends at the end of its line.
        let directive = |line: String| format!("cargo::error={}", line.replace(['\r', '\n'], " "));
        lines.into_iter().map(directive).collect()
    }

    /// The problems found in the inputs (empty for other errors).
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(found) => found,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Invalid(found) => {
                let count = found.len();
                let noun = if count == 1 { "problem" } else { "problems" };
                write!(f, "{count} {noun} in the resource definitions:")?;
                found
                    .iter()
                    .try_for_each(|diagnostic| write!(f, "\n{diagnostic}"))
            }
            Error::Root { root, message } => {
                write!(f, "the root `{root}` is not a Rust path: {message}")
            }
            Error::NoOutDir => f.write_str(
                "OUT_DIR is not set: `Generator::write` runs in build scripts; use `write_to` \
                 elsewhere",
            ),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
