//! Where a plan link can sit in a page address. Browsers put it in the
//! fragment (`#p2.…`); some mail scanners rewrite `#` as `%23`, which moves
//! the link into the path, where static hosts answer 404 unless they serve
//! the app for unknown paths (see README). The page reads it from there.

/// A link that arrived in the path: the path of the page itself and the
/// fragment text after the escaped `#` (still percent-encoded; the link
/// decoder undoes that). None when the path holds no escaped `#`.
pub fn link_in_path(path: &str) -> Option<(String, String)> {
    // The link is the address's last part: `/app/%23p2.x`, never `/a%23b/c`.
    after_escaped_hash(path, &['/'])
}

/// A link whose escaped `#` came after the query (`?scenario=x%23p2.…`):
/// the query before it and the fragment text. None when the query holds no
/// escaped `#` followed by a link's text (no `&` or `=` in it).
pub fn link_in_query(search: &str) -> Option<(String, String)> {
    after_escaped_hash(search, &['&', '=', '/'])
}

/// `text` cut at its last escaped `#` (once, or again by a second mail
/// tool: `%2523`): what comes before, and a non-blank rest holding none of
/// `not_in_link`.
fn after_escaped_hash(text: &str, not_in_link: &[char]) -> Option<(String, String)> {
    let lower = text.to_ascii_lowercase();
    let (at, len) = ["%252523", "%2523", "%23"]
        .iter()
        .find_map(|m| lower.rfind(m).map(|at| (at, m.len())))?;
    let (before, fragment) = (&text[..at], &text[at + len..]);
    if fragment.trim().is_empty() || fragment.contains(not_in_link) {
        return None;
    }
    Some((before.to_string(), fragment.to_string()))
}

/// The app's address for `headroom link --url`, without any fragment of
/// its own (the link becomes the fragment): an http or https address with
/// a host, nothing else (no spaces, no control characters), so that the
/// printed link opens the app when clicked.
pub fn app_base(url: &str) -> Result<&str, String> {
    let base = url.split('#').next().unwrap_or_default();
    let lower = base.to_ascii_lowercase();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|s| lower.strip_prefix(s).map(|_| &base[s.len()..]));
    let problem = match rest {
        None => "it does not start with https:// or http://",
        Some(r) if r.split(['/', '?']).next().is_none_or(str::is_empty) => {
            "it has no host after the scheme"
        }
        Some(r) if r.contains(|c: char| c.is_whitespace() || c.is_control()) => {
            "it holds a space or a control character"
        }
        Some(_) => return Ok(base),
    };
    Err(format!(
        "--url must be the app's address, such as https://example.com/headroom/, but {problem}: {}",
        crate::formats::escape_controls(url, false)
    ))
}

/// Undoes one level of percent-encoding (`%20` is a space); a `%` not
/// followed by two hex digits stays as it is.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_app_base_is_an_http_address_with_a_host() {
        assert_eq!(
            app_base("https://example.com/headroom/"),
            Ok("https://example.com/headroom/")
        );
        // Its own fragment goes: the link takes its place.
        assert_eq!(
            app_base("HTTP://h:8080/app/?x=1#old"),
            Ok("HTTP://h:8080/app/?x=1")
        );
        assert_eq!(app_base("http://h"), Ok("http://h"));
        for (bad, why) in [
            (
                "javascript:alert(1)//",
                "does not start with https:// or http://",
            ),
            (
                "example.com/headroom/",
                "does not start with https:// or http://",
            ),
            (
                "ftp://example.com/",
                "does not start with https:// or http://",
            ),
            ("", "does not start with https:// or http://"),
            ("https:///app/", "has no host"),
            ("https://", "has no host"),
            ("https://?q", "has no host"),
            (
                "https://ex ample.com/",
                "holds a space or a control character",
            ),
            (
                "https://example.com/\u{1b}[2J",
                "holds a space or a control character",
            ),
        ] {
            let e = app_base(bad).unwrap_err();
            assert!(e.starts_with("--url must be the app's address"), "{e}");
            assert!(e.contains(&format!("but it {why}")), "{bad:?}: {e}");
            assert!(!e.contains('\u{1b}'), "the echo is escaped: {e}");
        }
    }

    use super::*;

    #[test]
    fn finds_an_escaped_fragment_at_the_end_of_the_path() {
        assert_eq!(
            link_in_path("/some/sub/path/%23p2.abc"),
            Some(("/some/sub/path/".into(), "p2.abc".into()))
        );
        assert_eq!(
            link_in_path("/app/index.html%23p1.x-_"),
            Some(("/app/index.html".into(), "p1.x-_".into()))
        );
        // Lower-case hex is the same escape.
        assert_eq!(link_in_path("/%23p2.q"), Some(("/".into(), "p2.q".into())));
        // Escaped twice: the `%` of `%23` escaped as `%25`.
        assert_eq!(
            link_in_path("/sub/%2523p2.q"),
            Some(("/sub/".into(), "p2.q".into()))
        );
    }

    #[test]
    fn leaves_other_paths_alone() {
        assert_eq!(link_in_path("/some/sub/path/"), None);
        assert_eq!(link_in_path("/a%23b/c"), None);
        assert_eq!(link_in_path("/app/%23"), None);
    }
}
