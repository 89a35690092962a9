//! A structural patch between two JSON values, so a plan link can carry
//! only what differs from a preset. Like JSON Merge Patch (RFC 7386), with
//! one addition: an object patch applied to an array patches its elements
//! by index ("3": patch), so editing one component does not copy the list.
//! - `null` removes a key (plan JSON never holds null);
//! - an object patches an object (key by key) or an array (index by index);
//! - anything else, including an array, replaces the value.

use serde_json::{Map, Value};

/// The patch that turns `from` into `to`; none if they are equal.
pub fn diff(from: &Value, to: &Value) -> Option<Value> {
    if from == to {
        return None;
    }
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut p = Map::new();
            for (k, vb) in b {
                match a.get(k) {
                    Some(va) => {
                        if let Some(d) = diff(va, vb) {
                            p.insert(k.clone(), d);
                        }
                    }
                    None => {
                        p.insert(k.clone(), vb.clone());
                    }
                }
            }
            for k in a.keys().filter(|k| !b.contains_key(*k)) {
                p.insert(k.clone(), Value::Null);
            }
            Some(Value::Object(p))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            let p = super::object(
                (a.iter().zip(b).enumerate())
                    .filter_map(|(i, (va, vb))| diff(va, vb).map(|d| (i.to_string(), d))),
            );
            // A whole new array can be shorter than its element patches.
            let by_index = Value::Object(p);
            if by_index.to_string().len() < to.to_string().len() {
                Some(by_index)
            } else {
                Some(to.clone())
            }
        }
        _ => Some(to.clone()),
    }
}

/// Applies `patch` to `target` (the inverse of [`diff`]).
pub fn apply(target: &mut Value, patch: &Value) -> Result<(), String> {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else if let Some(slot) = t.get_mut(k) {
                    apply(slot, v)?;
                } else {
                    t.insert(k.clone(), v.clone());
                }
            }
            Ok(())
        }
        (Value::Array(t), Value::Object(p)) => {
            for (k, v) in p {
                let i: usize = k
                    .parse()
                    .map_err(|_| format!("\"{k}\" is not an element number"))?;
                let len = t.len();
                let slot = t
                    .get_mut(i)
                    .ok_or_else(|| format!("element {i} of a list of {len}"))?;
                apply(slot, v)?;
            }
            Ok(())
        }
        (t, p) => {
            *t = p.clone();
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patches_only_what_changed() {
        let a = json!({"name": "A", "tiers": [{"c": 1, "d": [1, 2], "label": "Starter tier"}, {"c": 2, "label": "Growth tier"}], "gone": 1});
        let b = json!({"name": "B", "tiers": [{"c": 1, "d": [1, 3], "label": "Starter tier"}, {"c": 5, "label": "Growth tier"}], "new": true});
        let p = diff(&a, &b).unwrap();
        assert_eq!(
            p,
            json!({"name": "B", "tiers": {"0": {"d": [1, 3]}, "1": {"c": 5}}, "gone": null, "new": true})
        );
        let mut c = a.clone();
        apply(&mut c, &p).unwrap();
        assert_eq!(c, b);
        assert_eq!(diff(&a, &a), None);
    }

    #[test]
    fn a_longer_list_is_replaced_whole() {
        let a = json!({"l": [1, 2]});
        let b = json!({"l": [1, 2, 3]});
        assert_eq!(diff(&a, &b), Some(json!({"l": [1, 2, 3]})));
    }

    #[test]
    fn bad_element_patches_are_errors() {
        let mut a = json!([1, 2]);
        assert!(apply(&mut a, &json!({"7": 1})).is_err());
        assert!(apply(&mut a, &json!({"x": 1})).is_err());
    }
}
