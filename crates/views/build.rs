//! The translations are read at compile time by `leptos_i18n::load_locales!`, which does not tell
//! cargo about the files: without this, a changed `locales/*.json` leaves both apps and the server
//! with the old words until some Rust file changes.

fn main() {
    println!("cargo:rerun-if-changed=../../locales");
}
