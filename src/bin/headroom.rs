//! The `headroom` command line (native only).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(headroom::cli::main());
}

#[cfg(target_arch = "wasm32")]
fn main() {}
