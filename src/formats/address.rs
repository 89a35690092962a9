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
/// a host (a name, or an IPv6 address in brackets) and at most a port of
/// 0 to 65535, holding no space, control character or text-direction
/// override, so that the printed link opens the app when clicked.
pub fn app_base(url: &str) -> Result<&str, String> {
    let base = url.split('#').next().unwrap_or_default();
    let problem = if url.contains(|c: char| c.is_whitespace() || crate::engine::is_control(c)) {
        "it holds a space or a control character"
    } else {
        match scheme_rest(base) {
            None => "it does not start with https:// or http://",
            Some(rest) => match authority_fault(rest) {
                Some(why) => why,
                None => return Ok(base),
            },
        }
    };
    Err(format!(
        "--url must be the app's address, such as https://example.com/headroom/, but {problem}: {}",
        crate::formats::escape_controls(url, false)
    ))
}

/// What follows `https://` or `http://` (either case).
fn scheme_rest(base: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|s| {
        let scheme = base.get(..s.len())?;
        scheme.eq_ignore_ascii_case(s).then(|| &base[s.len()..])
    })
}

/// What is wrong with the host and port at the start of `rest` (after
/// any `user@`), if anything.
fn authority_fault(rest: &str) -> Option<&'static str> {
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = match host_port.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((ip, after)) if !ip.is_empty() => (ip, after.strip_prefix(':')),
            Some(_) => ("", None),
            None => return Some("its IPv6 host has no closing ]"),
        },
        None => match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    // Digits only (u16's parse takes a "+"), at most 65535; may be empty.
    let port_ok = port.is_none_or(|p| {
        p.bytes().all(|b| b.is_ascii_digit()) && (p.is_empty() || p.parse::<u16>().is_ok())
    });
    if host.is_empty() {
        Some("it has no host after the scheme")
    } else if !port_ok {
        Some("its port is not a whole number from 0 to 65535")
    } else {
        None
    }
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
    use super::*;

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
        for good in [
            "http://[::1]:8080/app/",
            "http://user:pw@host.example:443/x?y=1",
            "http://e.com:/",
            "https://bücher.example/",
        ] {
            assert_eq!(app_base(good), Ok(good));
        }
        for (bad, why) in [
            (
                "javascript:alert(1)//",
                "it does not start with https:// or http://",
            ),
            (
                "example.com/headroom/",
                "it does not start with https:// or http://",
            ),
            (
                "ftp://example.com/",
                "it does not start with https:// or http://",
            ),
            ("", "it does not start with https:// or http://"),
            ("https:///app/", "it has no host"),
            ("https://", "it has no host"),
            ("https://?q", "it has no host"),
            ("http://@/", "it has no host"),
            ("http://:80/", "it has no host"),
            ("http://[]/", "it has no host"),
            ("http://[::1/", "its IPv6 host has no closing ]"),
            (
                "http://e.com:99999/",
                "its port is not a whole number from 0 to 65535",
            ),
            (
                "http://e.com:8a/",
                "its port is not a whole number from 0 to 65535",
            ),
            (
                "http://e.com:+80/",
                "its port is not a whole number from 0 to 65535",
            ),
            (" http://e.com/", "it holds a space or a control character"),
            (
                "http://\u{202e}/x",
                "it holds a space or a control character",
            ),
            (
                "http://e.com/\u{2066}x",
                "it holds a space or a control character",
            ),
            (
                "https://ex ample.com/",
                "it holds a space or a control character",
            ),
            (
                "https://example.com/\u{1b}[2J",
                "it holds a space or a control character",
            ),
        ] {
            let e = app_base(bad).unwrap_err();
            assert!(e.starts_with("--url must be the app's address"), "{e}");
            assert!(e.contains(&format!("but {why}")), "{bad:?}: {e}");
            assert!(
                !e.contains(['\u{1b}', '\u{202e}', '\u{2066}']),
                "the echo is escaped: {e}"
            );
        }
    }

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
