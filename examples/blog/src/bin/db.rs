//! The blog's `db` command: generate, apply and check its migrations.

fn main() -> std::process::ExitCode {
    fusion_db::cli::run::<fusion_db_example_blog::BlogSchema>()
}
