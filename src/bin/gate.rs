//! Entry point of the gate's scanner (`gate.html`, served under `/gate`): a third wasm, so that its
//! QR decoder and signature checks are downloaded only by the organisers at the gate.

fn main() {
    console_error_panic_hook::set_once();
    jishi::mount_gate();
}
