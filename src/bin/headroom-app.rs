//! The browser app's entry point (built by Trunk for wasm32). Natively it is
//! an empty program so that `cargo build` of the whole crate still works.

#[cfg(target_arch = "wasm32")]
fn main() {
    // In a simulation worker (static/sim-worker.js loads this same wasm)
    // there is no page to mount: the worker calls its exported functions.
    if web_sys::window().is_some() {
        headroom::ui::start();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("headroom-app is the browser app; build it with `bash scripts/serve.sh`.");
    std::process::exit(2);
}
