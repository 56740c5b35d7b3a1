//! Sending a request: attempts, retries, time budgets, body limits, error mapping and tracing.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use crate::client::Client;
use crate::error::{
    BodyTooLargeError, Budget, DeadlineError, ERROR_BODY_LIMIT, Error, LimiterError, RequestInfo,
    Result, TransportError, error_from_response,
};
use crate::hook::{AttemptRequest, AttemptResponse};
use crate::limit::{self, Outcome};
use crate::path::PathTemplate;
use crate::request::RequestSpec;
use crate::retry::{self, Verdict};

/// A complete 2xx response, body read.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) url: Url,
    pub(crate) method: Method,
}

enum Attempt {
    /// A body read whole for a 2xx, up to [`ERROR_BODY_LIMIT`] otherwise.
    Answered {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        complete: bool,
    },
    TooLarge {
        status: StatusCode,
        declared: Option<u64>,
    },
}

impl Client {
    /// Sends `spec` with retries, in one `ittybit.request` span of OpenTelemetry's HTTP client
    /// attributes (listed in the README); a non-2xx final answer becomes an [`Error`].
    pub(crate) async fn send(&self, spec: &RequestSpec) -> Result<RawResponse> {
        // An untyped call's path may hold ids: it has no template to show.
        let template = spec
            .template
            .resource
            .starts_with('/')
            .then_some(&spec.template);
        let span = tracing::info_span!(
            "ittybit.request",
            otel.name = %SpanName { method: &spec.method, template },
            otel.kind = "client",
            http.request.method = %spec.method,
            url.template = template.map(tracing::field::display),
            server.address = spec.url.host_str(),
            // `i64`, which OpenTelemetry exporters keep as integers.
            server.port = spec.url.port_or_known_default().map(i64::from),
            url.query = spec.url.query(),
            http.response.status_code = tracing::field::Empty,
            http.request.resend_count = tracing::field::Empty,
            error.type = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
        );
        let result = self.send_with_retries(spec).instrument(span.clone()).await;
        if let Err(error) = &result {
            span.record("error.type", error_type(error));
            span.record("otel.status_code", "ERROR");
        }
        result
    }

    async fn send_with_retries(&self, spec: &RequestSpec) -> Result<RawResponse> {
        let span = tracing::Span::current();
        let started = Instant::now();
        let budget = spec.budget.or(self.inner.call_timeout);
        // A budget too large to add to the clock is no budget at all.
        let deadline = budget.and_then(|budget| started.checked_add(budget));
        let mut attempt: u32 = 0;
        let mut last_error = None;
        let finish = |attempts: u32, status: Option<StatusCode>| {
            if attempts > 1 {
                span.record("http.request.resend_count", i64::from(attempts - 1));
            }
            if let Some(status) = status {
                span.record("http.response.status_code", i64::from(status.as_u16()));
            }
        };
        loop {
            attempt = attempt.saturating_add(1);
            let due = Instant::now();
            // The limiter's wait (a pause, pacing, a slot in flight) counts against the budget;
            // the hooks time the attempt itself, from sending.
            let gated = self.inner.gate.run(async {
                let sent = Instant::now();
                (sent, self.attempt(spec, attempt).await)
            });
            let gated = match deadline {
                Some(deadline) => match tokio::time::timeout_at(deadline, gated).await {
                    Ok(gated) => gated,
                    Err(_elapsed) => {
                        self.after_attempt(spec, attempt, None, due);
                        finish(attempt, None);
                        return Err(budget_error(spec, budget, started, attempt, last_error));
                    }
                },
                None => gated.await,
            };
            let (admission, (sent, outcome)) = gated.map_err(|source| {
                finish(attempt, None);
                Error::Limiter(Box::new(LimiterError {
                    request: RequestInfo::new(spec.method.clone(), &spec.url),
                    source,
                }))
            })?;
            self.after_attempt(spec, attempt, outcome.as_ref().ok(), sent);
            let (verdict, error) = match self.judge(spec, attempt, outcome) {
                Ok(response) => {
                    self.inner.gate.record(admission, Outcome::Passed).await;
                    finish(attempt, Some(response.status));
                    tracing::debug!(attempt, status = response.status.as_u16(), "response");
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            let delay = match verdict {
                Verdict::Retry => self.inner.retry.delay(attempt, error.retry_after()),
                Verdict::Stop => None,
            };
            let outcome = limit::gate::outcome_of(&error, delay, &self.inner.retry);
            self.inner.gate.record(admission, outcome).await;
            // A retry whose wait would end past the budget is not made: the failure stands.
            let delay = delay.filter(|delay| wakes_before(Instant::now(), *delay, deadline));
            let Some(delay) = delay else {
                finish(attempt, error.status());
                tracing::debug!(attempt, error = %error, "giving up");
                return Err(error);
            };
            tracing::info!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %error,
                "retrying"
            );
            last_error = Some(error);
            tokio::time::sleep(delay).await;
        }
    }

    /// A success to return, or a failure with what it allows.
    fn judge(
        &self,
        spec: &RequestSpec,
        attempt: u32,
        outcome: Result<Attempt, reqwest::Error>,
    ) -> Result<RawResponse, (Verdict, Error)> {
        let request = || RequestInfo::new(spec.method.clone(), &spec.url);
        match outcome {
            Ok(Attempt::Answered {
                status,
                headers,
                body,
                complete,
            }) => {
                if status.is_success() {
                    return Ok(RawResponse {
                        status,
                        headers,
                        body,
                        url: spec.url.clone(),
                        method: spec.method.clone(),
                    });
                }
                let error = error_from_response(status, headers, &body, complete, request())
                    .without(self.key());
                Err((retry::for_status(&spec.method, status), error))
            }
            Ok(Attempt::TooLarge { status, declared }) => {
                let error = Error::BodyTooLarge(Box::new(BodyTooLargeError {
                    request: request(),
                    status,
                    limit: self.inner.max_body_size,
                    declared,
                }));
                Err((Verdict::Stop, error))
            }
            Err(source) => {
                let verdict = retry::for_transport(&spec.method, &source);
                let error = Error::Transport(Box::new(TransportError {
                    request: request(),
                    attempts: attempt,
                    source: source.without_url(),
                }));
                Err((verdict, error))
            }
        }
    }

    /// One attempt: send, then read the body within its limit.
    async fn attempt(&self, spec: &RequestSpec, attempt: u32) -> Result<Attempt, reqwest::Error> {
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(spec.method.clone(), spec.url.clone())
            .headers(self.headers(spec, attempt));
        if let Some(timeout) = inner.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(body) = &spec.body {
            builder = builder.body(body.clone());
        }
        let mut response = builder.send().await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let success = status.is_success();
        let limit = if success {
            inner.max_body_size
        } else {
            ERROR_BODY_LIMIT
        };
        let declared = response.content_length();
        let (body, complete) = read_body(&mut response, limit).await?;
        // Dropping `response` unread closes the connection instead of draining an endless body.
        drop(response);
        Ok(if success && !complete {
            Attempt::TooLarge { status, declared }
        } else {
            Attempt::Answered {
                status,
                headers,
                body,
                complete,
            }
        })
    }

    /// The call's headers, then the hooks', then the client's own, replacing any a hook set.
    fn headers(&self, spec: &RequestSpec, attempt: u32) -> HeaderMap {
        let inner = &self.inner;
        let mut headers = spec.headers.clone();
        if !inner.hooks.is_empty() {
            let mut request = AttemptRequest {
                method: &spec.method,
                url: &spec.url,
                attempt,
                headers: &mut headers,
            };
            for hook in &inner.hooks {
                hook.on_request(&mut request);
            }
            for name in &crate::call::RESERVED_HEADERS {
                headers.remove(name);
            }
        }
        headers.insert(AUTHORIZATION, inner.authorization.clone());
        headers.insert(USER_AGENT, inner.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if spec.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        headers
    }

    /// Tells the hooks how an attempt ended (`None`: no answer).
    fn after_attempt(
        &self,
        spec: &RequestSpec,
        attempt: u32,
        outcome: Option<&Attempt>,
        started: Instant,
    ) {
        if self.inner.hooks.is_empty() {
            return;
        }
        let (status, headers) = match outcome {
            Some(Attempt::Answered {
                status, headers, ..
            }) => (Some(*status), Some(headers)),
            Some(Attempt::TooLarge { status, .. }) => (Some(*status), None),
            None => (None, None),
        };
        let response = AttemptResponse {
            method: &spec.method,
            url: &spec.url,
            attempt,
            status,
            headers,
            elapsed: started.elapsed(),
        };
        for hook in &self.inner.hooks {
            hook.on_response(&response);
        }
    }
}

/// Up to `limit` bytes of the body (none if `Content-Length` is over), and whether that is all.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    let declared = response
        .content_length()
        .map(|length| usize::try_from(length).unwrap_or(usize::MAX));
    if declared.is_some_and(|length| length > limit) {
        return Ok((Bytes::new(), false));
    }
    // Most bodies arrive as one chunk: keep it without copying.
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut total: usize = 0;
    while let Some(chunk) = response.chunk().await? {
        total = total.saturating_add(chunk.len());
        if total > limit {
            let mut start = BytesMut::with_capacity(limit);
            if let Some(first) = first.take() {
                start.extend_from_slice(&first);
            }
            start.extend_from_slice(&rest);
            let room = limit.saturating_sub(start.len());
            start.extend_from_slice(chunk.get(..room).unwrap_or(&chunk));
            return Ok((start.freeze(), false));
        }
        match first.take() {
            None if rest.is_empty() => first = Some(chunk),
            Some(earlier) => {
                rest.reserve(
                    declared
                        .unwrap_or(0)
                        .max(earlier.len().saturating_add(chunk.len())),
                );
                rest.extend_from_slice(&earlier);
                rest.extend_from_slice(&chunk);
            }
            None => rest.extend_from_slice(&chunk),
        }
    }
    Ok((first.unwrap_or_else(|| rest.freeze()), true))
}

fn budget_error(
    spec: &RequestSpec,
    budget: Option<Duration>,
    started: Instant,
    attempts: u32,
    last_error: Option<Error>,
) -> Error {
    Error::Deadline(Box::new(DeadlineError {
        budget: Budget::Call,
        limit: budget.unwrap_or_default(),
        waited: started.elapsed(),
        request: RequestInfo::new(spec.method.clone(), &spec.url),
        attempts,
        last_status: None,
        last_error,
    }))
}

/// Whether a sleep of `delay` from `now` ends before `deadline` (leaving a retry some time).
fn wakes_before(now: Instant, delay: Duration, deadline: Option<Instant>) -> bool {
    deadline.is_none_or(|deadline| now.checked_add(delay).is_some_and(|wake| wake < deadline))
}

/// `GET /tasks/{id}`, or the method alone without a template; formatted only when recorded.
struct SpanName<'a> {
    method: &'a Method,
    template: Option<&'a PathTemplate>,
}

impl std::fmt::Display for SpanName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.template {
            Some(template) => write!(f, "{} {template}", self.method),
            None => write!(f, "{}", self.method),
        }
    }
}

/// The span's `error.type`: the error status, or a short name of the failure.
fn error_type(error: &Error) -> String {
    match error {
        Error::BodyTooLarge(_) => "body_too_large".to_owned(),
        Error::Deadline(_) => "deadline".to_owned(),
        Error::Limiter(_) => "limiter".to_owned(),
        Error::Transport(_) if error.is_timeout() => "timeout".to_owned(),
        Error::Transport(_) if error.is_connect() => "connect".to_owned(),
        Error::Transport(_) => "transport".to_owned(),
        other => other
            .status()
            .map_or_else(|| "_OTHER".to_owned(), |status| status.as_u16().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_is_made_only_if_it_wakes_before_the_deadline() {
        let now = Instant::now();
        let second = Duration::from_secs(1);
        assert!(wakes_before(now, second, None));
        assert!(wakes_before(now, Duration::MAX, None));
        assert!(wakes_before(now, second, Some(now + 2 * second)));
        assert!(
            !wakes_before(now, second, Some(now + second)),
            "exactly at it"
        );
        assert!(!wakes_before(now, 2 * second, Some(now + second)));
        assert!(
            !wakes_before(now, Duration::MAX, Some(now + second)),
            "overflow"
        );
    }

    #[test]
    fn error_types_are_statuses_or_short_names() {
        let request = || RequestInfo::new(Method::GET, &"https://api.example/x".parse().unwrap());
        let too_large = Error::BodyTooLarge(Box::new(BodyTooLargeError {
            request: request(),
            status: StatusCode::OK,
            limit: 1,
            declared: None,
        }));
        assert_eq!(error_type(&too_large), "body_too_large");
        let deadline = budget_error(
            &RequestSpec::new(
                Method::GET,
                "https://api.example/x".parse().unwrap(),
                PathTemplate::collection("/x"),
            ),
            Some(Duration::from_secs(1)),
            Instant::now(),
            1,
            None,
        );
        assert_eq!(error_type(&deadline), "deadline");
        assert_eq!(error_type(&Error::invalid("no")), "_OTHER");
    }
}
