//! Deployment packages and layers: zip a folder as Lambda's console would,
//! check an archive (entries escaping their folder, symbolic links, sizes),
//! enforce Lambda's limits and extract.

use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Component, Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::arn;
use crate::config::{CodeSource, FunctionSpec, Runtime};

pub use lambda_limits::{
    DIRECT_UPLOAD_BYTES as MAX_ZIPPED_BYTES, ENVIRONMENT_BYTES as MAX_VARIABLES_BYTES, MAX_LAYERS,
    RESERVED_VARIABLES, UNZIPPED_BYTES as MAX_UNZIPPED_BYTES,
};

/// A deployed package: the zips kept and where they were extracted.
#[derive(Clone, Debug)]
pub struct Package {
    pub code_zip: PathBuf,
    pub layer_zips: Vec<PathBuf>,
    pub code_dir: PathBuf,
    pub layer_dirs: Vec<PathBuf>,
    /// Zipped size of the function's own package.
    pub code_size: u64,
    /// Function and layers, unzipped.
    pub unzipped_size: u64,
}

/// Checks the settings Lambda validates at CreateFunction.
pub fn validate_spec(spec: &FunctionSpec) -> Result<(), String> {
    if !arn::valid_name(&spec.name) {
        return Err(format!(
            "The function name '{}' is not valid: use 1 to 64 letters, digits, '-' or '_'.",
            spec.name
        ));
    }
    if !(128..=10_240).contains(&spec.memory_mb) {
        return Err(format!(
            "Memory size {} MB is out of range: Lambda accepts 128 to 10240 MB.",
            spec.memory_mb
        ));
    }
    let t = spec.timeout.as_secs_f64();
    if !(0.001..=900.0).contains(&t) {
        return Err(format!(
            "Timeout {t} s is out of range: Lambda accepts 1 to 900 seconds."
        ));
    }
    let mut total = 0;
    for (key, value) in &spec.environment {
        if RESERVED_VARIABLES.contains(&key.as_str()) {
            return Err(format!(
                "The environment variable {key} is reserved: Lambda sets it itself. Choose another name."
            ));
        }
        let ok = key.len() >= 2
            && key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            return Err(format!(
                "The environment variable name '{key}' is not valid: start with a letter, then letters, digits or '_' (2 characters at least)."
            ));
        }
        total += key.len() + value.len();
    }
    if total > MAX_VARIABLES_BYTES {
        return Err(format!(
            "The environment variables take {total} bytes; Lambda allows 4 KB in all."
        ));
    }
    if spec.layers.len() > MAX_LAYERS {
        return Err(format!(
            "The function uses {} layers; Lambda allows at most {MAX_LAYERS}.",
            spec.layers.len()
        ));
    }
    if spec
        .handler
        .rsplit_once('.')
        .is_none_or(|(m, f)| m.is_empty() || f.is_empty())
    {
        return Err(format!(
            "The handler '{}' is not valid: write it as FILE.FUNCTION, for example index.handler.",
            spec.handler
        ));
    }
    Ok(())
}

/// Zips a folder: files and folders, symbolic links left out (Lambda would
/// reject them), paths relative to the folder.
pub fn zip_folder(dir: &Path) -> Result<Vec<u8>, String> {
    if !dir.is_dir() {
        return Err(format!(
            "The folder {} does not exist. Check the path.",
            dir.display()
        ));
    }
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        // The fastest level: packages are zipped at every deploy.
        .compression_level(Some(1))
        .large_file(false);
    let mut stack = vec![PathBuf::new()];
    let mut buf = Vec::new();
    while let Some(rel) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(dir.join(&rel))
            .map_err(|e| format!("cannot read {}: {e}", dir.join(&rel).display()))?
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries.into_iter().rev() {
            let kind = entry.file_type().map_err(|e| e.to_string())?;
            let child = rel.join(entry.file_name());
            let name = child.to_string_lossy().replace('\\', "/");
            if kind.is_dir() {
                writer
                    .add_directory(format!("{name}/"), options)
                    .map_err(|e| e.to_string())?;
                stack.push(child);
            } else if kind.is_file() {
                buf.clear();
                fs::File::open(entry.path())
                    .and_then(|mut f| f.read_to_end(&mut buf))
                    .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
                #[cfg(unix)]
                let options = {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = entry
                        .metadata()
                        .map(|m| m.permissions().mode())
                        .unwrap_or(0o644);
                    options.unix_permissions(mode & 0o777)
                };
                writer
                    .start_file(name, options)
                    .and_then(|()| writer.write_all(&buf).map_err(Into::into))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    let cursor = writer.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

/// The zip bytes of a code source.
pub fn read_source(source: &CodeSource) -> Result<Vec<u8>, String> {
    match source {
        CodeSource::Folder(dir) => zip_folder(dir),
        CodeSource::Zip(path) => {
            fs::read(path).map_err(|e| format!("cannot read the zip file {}: {e}", path.display()))
        }
    }
}

/// A safe relative path for an entry, or a message naming the entry.
fn entry_path(name: &str, what: &str) -> Result<PathBuf, String> {
    let reject = |why: &str| {
        Err(format!(
            "The {what} contains the entry '{name}', which {why}. Lambda extracts archives into a folder; remove that entry and zip the folder's contents again."
        ))
    };
    if name.contains('\0') {
        return reject("has a NUL character in its name");
    }
    if name.starts_with('/') || name.starts_with('\\') || name.get(1..2) == Some(":") {
        return reject("is an absolute path");
    }
    let path = PathBuf::from(name.replace('\\', "/"));
    let mut clean = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => clean.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                return reject("goes up with '..' and would land outside the folder")
            }
            Component::RootDir | Component::Prefix(_) => return reject("is an absolute path"),
        }
    }
    Ok(clean)
}

/// Checks every entry and the sizes; returns the unzipped size.
pub fn check_archive(bytes: &[u8], what: &str) -> Result<u64, String> {
    if bytes.len() as u64 > MAX_ZIPPED_BYTES {
        return Err(format!(
            "The {what} is {:.1} MB zipped; Lambda accepts at most 50 MB for a direct upload. Move dependencies to a layer or remove files you do not need.",
            bytes.len() as f64 / lambda_limits::MB as f64
        ));
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("The {what} is not a valid zip file ({e}). Zip it again."))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let file = archive
            .by_index(i)
            .map_err(|e| format!("The {what} has an unreadable entry ({e}). Zip it again."))?;
        let name = file
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| String::from_utf8_lossy(file.name_raw()).to_string());
        entry_path(&name, what)?;
        if file.is_symlink() {
            return Err(format!(
                "The {what} contains the entry '{name}', which is a symbolic link. Lambda packages must hold real files; replace the link with the file it points to."
            ));
        }
        total += file.size();
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(format!(
            "The {what} is {:.1} MB unzipped; Lambda allows 250 MB for a function and its layers together.",
            total as f64 / lambda_limits::MB as f64
        ));
    }
    Ok(total)
}

/// Extracts a checked archive into `dest`.
pub fn extract(bytes: &[u8], dest: &Path, what: &str) -> Result<(), String> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("The {what}: {e}"))?;
    fs::create_dir_all(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = file.name().map_err(|e| e.to_string())?.to_string();
        let rel = entry_path(&name, what)?;
        let target = dest.join(rel);
        if file.is_dir() {
            fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        let mut out = fs::File::create(&target)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        std::io::copy(&mut file, &mut out)
            .map_err(|e| format!("The {what}, entry '{name}': {e}"))?;
        #[cfg(unix)]
        if let Some(mode) = file.unix_mode() {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                fs::set_permissions(&target, fs::Permissions::from_mode((mode & 0o777) | 0o400));
        }
    }
    Ok(())
}

/// Names of the files in a zip (for checks such as "the package has no axios").
pub fn list_entries(zip_path: &Path) -> Result<Vec<String>, String> {
    let bytes =
        fs::read(zip_path).map_err(|e| format!("cannot read {}: {e}", zip_path.display()))?;
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(|e| e.to_string())?;
        names.push(file.name().map_err(|e| e.to_string())?.to_string());
    }
    Ok(names)
}

/// Checks that the handler's file is in the package: `index.handler` needs
/// `index.js`, `index.mjs` or `index.cjs` at the root.
pub fn check_handler(code_dir: &Path, handler: &str) -> Result<(), String> {
    let (module, export) = handler.rsplit_once('.').unwrap_or((handler, ""));
    let found = ["js", "mjs", "cjs"]
        .iter()
        .any(|ext| code_dir.join(format!("{module}.{ext}")).is_file());
    if found {
        Ok(())
    } else {
        Err(format!(
            "The handler is '{handler}', so Lambda looks for the file {module}.js (or {module}.mjs) at the top of the package and calls its export '{export}'. No such file is in the package. Check the file name, or that you zipped the folder's contents rather than the folder itself."
        ))
    }
}

/// A custom runtime needs an executable file named `bootstrap` at the package's top.
pub fn check_bootstrap(code_dir: &Path) -> Result<(), String> {
    let path = code_dir.join("bootstrap");
    if !path.is_file() {
        return Err("A custom runtime (provided.al2023) needs an executable file named bootstrap at the top of the package; none is there.".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0);
        if mode & 0o111 == 0 {
            return Err("The package's bootstrap file is not executable: run `chmod +x bootstrap` before zipping.".into());
        }
    }
    Ok(())
}

/// Checks, stores and extracts a function's package and layers.
/// `store` keeps the zips (persistent); `extract_to` receives the files.
pub fn deploy(spec: &FunctionSpec, store: &Path, extract_to: &Path) -> Result<Package, String> {
    validate_spec(spec)?;
    let code = read_source(&spec.code)?;
    let mut unzipped = check_archive(&code, "deployment package")?;
    let mut layers = Vec::new();
    for (i, layer) in spec.layers.iter().enumerate() {
        let bytes = read_source(layer)?;
        unzipped += check_archive(&bytes, &format!("layer {}", i + 1))?;
        layers.push(bytes);
    }
    if unzipped > MAX_UNZIPPED_BYTES {
        return Err(format!(
            "The function and its layers take {:.1} MB unzipped; Lambda allows 250 MB in all.",
            unzipped as f64 / lambda_limits::MB as f64
        ));
    }
    let _ = fs::remove_dir_all(extract_to);
    let code_dir = extract_to.join("code");
    extract(&code, &code_dir, "deployment package")?;
    match spec.runtime {
        Runtime::Nodejs => check_handler(&code_dir, &spec.handler)?,
        Runtime::Provided => check_bootstrap(&code_dir)?,
    }
    let mut layer_dirs = Vec::new();
    for (i, bytes) in layers.iter().enumerate() {
        let dir = extract_to.join(format!("layer-{}", i + 1));
        extract(bytes, &dir, &format!("layer {}", i + 1))?;
        layer_dirs.push(dir);
    }

    fs::create_dir_all(store).map_err(|e| format!("cannot create {}: {e}", store.display()))?;
    let code_zip = store.join("function.zip");
    fs::write(&code_zip, &code).map_err(|e| format!("cannot write {}: {e}", code_zip.display()))?;
    let mut layer_zips = Vec::new();
    for (i, bytes) in layers.iter().enumerate() {
        let path = store.join(format!("layer-{}.zip", i + 1));
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        layer_zips.push(path);
    }
    Ok(Package {
        code_zip,
        layer_zips,
        code_dir,
        layer_dirs,
        code_size: code.len() as u64,
        unzipped_size: unzipped,
    })
}
