//! `sitrep serve`: the workspace in the browser (`sitrep-serve`).

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Args)]
pub struct ServeArgs {
    /// The database to serve (written by `sitrep ingest`); it must exist.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Open the stories page in the desktop's browser once serving.
    #[arg(long)]
    open: bool,
    /// Accept new documents at POST /api/documents (JSON Lines, as
    /// `sitrep ingest --jsonl` reads them), with the bearer token of
    /// --token or SITREP_TOKEN. Without it the server only reads.
    #[arg(long)]
    allow_ingest: bool,
    /// The bearer token ingest requests must carry.
    #[arg(long, value_name = "TOKEN", env = "SITREP_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

pub fn serve(args: ServeArgs) -> std::io::Result<usize> {
    if args.allow_ingest && args.token.as_deref().is_none_or(str::is_empty) {
        crate::usage_error("--allow-ingest needs a token: give --token TOKEN or set SITREP_TOKEN");
    }
    let config = sitrep_serve::Config { allow_ingest: args.allow_ingest, token: args.token, ..sitrep_serve::Config::new(&args.db) };
    eprintln!("reading and fusing {} ...", args.db.display());
    sitrep_serve::run(config, args.addr, |addr| {
        let url = format!("http://{addr}/");
        eprintln!("serving {url} (Ctrl-C stops)");
        if args.open {
            let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
            if let Err(e) = std::process::Command::new(opener).arg(&url).spawn() {
                eprintln!("cannot open a browser ({opener}: {e}); open {url} yourself");
            }
        }
    })?;
    Ok(0)
}
