//! Derived data kept on disk from one build for the next (under `.xinghuo-cache/`):
//! the counted search index (`search::store`) and the parsed front matter
//! (`content::front_store`). One file per store: a format number, the program's
//! identity ([`crate::hash::program`]: another xinghuo may parse or count
//! differently), the value in postcard, and a CRC-32 of the value's bytes. A file that
//! is missing, damaged, cut short, foreign or of another program reads as nothing; a
//! store that cannot be written only makes the next build slower. Written as it is
//! encoded, through a temporary file renamed over the old one
//! ([`crate::fsutil::write_atomic_with`]). Fields of many numbers or long texts are
//! kept in bulk ([`le`], [`text`]).

use std::io::{self, Write};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::hash::hash_of;

/// Bytes before the value: format, program (little-endian).
const HEADER: usize = 4 + 8;

/// Writes through to `inner`, summing what passes (CRC-32: the same sum however the
/// bytes are split into writes).
struct Summing<W> {
    inner: W,
    sum: crc32fast::Hasher,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sum.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The format and the program, before the value.
fn header(format: u32) -> [u8; HEADER] {
    let mut out = [0u8; HEADER];
    out[..4].copy_from_slice(&format.to_le_bytes());
    out[4..].copy_from_slice(&hash_of(crate::hash::program).to_le_bytes());
    out
}

/// `value` as a store of `format` holds it, into `out`.
fn encode<T: Serialize + ?Sized>(format: u32, value: &T, out: &mut impl Write) -> io::Result<()> {
    let mut out = Summing {
        inner: out,
        sum: crc32fast::Hasher::new(),
    };
    out.inner.write_all(&header(format))?;
    postcard::to_io(value, &mut out).map_err(io::Error::other)?;
    let sum = out.sum.clone().finalize();
    out.inner.write_all(&sum.to_le_bytes())?;
    out.inner.flush()
}

/// The value of `format` stored in `bytes` by this program, if they hold one whole.
fn decode<T: DeserializeOwned>(format: u32, bytes: &[u8]) -> Option<T> {
    let body = bytes.get(HEADER..bytes.len().checked_sub(4)?)?;
    let sum = &bytes[bytes.len() - 4..];
    if bytes[..HEADER] != header(format) || sum != crc32fast::hash(body).to_le_bytes() {
        return None;
    }
    postcard::from_bytes(body).ok()
}

/// The value of `format` stored at `path` by this program, if it can be used.
pub(crate) fn load<T: DeserializeOwned>(path: &Path, format: u32) -> Option<T> {
    decode(format, &std::fs::read(path).ok()?)
}

/// Store `value` at `path` as `format` (its folder made when missing).
pub(crate) fn save<T: Serialize + ?Sized>(path: &Path, format: u32, value: &T) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::fsutil::write_atomic_with(path, |f| encode(format, value, f))
}

/// Numbers of which a store holds many, kept as little-endian bytes
/// (`#[serde(with = "crate::stored::le")]` on a `Vec` of `u32`, `u64` or `u128`):
/// postcard writes each number as a varint, one by one, which was half the time of
/// storing and reading the search index.
pub(crate) mod le {
    use serde::{de, Deserializer, Serializer};

    /// A number of fixed width in little-endian bytes.
    pub(crate) trait Le: Sized + Copy {
        const WIDTH: usize;
        fn put(self, out: &mut Vec<u8>);
        fn take(bytes: &[u8]) -> Self;
    }

    macro_rules! le {
        ($($t:ty),*) => {$(
            impl Le for $t {
                const WIDTH: usize = std::mem::size_of::<$t>();
                fn put(self, out: &mut Vec<u8>) {
                    out.extend_from_slice(&self.to_le_bytes());
                }
                fn take(bytes: &[u8]) -> Self {
                    <$t>::from_le_bytes(bytes.try_into().expect("chunks of the width"))
                }
            }
        )*};
    }
    le!(u32, u64, u128);

    pub(crate) fn serialize<T: Le, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(v.len() * T::WIDTH);
        for &x in v {
            x.put(&mut bytes);
        }
        s.serialize_bytes(&bytes)
    }

    pub(crate) fn deserialize<'de, T: Le, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: Le> de::Visitor<'_> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "numbers of {} bytes", T::WIDTH)
            }
            fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Vec<T>, E> {
                if b.len() % T::WIDTH != 0 {
                    return Err(E::custom("not whole numbers"));
                }
                Ok(b.chunks_exact(T::WIDTH).map(T::take).collect())
            }
        }
        d.deserialize_bytes(V(std::marker::PhantomData))
    }
}

/// A long text of a store (`#[serde(with = "crate::stored::text")]` on a `String`),
/// read back as bytes checked by simdutf8: the standard library's check of Chinese
/// text is several times slower.
pub(crate) mod text {
    use serde::{de, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("UTF-8 text")
            }
            fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<String, E> {
                simdutf8::basic::from_utf8(b)
                    .map(str::to_owned)
                    .map_err(|_| E::custom("not UTF-8"))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
                Ok(s.to_owned())
            }
        }
        d.deserialize_bytes(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Bulk {
        #[serde(with = "le")]
        a: Vec<u32>,
        #[serde(with = "le")]
        b: Vec<u128>,
        #[serde(with = "text")]
        c: String,
    }

    #[test]
    fn bulk_numbers_and_texts_come_back() {
        let v = Bulk {
            a: vec![0, 1, u32::MAX, 300],
            b: vec![u128::MAX, 1 << 100, 5],
            c: "党建引领 open data".into(),
        };
        let t = tempfile::tempdir().expect("temp dir");
        let p = t.path().join("store");
        save(&p, 1, &v).expect("saved");
        assert_eq!(load::<Bulk>(&p, 1), Some(v));
        // Bytes that are not whole numbers, text that is not UTF-8: refused.
        let bad = postcard::to_allocvec(&([1u8, 2, 3].as_slice(), [0u8; 0].as_slice(), "x"));
        assert!(postcard::from_bytes::<Bulk>(&bad.expect("encoded")).is_err());
        let bad = postcard::to_allocvec(&(
            [0u8; 0].as_slice(),
            [0u8; 0].as_slice(),
            [0xffu8].as_slice(),
        ));
        assert!(postcard::from_bytes::<Bulk>(&bad.expect("encoded")).is_err());
    }

    #[test]
    fn round_trip_and_damage_is_refused() {
        let value: Vec<(u64, String)> = vec![(1, "党建引领".into()), (7, "open data".into())];
        let t = tempfile::tempdir().expect("temp dir");
        let p = t.path().join("cache/store");
        save(&p, 3, &value).expect("saved");
        assert_eq!(load::<Vec<(u64, String)>>(&p, 3), Some(value));
        assert_eq!(load::<Vec<(u64, String)>>(&p, 4), None, "another format");
        let bytes = std::fs::read(&p).expect("read");
        for at in [0, 5, HEADER + 3, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert!(
                decode::<Vec<(u64, String)>>(3, &bad).is_none(),
                "byte {at} changed"
            );
        }
        assert!(decode::<Vec<(u64, String)>>(3, &bytes[..bytes.len() - 1]).is_none());
        assert!(decode::<Vec<(u64, String)>>(3, &bytes[..3]).is_none());
        assert!(load::<Vec<(u64, String)>>(&t.path().join("nothing"), 3).is_none());
    }
}
