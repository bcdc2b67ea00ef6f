//! Embeds the demo corpus (`demo/` at the workspace root) into the binary,
//! so `sitrep extract` with no inputs has something to show.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read at run time, not with env!: a build script compiled for one
    // checkout may be reused for another at a different path.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("../../demo");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read the demo corpus at {}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.retain(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'));
    files.sort();
    let mut out = String::from("/// The demo corpus: (name, contents), in name order.\npub static DEMO: &[(&str, &[u8])] = &[\n");
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = format!("demo/{}", p.file_name().unwrap().to_string_lossy());
        let abs = p.canonicalize().unwrap();
        writeln!(out, "    ({name:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("demo.rs");
    std::fs::write(dest, out).unwrap();
}
