//! The `samizdat` binary: parse the command line, run the command, map the result to an exit
//! code (0 success, 1 the site has errors, 2 misuse). Nothing else lives here.

use clap::Parser;

fn main() {
    let cli = samizdat::cli::Cli::parse();
    let code = match samizdat::cmd::run(cli.command) {
        Ok(()) => 0,
        Err(errors) => {
            samizdat::cmd::print_errors(&errors);
            errors.exit_code()
        }
    };
    std::process::exit(code);
}
