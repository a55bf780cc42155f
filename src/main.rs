//! `sciatica-explorer`: opens the explorer window, or runs a command-line subcommand.

use clap::Parser as _;
use sciatica_explorer::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let code = match &args.command {
        Some(command) => cli::run_command(args.data.as_deref(), command, &mut stdout, &mut stderr),
        None => match cli::load_knowledge(args.data.as_deref()) {
            Ok(kb) => {
                drop((stdout, stderr));
                sciatica_explorer::app::run(kb, &args.window, args.data.clone())
            }
            Err(errors) => {
                use std::io::Write as _;
                for e in &errors {
                    let _ = writeln!(stderr, "error: {e}");
                }
                cli::EXIT_USAGE
            }
        },
    };
    std::process::exit(code);
}
