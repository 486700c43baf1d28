//! A reader for exactly one Java-serialized object: a
//! `java.util.HashMap<String, String>`, as `ObjectOutputStream` writes it
//! (FreeOTP 2 backups are one). Not a general deserializer: anything the
//! FreeOTP backup does not need is refused with a [`JavaSerialError`].
//!
//! Grammar followed (Java Object Serialization Specification, chapter 6
//! "Object Serialization Stream Protocol"), restricted to:
//!
//! ```text
//! stream      = 0xACED 0x0005 object
//! object      = TC_OBJECT classDesc classdata          (handles: desc, map)
//! classDesc   = TC_CLASSDESC "java.util.HashMap" serialVersionUID
//!               flags(SC_SERIALIZABLE | SC_WRITE_METHOD)
//!               fieldCount primitiveField* TC_ENDBLOCKDATA TC_NULL
//! classdata   = primitive field values
//!               TC_BLOCKDATA(8) capacity:i32 size:i32
//!               (string string){size} TC_ENDBLOCKDATA  end of input
//! string      = TC_STRING len:u16 mutf8 | TC_LONGSTRING len:u64 mutf8
//!             | TC_REFERENCE handle:u32 (to an earlier string)
//! ```
//!
//! The fields are whatever the writing JVM's `HashMap` declares (API 23:
//! `loadFactor`; later: `loadFactor`, `threshold`), so only their count and
//! primitive types are checked. Hostile input: every length is checked
//! against the bytes left before anything is allocated, the entry count is
//! capped, nothing nests (an object where a string belongs is refused), and
//! a back-reference shares the earlier string instead of copying it, so
//! memory stays proportional to the file.

use std::collections::HashMap;

const MAGIC: u16 = 0xACED;
const VERSION: u16 = 5;
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7C;
/// The first handle a stream assigns.
const BASE_HANDLE: u32 = 0x7E_0000;
const SC_WRITE_METHOD: u8 = 0x01;
const SC_SERIALIZABLE: u8 = 0x02;
const HASH_MAP: &str = "java.util.HashMap";
/// `java.util.HashMap`'s `serialVersionUID`, the same in every JDK and
/// Android release.
const HASH_MAP_UID: i64 = 362_498_820_763_181_265;
/// More fields than any `HashMap` has ever declared (it has one or two).
const MAX_FIELDS: u16 = 16;

/// Why the bytes are not a serialized `HashMap<String, String>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JavaSerialError {
    /// The stream magic `0xACED` is missing.
    #[error("not a Java serialization stream")]
    NotJavaSerialization,
    /// A stream version other than 5.
    #[error("Java serialization stream version {0} is not supported")]
    Version(u16),
    /// The bytes end before the structure does.
    #[error("the Java serialization stream ends early (at byte {0})")]
    Truncated(usize),
    /// A tag other than the one the grammar allows at that point.
    #[error("unexpected byte 0x{found:02x} at {at}: expected {expected}")]
    Unexpected {
        expected: &'static str,
        found: u8,
        at: usize,
    },
    /// The object is not a `java.util.HashMap`.
    #[error("the serialized object is a {0}, not a java.util.HashMap")]
    NotHashMap(String),
    /// The class is `java.util.HashMap` but not the one the JDK serializes.
    #[error("unexpected java.util.HashMap serialVersionUID {0}")]
    SerialVersionUid(i64),
    /// Class flags, fields or block data unlike the JDK's `HashMap`.
    #[error("unexpected HashMap layout: {0}")]
    Layout(&'static str),
    /// A negative or absurd entry count.
    #[error("the map claims {0} entries")]
    Size(i64),
    /// A string that is not valid modified UTF-8.
    #[error("a string at byte {0} is not valid modified UTF-8")]
    BadString(usize),
    /// A back-reference to something that is not an earlier string.
    #[error("a reference at byte {0} does not point to an earlier string")]
    BadReference(usize),
    /// The same key twice (a real `HashMap` cannot hold that).
    #[error("the key {0:?} appears twice")]
    DuplicateKey(String),
    /// Bytes after the object.
    #[error("{0} bytes follow the serialized map")]
    TrailingData(usize),
}

/// A deserialized `HashMap<String, String>`, entries in stream order.
#[derive(Debug, Default)]
pub(crate) struct JavaStringMap {
    /// Every distinct string object of the stream, in handle order.
    strings: Vec<String>,
    /// (key, value) as indices into `strings`.
    entries: Vec<(usize, usize)>,
    /// Each key's position in `entries`, so that looking a key up costs
    /// the same however many entries a hostile file has.
    index: HashMap<String, usize>,
}

impl JavaStringMap {
    /// The entries in the order the stream holds them.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|&(k, v)| (self.strings[k].as_str(), self.strings[v].as_str()))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        let &(_, value) = self.entries.get(*self.index.get(key)?)?;
        Some(&self.strings[value])
    }
}

/// What a handle was assigned to.
#[derive(Clone, Copy)]
enum Handle {
    /// The class descriptor or the map itself: never a valid string.
    Other,
    /// An index into [`JavaStringMap::strings`].
    String(usize),
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    handles: Vec<Handle>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], JavaSerialError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(JavaSerialError::Truncated(self.bytes.len()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], JavaSerialError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    fn u8(&mut self) -> Result<u8, JavaSerialError> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, JavaSerialError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn i32(&mut self) -> Result<i32, JavaSerialError> {
        Ok(i32::from_be_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, JavaSerialError> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    /// Reads one tag byte and checks it is `want`.
    fn expect(&mut self, want: u8, expected: &'static str) -> Result<(), JavaSerialError> {
        let at = self.at;
        let found = self.u8()?;
        if found == want {
            Ok(())
        } else {
            Err(JavaSerialError::Unexpected {
                expected,
                found,
                at,
            })
        }
    }

    /// A `u16`-length modified UTF-8 string (class and field names).
    fn utf(&mut self) -> Result<String, JavaSerialError> {
        let at = self.at;
        let len = usize::from(self.u16()?);
        let bytes = self.take(len)?;
        modified_utf8(bytes).ok_or(JavaSerialError::BadString(at))
    }

    fn new_handle(&mut self, handle: Handle) {
        self.handles.push(handle);
    }

    /// A string object, or a reference to one, as an index into `strings`.
    fn string(&mut self, strings: &mut Vec<String>) -> Result<usize, JavaSerialError> {
        let at = self.at;
        let len = match self.u8()? {
            TC_STRING => u64::from(self.u16()?),
            TC_LONGSTRING => u64::from_be_bytes(self.array()?),
            TC_REFERENCE => {
                let handle = u32::from_be_bytes(self.array()?);
                let index = handle
                    .checked_sub(BASE_HANDLE)
                    .and_then(|i| self.handles.get(i as usize));
                return match index {
                    Some(Handle::String(i)) => Ok(*i),
                    _ => Err(JavaSerialError::BadReference(at)),
                };
            }
            found => {
                return Err(JavaSerialError::Unexpected {
                    expected: "a string",
                    found,
                    at,
                });
            }
        };
        // Checked against the bytes left before anything is allocated.
        let len = usize::try_from(len).map_err(|_| JavaSerialError::Truncated(self.bytes.len()))?;
        let text = modified_utf8(self.take(len)?).ok_or(JavaSerialError::BadString(at))?;
        strings.push(text);
        let index = strings.len() - 1;
        self.new_handle(Handle::String(index));
        Ok(index)
    }

    /// `TC_CLASSDESC` for `java.util.HashMap`, its fields and no
    /// annotations or superclass; returns the bytes of field values that
    /// precede the map's block data.
    fn hash_map_class(&mut self) -> Result<usize, JavaSerialError> {
        self.expect(TC_CLASSDESC, "a class description")?;
        let name = self.utf()?;
        if name != HASH_MAP {
            return Err(JavaSerialError::NotHashMap(name));
        }
        let uid = self.i64()?;
        if uid != HASH_MAP_UID {
            return Err(JavaSerialError::SerialVersionUid(uid));
        }
        self.new_handle(Handle::Other);
        if self.u8()? != SC_SERIALIZABLE | SC_WRITE_METHOD {
            return Err(JavaSerialError::Layout(
                "class flags are not SC_SERIALIZABLE | SC_WRITE_METHOD",
            ));
        }
        let fields = self.u16()?;
        if fields > MAX_FIELDS {
            return Err(JavaSerialError::Layout("too many fields"));
        }
        let mut values = 0;
        for _ in 0..fields {
            let size = match self.u8()? {
                b'B' | b'Z' => 1,
                b'C' | b'S' => 2,
                b'F' | b'I' => 4,
                b'D' | b'J' => 8,
                _ => return Err(JavaSerialError::Layout("a field that is not a primitive")),
            };
            self.utf()?;
            values += size;
        }
        self.expect(TC_ENDBLOCKDATA, "the end of the class annotation")?;
        self.expect(TC_NULL, "no superclass description")?;
        Ok(values)
    }
}

/// Java's modified UTF-8 (`DataInput.readUTF`): like UTF-8 but NUL is
/// `C0 80` and characters beyond the BMP are two 3-byte surrogates.
fn modified_utf8(bytes: &[u8]) -> Option<String> {
    // Most strings are ASCII or BMP text, valid UTF-8 as they stand; a
    // 4-byte sequence would be valid UTF-8 but is not modified UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes)
        && !bytes.iter().any(|&b| b >= 0xF0)
    {
        return Some(text.to_owned());
    }
    let mut units = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let continuation = |b: Option<&u8>| {
        b.filter(|&&b| b & 0xC0 == 0x80)
            .map(|&b| u16::from(b & 0x3F))
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x00..=0x7F => {
                units.push(u16::from(b));
                i += 1;
            }
            0xC0..=0xDF => {
                let c1 = continuation(bytes.get(i + 1))?;
                units.push((u16::from(b & 0x1F) << 6) | c1);
                i += 2;
            }
            0xE0..=0xEF => {
                let c1 = continuation(bytes.get(i + 1))?;
                let c2 = continuation(bytes.get(i + 2))?;
                units.push((u16::from(b & 0x0F) << 12) | (c1 << 6) | c2);
                i += 3;
            }
            _ => return None,
        }
    }
    String::from_utf16(&units).ok()
}

/// Reads `bytes` as a serialized `HashMap<String, String>` holding at most
/// `max_entries` entries.
pub(crate) fn read_string_map(
    bytes: &[u8],
    max_entries: usize,
) -> Result<JavaStringMap, JavaSerialError> {
    let mut r = Reader {
        bytes,
        at: 0,
        handles: Vec::new(),
    };
    if r.u16().ok() != Some(MAGIC) {
        return Err(JavaSerialError::NotJavaSerialization);
    }
    let version = r.u16()?;
    if version != VERSION {
        return Err(JavaSerialError::Version(version));
    }
    r.expect(TC_OBJECT, "an object")?;
    let field_bytes = r.hash_map_class()?;
    r.new_handle(Handle::Other);
    // loadFactor, threshold: sizing hints of no use here.
    r.take(field_bytes)?;
    r.expect(TC_BLOCKDATA, "the map's block data")?;
    if r.u8()? != 8 {
        return Err(JavaSerialError::Layout(
            "the block data is not capacity and size",
        ));
    }
    let _capacity = r.i32()?;
    let size = r.i32()?;
    let size = usize::try_from(size)
        .ok()
        .filter(|&s| s <= max_entries)
        .ok_or(JavaSerialError::Size(size.into()))?;
    // Each entry takes at least two 3-byte string headers (or 5-byte
    // references): a count the rest of the file cannot hold is refused now.
    if size.saturating_mul(6) > bytes.len() - r.at {
        return Err(JavaSerialError::Truncated(bytes.len()));
    }
    let mut map = JavaStringMap {
        strings: Vec::new(),
        entries: Vec::with_capacity(size),
        index: HashMap::with_capacity(size),
    };
    for _ in 0..size {
        let key = r.string(&mut map.strings)?;
        let value = r.string(&mut map.strings)?;
        map.entries.push((key, value));
    }
    r.expect(TC_ENDBLOCKDATA, "the end of the map")?;
    if r.at != bytes.len() {
        return Err(JavaSerialError::TrailingData(bytes.len() - r.at));
    }
    for (at, &(key, _)) in map.entries.iter().enumerate() {
        let key = &map.strings[key];
        if map.index.insert(key.clone(), at).is_some() {
            return Err(JavaSerialError::DuplicateKey(key.clone()));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header Android 8+ writes: HashMap with `loadFactor` and
    /// `threshold`, capacity 16, then `size`.
    fn header(size: i32) -> Vec<u8> {
        let mut out = vec![0xAC, 0xED, 0x00, 0x05, TC_OBJECT, TC_CLASSDESC];
        out.extend_from_slice(&(HASH_MAP.len() as u16).to_be_bytes());
        out.extend_from_slice(HASH_MAP.as_bytes());
        out.extend_from_slice(&HASH_MAP_UID.to_be_bytes());
        out.extend_from_slice(&[SC_SERIALIZABLE | SC_WRITE_METHOD, 0, 2]);
        out.push(b'F');
        out.extend_from_slice(b"\x00\x0aloadFactor");
        out.push(b'I');
        out.extend_from_slice(b"\x00\x09threshold");
        out.extend_from_slice(&[TC_ENDBLOCKDATA, TC_NULL]);
        out.extend_from_slice(&0.75f32.to_be_bytes());
        out.extend_from_slice(&12i32.to_be_bytes());
        out.extend_from_slice(&[TC_BLOCKDATA, 8]);
        out.extend_from_slice(&16i32.to_be_bytes());
        out.extend_from_slice(&size.to_be_bytes());
        out
    }

    fn string(out: &mut Vec<u8>, text: &[u8]) {
        out.push(TC_STRING);
        out.extend_from_slice(&(text.len() as u16).to_be_bytes());
        out.extend_from_slice(text);
    }

    fn reference(out: &mut Vec<u8>, handle: u32) {
        out.push(TC_REFERENCE);
        out.extend_from_slice(&handle.to_be_bytes());
    }

    fn pairs(map: &JavaStringMap) -> Vec<(String, String)> {
        map.iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn strings_long_strings_and_references() {
        let mut bytes = header(3);
        string(&mut bytes, b"a"); // handle 2
        string(&mut bytes, b"same"); // handle 3
        bytes.push(TC_LONGSTRING); // handle 4
        bytes.extend_from_slice(&1u64.to_be_bytes());
        bytes.push(b'b');
        reference(&mut bytes, BASE_HANDLE + 3);
        string(&mut bytes, b"c"); // handle 5
        reference(&mut bytes, BASE_HANDLE + 2);
        bytes.push(TC_ENDBLOCKDATA);
        let map = read_string_map(&bytes, 10).unwrap();
        assert_eq!(
            pairs(&map),
            [("a", "same"), ("b", "same"), ("c", "a")].map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(map.get("b"), Some("same"));
        assert_eq!(map.get("d"), None);
        assert_eq!(map.iter().count(), 3);
    }

    #[test]
    fn modified_utf8_nul_and_supplementary_characters() {
        // U+0000 as C0 80; U+1F511 (🔑) as the surrogates D83D DD11, each
        // three bytes; 日本 as ordinary 3-byte UTF-8.
        let mut bytes = header(1);
        string(&mut bytes, b"k\xC0\x80");
        string(
            &mut bytes,
            b"\xED\xA0\xBD\xED\xB4\x91\xE6\x97\xA5\xE6\x9C\xAC",
        );
        bytes.push(TC_ENDBLOCKDATA);
        let map = read_string_map(&bytes, 10).unwrap();
        assert_eq!(pairs(&map), [("k\0".to_owned(), "🔑日本".to_owned())]);
        // A 4-byte UTF-8 sequence and a lone surrogate are not modified UTF-8.
        assert_eq!(modified_utf8("🔑".as_bytes()), None);
        assert_eq!(modified_utf8(b"\xED\xA0\xBD"), None);
        assert_eq!(modified_utf8(b"\xE6\x97"), None);
    }

    #[test]
    fn android_6_hash_map_with_one_field() {
        let mut bytes = vec![0xAC, 0xED, 0x00, 0x05, TC_OBJECT, TC_CLASSDESC];
        bytes.extend_from_slice(&(HASH_MAP.len() as u16).to_be_bytes());
        bytes.extend_from_slice(HASH_MAP.as_bytes());
        bytes.extend_from_slice(&HASH_MAP_UID.to_be_bytes());
        bytes.extend_from_slice(&[0x03, 0, 1, b'F', 0, 10]);
        bytes.extend_from_slice(b"loadFactor");
        bytes.extend_from_slice(&[TC_ENDBLOCKDATA, TC_NULL]);
        bytes.extend_from_slice(&0.75f32.to_be_bytes());
        bytes.extend_from_slice(&[TC_BLOCKDATA, 8, 0, 0, 0, 2, 0, 0, 0, 0]);
        bytes.push(TC_ENDBLOCKDATA);
        assert_eq!(read_string_map(&bytes, 10).unwrap().iter().count(), 0);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let mut bytes = header(1);
        string(&mut bytes, b"key");
        string(&mut bytes, b"value");
        bytes.push(TC_ENDBLOCKDATA);
        assert!(read_string_map(&bytes, 10).is_ok());
        for cut in 0..bytes.len() {
            assert!(read_string_map(&bytes[..cut], 10).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn anything_but_the_subset_is_refused() {
        let ok = {
            let mut b = header(1);
            string(&mut b, b"k");
            string(&mut b, b"v");
            b.push(TC_ENDBLOCKDATA);
            b
        };
        let err = |bytes: &[u8]| read_string_map(bytes, 10).unwrap_err();
        assert_eq!(err(b"<?xml"), JavaSerialError::NotJavaSerialization);
        let mut v = ok.clone();
        v[3] = 4;
        assert_eq!(err(&v), JavaSerialError::Version(4));
        // Another class of the same name length.
        let mut v = ok.clone();
        v[8..25].copy_from_slice(b"java.util.TreeMap");
        assert_eq!(
            err(&v),
            JavaSerialError::NotHashMap("java.util.TreeMap".into())
        );
        let mut v = ok.clone();
        v[25] ^= 1;
        assert!(matches!(err(&v), JavaSerialError::SerialVersionUid(_)));
        // Externalizable flags.
        let mut v = ok.clone();
        v[33] = 0x0C;
        assert!(matches!(err(&v), JavaSerialError::Layout(_)));
        // An object field where only primitives belong.
        let mut v = ok.clone();
        v[36] = b'L';
        assert!(matches!(err(&v), JavaSerialError::Layout(_)));
        // A nested object where a string belongs: nothing nests.
        let mut v = header(1);
        v.extend_from_slice(&[TC_OBJECT, TC_CLASSDESC]);
        v.extend_from_slice(&[0; 16]);
        assert!(matches!(err(&v), JavaSerialError::Unexpected { .. }));
        // A reference to the map itself, to the class, and past the end.
        for handle in [BASE_HANDLE, BASE_HANDLE + 1, BASE_HANDLE + 2, 0] {
            let mut v = header(1);
            reference(&mut v, handle);
            string(&mut v, b"v");
            v.push(TC_ENDBLOCKDATA);
            assert!(
                matches!(err(&v), JavaSerialError::BadReference(_)),
                "{handle:x}"
            );
        }
        // The same key twice, also through a reference.
        let mut v = header(2);
        string(&mut v, b"k");
        string(&mut v, b"v");
        reference(&mut v, BASE_HANDLE + 2);
        string(&mut v, b"w");
        v.push(TC_ENDBLOCKDATA);
        assert_eq!(err(&v), JavaSerialError::DuplicateKey("k".into()));
        // Trailing bytes.
        let mut v = ok.clone();
        v.push(0);
        assert_eq!(err(&v), JavaSerialError::TrailingData(1));
        // Bad text.
        let mut v = header(1);
        string(&mut v, b"\xFF");
        string(&mut v, b"v");
        v.push(TC_ENDBLOCKDATA);
        assert!(matches!(err(&v), JavaSerialError::BadString(_)));
    }

    #[test]
    fn hostile_sizes_are_refused_before_allocating() {
        for size in [-1, i32::MAX, 11] {
            assert!(matches!(
                read_string_map(&header(size), 10).unwrap_err(),
                JavaSerialError::Size(_)
            ));
        }
        // Within the cap but more than the bytes could hold.
        assert!(matches!(
            read_string_map(&header(10), 10).unwrap_err(),
            JavaSerialError::Truncated(_)
        ));
        // A long string claiming 2^64 − 1 bytes.
        let mut v = header(1);
        v.push(TC_LONGSTRING);
        v.extend_from_slice(&u64::MAX.to_be_bytes());
        v.extend_from_slice(&[0; 16]);
        assert!(matches!(
            read_string_map(&v, 10).unwrap_err(),
            JavaSerialError::Truncated(_)
        ));
        // Block data other than capacity and size.
        let mut v = header(0);
        let at = v.len() - 9;
        v[at] = 4;
        assert!(matches!(
            read_string_map(&v, 10).unwrap_err(),
            JavaSerialError::Layout(_)
        ));
    }
}
