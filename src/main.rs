//! Entry point: set the panic hook, replace the boot skeleton with the app.

fn main() {
    console_error_panic_hook::set_once();
    jishi::mount();
}
