//! Deployment packages and layers: limits and unsafe archives are refused
//! with messages that name the problem; layers are found through NODE_PATH.

use crate::support;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use labs::{CodeSource, FunctionSpec, InvokeRequest};
use zip::write::SimpleFileOptions;

/// Writes a zip with the given (name, content) entries.
fn make_zip(path: &Path, entries: &[(&str, &str)]) {
    let mut w = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, content) in entries {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap();
}

fn zip_spec(name: &str, zip: PathBuf) -> FunctionSpec {
    FunctionSpec::new(name, "index.handler", CodeSource::Zip(zip))
}

const HANDLER: &str = "exports.handler = async () => 'ok';";

#[test]
fn archives_escaping_their_folder_are_rejected_naming_the_entry() {
    let emu = support::emulator("escape");
    let dir = support::scratch_dir("zips");
    let cases = [
        ("../evil.js", "goes up with '..'"),
        ("lib/../../evil.js", "goes up with '..'"),
        ("/etc/evil.js", "is an absolute path"),
    ];
    for (entry, why) in cases {
        let zip = dir.join("bad.zip");
        make_zip(&zip, &[("index.js", HANDLER), (entry, "x")]);
        let err = emu.deploy(zip_spec("bad", zip)).unwrap_err();
        assert!(
            err.contains(&format!("'{entry}'")) && err.contains(why),
            "{err}"
        );
    }
    // A symbolic link entry.
    let zip = dir.join("link.zip");
    let mut w = zip::ZipWriter::new(fs::File::create(&zip).unwrap());
    w.start_file("index.js", SimpleFileOptions::default())
        .unwrap();
    w.write_all(HANDLER.as_bytes()).unwrap();
    w.add_symlink("secrets", "/etc/passwd", SimpleFileOptions::default())
        .unwrap();
    w.finish().unwrap();
    let err = emu.deploy(zip_spec("bad", zip)).unwrap_err();
    assert!(
        err.contains("'secrets'") && err.contains("symbolic link"),
        "{err}"
    );
    // Nothing was written outside (or inside) the folders the emulator uses.
    for root in [&emu.config().state_dir, &dir] {
        let written: Vec<String> = labs::labs::walk(root)
            .into_iter()
            .filter(|p| p.ends_with("evil.js"))
            .collect();
        assert!(written.is_empty(), "{}: {written:?}", root.display());
    }
}

#[test]
fn bad_packages_and_settings_get_clear_messages() {
    let emu = support::emulator("badpkg");
    let dir = support::scratch_dir("pkgs");

    let zip = dir.join("nohandler.zip");
    make_zip(&zip, &[("main.js", HANDLER)]);
    let err = emu.deploy(zip_spec("f", zip)).unwrap_err();
    assert!(
        err.contains("index.js") && err.contains("index.handler"),
        "{err}"
    );

    let notzip = dir.join("notzip.zip");
    fs::write(&notzip, "hello").unwrap();
    let err = emu.deploy(zip_spec("f", notzip)).unwrap_err();
    assert!(err.contains("not a valid zip"), "{err}");

    let missing = dir.join("missing-folder");
    let err = emu
        .deploy(FunctionSpec::new(
            "f",
            "index.handler",
            CodeSource::Folder(missing),
        ))
        .unwrap_err();
    assert!(err.contains("does not exist"), "{err}");

    let good = support::function_dir("good", HANDLER);
    let mut spec = FunctionSpec::new("f", "index.handler", CodeSource::Folder(good.clone()));
    spec.environment
        .insert("AWS_REGION".into(), "eu-west-1".into());
    assert!(emu
        .deploy(spec)
        .unwrap_err()
        .contains("AWS_REGION is reserved"));

    let mut spec = FunctionSpec::new("f", "index.handler", CodeSource::Folder(good.clone()));
    spec.layers = vec![CodeSource::Folder(good.clone()); 6];
    assert!(emu.deploy(spec).unwrap_err().contains("at most 5"));

    let mut spec = FunctionSpec::new("f", "index.handler", CodeSource::Folder(good.clone()));
    spec.memory_mb = 64;
    assert!(emu.deploy(spec).unwrap_err().contains("128 to 10240"));

    let spec = FunctionSpec::new("bad name!", "index.handler", CodeSource::Folder(good));
    assert!(emu.deploy(spec).unwrap_err().contains("not valid"));
}

#[test]
fn size_limits_are_enforced() {
    let emu = support::emulator("limits");
    let dir = support::scratch_dir("big");
    // Over 50 MB zipped is refused before it is even opened.
    let zip = dir.join("big.zip");
    fs::write(&zip, vec![0u8; 51 * 1024 * 1024]).unwrap();
    let err = emu.deploy(zip_spec("big", zip)).unwrap_err();
    assert!(err.contains("at most 50 MB"), "{err}");

    // 260 entries of 1 MB of zeros: tiny zipped, over 250 MB unzipped. The
    // compressed entry is copied raw, so the test does not deflate 260 MB.
    let one = dir.join("one.zip");
    let mut w = zip::ZipWriter::new(fs::File::create(&one).unwrap());
    w.start_file("zeros.bin", SimpleFileOptions::default())
        .unwrap();
    w.write_all(&vec![0u8; 1024 * 1024]).unwrap();
    w.finish().unwrap();
    let mut source = zip::ZipArchive::new(fs::File::open(&one).unwrap()).unwrap();
    let zip = dir.join("bomb.zip");
    let mut w = zip::ZipWriter::new(fs::File::create(&zip).unwrap());
    w.start_file("index.js", SimpleFileOptions::default())
        .unwrap();
    w.write_all(HANDLER.as_bytes()).unwrap();
    for i in 0..260 {
        let entry = source.by_index(0).unwrap();
        w.raw_copy_file_rename(entry, format!("zeros-{i}.bin"))
            .unwrap();
    }
    w.finish().unwrap();
    let err = emu.deploy(zip_spec("bomb", zip)).unwrap_err();
    assert!(err.contains("250 MB"), "{err}");
}

#[test]
fn layers_are_found_through_node_path_and_the_package_is_kept() {
    let emu = support::emulator("layers");
    let layer = support::scratch_dir("layer");
    let module = layer.join("nodejs/node_modules/greeter");
    fs::create_dir_all(&module).unwrap();
    fs::write(
        module.join("index.js"),
        "exports.greet = (n) => `hello ${n} from a layer`;",
    )
    .unwrap();
    let versioned = layer.join("nodejs/node20/node_modules/versioned");
    fs::create_dir_all(&versioned).unwrap();
    fs::write(
        versioned.join("index.js"),
        "module.exports = 'node20 folder';",
    )
    .unwrap();
    let code = support::function_dir(
        "uses-layer",
        r#"const { greet } = require("greeter");
           exports.handler = async () => ({ text: greet("Ada"), versioned: require("versioned"),
             from: require.resolve("greeter"), opt: process.env.NODE_PATH.split(":")[1] });"#,
    );
    let mut spec = FunctionSpec::new("uses-layer", "index.handler", CodeSource::Folder(code));
    spec.layers.push(CodeSource::Folder(layer));
    let package = emu.deploy(spec).unwrap();
    assert!(labs::list_entries(&package.code_zip)
        .unwrap()
        .iter()
        .all(|e| !e.contains("greeter")));
    assert!(labs::list_entries(&package.layer_zips[0])
        .unwrap()
        .contains(&"nodejs/node_modules/greeter/index.js".to_string()));
    let r = emu.invoke(InvokeRequest::new("uses-layer", "{}")).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&r.payload).unwrap();
    assert_eq!(b["text"], "hello Ada from a layer", "{b}");
    assert_eq!(b["versioned"], "node20 folder");
    let opt = b["opt"]
        .as_str()
        .unwrap()
        .trim_end_matches("/nodejs/node_modules");
    assert!(b["from"].as_str().unwrap().starts_with(opt), "{b}");
}

#[test]
fn the_environment_holds_nothing_from_the_host() {
    std::env::set_var("HOST_SECRET_FOR_TEST", "leak");
    let emu = support::emulator("envclear");
    let mut spec = FunctionSpec::new(
        "env",
        "index.handler",
        CodeSource::Folder(support::function_dir(
            "env",
            "exports.handler = async () => process.env;",
        )),
    );
    spec.environment
        .insert("STAGE".into(), "development".into());
    emu.deploy(spec).unwrap();
    let r = emu.invoke(InvokeRequest::new("env", "{}")).unwrap();
    let env: serde_json::Value = serde_json::from_slice(&r.payload).unwrap();
    assert_eq!(env["STAGE"], "development");
    assert!(env.get("HOST_SECRET_FOR_TEST").is_none());
    assert!(env.get("HOME").is_none());
    assert_eq!(env["AWS_ACCESS_KEY_ID"], "ASIAEMULATOREXAMPLE0");
    for name in [
        "_HANDLER",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
        "TZ",
        "LANG",
        "PATH",
        "LD_LIBRARY_PATH",
        "NODE_PATH",
        "AWS_ENDPOINT_URL_LAMBDA",
        "QUOTES_API_URL",
        "_X_AMZN_TRACE_ID",
    ] {
        assert!(env.get(name).is_some(), "{name} is missing");
    }
    assert_eq!(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/env");
    let stream = env["AWS_LAMBDA_LOG_STREAM_NAME"].as_str().unwrap();
    assert!(
        stream.len() == "2026/01/01/[$LATEST]".len() + 32 && stream.contains("/[$LATEST]"),
        "{stream}"
    );
    assert_eq!(env["TZ"], ":UTC");
}
