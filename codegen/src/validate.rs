//! Validate: the parsed options against the item they are on, into a [`Resource`] model.
//!
//! Every check runs even after another failed, so one build reports every problem.

use darling::error::Accumulator;
use proc_macro2::{Span, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Field, Fields, GenericParam, Ident, Item, ItemStruct, LitStr, Path, Type};

use crate::attr::{ActionArgs, Args, Written, parsed};
use crate::diag;
use crate::model::{Action, METHODS, Resource};

/// The method names a resource may generate, for collision checks.
const OPERATIONS: [&str; 7] = [
    "get", "list", "stream", "pages", "create", "update", "delete",
];

/// Checks `args` against `item` and builds the model. Every problem goes into `errors`; the
/// model is returned whenever `item` is a struct with named fields, complete when `errors`
/// stayed empty, and otherwise holding what could be read (for the fallback expansion).
pub(crate) fn validate(
    args: Option<Args>,
    item: &Item,
    attr_span: Span,
    default_root: &Path,
    errors: &mut Accumulator,
) -> Option<Resource> {
    let strukt = the_struct(item, errors);
    // After a syntax error in the list nothing more is said about the options.
    let readable = args.is_some();
    let args = args.unwrap_or_default();
    let path = match args.path.first() {
        Some(written) => written.value.as_ref().and_then(|lit| {
            let checked = check_path(&lit.value(), false).map_err(|m| diag::spanned(lit, m));
            let names = errors.handle(checked)?;
            let params = names
                .iter()
                .map(|name| Ident::new(name, lit.span()))
                .collect();
            Some((lit.value(), params))
        }),
        None if readable => {
            errors.push(diag::at(
                attr_span,
                "missing option `path`: the collection path of this resource, e.g. \
                 `#[resource(path = \"/widgets\")]`",
            ));
            None
        }
        None => None,
    };

    let singleton = parsed(&args.singleton).copied().unwrap_or(false);
    if singleton {
        not_on_a_singleton(&args, errors);
    }
    let id = strukt
        .filter(|_| !singleton)
        .and_then(|strukt| id_field(strukt, parsed(&args.id), errors));

    let get = parsed(&args.get).copied().unwrap_or(true);
    let list = !singleton && parsed(&args.list).copied().unwrap_or(true);
    let delete = !singleton && parsed(&args.delete).copied().unwrap_or(false);
    let unless_singleton = |ty: Option<&Type>| ty.filter(|_| !singleton).cloned();
    let filters = unless_singleton(parsed(&args.filters));
    let create = unless_singleton(parsed(&args.create));
    let update = parsed(&args.update).cloned();
    if let (Some(filters), false, false) = (&filters, list, singleton) {
        let message =
            "`filters` applies to `list`, `stream` and `pages`, which `list = false` turns off";
        errors.push(diag::spanned(filters, message));
    }

    let (c, u) = (create.is_some(), update.is_some());
    let mut taken = Vec::new();
    for (name, on) in OPERATIONS.iter().zip([get, list, list, list, c, u, delete]) {
        taken.extend(on.then(|| (*name).to_owned()));
    }

    let base = path.as_ref().map(|(path, _)| path.as_str());
    let mut actions = Vec::new();
    for written in args.actions {
        actions.extend(action(written, base, singleton, &mut taken, errors));
    }

    let strukt = strukt?;
    let (path, params) = path.unwrap_or_default();
    Some(Resource {
        ident: strukt.ident.clone(),
        vis: strukt.vis.clone(),
        generics: strukt.generics.clone(),
        root: parsed(&args.krate).unwrap_or(default_root).clone(),
        path,
        params,
        singleton,
        id,
        filters,
        get,
        list,
        create,
        update,
        delete,
        actions,
    })
}

/// The struct, if `item` is a struct with named fields, its generics and attributes checked.
fn the_struct<'a>(item: &'a Item, errors: &mut Accumulator) -> Option<&'a ItemStruct> {
    let (at, what) = match item {
        Item::Struct(strukt) => match &strukt.fields {
            Fields::Named(_) => {
                lifetimes_and_repeats(strukt, errors);
                return Some(strukt);
            }
            Fields::Unnamed(fields) => {
                (fields.to_token_stream(), "tuple structs are not supported")
            }
            Fields::Unit => (
                strukt.ident.to_token_stream(),
                "unit structs are not supported",
            ),
        },
        Item::Enum(e) => (e.enum_token.to_token_stream(), "enums are not supported"),
        Item::Union(u) => (u.union_token.to_token_stream(), "unions are not supported"),
        // At the first token after the attributes (each a `#` and a `[...]`).
        other => {
            let mut tokens = other.to_token_stream().into_iter();
            let first = loop {
                match tokens.next() {
                    Some(TokenTree::Punct(p)) if p.as_char() == '#' => drop(tokens.next()),
                    first => break first,
                }
            };
            (
                first.map_or_else(|| other.to_token_stream(), Into::into),
                "this item is not a struct",
            )
        }
    };
    let message = format!(
        "`#[resource]` goes on a struct with named fields (the resource's JSON object, one field \
         of which is its id); {what}"
    );
    errors.push(diag::spanned(at, message));
    None
}

/// Refuses lifetime parameters (a resource is decoded into owned data) and a second
/// `#[resource]` (which would generate everything twice).
fn lifetimes_and_repeats(strukt: &ItemStruct, errors: &mut Accumulator) {
    for param in &strukt.generics.params {
        if let GenericParam::Lifetime(param) = param {
            let message = format!(
                "`#[resource]` structs cannot have lifetime parameters: a resource is decoded \
                 into owned data (`DeserializeOwned + 'static`), so `{}` cannot be borrowed from \
                 anything; use owned types such as `String`",
                param.lifetime
            );
            errors.push(diag::spanned(&param.lifetime, message));
        }
    }
    for attr in &strukt.attrs {
        if is_resource_attribute(attr) {
            let message = "`#[resource]` is repeated: one struct is one resource; merge the \
                           options into the first attribute";
            errors.push(diag::spanned(attr.path(), message));
        }
    }
}

/// Refuses the options a singleton cannot have, each at the option.
fn not_on_a_singleton(args: &Args, errors: &mut Accumulator) {
    fn at<T>(option: &[Written<T>]) -> Option<Span> {
        option.first().map(|written| written.span)
    }
    let on = |option: &[Written<bool>]| at(option).filter(|_| option[0].value != Some(false));
    let (list, delete) = (on(&args.list), on(&args.delete));
    let spans = [
        at(&args.id),
        list,
        at(&args.filters),
        at(&args.create),
        delete,
    ];
    let messages = [
        "a singleton has no id: remove `id`, or `singleton` if items have ids",
        "a singleton has no list (`list`, `stream`, `pages`): remove `list`",
        "a singleton has no list to filter: remove `filters`",
        "a singleton is not created: remove `create` (`update = Body` is available)",
        "a singleton is not deleted: remove `delete`",
    ];
    for (span, message) in spans.into_iter().zip(messages) {
        errors.handle(span.map_or(Ok(()), |span| Err(diag::at(span, message))));
    }
}

/// Whether `attr` is `#[resource(...)]` or `#[some::path::resource(...)]`.
pub(crate) fn is_resource_attribute(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|last| last.ident == "resource")
}

/// The id field: `id` (the option's value, or `id`) must name a field.
fn id_field(
    strukt: &ItemStruct,
    written: Option<&Ident>,
    errors: &mut Accumulator,
) -> Option<Field> {
    let wanted = written.map_or_else(|| "id".to_owned(), |ident| ident.unraw().to_string());
    let names: Vec<String> = (strukt.fields.iter())
        .filter_map(|field| Some(field.ident.as_ref()?.unraw().to_string()))
        .collect();
    if let Some(at) = names.iter().position(|name| *name == wanted) {
        return strukt.fields.iter().nth(at).cloned();
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (hint, of) = (diag::did_you_mean(&wanted, &names), &strukt.ident);
    let fields = diag::list(&names);
    let message = match written {
        Some(_) => {
            format!("`id = {wanted}` names no field of `{of}`{hint}; its fields are: {fields}")
        }
        None => format!(
            "`{of}` has no `id` field: add one, or name the field holding the id with \
             `#[resource(id = field_name)]`{hint}"
        ),
    };
    errors.push(diag::spanned(written.unwrap_or(of), message));
    None
}

/// The names generated methods give their own parameters, which placeholders cannot take.
const RESERVED: &[&str] = &["client", "params", "body", "id"];

/// Checks an action path (`/{id}/run`, `/search`) and returns whether it holds `{id}`.
fn action_path(path: &str, resource: Option<&str>) -> Result<bool, String> {
    if let Some(resource) = resource
        && let Some(rest) = path.strip_prefix(resource)
        && rest.starts_with('/')
    {
        return Err(format!(
            "action paths are relative to the resource path `{resource}`: write \"{rest}\""
        ));
    }
    Ok(!check_path(path, true)?.is_empty())
}

/// Returns `Err` with the message of the first rule broken, in order: `broken => format, args…;`.
macro_rules! rules {
    ($($broken:expr => $($message:expr),+;)*) => {
        $(if $broken {
            return Err(format!($($message),+));
        })*
    };
}

/// Checks a resource path (`/widgets`, `/automations/{automation_id}/runs`) or, with `action`,
/// an action path (`/{id}/run`, `/search`); returns the names of the placeholders, in order
/// (for an action, `{id}` at most).
fn check_path(path: &str, action: bool) -> Result<Vec<String>, String> {
    let example = if action {
        "\"/{id}/run\""
    } else {
        "\"/widgets\""
    };
    let space = path.chars().find(|c| c.is_whitespace()).unwrap_or_default();
    let (query, fragment) = (path.split_once('?'), path.split_once('#'));
    let trimmed = path.trim_end_matches('/');
    rules! {
        path.is_empty() => "the path is empty; write it from its first `/`, e.g. {example}";
        path.contains(char::is_whitespace) =>
            "the path holds whitespace ({space:?}); write it without, e.g. {example}";
        !path.starts_with('/') => "the path must start with `/`: write \"/{trimmed}\"";
        query.is_some() => "the path must not hold a query string (`?{}`){}",
            query.unwrap_or_default().1,
            if action { "" } else {
                ": list parameters go in `ListParams`, and typed filters in `filters = Type`"
            };
        fragment.is_some() => "the path must not hold a fragment (`#{}`): fragments are never \
            sent to the server", fragment.unwrap_or_default().1;
        path == "/" => "the path names nothing; write the whole path, e.g. {example}";
        path.ends_with('/') => "the path must not end with `/`: write \"{trimmed}\"";
    }
    let mut names: Vec<String> = Vec::new();
    for segment in path.trim_start_matches('/').split('/') {
        let parts = path.split('/').filter(|s| !s.is_empty());
        rules! {
            segment.is_empty() => "the path has an empty segment (`//`): write \"{}\"",
                parts.fold(String::new(), |a, s| a + "/" + s);
        }
        if let Some(name) = segment
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
        {
            placeholder(name, action, &names)?;
            names.push(name.to_owned());
            continue;
        }
        let odd = (segment.chars())
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')));
        rules! {
            action && segment.contains(['{', '}']) =>
                "`{segment}`: the only placeholder is `{{id}}`, as a whole segment";
            segment.contains(['{', '}']) => "`{segment}`: a placeholder is a whole segment, e.g. \
                \"/automations/{{automation_id}}/runs\"";
            segment == "." || segment == ".." =>
                "the path has a `{segment}` segment, which URL parsers resolve away";
            odd.is_some() => "the path holds `{}`: path segments are made of ASCII letters, \
                digits, `-`, `_`, `.` and `~`", odd.unwrap_or_default();
        }
    }
    Ok(names)
}

/// Checks one `{name}` of a path, given the names before it.
fn placeholder(name: &str, action: bool, earlier: &[String]) -> Result<(), String> {
    if action {
        rules! {
            name != "id" => "`{{{name}}}`: the only placeholder of an action path is `{{id}}`, \
                as a whole segment (those of the resource path are parameters already)";
            !earlier.is_empty() => "`{{id}}` may appear only once in the path";
        }
        return Ok(());
    }
    // (`Ident` refuses keywords, `_` and leading digits; the rest keeps it ASCII and unraw.)
    let is_identifier = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && syn::parse_str::<Ident>(name).is_ok();
    rules! {
        name == "id" => "the resource path is the collection path and takes no `{{id}}`: item \
            paths are `{{path}}/{{id}}` already (custom paths with `{{id}}` are actions)";
        !is_identifier => "`{{{name}}}`: a placeholder names a parameter of the generated \
            methods, so it is a Rust identifier (not a keyword), e.g. `{{automation_id}}`";
        RESERVED.contains(&name) => "`{{{name}}}` would clash with the methods' own `{name}` \
            parameter; name it after what it identifies, e.g. `{{automation_id}}`";
        earlier.iter().any(|seen| seen == name) => "`{{{name}}}` appears twice in the path: \
            each placeholder is a parameter of its own; name them apart";
    }
    Ok(())
}

/// Checks one `action(...)`; `taken` holds the method names already generated.
fn action(
    Written { span, value }: Written<ActionArgs>,
    resource_path: Option<&str>,
    singleton: bool,
    taken: &mut Vec<String>,
    errors: &mut Accumulator,
) -> Option<Action> {
    let args = value?;
    let missing = [
        (args.name.is_empty(), "name", "name = run"),
        (args.method.is_empty(), "method", "method = POST"),
        (args.path.is_empty(), "path", "path = \"/{id}/run\""),
    ];
    for (_, key, example) in missing.into_iter().filter(|(missing, ..)| *missing) {
        let message = format!(
            "this action is missing `{key}`: write e.g. \
             `action(name = run, method = POST, path = \"/{{id}}/run\")` (`{example}`)"
        );
        errors.push(diag::at(span, message));
    }
    let (name, body) = (parsed(&args.name).cloned(), parsed(&args.body).cloned());
    let path = parsed(&args.path).cloned();

    let text = name.as_ref().map(|name| name.unraw().to_string());
    let twice = text.as_ref().is_some_and(|text| taken.contains(text));
    if let (Some(name), Some(text), true) = (&name, &text, twice) {
        let why = if OPERATIONS.contains(&text.as_str()) {
            "an operation of this resource already has this name; name the action differently \
             or turn the operation off"
        } else {
            "another action already has this name"
        };
        let message = format!("a method named `{text}` is generated twice: {why}");
        errors.push(diag::spanned(name, message));
    }
    taken.extend(text.filter(|_| !twice));

    let method = parsed(&args.method).and_then(|lit| {
        let text = lit.value();
        let capitals = METHODS
            .into_iter()
            .find(|m| *m == text.to_ascii_uppercase());
        if capitals == Some(text.as_str()) {
            return capitals;
        }
        let hint = capitals.map_or_else(
            || diag::did_you_mean(&text, &METHODS),
            |method| format!(" (write it in capitals: `{method}`)"),
        );
        let methods = diag::list(&METHODS);
        let message = format!("unknown HTTP method `{text}`{hint}; the methods are: {methods}");
        errors.push(diag::at(lit.span(), message));
        None
    });

    let takes_id = path.as_ref().and_then(|lit| {
        errors.handle(action_path(&lit.value(), resource_path).map_err(|m| diag::spanned(lit, m)))
    });
    if let (Some(true), true, Some(lit)) = (takes_id, singleton, &path) {
        let message = "a singleton has no id: its action paths hold no `{id}`";
        errors.push(diag::spanned(lit, message));
    }
    if let (Some("GET"), Some(body)) = (method, &body) {
        let message =
            "a `GET` action takes no body: send its inputs in the path, or use another method";
        errors.push(diag::spanned(body, message));
    }

    // With a problem, what could be read is kept for the fallback expansion, whose bodies
    // never run: a method that cannot be read is written as `POST`, and a path that cannot
    // be read takes an id if it names one.
    let takes_id = takes_id.or_else(|| Some(path.as_ref()?.value().contains("{id}")));
    if twice {
        return None;
    }
    Some(Action {
        name: name?,
        method: method.unwrap_or("POST"),
        suffix: path.map(|path| path.value()).unwrap_or_default(),
        takes_id: takes_id.unwrap_or(false),
        body,
        returns: parsed(&args.returns).cloned(),
        doc: parsed(&args.doc).map(LitStr::value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_paths() {
        for ok in ["/widgets", "/webhooks/endpoints", "/v1.2/a-b_c~d"] {
            assert_eq!(check_path(ok, false), Ok(vec![]), "{ok}");
        }
        assert_eq!(
            check_path("/orgs/{org_id}/automations/{automation_id}/runs", false),
            Ok(vec!["org_id".to_owned(), "automation_id".to_owned()])
        );
        assert_eq!(
            check_path("/a/{_parent}/b", false),
            Ok(vec!["_parent".to_owned()])
        );
        for (bad, says) in [
            ("", "empty"),
            ("widgets", "start with `/`: write \"/widgets\""),
            ("widgets/", "start with `/`: write \"/widgets\""),
            ("/wid gets", "whitespace"),
            ("/widgets?limit=1", "query string (`?limit=1`)"),
            ("/widgets#top", "fragment (`#top`)"),
            ("/", "names nothing"),
            ("/widgets/", "end with `/`: write \"/widgets\""),
            ("/a//b", "empty segment (`//`): write \"/a/b\""),
            ("/widgets/{id}", "takes no `{id}`"),
            ("/a/../b", "`..` segment"),
            ("/wid%67ets", "holds `%`"),
            ("/widgets/ü", "holds `ü`"),
            ("/a/{x}/b/{x}", "`{x}` appears twice"),
            ("/a/{1x}/b", "Rust identifier"),
            ("/a/{type}/b", "Rust identifier"),
            ("/a/{}/b", "Rust identifier"),
            ("/a/{a-b}/b", "Rust identifier"),
            ("/a/{_}/b", "Rust identifier"),
            ("/a/{é}/b", "Rust identifier"),
            ("/a/{client}/b", "clash with the methods' own `client`"),
            ("/a/x{b}/c", "`x{b}`: a placeholder is a whole segment"),
            ("/a/{b/c}", "a placeholder is a whole segment"),
        ] {
            let err = check_path(bad, false).unwrap_err();
            assert!(err.contains(says), "{bad:?}: {err}");
        }
    }

    #[test]
    fn action_paths() {
        assert_eq!(action_path("/{id}/run", Some("/automations")), Ok(true));
        assert_eq!(action_path("/search", Some("/automations")), Ok(false));
        assert_eq!(action_path("/{id}", None), Ok(true));
        let err = action_path("/automations/{id}/run", Some("/automations")).unwrap_err();
        assert!(err.contains("write \"/{id}/run\""), "{err}");
        let err = action_path("/{id}/{id}", None).unwrap_err();
        assert!(err.contains("only once"), "{err}");
        let err = action_path("/{id}x", None).unwrap_err();
        assert!(err.contains("whole segment"), "{err}");
        let err = action_path("/{run_id}/x", None).unwrap_err();
        assert!(
            err.contains("the only placeholder of an action path"),
            "{err}"
        );
    }
}
