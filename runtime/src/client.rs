//! The API client: base URL, key, timeouts, retry policy, and how they are configured.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::{Host, Url};

use crate::error::{Error, Result};
use crate::hook::Hook;
use crate::limit::{Gate, Limiter, LocalLimiter};
use crate::retry::RetryPolicy;

const DEFAULT_TIMEOUT: Duration = Duration::from_mins(1);
const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_mins(2);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_PREFETCH: usize = 1;

/// Builder methods that set one field: `/// docs` then `name(arg: Type) => field = value;`.
macro_rules! setters {
    ($($(#[$attr:meta])* $name:ident($($arg:ident: $ty:ty)?) => $field:ident = $value:expr;)*) => {
        $(
            $(#[$attr])*
            #[must_use]
            pub fn $name(mut self $(, $arg: $ty)?) -> Self {
                self.$field = $value;
                self
            }
        )*
    };
}
pub(crate) use setters;

/// Methods that read one value: `/// docs` then `name(&self) -> Type = expression;`.
macro_rules! getters {
    ($($(#[$attr:meta])* $name:ident($($receiver:tt)+) -> $ty:ty = $value:expr;)*) => {
        $(
            $(#[$attr])*
            #[must_use]
            pub fn $name($($receiver)+) -> $ty {
                $value
            }
        )*
    };
}
pub(crate) use getters;

/// A handle to the API. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> ittybit_runtime::Result<()> {
/// use std::time::Duration;
/// use ittybit_runtime::retry::RetryPolicy;
/// use ittybit_runtime::Client;
///
/// // From ITTYBIT_API_KEY (and ITTYBIT_BASE_URL when set):
/// let client = Client::from_env()?;
///
/// // Or explicitly:
/// let client = Client::builder()
///     .api_key("ittybit_…")
///     .timeout(Duration::from_secs(30))
///     .retry(RetryPolicy::default().max_retries(5))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base: Url,
    /// Without a trailing slash ("" for the root).
    pub(crate) base_path: String,
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Option<Duration>,
    pub(crate) call_timeout: Option<Duration>,
    pub(crate) max_body_size: usize,
    pub(crate) prefetch: usize,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) gate: Gate,
}

impl Client {
    /// The API's production base URL.
    pub const DEFAULT_BASE_URL: &str = "https://api.ittybit.com";
    /// The environment variable holding the API key.
    pub const API_KEY_ENV: &str = "ITTYBIT_API_KEY";
    /// The environment variable that overrides the base URL.
    pub const BASE_URL_ENV: &str = "ITTYBIT_BASE_URL";
    /// The user agent sent with every request (a caller's own is put in front of it).
    pub const USER_AGENT: &str = concat!("ittybit-runtime/", env!("CARGO_PKG_VERSION"));
    /// The default limit on a response body: 32 MiB (a page of 100 tasks is about 50 KiB).
    pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;
    /// The deepest prefetch a walk uses; larger settings are clamped to it.
    pub const MAX_PREFETCH: usize = 64;

    /// A builder with the defaults: the production URL, 2 min per call, 60 s per attempt, 10 s
    /// to connect, [`RetryPolicy::default`], bodies up to 32 MiB, the system proxy for HTTPS only,
    /// a prefetch of 1 page, one rate limit for all clones (a `429` pauses them; [`crate::limit`]).
    #[must_use]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `ITTYBIT_API_KEY` and, when set, `ITTYBIT_BASE_URL`.
    ///
    /// # Errors
    /// [`Error::Config`] when the key is missing or empty, or the base URL is invalid.
    pub fn from_env() -> Result<Self> {
        ClientBuilder::from_env()?.build()
    }

    /// The API key as sent (to hide it from what a server echoes), empty when it is not text.
    pub(crate) fn key(&self) -> &str {
        self.inner
            .authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default()
    }

    getters! {
        /// The base URL requests are sent to.
        base_url(&self) -> &Url = &self.inner.base;
        /// The retry policy.
        retry_policy(&self) -> &RetryPolicy = &self.inner.retry;
        /// The budget of a whole call (every attempt and retry sleep), when there is one.
        call_timeout(&self) -> Option<Duration> = self.inner.call_timeout;
        /// The largest response body read, in bytes.
        max_body_size(&self) -> usize = self.inner.max_body_size;
        /// How many pages a list walk fetches ahead of the consumer by default.
        prefetch(&self) -> usize = self.inner.prefetch;
    }

    /// The absolute URL of an API path such as `/tasks` (kept under the base URL's own path).
    pub(crate) fn url(&self, path: &str) -> Url {
        let mut url = self.inner.base.clone();
        url.set_path(&format!("{}{path}", self.inner.base_path));
        url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("api_key", &format_args!("<redacted>"))
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("call_timeout", &self.inner.call_timeout)
            .field("max_body_size", &self.inner.max_body_size)
            .field("prefetch", &self.inner.prefetch)
            .field("limiter", &self.inner.gate.limiter())
            .field("max_in_flight", &self.inner.gate.max_in_flight())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Any setting may be extreme without harm: a duration too long for
/// the clock means "no limit", and a body limit of zero refuses every non-empty body.
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    call_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    proxy: ProxySetting,
    max_body_size: usize,
    prefetch: Option<usize>,
    hooks: Vec<Arc<dyn Hook>>,
    limiter: Option<Arc<dyn Limiter>>,
    max_in_flight: Option<usize>,
}

/// The proxy of the HTTP client this crate builds; `System` and `Explicit` for HTTPS only.
#[derive(Debug)]
enum ProxySetting {
    System,
    Disabled,
    Explicit(Box<reqwest::Proxy>),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: None,
            timeout: Some(DEFAULT_TIMEOUT),
            call_timeout: Some(DEFAULT_CALL_TIMEOUT),
            connect_timeout: None,
            retry: None,
            user_agent: None,
            http: None,
            proxy: ProxySetting::System,
            max_body_size: Client::DEFAULT_MAX_BODY_SIZE,
            prefetch: None,
            hooks: Vec::new(),
            limiter: Some(Arc::new(LocalLimiter::default())),
            max_in_flight: None,
        }
    }
}

impl ClientBuilder {
    /// A builder seeded from `ITTYBIT_API_KEY` and, when set, `ITTYBIT_BASE_URL`.
    ///
    /// # Errors
    /// [`Error::Config`] when `ITTYBIT_API_KEY` is not set or not Unicode.
    pub fn from_env() -> Result<Self> {
        let key = std::env::var(Client::API_KEY_ENV)
            .map_err(|_| config(format!("{} is not set", Client::API_KEY_ENV)))?;
        let mut builder = Self::default().api_key(key);
        if let Ok(base) = std::env::var(Client::BASE_URL_ENV)
            && !base.trim().is_empty()
        {
            builder = builder.base_url(base);
        }
        Ok(builder)
    }

    setters! {
        /// The API key, sent as `Authorization: Bearer <key>`; never in `Debug` output, errors or logs.
        api_key(key: impl Into<String>) => api_key = Some(key.into());
        /// The base URL (default `https://api.ittybit.com`); plain `http://` only to a loopback host.
        base_url(url: impl Into<String>) => base_url = Some(url.into());
        /// The total time one attempt may take, from sending to the end of the body (default 60 s).
        timeout(timeout: Duration) => timeout = Some(timeout);
        /// No timeout per attempt (the connect timeout and the call budget still apply).
        no_timeout() => timeout = None;
        /// A call's budget, every attempt and retry sleep (default 2 min; per page of a walk; for
        /// one call, [`crate::Call::timeout`]), then [`Error::Deadline`]; no retry wakes past it.
        call_timeout(budget: Duration) => call_timeout = Some(budget);
        /// No budget for a whole call: only the timeout per attempt and the retry policy bound it.
        no_call_timeout() => call_timeout = None;
        /// The largest 2xx body read (default 32 MiB); more fails with [`Error::BodyTooLarge`], not
        /// retried. Error bodies: [`ERROR_BODY_LIMIT`](crate::error::ERROR_BODY_LIMIT).
        max_body_size(bytes: usize) => max_body_size = bytes;
        /// Sends HTTPS requests through this proxy (a tunnel: it never sees the key) instead of the
        /// system's. Refused with a plain-HTTP base URL, where it would read the key.
        proxy(proxy: reqwest::Proxy) => proxy = ProxySetting::Explicit(Box::new(proxy));
        /// No proxy, not even the system's (`HTTPS_PROXY`, …; by default for HTTPS only).
        no_proxy() => proxy = ProxySetting::Disabled;
        /// Time to connect (default 10 s); not applied to an [`http_client`](Self::http_client).
        connect_timeout(timeout: Duration) => connect_timeout = Some(timeout);
        /// The retry policy (default [`RetryPolicy::default`]).
        retry(policy: RetryPolicy) => retry = Some(policy);
        /// A product token put in front of this crate's user agent, e.g. `my-app/1.2`.
        user_agent(product: impl Into<String>) => user_agent = Some(product.into());
        /// Sends through this `reqwest::Client` (its proxy, TLS and pool settings). Disable its
        /// redirects, and with a plain-HTTP base URL its proxy (`no_proxy()`), lest it see the key.
        http_client(client: reqwest::Client) => http = Some(client);
        /// Pages a walk fetches ahead (default 1; 0: none; at most [`Client::MAX_PREFETCH`]).
        prefetch(pages: usize) => prefetch = Some(pages);
        /// At most `requests` (at least 1) on the wire at once, more waiting within their call
        /// budget; retry sleeps hold no slot.
        max_in_flight(requests: usize) => max_in_flight = Some(requests);
        /// Uses this rate limiter instead of an unpaced [`LocalLimiter`]: a pacing one, a
        /// `RedisLimiter` shared by a fleet, or an `Arc<LocalLimiter>` shared by clients.
        ///
        /// ```
        /// use ittybit_runtime::Client;
        /// use ittybit_runtime::limit::{LocalLimiter, Pacing};
        ///
        /// # #[cfg(feature = "pacing")]
        /// let client = Client::builder()
        ///     .api_key("ittybit_…")
        ///     .limiter(LocalLimiter::new(Pacing::per_second(20).burst(5))?)
        ///     .max_in_flight(8)
        ///     .build()?;
        /// # Ok::<(), ittybit_runtime::Error>(())
        /// ```
        limiter(limiter: impl Limiter + 'static) => limiter = Some(Arc::new(limiter));
        /// No rate limiter: each request handles its own `429` through the retry policy.
        no_limiter() => limiter = None;
    }

    /// Adds a [`Hook`] that sees every attempt and may add headers; hooks run in order.
    #[must_use]
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when the key is missing or not a valid header value, the base URL is
    /// invalid or plain HTTP to a non-loopback host, or the HTTP client cannot be built.
    pub fn build(self) -> Result<Client> {
        let key = self
            .api_key
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| {
                config(format!(
                    "no API key: set {} or call api_key()",
                    Client::API_KEY_ENV
                ))
            })?;
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", key.trim()))
            .map_err(|_| config("the API key contains characters not allowed in a header"))?;
        authorization.set_sensitive(true);

        let retry = self.retry.unwrap_or_default();
        let base = parse_base_url(self.base_url.as_deref().unwrap_or(Client::DEFAULT_BASE_URL))?;
        let base_path = base.path().trim_end_matches('/').to_owned();

        let user_agent = match self.user_agent {
            Some(product) => format!("{product} {}", Client::USER_AGENT),
            None => Client::USER_AGENT.to_owned(),
        };
        let user_agent = HeaderValue::try_from(user_agent)
            .map_err(|_| config("the user agent contains characters not allowed in a header"))?;

        let http = match self.http {
            Some(http) => http,
            None => build_http(&base, self.proxy, self.connect_timeout)?,
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                base_path,
                authorization,
                user_agent,
                timeout: self.timeout,
                call_timeout: self.call_timeout,
                max_body_size: self.max_body_size,
                prefetch: self
                    .prefetch
                    .unwrap_or(DEFAULT_PREFETCH)
                    .min(Client::MAX_PREFETCH),
                hooks: self.hooks,
                gate: Gate::new(self.limiter, self.max_in_flight, retry.max_retry_after),
                retry,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "api_key",
                &self.api_key.as_ref().map(|_| format_args!("<redacted>")),
            )
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("call_timeout", &self.call_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("proxy", &self.proxy)
            .field("max_body_size", &self.max_body_size)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("prefetch", &self.prefetch)
            .field("hooks", &self.hooks.len())
            .field("limiter", &self.limiter)
            .field("max_in_flight", &self.max_in_flight)
            .finish_non_exhaustive()
    }
}

/// The HTTP client this crate builds: no redirects, no proxy for a plain-HTTP base URL.
fn build_http(
    base: &Url,
    proxy: ProxySetting,
    connect_timeout: Option<Duration>,
) -> Result<reqwest::Client> {
    let plain_http = base.scheme() == "http";
    let mut builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
        .redirect(reqwest::redirect::Policy::none());
    // Plain HTTP never speaks TLS: loading the root certificates is most of a client's cost.
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    if plain_http {
        builder = builder.tls_certs_only(std::iter::empty());
    }
    builder = match proxy {
        ProxySetting::Explicit(_) if plain_http => {
            return Err(config(
                "a proxy cannot be used with a plain-HTTP base URL: it would read the key in cleartext",
            ));
        }
        ProxySetting::Explicit(proxy) => builder.proxy(*proxy),
        ProxySetting::System if !plain_http => builder,
        ProxySetting::System | ProxySetting::Disabled => builder.no_proxy(),
    };
    builder
        .build()
        .map_err(|e| config(format!("could not build the HTTP client: {e}")))
}

const HAS_TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

fn config(message: impl Into<String>) -> Error {
    Error::Config(message.into().into_boxed_str())
}

fn parse_base_url(text: &str) -> Result<Url> {
    let shown = format!("{:?}", crate::error::text::shown_url(text));
    let refuse = |why: &str| Err(config(format!("base URL {shown} {why}")));
    let url = match Url::parse(text.trim()) {
        Ok(url) => url,
        Err(e) => return refuse(&format!("is not a valid URL: {e}")),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("must not contain credentials");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return refuse("must not have a query or fragment");
    }
    match url.scheme() {
        "https" if !HAS_TLS => refuse(
            "needs TLS, but ittybit was built without it: enable the `rustls` or `native-tls` feature",
        ),
        "https" => Ok(url),
        "http" if url.host().is_some_and(|host| is_loopback(&host)) => Ok(url),
        "http" => refuse(
            "uses plain HTTP to a non-loopback host: the key would travel in cleartext; use https://",
        ),
        other => refuse(&format!(
            "has scheme {:?}; expected https",
            crate::error::text::shorten(other)
        )),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match *host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(ip).is_loopback(),
    }
}

/// One client for unit tests, built once (building one loads the TLS roots).
#[cfg(test)]
pub(crate) fn test_client() -> Client {
    static CLIENT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            Client::builder()
                .api_key("k")
                .base_url("https://api.ittybit.com/v1/")
                .build()
                .expect("a valid test client")
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(base: &str) -> Result<Client> {
        Client::builder()
            .api_key("ittybit_secret_123")
            .base_url(base)
            .build()
    }

    #[test]
    fn base_url_rules() {
        let ok = [
            "https://api.ittybit.com",
            "https://proxy.example/ittybit/",
            "http://127.0.0.1:4010",
            "http://127.8.9.10",
            "http://localhost:1234",
            "http://[::1]:80",
        ];
        for base in ok {
            assert!(build(base).is_ok(), "{base}");
        }
        let refused = [
            ("http://api.ittybit.com", "plain HTTP"),
            ("http://10.0.0.1", "plain HTTP"),
            ("ftp://api.ittybit.com", "scheme"),
            ("not a url", "not a valid URL"),
            ("https://api.ittybit.com/?x=1", "query"),
            ("https://api.ittybit.com/#top", "fragment"),
            ("https://user:pw@api.ittybit.com", "credentials"),
            ("https://user@api.ittybit.com", "credentials"),
            ("https://:pw@api.ittybit.com", "credentials"),
        ];
        for (base, why) in refused {
            let err = build(base).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{base}");
            assert!(err.to_string().contains(why), "{base}: {err}");
        }
    }

    #[test]
    fn an_explicit_proxy_is_refused_for_a_plain_http_base_url() {
        let proxy = || reqwest::Proxy::all("http://127.0.0.1:3128").unwrap();
        let err = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:4010")
            .proxy(proxy())
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("cleartext"), "{err}");
        Client::builder()
            .api_key("k")
            .proxy(proxy())
            .build()
            .unwrap();
        Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:4010")
            .no_proxy()
            .build()
            .unwrap();
    }

    #[test]
    fn url_keeps_the_base_path() {
        let client = build("https://proxy.example/ittybit/").unwrap();
        assert_eq!(
            client.url("/tasks").as_str(),
            "https://proxy.example/ittybit/tasks"
        );
        let client = build("https://api.ittybit.com").unwrap();
        assert_eq!(
            client.url("/tasks").as_str(),
            "https://api.ittybit.com/tasks"
        );
    }

    #[test]
    fn key_is_required_and_never_shown() {
        let err = Client::builder().build().unwrap_err();
        assert!(err.to_string().contains("no API key"), "{err}");
        let err = Client::builder().api_key("  ").build().unwrap_err();
        assert!(err.to_string().contains("no API key"), "{err}");
        let err = Client::builder().api_key("bad\nkey").build().unwrap_err();
        assert!(!err.to_string().contains("bad"), "{err}");

        let builder = Client::builder().api_key("ittybit_secret_123");
        let debug = format!("{builder:?}");
        assert!(!debug.contains("secret"), "{debug}");
        assert!(debug.contains("api_key: Some(<redacted>)"), "{debug}");
        let client = builder.build().unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("secret"), "{debug}");
        assert!(debug.contains("<redacted>"));
        assert!(client.inner.authorization.is_sensitive());
    }

    #[test]
    fn the_getters_report_what_was_built() {
        let policy = RetryPolicy::default()
            .max_retries(7)
            .max_retry_after(Duration::from_secs(9));
        let client = Client::builder()
            .api_key("ittybit_secret_123")
            .base_url("http://127.0.0.1:1/v1/")
            .retry(policy.clone())
            .call_timeout(Duration::from_secs(33))
            .max_body_size(12_345)
            .prefetch(3)
            .max_in_flight(4)
            .build()
            .unwrap();
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:1/v1/");
        let debug = format!("{client:?}");
        for part in [
            "limiter: Some(LocalLimiter",
            "max_in_flight: Some(4)",
            "max_body_size: 12345",
        ] {
            assert!(debug.contains(part), "{part} missing from {debug}");
        }
        assert_eq!(client.retry_policy(), &policy);
        assert_ne!(client.retry_policy(), &RetryPolicy::default());
        assert_eq!(client.call_timeout(), Some(Duration::from_secs(33)));
        assert_eq!(client.max_body_size(), 12_345);
        assert_eq!(client.prefetch(), 3);

        let defaults = build("http://127.0.0.1:1").unwrap();
        let debug = format!("{defaults:?}");
        assert!(debug.contains("max_in_flight: None"), "{debug}");
        let unlimited = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:1")
            .no_limiter()
            .build()
            .unwrap();
        assert!(format!("{unlimited:?}").contains("limiter: None"));
        assert_eq!(defaults.retry_policy(), &RetryPolicy::default());
        assert_eq!(defaults.call_timeout(), Some(DEFAULT_CALL_TIMEOUT));
        assert_eq!(defaults.max_body_size(), Client::DEFAULT_MAX_BODY_SIZE);
    }

    /// Passes in every build; only a build without TLS (run by `.ci/run`) sees the refusal.
    #[test]
    fn an_https_base_url_needs_a_tls_feature() {
        let result = build("https://api.ittybit.com");
        if HAS_TLS {
            assert!(result.is_ok(), "{result:?}");
        } else {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{err:?}");
            assert!(err.to_string().contains("needs TLS"), "{err}");
        }
    }
}
