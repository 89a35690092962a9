//! A simulation worker's side: `static/sim-worker.js` loads the app's own
//! wasm in a Web Worker (no second download) and calls these functions;
//! the work itself is `app::pool::Worker`. Everything crosses as JS values
//! (serde-wasm-bindgen): number buffers as byte arrays, which the script
//! hands over without a copy.

use crate::app::pool::{Block, Part, Partial, SensitivityJob, Worker};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static WORKER: RefCell<Worker> = RefCell::default();
}

/// A value as JS: 64-bit numbers as BigInts (a seed may pass 2^53).
pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let to_js = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
    value.serialize(&to_js).map_err(JsValue::from)
}

/// Starts a block of a run, dropping any older one.
#[wasm_bindgen]
pub fn worker_start(block: JsValue) -> Result<(), JsValue> {
    let block: Block = serde_wasm_bindgen::from_value(block)?;
    WORKER
        .with_borrow_mut(|w| w.start(block))
        .map_err(|e| JsValue::from_str(&e))
}

/// Every round of the block has run.
#[wasm_bindgen]
pub fn worker_finished() -> bool {
    WORKER.with_borrow(Worker::finished)
}

/// Runs up to `paths` more paths; at the end of a round, its parts for
/// the other workers as `[owner, part]` pairs, and the figures of rounds
/// it completes here, as `[parts, partials]`.
#[wasm_bindgen]
pub fn worker_run(paths: usize) -> Result<js_sys::Array, JsValue> {
    let (parts, partials) = WORKER.with_borrow_mut(|w| w.run(paths));
    let out = js_sys::Array::new();
    for part in parts {
        let pair = js_sys::Array::of2(&(part.to as f64).into(), &to_js(&part)?);
        out.push(&pair);
    }
    Ok(js_sys::Array::of2(&out, &figures(partials)?.into()))
}

fn figures(partials: Vec<Partial>) -> Result<js_sys::Array, JsValue> {
    let out = js_sys::Array::new();
    for p in partials {
        out.push(&to_js(&p)?);
    }
    Ok(out)
}

/// The run in hand and the paths of its block run so far, as `[run,
/// paths]` (null when no run is in hand).
#[wasm_bindgen]
pub fn worker_progress() -> JsValue {
    match WORKER.with_borrow(Worker::progress) {
        Some((run, done)) => js_sys::Array::of2(&(run as f64).into(), &(done as f64).into()).into(),
        None => JsValue::NULL,
    }
}

/// Takes in a part of this worker's months; the figures of each round
/// it completes.
#[wasm_bindgen]
pub fn worker_receive(part: JsValue) -> Result<js_sys::Array, JsValue> {
    let part: Part = serde_wasm_bindgen::from_value(part)?;
    figures(WORKER.with_borrow_mut(|w| w.receive(part)))
}

/// A sensitivity run (the tornado), between the chunks of a simulation.
#[wasm_bindgen]
pub fn worker_sensitivity(job: JsValue) -> Result<JsValue, JsValue> {
    let job: SensitivityJob = serde_wasm_bindgen::from_value(job)?;
    to_js(&job.run())
}
