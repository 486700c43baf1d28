//! Android `SharedPreferences` XML (`shared_prefs/*.xml`), where several
//! apps keep their accounts: `<map>` of `<string name="…">text</string>`
//! (plus `<int>`, `<long>`, `<boolean>` with a `value` attribute).

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

/// The `(name, value)` pairs of a preferences file's `<string>` elements,
/// unescaped; `None` if the bytes are not such a file.
pub(crate) fn strings(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    let mut saw_map = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.name().as_ref() == "map" => saw_map = true,
            Event::Start(e) if e.name().as_ref() == "string" => {
                let name = e
                    .try_get_attribute("name")
                    .ok()??
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()?
                    .into_owned();
                let raw = reader.read_text(e.name()).ok()?;
                let raw: Cow<'_, str> = raw.into_inner();
                let value = quick_xml::escape::unescape(&raw).ok()?.into_owned();
                out.push((name, value));
                if out.len() > crate::MAX_ENTRIES {
                    return None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    saw_map.then_some(out)
}

/// The value of the `<string>` called `name`.
pub(crate) fn find<'a>(strings: &'a [(String, String)], name: &str) -> Option<&'a str> {
    strings
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}
