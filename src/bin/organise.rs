//! Entry point of the organisers' app (`organise.html`, served under `/organise`): a separate wasm,
//! so the villagers' app stays small.

fn main() {
    console_error_panic_hook::set_once();
    jishi::mount_organiser();
}
