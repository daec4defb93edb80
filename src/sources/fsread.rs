//! Reading a source file without trusting it: only regular files (a FIFO, a socket or a device,
//! directly or through a symlink, would block or never end), at most [`MAX_FILE_BYTES`], with
//! the size checked on the metadata before reading and the read itself bounded (a file that
//! grows while it is read stops at the limit).

use std::io::Read;
use std::path::Path;

/// The largest source file read: 64 MiB. The largest real migration or dump seen is a few
/// MiB; anything bigger is skipped with a note rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file (a FIFO, socket, device or folder); the words say which.
    NotRegular(&'static str),
    /// Larger than the limit (the size in bytes).
    TooLarge(u64),
    /// The file could not be opened or read.
    Io(std::io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotRegular(what) => write!(f, "not a regular file ({what})"),
            Refused::TooLarge(n) => write!(
                f,
                "{} MiB, over the {} MiB limit for a source file",
                n.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

impl Refused {
    /// One line naming the file: `cannot read x: …`, `x is a FIFO, not a file: skipped` …
    pub fn message(&self, path: &Path) -> String {
        match self {
            Refused::Io(e) => format!("cannot read {}: {e}", path.display()),
            other => format!("{}: {other}", path.display()),
        }
    }
}

/// Opens a file for reading without blocking on a FIFO (a FIFO with no writer then reads as
/// empty instead of waiting for ever); for walkers that already know the entry is a file and
/// read with their own bound.
pub fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc_nonblock());
    }
    opts.open(path)
}

/// What a path is when it is not a regular file (following symlinks), or None.
pub fn special_kind(path: &Path) -> Option<&'static str> {
    let md = std::fs::metadata(path).ok()?;
    kind_of(&md)
}

fn kind_of(md: &std::fs::Metadata) -> Option<&'static str> {
    let ft = md.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_block_device() || ft.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let md = std::fs::metadata(path).map_err(Refused::Io)?;
    if let Some(k) = kind_of(&md) {
        return Err(Refused::NotRegular(k));
    }
    if md.len() > limit {
        return Err(Refused::TooLarge(md.len()));
    }
    // Opening a FIFO blocks until a writer comes: the metadata check above keeps FIFOs out,
    // and O_NONBLOCK covers one swapped in between the check and the open.
    let file = open_nonblocking(path).map_err(Refused::Io)?;
    let md = file.metadata().map_err(Refused::Io)?;
    if let Some(k) = kind_of(&md) {
        return Err(Refused::NotRegular(k));
    }
    let mut out = Vec::with_capacity(md.len().min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut out)
        .map_err(Refused::Io)?;
    if out.len() as u64 > limit {
        return Err(Refused::TooLarge(out.len() as u64));
    }
    Ok(out)
}

#[cfg(target_os = "linux")]
fn libc_nonblock() -> i32 {
    0o4000 // O_NONBLOCK on Linux (all architectures Rust supports there but alpha/sparc/mips)
}

#[cfg(all(unix, not(target_os = "linux")))]
fn libc_nonblock() -> i32 {
    0x0004 // O_NONBLOCK on the BSDs and macOS
}

/// A file's bytes as text: UTF-16 (little or big endian) when it opens with that byte order
/// mark (Windows PowerShell writes `supabase gen types … > database.types.ts` so), else UTF-8
/// without its byte order mark. The bytes come back when they are neither.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    let utf16 = |body: &[u8], le: bool| -> Option<String> {
        if !body.len().is_multiple_of(2) {
            return None;
        }
        let units = body.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, body @ ..] => utf16(body, true).ok_or(bytes),
        [0xFE, 0xFF, body @ ..] => utf16(body, false).ok_or(bytes),
        [0xEF, 0xBB, 0xBF, body @ ..] => String::from_utf8(body.to_vec()).map_err(|_| bytes),
        _ => String::from_utf8(bytes).map_err(|e| e.into_bytes()),
    }
}

/// [`read_bounded`] at [`MAX_FILE_BYTES`], as text ([`decode_text`]; invalid UTF-8 replaced).
pub fn read_to_string_bounded(path: &Path, limit: u64) -> Result<String, Refused> {
    let bytes = read_bounded(path, limit)?;
    Ok(match decode_text(bytes) {
        Ok(s) => s,
        Err(b) => String::from_utf8_lossy(&b).into_owned(),
    })
}

/// [`read_bounded`] at the default limit, as text; None when the file cannot be read (for
/// optional files: configuration beside a source, markers).
pub fn read_optional(path: &Path) -> Option<String> {
    read_to_string_bounded(path, MAX_FILE_BYTES).ok()
}

/// [`read_bounded`] at the default limit.
pub fn read(path: &Path) -> Result<Vec<u8>, Refused> {
    read_bounded(path, MAX_FILE_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_utf16_and_with_a_byte_order_mark() {
        let text = "export type Json = string | number\n// é ✓";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_text(le).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_text(be).unwrap(), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode_text(bom).unwrap(), text);
        assert_eq!(decode_text(text.as_bytes().to_vec()).unwrap(), text);
        // an odd number of bytes after a UTF-16 mark, and Latin-1, are not text
        assert!(decode_text(vec![0xFF, 0xFE, 0x41]).is_err());
        assert!(decode_text(vec![b'a', 0xE9, b'b']).is_err());
    }

    #[test]
    fn regular_file_and_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.sql");
        std::fs::write(&f, b"select 1;").unwrap();
        assert_eq!(read(&f).unwrap(), b"select 1;");
        assert!(matches!(read_bounded(&f, 3), Err(Refused::TooLarge(9))));
        assert!(matches!(
            read(dir.path()),
            Err(Refused::NotRegular("a folder"))
        ));
        assert!(matches!(
            read(Path::new("/dev/zero")),
            Err(Refused::NotRegular("a device"))
        ));
    }
}
