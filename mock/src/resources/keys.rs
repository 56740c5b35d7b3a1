//! Keys: `POST /keys`, `GET /keys`, `DELETE /keys/{id}`. A created key's secret is shown once,
//! authenticates until the key is deleted, and becomes the `created_by` of what it creates.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use serde::Serialize;

use crate::app::App;
use crate::errors::ApiError;
use crate::extract::{Id, JsonObject};
use crate::pagination::{self, ListRequest};
use crate::respond;
use crate::store::{Identified, Store, now_unix, random_id};
use crate::validate;

/// Length of the random part of secrets.
const SECRET_LEN: usize = 32;
/// The name of a key created without one.
const DEFAULT_NAME: &str = "Untitled key";

/// The routes of this resource.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/keys", get(list).post(create))
        .route("/keys/{id}", delete(remove))
}

/// A stored key; the secret is never serialized with it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Key {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) name: String,
    pub(crate) status: &'static str,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
    #[serde(skip)]
    pub(crate) secret: String,
}

impl Identified for Key {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The create response: the key plus its secret.
#[derive(Serialize)]
struct Created<'a> {
    #[serde(flatten)]
    key: &'a Key,
    secret: &'a str,
}

/// `POST /keys`: `{name?}`; answers `201` with the key and its `secret`.
async fn create(
    State(app): State<App>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let name = validate::optional_string(&body, "name", "name")?
        .unwrap_or_else(|| DEFAULT_NAME.to_owned());
    let mut store = app.store();
    let store = &mut *store;
    let now = now_unix();
    let key = Key {
        id: Store::new_id(&mut store.rng, &store.keys, "key_"),
        object: "key",
        name,
        status: "active",
        created_at: now,
        updated_at: now,
        secret: random_id(&mut store.rng, "ittybit_", SECRET_LEN),
    };
    let response = respond::json(
        StatusCode::CREATED,
        &Created {
            key: &key,
            secret: &key.secret,
        },
    );
    store.secrets.insert(key.secret.clone(), key.id.clone());
    let seq = store.next_seq();
    store.keys.insert(seq, key);
    Ok(response)
}

/// `GET /keys` (without secrets).
async fn list(State(app): State<App>, request: ListRequest) -> Result<Response, ApiError> {
    let store = app.store();
    let page = pagination::select(&store.keys, &request.query, "key", |_| true)?;
    Ok(pagination::respond(&page, &request))
}

/// `DELETE /keys/{id}`: `204`; the secret stops working.
async fn remove(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    let mut store = app.store();
    let key = store.keys.remove(&id).ok_or_else(|| {
        ApiError::not_found("key_not_found", format!("The key `{id}` does not exist."))
    })?;
    store.secrets.remove(&key.secret);
    Ok(respond::no_content())
}
