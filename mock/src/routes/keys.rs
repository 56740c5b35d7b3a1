//! Keys: `POST /keys`, `GET /keys`, `DELETE /keys/{id}`. A created key's secret is shown once,
//! authenticates until the key is deleted, and becomes the `created_by` of what it creates.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use serde::{Deserialize, Serialize};

use crate::http::request::{self, Id, JsonObject};
use crate::http::respond::ApiError;
use crate::http::{self, respond};
use crate::model::objects::Key;
use crate::state::SharedState;
use crate::store::now_unix;

/// Length of the random part of secrets.
const SECRET_LEN: usize = 32;
/// The name of a key created without one.
const DEFAULT_NAME: &str = "Untitled key";

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route("/keys", get(http::list::<Key>).post(create))
        .route("/keys/{id}", delete(remove))
}

/// The create response: the key plus its secret.
#[derive(Serialize)]
struct Created<'a> {
    #[serde(flatten)]
    key: &'a Key,
    secret: &'a str,
}

/// The body of `POST /keys`.
#[derive(Debug, Deserialize)]
struct CreateKey {
    name: Option<String>,
}

/// `POST /keys`: `{name?}`; answers `201` with the key and its `secret`.
async fn create(
    State(state): State<SharedState>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let create: CreateKey = request::decode(&body)?;
    let name = create.name.unwrap_or_else(|| DEFAULT_NAME.to_owned());
    let mut store = state.store();
    let secret = store.ids.random("ittybit_", SECRET_LEN);
    let now = now_unix();
    let key = store.add_key(|id| Key {
        id,
        object: "key",
        name,
        status: "active",
        created_at: now,
        updated_at: now,
        secret,
    });
    let created = Created {
        key,
        secret: &key.secret,
    };
    Ok(respond::json(StatusCode::CREATED, &created))
}

/// `DELETE /keys/{id}`: `204`; the secret stops working.
async fn remove(State(state): State<SharedState>, Id(id): Id) -> Result<Response, ApiError> {
    state
        .store()
        .remove_key(&id)
        .ok_or_else(|| ApiError::missing::<Key>(&id))?;
    Ok(respond::no_content())
}
