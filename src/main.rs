//! The `samizdat` binary: parse the command line, run the command, map the result to an exit
//! code (0 success, 1 the site has errors, 2 misuse). Nothing else lives here.

use clap::Parser;

fn main() {
    let cli = samizdat::cli::Cli::parse();
    std::process::exit(samizdat::cmd::run(cli.command));
}
