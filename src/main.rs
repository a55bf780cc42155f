//! `sciatica-explorer`: opens the explorer window, or runs a command-line subcommand.

use clap::Parser as _;
use sciatica_explorer::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let code = match &args.command {
        Some(command) => cli::run_command(args.data.as_deref(), command, &mut stdout, &mut stderr),
        None => {
            use std::io::Write as _;
            let _ = writeln!(stderr, "The explorer window is not built yet; see `sciatica-explorer --help` for the commands.");
            cli::EXIT_USAGE
        }
    };
    std::process::exit(code);
}
