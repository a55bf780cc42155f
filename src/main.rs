//! `sciatica-explorer`: opens the explorer window, or runs a command-line subcommand.

use clap::Parser as _;
use sciatica_explorer::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let code = match &args.command {
        Some(command) => {
            cli::run(args.data.as_deref(), command, &mut std::io::stdout().lock(), &mut std::io::stderr().lock())
        }
        None => {
            let data = args.data.clone();
            // The window loads the knowledge while it opens.
            match sciatica_explorer::app::run(
                move || cli::load_knowledge(data.as_deref()),
                &args.window,
                args.data.clone(),
            ) {
                Ok(code) => code,
                Err(errors) => {
                    use std::io::Write as _;
                    let mut stderr = std::io::stderr().lock();
                    let mut stderr = cli::TerminalOutput::new(&mut stderr);
                    cli::print_errors(&mut stderr, &errors);
                    let _ = stderr.flush();
                    cli::EXIT_USAGE
                }
            }
        }
    };
    std::process::exit(code);
}
