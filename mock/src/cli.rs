//! Command-line flags of the `ittybit-mock` binary.

use std::net::IpAddr;
use std::num::{NonZeroU32, NonZeroU64};
use std::time::Duration;

use ittybit_mock::{
    Advance, DEFAULT_API_KEY, Fault, FaultSchedule, MockConfig, MockResource, RetryAfter, TaskSeed,
};

/// The most tasks `--seed-tasks` inserts, so that a slip of the keyboard cannot exhaust memory.
const MAX_SEED_TASKS: usize = 1_000_000;

/// The `--help` text.
pub(crate) const HELP: &str = "\
ittybit-mock: a local, in-memory fake of the Ittybit API

USAGE:
    ittybit-mock [FLAGS]

FLAGS:
    --host ADDR              Address to listen on [default: 127.0.0.1]
    --port N                 Port to listen on; 0 picks any free port [default: 4010]
    --api-key KEY            The server's API key [default: ittybit_mock_key]
    --seed-tasks N           Insert N tasks at startup, at most 1000000 (kinds video/image/audio
                             and statuses succeeded/failed/processing/queued in turn; no events)
    --resources FILE         Serve your own resources, read from a JSON file: an array of
                             collections {\"path\": \"/widgets/{widget_id}/parts\", \"items\":
                             [...], \"filters\": [\"colour\"]} and singletons
                             {\"path\": \"/account\", \"singleton\": {...}}; repeatable
    --advance MODE           How task statuses advance: per-read (each GET of a task or run moves
                             it one step), never, or every-ms=N (one step per N ms)
                             [default: per-read]
    --latency-ms N           Delay every response by N milliseconds [default: 0]
    --max-rps N              Rate cap: a token bucket of N requests per second per API key,
                             shared by all its connections; excess requests get 429 with
                             Retry-After (counted on shutdown) [default: no cap]
    --fault STATUS           Inject a fault: 429 (rate limited, JSON, Retry-After), 500
                             (internal error, JSON), 502 (bad gateway, HTML) or 503
                             (unavailable, JSON). Needs --fault-every or --fault-fraction
    --fault-every K          Fault every K-th request (counting all requests)
    --fault-fraction F       Fault a random fraction F (0 to 1) of requests
    --fault-seed S           Seed of the random fault generator [default: 0]
    --retry-after SECONDS    Retry-After of injected 429s, in seconds [default: 1]
    --retry-after-date SECONDS
                             Send Retry-After of injected 429s as an HTTP date SECONDS from now
    --allow-http-webhooks    Accept webhook endpoints with plain-HTTP URLs on a loopback host
                             (127.0.0.0/8, [::1], localhost); otherwise URLs must be HTTPS
    --webhook-attempts N     Delivery attempts per event and endpoint, the first included
                             [default: 5]
    --webhook-backoff-ms N   Wait before the second delivery attempt; each later wait doubles,
                             up to a minute [default: 1000]
    -h, --help               Print this help
    -V, --version            Print the version

Values may also be given as --flag=value. Ctrl-C stops the server.
";

/// What the command line asks for.
#[derive(Debug)]
pub(crate) enum Command {
    /// Print the help.
    Help,
    /// Print the version.
    Version,
    /// Run the server.
    Serve(Box<Options>),
}

/// How to run the server.
#[derive(Debug)]
pub(crate) struct Options {
    /// Address to listen on.
    pub(crate) host: IpAddr,
    /// Port to listen on (0: any free port).
    pub(crate) port: u16,
    /// The server's API key (also set in `config`).
    pub(crate) api_key: String,
    /// The server configuration.
    pub(crate) config: MockConfig,
}

/// Parses the arguments after the program name.
pub(crate) fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let (mut host, mut port) = (IpAddr::from([127, 0, 0, 1]), 4010);
    let mut config = MockConfig::default();
    let mut api_key = DEFAULT_API_KEY.to_owned();
    let mut faults = FaultFlags::default();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
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
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        let bad = |why: &str| format!("`{flag}` {why}, not `{value}`");
        match flag {
            "--host" => host = number(flag, &value)?,
            "--port" => port = number(flag, &value)?,
            "--api-key" if value.trim().is_empty() || value.contains(char::is_whitespace) => {
                return Err("`--api-key` must be a non-empty key without spaces".to_owned());
            }
            "--api-key" => {
                config = config.api_key(value.clone());
                api_key = value;
            }
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
                for resource in resources {
                    config = config.resource(resource);
                }
            }
            "--advance" => {
                let every_ms = value
                    .strip_prefix("every-ms=")
                    .map(str::parse::<NonZeroU64>);
                config = config.advance(match (value.as_str(), every_ms) {
                    ("per-read", _) => Advance::PerRead,
                    ("never", _) => Advance::Never,
                    (_, Some(Ok(ms))) => Advance::Every(Duration::from_millis(ms.get())),
                    _ => return Err(bad("must be per-read, never or every-ms=N (N ≥ 1)")),
                });
            }
            "--latency-ms" => config = config.latency(millis(flag, &value)?),
            "--max-rps" => {
                config = config.max_requests_per_second(number::<NonZeroU32>(flag, &value)?.get());
            }
            "--fault" => faults.kind = Some(value),
            "--fault-every" => faults.every = Some(number::<NonZeroU64>(flag, &value)?.get()),
            "--fault-fraction" => match number(flag, &value)? {
                f if (0.0..=1.0).contains(&f) => faults.fraction = Some(f),
                _ => return Err(bad("must be from 0 to 1")),
            },
            "--fault-seed" => faults.seed = Some(number(flag, &value)?),
            "--retry-after" => {
                faults.retry_after = Some(RetryAfter::Seconds(number(flag, &value)?));
            }
            "--retry-after-date" => {
                faults.retry_after = Some(RetryAfter::HttpDate(Duration::from_secs(number(
                    flag, &value,
                )?)));
            }
            "--webhook-attempts" => {
                config = config.webhook_attempts(number::<NonZeroU32>(flag, &value)?.get());
            }
            "--webhook-backoff-ms" => config = config.webhook_backoff(millis(flag, &value)?),
            other => return Err(format!("unknown flag `{other}`")),
        }
    }
    if let Some((schedule, fault)) = fault_rule(&faults)? {
        config = config.fault(schedule, fault);
    }
    Ok(Command::Serve(Box::new(Options {
        host,
        port,
        api_key,
        config,
    })))
}

/// The fault flags, checked together once all flags are read.
#[derive(Debug, Default)]
struct FaultFlags {
    kind: Option<String>,
    every: Option<u64>,
    fraction: Option<f64>,
    seed: Option<u64>,
    retry_after: Option<RetryAfter>,
}

/// Checks the fault flags and builds the rule they describe.
fn fault_rule(flags: &FaultFlags) -> Result<Option<(FaultSchedule, Fault)>, String> {
    let schedule = match (flags.every, flags.fraction, flags.seed) {
        (None, None, None) => None,
        (Some(every), None, None) => Some(FaultSchedule::every(every)),
        (None, Some(fraction), seed) => Some(FaultSchedule::fraction(fraction, seed.unwrap_or(0))),
        _ => {
            return Err("`--fault-every` and `--fault-fraction` exclude each other, and `--fault-seed` only applies to `--fault-fraction`".to_owned());
        }
    };
    match (flags.kind.as_deref(), schedule, flags.retry_after) {
        (None, None, None) => Ok(None),
        (None, ..) => Err(
            "`--fault-every`, `--fault-fraction`, `--fault-seed` and `--retry-after*` need `--fault`"
                .to_owned(),
        ),
        (Some(_), None, _) => {
            Err("`--fault` needs `--fault-every` or `--fault-fraction`".to_owned())
        }
        (Some(kind), Some(schedule), retry_after) => {
            let fault = match kind {
                "429" => Fault::RateLimited {
                    retry_after: retry_after.unwrap_or_default(),
                },
                _ if retry_after.is_some() => {
                    return Err(
                        "`--retry-after` and `--retry-after-date` only apply to `--fault 429`"
                            .to_owned(),
                    );
                }
                "503" => Fault::Unavailable,
                "500" => Fault::InternalError,
                "502" => Fault::BadGateway,
                other => {
                    return Err(format!(
                        "`--fault` must be 429, 500, 502 or 503, not `{other}`"
                    ));
                }
            };
            Ok(Some((schedule, fault)))
        }
    }
}

/// Parses a flag's value.
fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("`{flag}` got `{value}`, which is not a valid value for it"))
}

/// Parses a flag's value in milliseconds.
fn millis(flag: &str, value: &str) -> Result<Duration, String> {
    number(flag, value).map(Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_args(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|&arg| arg.to_owned()))
    }

    #[test]
    fn parses_flags() {
        let Ok(Command::Serve(options)) = parse_args(&[
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
        assert_eq!(options.port, 0);
        assert_eq!(options.api_key, "ittybit_x");
        let debug = format!("{:?}", options.config);
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
        assert!(matches!(parse_args(&["--help"]), Ok(Command::Help)));
    }
}
