//! Entry point of the visitors' check-in (`checkin.html`, served at `/checkin`): a fourth wasm, so
//! that a visitor who scans the poster at the fair downloads the check-in page alone.

fn main() {
    console_error_panic_hook::set_once();
    jishi::mount_checkin();
}
