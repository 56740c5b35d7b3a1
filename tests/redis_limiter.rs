//! `RedisLimiter` against a real `redis-server` that each test starts on 127.0.0.1 (and stops),
//! and the mock: clients that share one Redis key share one pause, one pacing and one adaptive
//! state; when Redis is unreachable a call fails clearly or falls back, and nothing is lost or
//! duplicated.
//!
//! Needs `redis-server` on the `PATH` (`.ci/run` installs it). Without it the tests are
//! skipped with a message, except under `CI=true`, where they fail.

#![cfg(feature = "redis")]

mod common;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ittybit::limit::{Adaptive, Admission, Fallback, Limiter, Outcome, Pacing, RedisLimiter};
use ittybit::{Client, Error, NewTask, Task, TaskKind};
use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockServer, RetryAfter, TaskSeed};

/// A `redis-server` on 127.0.0.1 and a free port, killed on drop.
struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts one, or returns `None` when `redis-server` is not installed (a failure under
    /// `CI=true`).
    fn start() -> Option<Self> {
        let port = free_port();
        let spawned = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(err) if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
                panic!("redis-server is required in CI (install the redis-server package): {err}")
            }
            Err(err) => {
                eprintln!(
                    "skipped: redis-server could not be started ({err}); install it to run these tests"
                );
                return None;
            }
        };
        let server = Self { child, port };
        // Ready once it accepts connections (it exits at once on a bad argument).
        for _ in 0..500 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server did not start listening on port {port}");
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Runs one command on the server, as a test's own client would (RESP over a socket), and
    /// returns its reply: the text of a bulk or simple string, or the number of an integer.
    fn command(&self, args: &[&str]) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to redis");
        let mut request = format!("*{}\r\n", args.len());
        for arg in args {
            write!(request, "${}\r\n{arg}\r\n", arg.len()).unwrap();
        }
        stream.write_all(request.as_bytes()).expect("send to redis");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).expect("a reply from redis");
        let line = line.trim_end();
        match line.split_at(1) {
            ("$", "-1") => None,
            ("$", len) => {
                let mut value = vec![0; len.parse::<usize>().expect("a length") + 2];
                reader.read_exact(&mut value).expect("the value");
                value.truncate(value.len() - 2);
                Some(String::from_utf8(value).expect("text"))
            }
            ("+" | ":", value) => Some(value.to_owned()),
            _ => panic!("redis refused {args:?}: {line}"),
        }
    }

    /// The limiter's shared ceiling (the rate of the last cut), as stored.
    fn ceiling(&self, key: &str) -> String {
        self.command(&["HGET", key, "ceiling"]).expect("a ceiling")
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nothing listens on (bound, read, released).
fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a local port");
    listener.local_addr().expect("its address").port()
}

/// A fresh key per use, so that limiters meant to be apart never share state.
fn key(name: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    format!("ittybit-test:{name}:{}:{n}", std::process::id())
}

/// Records a `429` without a pause (so that nothing waits for it) for `admission`.
async fn throttled(limiter: &RedisLimiter, admission: Admission) {
    let outcome = Outcome::Throttled {
        pause: Duration::ZERO,
    };
    limiter.record(admission, outcome).await;
}

/// An adaptive limiter that starts fast (1,000 a second, so that tests do not wait for slow
/// start), on `key`.
fn adaptive(redis: &RedisServer, key: &str) -> RedisLimiter {
    RedisLimiter::new(&redis.url(), key)
        .unwrap()
        .pacing(Pacing::adaptive_with(
            Adaptive::default().initial_rate(1000.0),
        ))
}

fn client(mock: &MockServer, limiter: RedisLimiter) -> Client {
    common::builder(mock).limiter(limiter).build().unwrap()
}

#[tokio::test]
async fn a_429_seen_by_one_client_pauses_every_client_sharing_the_key() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = MockServer::start_with(MockConfig::default().fault(
        FaultSchedule::every(20),
        Fault::RateLimited {
            retry_after: RetryAfter::Seconds(30),
        },
    ))
    .await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    let key = key("pause");
    // Three "processes": clients that share nothing but the Redis key.
    let clients: Vec<Client> = (0..3)
        .map(|_| client(&mock, RedisLimiter::new(&redis.url(), &key).unwrap()))
        .collect();
    let mut handles = Vec::new();
    for client in clients {
        let id = id.clone();
        handles.push(tokio::spawn(async move {
            let mut results = Vec::new();
            for _ in 0..15 {
                let result = Task::get(&client, &id)
                    .timeout(Duration::from_millis(500))
                    .await;
                let stop = matches!(&result, Err(Error::Deadline(_)));
                results.push(result.map(drop));
                if stop {
                    break;
                }
            }
            results
        }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.extend(handle.await.unwrap());
    }
    // Request 20 was refused; at most the two others already on the wire followed it.
    let received = mock.stats().requests;
    assert!((20..=22).contains(&received), "{received} requests");
    let paused = results
        .iter()
        .filter(|r| matches!(r, Err(Error::Deadline(_))))
        .count();
    assert_eq!(paused, 3, "every client waited for the pause: {results:?}");
}

#[tokio::test]
async fn pacing_is_shared_by_every_client_of_the_key() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    // The cap allows 10 a second (bursts of 10); three clients pacing at 8 a second each
    // would send 24 a second, but they share one pace of 8.
    let mock =
        MockServer::start_with(MockConfig::default().rate_limit(10, Duration::from_secs(1))).await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    let key = key("pacing");
    let mut handles = Vec::new();
    for _ in 0..3 {
        let limiter = RedisLimiter::new(&redis.url(), &key)
            .unwrap()
            .pacing(Pacing::per_second(8).burst(2));
        let (client, id) = (client(&mock, limiter), id.clone());
        handles.push(tokio::spawn(async move {
            for _ in 0..8 {
                Task::get(&client, &id).await.unwrap();
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    assert_eq!(mock.stats().throttled, 0);
    assert_eq!(mock.stats().requests, 24);
}

#[tokio::test]
async fn a_cut_of_the_adaptive_rate_is_seen_by_every_limiter_of_the_key() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let key = key("adaptive");
    let a = RedisLimiter::new(&redis.url(), &key)
        .unwrap()
        .pacing(Pacing::adaptive());
    let b = RedisLimiter::new(&redis.url(), &key)
        .unwrap()
        .pacing(Pacing::adaptive());
    let first = a.acquire(Duration::MAX).await.unwrap();
    assert_eq!(first.generation(), 0);
    assert_eq!(b.acquire(Duration::MAX).await.unwrap().generation(), 0);
    throttled(&a, first).await;
    // The same generation again is not a second cut.
    throttled(&b, first).await;
    let next = b.acquire(Duration::MAX).await.unwrap();
    assert_eq!(next.generation(), 1);
    throttled(&a, next).await;
    assert_eq!(b.acquire(Duration::MAX).await.unwrap().generation(), 2);
}

#[tokio::test]
async fn the_fleet_paces_from_the_rate_its_last_429_cut() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let key = key("adaptive-rate");
    let (a, b) = (adaptive(&redis, &key), adaptive(&redis, &key));
    b.acquire(Duration::MAX).await.unwrap();
    let mut last = a.acquire(Duration::MAX).await.unwrap();
    for _ in 0..4 {
        last = a.acquire(Duration::MAX).await.unwrap();
    }
    // Slow start: 1,000 a second plus 2 for each of the 6 requests the fleet has sent.
    throttled(&a, last).await;
    assert_eq!(redis.ceiling(&key), "1012");
    // B cuts next from what the fleet knows (A's cut, then its own two requests), not from
    // its own slow start: 0.7 of the ceiling, just recovering.
    b.acquire(Duration::MAX).await.unwrap();
    let admission = b.acquire(Duration::MAX).await.unwrap();
    assert_eq!(admission.generation(), 1);
    throttled(&b, admission).await;
    let cut: f64 = redis.ceiling(&key).parse().unwrap();
    assert!(
        (0.70 * 1012.0..0.71 * 1012.0).contains(&cut),
        "the second cut was at {cut} a second"
    );
}

#[tokio::test]
async fn a_ceiling_that_is_not_a_positive_rate_restarts_slow_start() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    // A process with a fixed pacing has no rate to share: its 429 stores a ceiling of 0.
    let key = key("no-ceiling");
    let fixed = RedisLimiter::new(&redis.url(), &key)
        .unwrap()
        .pacing(Pacing::per_second(1000));
    let admission = fixed.acquire(Duration::MAX).await.unwrap();
    throttled(&fixed, admission).await;
    assert_eq!(redis.ceiling(&key), "0");
    let limiter = adaptive(&redis, &key);
    let admission = limiter.acquire(Duration::MAX).await.unwrap();
    throttled(&limiter, admission).await;
    assert_eq!(redis.ceiling(&key), "1002", "slow start after 1 request");

    // Whatever else the hash holds is not a rate either.
    for stored in ["-1", "inf", "NaN", "fast"] {
        redis.command(&["HSET", &key, "ceiling", stored, "since", "0", "gen", "5"]);
        let limiter = adaptive(&redis, &key);
        let admission = limiter.acquire(Duration::MAX).await.unwrap();
        throttled(&limiter, admission).await;
        assert_eq!(redis.ceiling(&key), "1002", "after a ceiling of {stored:?}");
    }
}

#[tokio::test]
async fn with_a_local_fallback_a_reachable_redis_is_still_the_fleets_limit() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let key = key("local-fallback");
    let strict = RedisLimiter::new(&redis.url(), &key).unwrap();
    let lenient = RedisLimiter::new(&redis.url(), &key)
        .unwrap()
        .fallback(Fallback::Local);
    let admission = strict.acquire(Duration::MAX).await.unwrap();
    throttled(&strict, admission).await;
    // The lenient limiter asks Redis, so it sees the fleet's cut.
    assert_eq!(
        lenient.acquire(Duration::MAX).await.unwrap().generation(),
        1
    );
    assert_eq!(
        redis.command(&["HGET", &key, "since"]).as_deref(),
        Some("1")
    );
}

#[tokio::test]
async fn a_429_that_cannot_reach_redis_keeps_the_fallback_local_for_a_while() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let limiter = RedisLimiter::new(&redis.url(), key("lost-429"))
        .unwrap()
        .fallback(Fallback::Local)
        .timeout(Duration::from_millis(200));
    let admission = limiter.acquire(Duration::MAX).await.unwrap();
    // Redis goes away while the request is out, and something else takes its port, which
    // counts who connects to it.
    let port = redis.port;
    redis.stop();
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("the freed port");
    listener.set_nonblocking(true).unwrap();
    // The 429 cannot be shared, so the limiter turns local (warning once)...
    throttled(&limiter, admission).await;
    // ...and the next request is admitted without another try at Redis for a second.
    limiter.acquire(Duration::MAX).await.unwrap();
    assert!(
        listener.accept().is_err(),
        "the limiter tried Redis again at once"
    );
}

#[tokio::test]
async fn an_unreachable_redis_fails_the_call_before_sending_or_falls_back() {
    let mock = MockServer::start().await;
    let nowhere = format!("redis://127.0.0.1:{}/", free_port());
    let body = NewTask::new("https://example.com/a.mp4", TaskKind::Video);

    let failing = client(&mock, RedisLimiter::new(&nowhere, key("down")).unwrap());
    let err = Task::create(&failing, &body).await.unwrap_err();
    assert!(matches!(err, Error::Limiter(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("POST /tasks: not sent"), "{message}");
    assert!(message.contains("Redis"), "{message}");
    assert_eq!(mock.stats().requests, 0, "nothing was sent");

    let local = client(
        &mock,
        RedisLimiter::new(&nowhere, key("down"))
            .unwrap()
            .fallback(Fallback::Local),
    );
    Task::create(&local, &body).await.unwrap();
    Task::create(&local, &body).await.unwrap();
    assert_eq!(mock.stats().requests, 2);
}

/// Creates `total` tasks through `client` with 4 workers, stopping Redis after `stop_after`
/// successes. Returns (created, failed with `Error::Limiter`).
async fn create_while_redis_stops(
    client: Client,
    redis: RedisServer,
    total: usize,
    stop_after: usize,
) -> (usize, usize) {
    let redis = Arc::new(std::sync::Mutex::new(redis));
    let created = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let (client, redis) = (client.clone(), redis.clone());
        let (created, refused, next) = (created.clone(), refused.clone(), next.clone());
        handles.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::SeqCst) < total {
                let body = NewTask::new("https://example.com/a.mp4", TaskKind::Video);
                match Task::create(&client, &body).await {
                    Ok(_) => {
                        if created.fetch_add(1, Ordering::SeqCst) + 1 == stop_after {
                            redis.lock().unwrap().stop();
                        }
                    }
                    Err(Error::Limiter(_)) => {
                        refused.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(other) => panic!("unexpected failure: {other}"),
                }
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    (
        created.load(Ordering::SeqCst),
        refused.load(Ordering::SeqCst),
    )
}

/// How many tasks the mock holds, read without a limiter.
async fn tasks_in(mock: &MockServer) -> usize {
    let client = common::builder(mock).no_limiter().build().unwrap();
    let mut tasks = Task::stream(&client, &ittybit::ListParams::new().limit(100));
    let mut count = 0;
    while tasks.try_next().await.unwrap().is_some() {
        count += 1;
    }
    count
}

#[tokio::test]
async fn when_redis_goes_away_nothing_is_lost_or_duplicated() {
    for fallback in [Fallback::Fail, Fallback::Local] {
        let Some(redis) = RedisServer::start() else {
            return;
        };
        let mock = MockServer::start().await;
        let limiter = RedisLimiter::new(&redis.url(), key("away"))
            .unwrap()
            .pacing(Pacing::per_second(200))
            .fallback(fallback);
        let (created, refused) =
            create_while_redis_stops(client(&mock, limiter), redis, 40, 10).await;
        // Every call either created exactly one task or failed without sending.
        assert_eq!(created + refused, 40, "{fallback:?}");
        assert_eq!(tasks_in(&mock).await, created, "{fallback:?}");
        match fallback {
            Fallback::Fail => assert!(refused >= 1 && created >= 10, "{created} {refused}"),
            _ => assert_eq!(created, 40),
        }
    }
}

/// A client of the fleet on `key` that waits for a pause at most `max_pause` and gives each
/// call five seconds.
fn worker(mock: &MockServer, redis: &RedisServer, key: &str, max_pause: Duration) -> Client {
    common::builder(mock)
        .retry(ittybit::retry::RetryPolicy::disabled().max_retry_after(max_pause))
        .call_timeout(Duration::from_secs(5))
        .limiter(RedisLimiter::new(&redis.url(), key).unwrap())
        .build()
        .unwrap()
}

/// Redis's clock and the stored pause, in microseconds.
fn pause_ahead(redis: &RedisServer, key: &str) -> Option<f64> {
    let paused: f64 = redis.command(&["HGET", key, "paused"])?.parse().unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", redis.port)).unwrap();
    stream.write_all(b"*1\r\n$4\r\nTIME\r\n").unwrap();
    let mut reply = String::new();
    let mut reader = BufReader::new(stream);
    for _ in 0..5 {
        reader.read_line(&mut reply).unwrap();
    }
    let parts: Vec<f64> = reply
        .lines()
        .filter(|line| !line.starts_with(['*', '$']))
        .map(|line| line.parse().unwrap())
        .collect();
    Some(paused - (parts[0] * 1e6 + parts[1]))
}

#[tokio::test]
async fn a_worker_waits_for_the_fleets_pause_no_longer_than_its_own_cap() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = MockServer::start().await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    let day = 86_400_000_000.0;
    // A worker that honours long waits meets `Retry-After: 864000` (ten days), and another one
    // `Retry-After` too large for any clock (its cap is `Duration::MAX`).
    for (name, pause) in [
        ("long", Duration::from_secs(864_000)),
        ("endless", Duration::MAX),
    ] {
        let key = key(name);
        let patient = RedisLimiter::new(&redis.url(), &key).unwrap();
        let admission = patient.acquire(Duration::MAX).await.unwrap();
        patient
            .record(admission, Outcome::Throttled { pause })
            .await;
        // What is written fits the stored type and a day.
        let ahead = pause_ahead(&redis, &key).expect("a pause");
        assert!(ahead > 0.0 && ahead <= day, "{name}: {ahead} µs ahead");
        // A worker on its own short cap waits that long at most, then sends.
        let hurried = worker(&mock, &redis, &key, Duration::from_millis(200));
        let task = Task::get(&hurried, &id).await;
        assert!(task.is_ok(), "{name}: {task:?}");
    }
}

#[tokio::test]
async fn corrupt_shared_state_is_reset_never_a_permanent_failure() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = MockServer::start().await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    let garbage = [
        ("paused", "1e30"),
        ("paused", "1e400"),
        ("paused", "nan"),
        ("tat", "1e30"),
        ("tat", "1e400"),
        ("tat", "-5"),
        ("gen", "1e400"),
        ("gen", "banana"),
        ("since", "-1e30"),
    ];
    for (field, value) in garbage {
        let key = key("garbage");
        redis.command(&["HSET", &key, field, value]);
        // The default fallback fails the call on any Redis error: there must be none.
        let client = common::builder(&mock)
            .call_timeout(Duration::from_secs(5))
            .limiter(
                RedisLimiter::new(&redis.url(), &key)
                    .unwrap()
                    .pacing(Pacing::per_second(100)),
            )
            .build()
            .unwrap();
        for _ in 0..3 {
            let task = Task::get(&client, &id).await;
            assert!(task.is_ok(), "{field}={value}: {task:?}");
        }
        let stored = redis.command(&["HGET", &key, field]);
        assert_ne!(stored.as_deref(), Some(value), "{field}={value} was kept");
    }
    // A ceiling that is not even text.
    let key = key("garbage");
    let mut request = format!(
        "*4\r\n$4\r\nHSET\r\n${}\r\n{key}\r\n$7\r\nceiling\r\n$2\r\n",
        key.len()
    )
    .into_bytes();
    request.extend_from_slice(b"\xff\xfe\r\n");
    let mut stream = TcpStream::connect(("127.0.0.1", redis.port)).unwrap();
    stream.write_all(&request).unwrap();
    let mut reply = String::new();
    BufReader::new(stream).read_line(&mut reply).unwrap();
    assert_eq!(reply, ":1\r\n");
    let client = common::builder(&mock)
        .limiter(
            RedisLimiter::new(&redis.url(), &key)
                .unwrap()
                .pacing(Pacing::adaptive()),
        )
        .build()
        .unwrap();
    let task = Task::get(&client, &id).await;
    assert!(task.is_ok(), "a ceiling of bytes: {task:?}");
}

#[tokio::test]
async fn extreme_pacings_of_a_redis_limiter_do_not_panic() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let mock = MockServer::start().await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    for pacing in [
        Pacing::rate(1, Duration::MAX),
        Pacing::rate(1, Duration::from_secs(24 * 3600)).burst(u32::MAX),
    ] {
        let limiter = RedisLimiter::new(&redis.url(), key("extreme"))
            .unwrap()
            .pacing(pacing);
        let client = common::builder(&mock).limiter(limiter).build().unwrap();
        Task::get(&client, &id).await.unwrap();
    }
}
