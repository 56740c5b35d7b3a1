//! `ittybit-mock`: serves the in-memory Ittybit API fake until Ctrl-C (or SIGTERM on Unix).

use std::net::{IpAddr, SocketAddr};
use std::num::{NonZeroU32, NonZeroU64};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use ittybit_mock::{
    Advance, DEFAULT_API_KEY, Fault, FaultSchedule, MockConfig, MockResource, RetryAfter, TaskSeed,
};

/// The most tasks `--seed-tasks` inserts, so that a slip of the keyboard cannot exhaust memory.
const MAX_SEED_TASKS: usize = 1_000_000;

/// The `--version` text.
const VERSION: &str = concat!("ittybit-mock ", env!("CARGO_PKG_VERSION"), "\n");

/// The `--help` text.
const HELP: &str = "\
ittybit-mock: a local, in-memory fake of the Ittybit API

USAGE: ittybit-mock [FLAGS]   (values also as --flag=value; Ctrl-C stops)

    --host ADDR              Address to listen on [default: 127.0.0.1]
    --port N                 Port; 0 picks a free one [default: 4010]
    --api-key KEY            The server's API key [default: ittybit_mock_key]
    --seed-tasks N           Insert N tasks at startup (at most 1000000)
    --resources FILE         Serve your own resources from a JSON file (repeatable):
                             [{\"path\": \"/widgets\", \"items\": [...], \"filters\": [...]},
                              {\"path\": \"/account\", \"singleton\": {...}}]
    --advance MODE           per-read, never or every-ms=N [default: per-read]
    --latency-ms N           Delay every response [default: 0]
    --max-rps N              Requests per second per API key, else 429 [default: no cap]
    --fault STATUS           Inject 429, 500, 502 or 503; needs one of:
    --fault-every K          every K-th request
    --fault-fraction F       a random fraction F (0 to 1) of requests
    --fault-seed S           Seed for --fault-fraction [default: 0]
    --retry-after SECONDS    Retry-After of injected 429s [default: 1]
    --retry-after-date SECONDS
                             Retry-After of injected 429s as an HTTP date
    --allow-http-webhooks    Accept http:// webhook URLs on a loopback host
    --webhook-attempts N     Delivery attempts per event and endpoint [default: 5]
    --webhook-backoff-ms N   First retry wait, doubling [default: 1000]
    -h, --help               Print this help
    -V, --version            Print the version
";

/// What the command line asks for: text to print, or a server (address, API key, settings).
#[derive(Debug)]
enum Command {
    Print(String),
    Serve(SocketAddr, String, Box<MockConfig>),
}

fn main() -> ExitCode {
    let (addr, api_key, config) = match parse(std::env::args().skip(1)) {
        Ok(Command::Serve(addr, api_key, config)) => (addr, api_key, config),
        Ok(Command::Print(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("ittybit-mock: {message}\nRun `ittybit-mock --help` to see the flags.");
            return ExitCode::from(2);
        }
    };
    let served = tokio::runtime::Runtime::new()
        .map_err(|err| format!("cannot start the runtime: {err}"))
        .and_then(|runtime| runtime.block_on(serve(addr, &api_key, *config)));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ittybit-mock: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the server until Ctrl-C (or SIGTERM on Unix), then prints what it answered.
async fn serve(addr: SocketAddr, api_key: &str, config: MockConfig) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|err| format!("cannot listen on {addr}: {err}"))?;
    let local = listener.local_addr().unwrap_or(addr);
    println!("ittybit-mock listening on http://{local}");
    println!("API key: {api_key}");
    let stats = ittybit_mock::serve_until(listener, config, stop_signal())
        .await
        .map_err(|err| err.to_string())?;
    println!(
        "ittybit-mock stopped; requests received: {}; 429s from the rate cap: {}; faults injected: {}; webhooks delivered: {}, given up: {}, attempts: {}",
        stats.requests,
        stats.throttled,
        stats.faulted,
        stats.webhooks_delivered,
        stats.webhooks_failed,
        stats.webhook_attempts
    );
    Ok(())
}

/// Completes on Ctrl-C, or on SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut signal) => drop(signal.recv().await),
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        Ok(()) = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}

/// Parses the arguments after the program name.
fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let (mut host, mut port) = (IpAddr::from([127, 0, 0, 1]), 4010);
    let (mut config, mut api_key) = (MockConfig::default(), DEFAULT_API_KEY.to_owned());
    let (mut kind, mut every, mut fraction, mut seed, mut retry_after) =
        (None, None, None, None, None);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Print(HELP.to_owned())),
            "-V" | "--version" => return Ok(Command::Print(VERSION.to_owned())),
            "--allow-http-webhooks" if inline.is_none() => {
                config = config.allow_http_webhooks(true);
                continue;
            }
            "--allow-http-webhooks" => return Err(format!("`{flag}` takes no value")),
            _ if !flag.starts_with('-') => return Err(format!("unexpected argument `{flag}`")),
            // Every flag is listed in the help, so one it does not list is unknown.
            _ if !HELP.contains(&format!(" {flag} ")) => {
                return Err(format!("unknown flag `{flag}`"));
            }
            _ => {}
        }
        let value = inline.or_else(|| args.next());
        let value = value.ok_or_else(|| format!("`{flag}` needs a value"))?;
        let bad = |why: &str| format!("`{flag}` {why}, not `{value}`");
        let millis = || number(flag, &value).map(Duration::from_millis);
        let secs = || number(flag, &value).map(Duration::from_secs);
        let nonzero = || number(flag, &value).map(NonZeroU32::get);
        match flag {
            "--host" => host = number(flag, &value)?,
            "--port" => port = number(flag, &value)?,
            "--api-key" if !value.is_empty() && !value.contains(char::is_whitespace) => {
                api_key.clone_from(&value);
            }
            "--api-key" => return Err(format!("`{flag}` must be a non-empty key without spaces")),
            "--seed-tasks" => match number(flag, &value)? {
                n if n > MAX_SEED_TASKS => {
                    return Err(bad(&format!("must be at most {MAX_SEED_TASKS}")));
                }
                n => config = config.seed_tasks(TaskSeed::many(n)),
            },
            "--resources" => {
                let text = std::fs::read_to_string(&value)
                    .map_err(|err| format!("`--resources {value}`: cannot read the file: {err}"))?;
                let resources = MockResource::from_json(&text)
                    .map_err(|err| format!("`--resources {value}`: {err}"))?;
                config = resources.into_iter().fold(config, MockConfig::resource);
            }
            "--advance" => {
                let every_ms = value.strip_prefix("every-ms=").map(NonZeroU64::from_str);
                config = config.advance(match (value.as_str(), every_ms) {
                    ("per-read", _) => Advance::PerRead,
                    ("never", _) => Advance::Never,
                    (_, Some(Ok(ms))) => Advance::Every(Duration::from_millis(ms.get())),
                    _ => return Err(bad("must be per-read, never or every-ms=N (N ≥ 1)")),
                });
            }
            "--latency-ms" => config = config.latency(millis()?),
            "--max-rps" => config = config.max_requests_per_second(nonzero()?),
            "--fault" => kind = Some(value),
            "--fault-every" => every = Some(number(flag, &value).map(NonZeroU64::get)?),
            "--fault-fraction" => match number(flag, &value)? {
                f if (0.0..=1.0).contains(&f) => fraction = Some(f),
                _ => return Err(bad("must be from 0 to 1")),
            },
            "--fault-seed" => seed = Some(number(flag, &value)?),
            "--retry-after" => retry_after = Some(RetryAfter::Seconds(number(flag, &value)?)),
            "--retry-after-date" => retry_after = Some(RetryAfter::HttpDate(secs()?)),
            "--webhook-attempts" => config = config.webhook_attempts(nonzero()?),
            "--webhook-backoff-ms" => config = config.webhook_backoff(millis()?),
            other => return Err(format!("unknown flag `{other}`")),
        }
    }
    let config = fault_rule(config, kind.as_deref(), every, fraction, seed, retry_after)?;
    let config = Box::new(config.api_key(api_key.clone()));
    Ok(Command::Serve(SocketAddr::new(host, port), api_key, config))
}

/// Checks the fault flags together and adds the rule they describe.
fn fault_rule(
    config: MockConfig,
    kind: Option<&str>,
    every: Option<u64>,
    fraction: Option<f64>,
    seed: Option<u64>,
    retry_after: Option<RetryAfter>,
) -> Result<MockConfig, String> {
    let schedule = match (every, fraction, seed) {
        (None, None, None) => None,
        (Some(every), None, None) => Some(FaultSchedule::every(every)),
        (None, Some(fraction), seed) => Some(FaultSchedule::fraction(fraction, seed.unwrap_or(0))),
        _ => return Err("`--fault-every` and `--fault-fraction` exclude each other, and `--fault-seed` only applies to `--fault-fraction`".to_owned()),
    };
    let not_a_fault = |other| format!("`--fault` must be 429, 500, 502 or 503, not `{other}`");
    let only_429 = "`--retry-after` and `--retry-after-date` only apply to `--fault 429`";
    let fault = match kind {
        None => None,
        Some("429") => Some(Fault::RateLimited {
            retry_after: retry_after.unwrap_or_default(),
        }),
        Some(_) if retry_after.is_some() => return Err(only_429.to_owned()),
        Some("503") => Some(Fault::Unavailable),
        Some("500") => Some(Fault::InternalError),
        Some("502") => Some(Fault::BadGateway),
        Some(other) => return Err(not_a_fault(other)),
    };
    match (schedule, fault) {
        (None, None) if retry_after.is_none() => Ok(config),
        (Some(schedule), Some(fault)) => Ok(config.fault(schedule, fault)),
        (_, None) => Err("`--fault-every`, `--fault-fraction`, `--fault-seed` and `--retry-after*` need `--fault`".to_owned()),
        (None, Some(_)) => Err("`--fault` needs `--fault-every` or `--fault-fraction`".to_owned()),
    }
}

/// Parses a flag's value.
fn number<T: FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("`{flag}` got `{value}`, which is not a valid value for it"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_args(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|&arg| arg.to_owned()))
    }

    #[test]
    fn parses_flags() {
        let Ok(Command::Serve(addr, api_key, config)) = parse_args(&[
            "--port=0",
            "--api-key",
            "ittybit_x",
            "--advance",
            "every-ms=50",
            "--fault",
            "429",
            "--fault-fraction",
            "0.5",
            "--fault-seed=3",
            "--retry-after-date",
            "2",
            "--allow-http-webhooks",
            "--webhook-attempts=3",
            "--webhook-backoff-ms",
            "10",
        ]) else {
            panic!("flags should parse");
        };
        assert_eq!(addr.port(), 0);
        assert_eq!(api_key, "ittybit_x");
        let debug = format!("{config:?}");
        assert!(debug.contains("Fraction"), "{debug}");
        for part in ["allow_http: true", "attempts: 3", "backoff: 10ms"] {
            assert!(debug.contains(part), "{part} missing from {debug}");
        }
    }

    #[test]
    fn rejects_bad_flags() {
        for args in [
            &["--port", "70000"][..],
            &["--port"],
            &["--nope"],
            &["stray"],
            &["--advance", "sometimes"],
            &["--fault", "504", "--fault-every", "2"],
            &["--fault", "429"],
            &["--fault-every", "2"],
            &["--fault", "503", "--fault-every", "2", "--retry-after", "1"],
            &["--fault", "429", "--fault-fraction", "1.5"],
            &["--max-rps", "0"],
            &["--seed-tasks", "18446744073709551615"],
            &["--allow-http-webhooks=yes"],
            &["--webhook-attempts", "0"],
            &["--webhook-backoff-ms", "-1"],
        ] {
            assert!(parse_args(args).is_err(), "{args:?}");
        }
        assert!(matches!(parse_args(&["--help"]), Ok(Command::Print(help)) if help == HELP));
    }
}
