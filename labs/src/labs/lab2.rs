//! Lab 2: add axios with npm and call the local quotes API from the handler.
//! Checks: axios is in the deployment package; the answer holds the quote
//! the API served during the call.

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::check::{invoke_json, restore_from_lockfile, show, size, Check, Checks, Failure};
use super::Context;
use crate::config::{CodeSource, FunctionSpec};
use crate::deploy::list_entries;
use crate::quotes;
use crate::Emulator;

pub const FUNCTION: &str = "random-quote";

/// True when `package.json` in `dir` lists `module` as a dependency.
pub fn declares(dir: &Path, module: &str) -> bool {
    fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .is_some_and(|v| v["dependencies"].get(module).is_some())
}

pub fn run(cx: &Context<'_>) -> Vec<Check> {
    let mut checks = Checks::new();
    let folder = cx.folder();
    let installed = folder.join("node_modules/axios/package.json").is_file();
    let result = if installed && declares(&folder, "axios") {
        Ok(String::new())
    } else {
        let (happened, try_this) = if cx.variant == super::Variant::Solution {
            (
                "the solution's node_modules/axios is missing".to_string(),
                restore_from_lockfile(&cx.show(&folder)),
            )
        } else if declares(&folder, "axios") && folder.join("package-lock.json").is_file() {
            // Installed once, then node_modules was left behind (git does
            // not keep it): restoring it is enough.
            (
                format!(
                    "package.json lists axios, but {} has no node_modules/axios (it is not kept in git)",
                    cx.show(&folder)
                ),
                restore_from_lockfile(&cx.show(&folder)),
            )
        } else {
            (
                format!(
                    "{} has no node_modules/axios yet, or package.json does not list axios",
                    cx.show(&folder)
                ),
                format!(
                    "in a terminal: cd {} && npm install axios",
                    cx.show(&folder)
                ),
            )
        };
        Err(Failure::new(
            happened,
            "axios installed with npm in the function's folder",
            try_this,
        ))
    };
    checks.push("axios is installed in the function's folder", result);

    let mut spec = FunctionSpec::new(FUNCTION, "index.handler", CodeSource::Folder(folder));
    spec.timeout = Duration::from_secs(5);
    cx.emu.clear_logs(FUNCTION);
    let package = match cx.emu.deploy(spec) {
        Ok(p) => p,
        Err(e) => {
            checks.push(
                format!("The folder deploys as the function {FUNCTION}"),
                Err(Failure::new(
                    e,
                    "the folder deploys",
                    "fix the problem named above, then run the lab again",
                )),
            );
            return checks.list;
        }
    };
    let has_axios = list_entries(&package.code_zip)
        .unwrap_or_default()
        .iter()
        .any(|e| e == "node_modules/axios/package.json");
    checks.push(
        "The deployment package contains node_modules/axios",
        if has_axios {
            Ok(format!("{} zipped", size(package.code_size)))
        } else {
            Err(Failure::new(
                format!(
                    "the package ({} zipped) has no node_modules/axios",
                    size(package.code_size)
                ),
                "axios inside the package, since the code requires it",
                "install axios in the function's folder with npm (see the first check)",
            ))
        },
    );
    checks.push(
        "The function answers with a quote from the quotes API",
        call_for_quote(cx.emu, FUNCTION),
    );
    checks.list
}

/// Invokes `function` and checks its answer is the quote the API just served.
pub fn call_for_quote(emu: &Emulator, function: &str) -> Result<String, Failure> {
    let before = emu.quotes_served().len();
    let (_, value) = invoke_json(emu, function, "{}")?;
    let served = emu.quotes_served();
    let new: Vec<_> = served[before..].to_vec();
    let all = quotes::all();
    let matching = all
        .iter()
        .find(|q| new.contains(&q.id) && value["quote"] == q.text && value["author"] == q.author);
    match matching {
        Some(q) => Ok(format!("quote {} by {}", q.id, q.author)),
        None if value["quote"] == "TODO" => Err(Failure::new(
            format!("the function answered {}", show(&value)),
            "{\"quote\": …, \"author\": …} with a quote fetched from the quotes API",
            "do TODO 1, 2 and 3 in index.js",
        )),
        None if new.is_empty() => Err(Failure::new(
            format!("the function answered {} without calling the quotes API", show(&value)),
            "a call to the quotes API (process.env.QUOTES_API_URL + '/quotes/random') during the invocation",
            "use axios.get(url) with the url built from QUOTES_API_URL, and await it",
        )),
        None => Err(Failure::new(
            format!("the function answered {}", show(&value)),
            "{\"quote\": data.text, \"author\": data.author}: the quote the API sent",
            "return data.text as quote and data.author as author (TODO 3)",
        )),
    }
}
