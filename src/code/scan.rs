//! Walking code folders: `.gitignore`-aware, parallel, skipping dependencies and build output;
//! the pre-filter decides which files are parsed.

use super::postgrest::RawRef;
use super::{CodeRef, javascript, prefilter, python};
use crate::findings::Location;
use ignore::{ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Folders never scanned: dependencies, build output, vendored code, caches.
pub const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "dist",
    "build",
    "out",
    "vendor",
    "third_party",
    ".next",
    ".nuxt",
    ".output",
    ".svelte-kit",
    ".turbo",
    ".vercel",
    ".git",
    "coverage",
    "target",
    "__pycache__",
    ".venv",
    "venv",
    "site-packages",
    "bower_components",
    ".yarn",
    ".pnpm-store",
];

/// Files larger than this are skipped (minified bundles, generated dumps).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Paths in references are shown relative to this folder (else as given).
    pub root: Option<PathBuf>,
    /// Worker threads (0: as many as cores).
    pub threads: usize,
    /// Honour `.gitignore` / `.ignore` files.
    pub respect_gitignore: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            root: None,
            threads: 0,
            respect_gitignore: true,
        }
    }
}

/// What a scan found.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// References, sorted by file, line, column.
    pub refs: Vec<CodeRef>,
    /// Code files read.
    pub files_scanned: usize,
    /// Files that passed the pre-filter and were parsed.
    pub files_parsed: usize,
    /// Files that could not be read or parsed, one line each (`path: why`).
    pub errors: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Js(javascript::Dialect),
    Sfc,
    Python,
}

fn lang_of(path: &Path) -> Option<Lang> {
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".min.js") || name.ends_with(".d.ts") || name.ends_with(".bundle.js") {
        return None;
    }
    let ext = path.extension()?.to_str()?;
    match ext {
        "vue" | "svelte" => Some(Lang::Sfc),
        "py" => Some(Lang::Python),
        _ => javascript::Dialect::from_extension(ext).map(Lang::Js),
    }
}

#[derive(Default)]
struct Partial {
    /// References per file, each sorted by position.
    files: Vec<Vec<CodeRef>>,
    scanned: usize,
    parsed: usize,
    errors: Vec<String>,
    /// The worker's read buffer, reused from file to file.
    buf: Vec<u8>,
}

/// Scans code folders for references.
pub fn scan(dirs: &[PathBuf], opts: &ScanOptions) -> Scan {
    // Folders that exist, without those inside another one given (no file is read twice).
    let canon: Vec<(PathBuf, &PathBuf)> = dirs
        .iter()
        .filter(|d| d.exists())
        .map(|d| (std::fs::canonicalize(d).unwrap_or_else(|_| d.clone()), d))
        .collect();
    let mut existing: Vec<&PathBuf> = Vec::new();
    for (i, (c, d)) in canon.iter().enumerate() {
        let covered = canon
            .iter()
            .enumerate()
            .any(|(j, (o, _))| j != i && c.starts_with(o) && (c != o || j < i));
        if !covered {
            existing.push(d);
        }
    }
    let mut result = Scan::default();
    for d in dirs.iter().filter(|d| !d.exists()) {
        result
            .errors
            .push(format!("{}: no such file or folder", d.display()));
    }
    let Some(first) = existing.first() else {
        return result;
    };
    let mut builder = WalkBuilder::new(first);
    for d in &existing[1..] {
        builder.add(d);
    }
    builder
        .hidden(true)
        .git_ignore(opts.respect_gitignore)
        .git_exclude(opts.respect_gitignore)
        .ignore(opts.respect_gitignore)
        .git_global(false)
        .parents(true)
        .require_git(false)
        .follow_links(false)
        .threads(opts.threads)
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        });
    let collected: Mutex<Vec<Partial>> = Mutex::new(Vec::new());
    builder.build_parallel().visit(&mut WorkerBuilder {
        sink: &collected,
        opts,
    });
    let mut files = Vec::new();
    for p in collected.into_inner().unwrap_or_default() {
        files.extend(p.files);
        result.files_scanned += p.scanned;
        result.files_parsed += p.parsed;
        result.errors.extend(p.errors);
    }
    // Files in path order; each file's references are already in position order.
    files.sort_by(|a: &Vec<CodeRef>, b: &Vec<CodeRef>| a[0].location.path.cmp(&b[0].location.path));
    result.refs = files.into_iter().flatten().collect();
    result.errors.sort();
    result
}

struct WorkerBuilder<'s> {
    sink: &'s Mutex<Vec<Partial>>,
    opts: &'s ScanOptions,
}

impl<'s> ParallelVisitorBuilder<'s> for WorkerBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Worker {
            part: Partial::default(),
            sink: self.sink,
            opts: self.opts,
        })
    }
}

/// One walker thread: keeps its partial result and hands it over when the walk ends.
struct Worker<'s> {
    part: Partial,
    sink: &'s Mutex<Vec<Partial>>,
    opts: &'s ScanOptions,
}

impl ParallelVisitor for Worker<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file())
                    && let Some(lang) = lang_of(e.path())
                {
                    scan_file(e.path(), lang, self.opts, &mut self.part);
                }
            }
            Err(err) => self.part.errors.push(err.to_string()),
        }
        WalkState::Continue
    }
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        let part = std::mem::take(&mut self.part);
        if let Ok(mut v) = self.sink.lock() {
            v.push(part);
        }
    }
}

fn display_path(path: &Path, opts: &ScanOptions) -> String {
    let rel = opts
        .root
        .as_ref()
        .and_then(|r| path.strip_prefix(r).ok())
        .unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Reads, pre-filters and parses one file (public for benchmarks and tests).
pub fn scan_one(path: &Path, opts: &ScanOptions) -> Scan {
    let mut p = Partial::default();
    if let Some(lang) = lang_of(path) {
        scan_file(path, lang, opts, &mut p);
    }
    Scan {
        refs: p.files.into_iter().flatten().collect(),
        files_scanned: p.scanned,
        files_parsed: p.parsed,
        errors: p.errors,
    }
}

fn scan_file(path: &Path, lang: Lang, opts: &ScanOptions, p: &mut Partial) {
    // not blocking: a FIFO given as a file to scan reads as empty instead of waiting
    let mut f = match crate::sources::fsread::open_nonblocking(path) {
        Ok(f) => f,
        Err(e) => {
            p.errors.push(format!("{}: {e}", display_path(path, opts)));
            return;
        }
    };
    // Read into the worker's reused buffer (no allocation, no fstat per file); at most one
    // byte past the limit, to tell that a file is too large.
    let buf = &mut p.buf;
    buf.clear();
    if let Err(e) = (&mut f).take(MAX_FILE_BYTES + 1).read_to_end(buf) {
        p.errors.push(format!("{}: {e}", display_path(path, opts)));
        return;
    }
    if buf.len() as u64 > MAX_FILE_BYTES {
        p.errors.push(format!(
            "{}: skipped, larger than {} MiB",
            display_path(path, opts),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
        return;
    }
    p.scanned += 1;
    if !prefilter::is_candidate(&p.buf) {
        return;
    }
    if memchr::memchr(0, &p.buf[..p.buf.len().min(8192)]).is_some() {
        return; // binary
    }
    let text = match std::str::from_utf8(&p.buf) {
        Ok(t) => t.to_string(),
        Err(_) => {
            p.errors.push(format!(
                "{}: not valid UTF-8; positions after the first invalid byte are approximate",
                display_path(path, opts)
            ));
            String::from_utf8_lossy(&p.buf).into_owned()
        }
    };
    if lang != Lang::Python && nesting_depth(text.as_bytes()) > MAX_NESTING {
        p.errors.push(format!(
            "{}: skipped, brackets nested deeper than {MAX_NESTING}",
            display_path(path, opts)
        ));
        return;
    }
    p.parsed += 1;
    let mut raw = Vec::new();
    let failed = match lang {
        Lang::Js(d) => javascript::extract(&text, d, &mut raw),
        Lang::Sfc => javascript::extract_sfc(&text, &mut raw),
        Lang::Python => python::extract(&text, &mut raw),
    };
    if failed {
        p.errors.push(format!(
            "{}: the parser could not read all of the file (a syntax error it gave up on, or expressions nested deeper than {})",
            display_path(path, opts),
            javascript::MAX_WALK_DEPTH
        ));
    }
    if raw.is_empty() {
        return;
    }
    let shown = display_path(path, opts);
    let lines = LineStarts::new(&text);
    raw.sort_by_key(|r| r.offset);
    p.files.push(
        raw.into_iter()
            .map(|r| to_code_ref(r, &shown, &text, &lines))
            .collect(),
    );
}

/// Deeper bracket nesting than this is not parsed: the JavaScript parser and AST visitor
/// recurse, and generated code this deep holds no queries worth the stack.
pub const MAX_NESTING: usize = 200;

/// The deepest bracket nesting of a text (strings and comments are not told apart: an
/// over-estimate is fine).
fn nesting_depth(b: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for &c in b {
        match c {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut v = vec![0];
        v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts(v)
    }
    /// 1-based line and column (in characters).
    fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = match self.0.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.0[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line as u32 + 1, col as u32 + 1)
    }
}

fn to_code_ref(r: RawRef, path: &str, text: &str, lines: &LineStarts) -> CodeRef {
    let (line, col) = lines.position(text, r.offset);
    CodeRef {
        kind: r.kind,
        schema: r.schema,
        table: r.table,
        via: r.via,
        column: r.column,
        usage: r.usage,
        location: Location::file("code", path, line, col),
    }
}

/// References in one in-memory source (for tests and tools): `name` decides the language by
/// its extension.
pub fn scan_text(name: &str, text: &str) -> Vec<CodeRef> {
    let Some(lang) = lang_of(Path::new(name)) else {
        return Vec::new();
    };
    let mut raw = Vec::new();
    if lang != Lang::Python && nesting_depth(text.as_bytes()) > MAX_NESTING {
        return Vec::new();
    }
    match lang {
        Lang::Js(d) => javascript::extract(text, d, &mut raw),
        Lang::Sfc => javascript::extract_sfc(text, &mut raw),
        Lang::Python => python::extract(text, &mut raw),
    };
    let lines = LineStarts::new(text);
    raw.sort_by_key(|r| r.offset);
    raw.into_iter()
        .map(|r| to_code_ref(r, name, text, &lines))
        .collect()
}
