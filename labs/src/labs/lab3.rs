//! Lab 3: move axios into a layer (`layer/nodejs/node_modules/axios`).
//! Checks: the function's package has no axios and is much smaller, the
//! layer holds it, the function still works, and axios resolves from the
//! layer's folder through NODE_PATH.

use std::fs;
use std::time::Duration;

use super::check::{invoke_json, restore_from_lockfile, show, size, Check, Checks, Failure};
use super::lab2::{call_for_quote, declares, FUNCTION};
use super::Context;
use crate::config::{CodeSource, FunctionSpec};
use crate::deploy::list_entries;

/// A probe deployed with the same layer, to see where `require('axios')` resolves.
/// Deployed by the check itself, not by the learner.
pub const PROBE: &str = "axios-layer-probe";
const PROBE_JS: &str = "exports.handler = async () => ({ resolved: require.resolve('axios'), nodePath: process.env.NODE_PATH });\n";

pub fn run(cx: &Context<'_>) -> Vec<Check> {
    let mut checks = Checks::new();
    let function_dir = cx.folder().join("function");
    let layer_dir = cx.folder().join("layer");
    let layer_modules = layer_dir.join("nodejs");
    let solution = cx.variant == super::Variant::Solution;

    let in_layer = layer_modules
        .join("node_modules/axios/package.json")
        .is_file();
    checks.push(
        "The layer holds axios in nodejs/node_modules/axios",
        if in_layer {
            Ok(String::new())
        } else {
            Err(Failure::new(
                format!("{} has no node_modules/axios yet", cx.show(&layer_modules)),
                "axios in layer/nodejs/node_modules/axios: Lambda adds /opt/nodejs/node_modules to NODE_PATH",
                // A lockfile without node_modules: installed once, then not
                // kept in git; restoring it is enough.
                if solution || layer_modules.join("package-lock.json").is_file() {
                    restore_from_lockfile(&cx.show(&layer_modules))
                } else {
                    format!("in a terminal: cd {} && npm install axios", cx.show(&layer_modules))
                },
            ))
        },
    );

    let still_there =
        function_dir.join("node_modules/axios").exists() || declares(&function_dir, "axios");
    checks.push(
        "The function's folder no longer has axios",
        if still_there {
            Err(Failure::new(
                format!("{} still lists or holds axios", cx.show(&function_dir)),
                "no axios in the function's package.json nor in its node_modules",
                format!(
                    "in a terminal: cd {} && npm uninstall axios",
                    cx.show(&function_dir)
                ),
            ))
        } else {
            Ok(String::new())
        },
    );

    let mut spec = FunctionSpec::new(FUNCTION, "index.handler", CodeSource::Folder(function_dir));
    spec.timeout = Duration::from_secs(5);
    spec.layers.push(CodeSource::Folder(layer_dir.clone()));
    cx.emu.clear_logs(FUNCTION);
    let package = match cx.emu.deploy(spec) {
        Ok(p) => p,
        Err(e) => {
            checks.push(
                format!("The function deploys with its layer as {FUNCTION}"),
                Err(Failure::new(
                    e,
                    "the function and its layer deploy",
                    "fix the problem named above",
                )),
            );
            return checks.list;
        }
    };
    let code_entries = list_entries(&package.code_zip).unwrap_or_default();
    let layer_size = package
        .layer_zips
        .first()
        .and_then(|z| fs::metadata(z).ok())
        .map(|m| m.len())
        .unwrap_or(0);
    let axios_in_code = code_entries
        .iter()
        .any(|e| e.contains("node_modules/axios/"));
    let result = if axios_in_code {
        Err(Failure::new(
            "the function's zip still contains node_modules/axios",
            "a function zip without axios",
            "remove the function's node_modules folder (npm uninstall axios in the function folder)",
        ))
    } else if !in_layer {
        Err(Failure::new(
            "not compared yet: the layer does not hold axios",
            "a function zip much smaller than the layer, which holds the dependency",
            "do the first check's step, then run the lab again",
        ))
    } else if package.code_size * 5 > layer_size {
        Err(Failure::new(
            format!(
                "the function's zip is {} and the layer's {}",
                size(package.code_size),
                size(layer_size)
            ),
            "a function zip much smaller than the layer, which holds the dependency",
            "keep only your code in the function folder; dependencies go into the layer",
        ))
    } else {
        Ok(format!(
            "function {} zipped, layer {}",
            size(package.code_size),
            size(layer_size)
        ))
    };
    checks.push(
        "The function's zip has no axios and is much smaller",
        result,
    );
    checks.push(
        "The function still answers with a quote from the API",
        call_for_quote(cx.emu, FUNCTION),
    );

    // Where does require('axios') resolve inside an environment with this layer?
    let probe_dir = cx.emu.config().state_dir.join("probes").join(PROBE);
    let probe = fs::create_dir_all(&probe_dir)
        .and_then(|()| fs::write(probe_dir.join("index.js"), PROBE_JS))
        .map_err(|e| e.to_string())
        .and_then(|()| {
            let mut spec = FunctionSpec::new(PROBE, "index.handler", CodeSource::Folder(probe_dir));
            spec.layers.push(CodeSource::Folder(layer_dir));
            cx.emu.deploy(spec).map(|_| ())
        });
    let result = match probe {
        Err(e) => Err(Failure::new(e, "a probe function deploys with the layer", "run the lab again")),
        Ok(()) => invoke_json(cx.emu, PROBE, "{}").and_then(|(_, v)| {
            let resolved = v["resolved"].as_str().unwrap_or("");
            let opt_entry = v["nodePath"]
                .as_str()
                .unwrap_or("")
                .split(':')
                .find(|p| p.ends_with("/opt/nodejs/node_modules"))
                .unwrap_or("")
                .to_string();
            if !opt_entry.is_empty() && resolved.starts_with(&opt_entry) {
                Ok("require('axios') resolves in <opt>/nodejs/node_modules".into())
            } else {
                Err(Failure::new(
                    format!("require('axios') resolved to {}", show(&v["resolved"])),
                    "a path inside the layer's folder (/opt/nodejs/node_modules on Lambda), found through NODE_PATH",
                    "put axios in layer/nodejs/node_modules (npm install axios inside layer/nodejs)",
                ))
            }
        }),
    };
    checks.push("axios is found in the layer through NODE_PATH", result);
    checks.list
}
