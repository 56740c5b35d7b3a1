//! `ittybit-mock`: serves the in-memory Ittybit API fake until Ctrl-C.

mod cli;

use std::net::SocketAddr;
use std::process::ExitCode;

use cli::{Command, HELP, Options};

fn main() -> ExitCode {
    match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("ittybit-mock {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Serve(options)) => serve(*options),
        Err(message) => {
            eprintln!("ittybit-mock: {message}\nRun `ittybit-mock --help` to see the flags.");
            ExitCode::from(2)
        }
    }
}

/// Runs the server until Ctrl-C (or SIGTERM on Unix).
fn serve(options: Options) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("ittybit-mock: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let addr = SocketAddr::new(options.host, options.port);
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("ittybit-mock: cannot listen on {addr}: {err}");
                return ExitCode::FAILURE;
            }
        };
        let url = match listener.local_addr() {
            Ok(local) => format!("http://{local}"),
            Err(_) => format!("http://{addr}"),
        };
        println!("ittybit-mock listening on {url}");
        println!("API key: {}", options.api_key);
        match ittybit_mock::serve_until(listener, options.config, stop_signal()).await {
            Ok(stats) => {
                println!(
                    "ittybit-mock stopped; requests received: {}; 429s from the rate cap: {}; faults injected: {}; webhooks delivered: {}, given up: {}, attempts: {}",
                    stats.requests,
                    stats.throttled,
                    stats.faulted,
                    stats.webhooks_delivered,
                    stats.webhooks_failed,
                    stats.webhook_attempts
                );
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("ittybit-mock: {err}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Completes on Ctrl-C, or on SIGTERM on Unix.
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = ctrl_c => {}
            () = terminate => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
