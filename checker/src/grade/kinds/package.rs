//! Package: the learner lays out a deployment package and its layers, path by
//! path, from the project's inventory. Each path must land where the runtime
//! looks for it (`/opt/nodejs/node_modules` for a Node.js layer), the code
//! must stay in the function's own package, development tools stay out, and
//! the sizes must fit Lambda's limits (checked by `sim::deploy`).

use super::super::answers::{Doc, Node};
use super::super::catalogue::{Exercise, Item, PackageTask};
use super::super::{Problem, Verdict};
use super::did_you_mean;
use crate::scenario::units;
use crate::sim::deploy::{package::package_problems, LayerVersion, Package, PackageType, Upload};

pub fn grade(exercise: &Exercise, docs: &[Doc]) -> Verdict {
    let (Some(task), Some(doc)) = (&exercise.manifest.package, docs.first()) else {
        return Verdict::Fail(vec![Problem::new(
            "this exercise has no package task (a bug of the course)",
        )]);
    };
    let problems = check(task, doc);
    if problems.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(problems)
    }
}

/// Where an item is shipped, and the node that says so.
struct Placed<'d> {
    item: &'d Item,
    /// `None` for the function's own package, else the layer's index.
    layer: Option<usize>,
    node: &'d Node,
}

fn size(text: &str) -> u64 {
    units::size(text).unwrap_or(0)
}

/// Bytes in Lambda's megabytes (binary, like the sizes scenarios write).
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / lambda_limits::MB as f64)
}

/// The Node.js major version of a runtime (`nodejs22.x` → `22`).
fn node_major(runtime: &str) -> &str {
    runtime.trim_start_matches("nodejs").trim_end_matches(".x")
}

fn check(task: &PackageTask, doc: &Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    let function = doc.root.get("function");
    let layers: Vec<&Node> = doc
        .root
        .get("layer")
        .map(|l| l.items().iter().collect())
        .unwrap_or_default();
    let Some(function) = function.filter(|f| f.is_table()) else {
        return vec![Problem::new("the layout has no `[function]` table")
            .at(doc.place_top())
            .help("write `[function]` and, under it, `files = [\"index.js\", ...]`")];
    };
    let project: Vec<&str> = task.items.iter().map(|i| i.path.as_str()).collect();
    let version = node_major(&task.runtime);
    let layer_prefixes = [
        "nodejs/node_modules/".to_string(),
        format!("nodejs/node{version}/node_modules/"),
    ];
    let mut placed: Vec<Placed> = Vec::new();
    // The function's own package: paths as they are in the project.
    for node in files(doc, function, "[function]", &mut problems) {
        let path = node.as_str().unwrap_or("").trim_end_matches('/');
        match task.items.iter().find(|i| i.path == path) {
            Some(item) => placed.push(Placed {
                item,
                layer: None,
                node,
            }),
            None => problems.push(unknown(doc, node, path, &project)),
        }
    }
    // Each layer: paths as they are inside the layer's .zip, under /opt.
    for (index, layer) in layers.iter().enumerate() {
        let name = layer.get("name").and_then(Node::as_str).unwrap_or("");
        if name.is_empty() {
            problems.push(
                Problem::new(format!("layer {} has no name", index + 1))
                    .at(doc.place(&(layer.span.start..layer.span.start + 1)))
                    .help("give it one: `name = \"pdf-libs\"`"),
            );
        }
        for node in files(doc, layer, &format!("layer {}", index + 1), &mut problems) {
            let path = node.as_str().unwrap_or("").trim_end_matches('/');
            let project_path = layer_prefixes
                .iter()
                .find_map(|p| path.strip_prefix(p.as_str()))
                .map(|module| format!("node_modules/{module}"));
            match project_path {
                Some(p) => match task.items.iter().find(|i| i.path == p) {
                    Some(item) => placed.push(Placed {
                        item,
                        layer: Some(index),
                        node,
                    }),
                    None => problems.push(unknown(doc, node, path, &project)),
                },
                None => problems.push(outside_node_path(doc, node, path, task, version)),
            }
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    // Code belongs in the function's package; each item ships once.
    for p in &placed {
        let is_code = !p.item.path.starts_with("node_modules/");
        if is_code && p.layer.is_some() {
            problems.push(
                Problem::new(format!("{} is the function's own code, not a library", p.item.path))
                    .at(doc.place_node(p.node))
                    .evidence("layers are unpacked into /opt; the handler (index.handler) is looked up in the function's own package, /var/task")
                    .help("keep your code in `[function]` and put only libraries in layers"),
            );
        }
    }
    for (i, p) in placed.iter().enumerate() {
        if let Some(first) = placed[..i].iter().find(|q| q.item.path == p.item.path) {
            let line = doc.place_node(first.node).line;
            problems.push(
                Problem::new(format!("{} is shipped twice", p.item.path))
                    .at(doc.place_node(p.node))
                    .evidence(format!(
                        "it is already listed on line {line}: both copies count against the 250 MB, and Node.js loads only one of them"
                    ))
                    .help("keep one of the two"),
            );
        }
    }
    for item in &task.items {
        let shipped = placed.iter().find(|p| p.item.path == item.path);
        match (item.needed, shipped) {
            (true, None) => {
                let module = item.path.trim_start_matches("node_modules/");
                let error = if item.path.starts_with("node_modules/") {
                    format!("Runtime.ImportModuleError: Error: Cannot find module '{module}'")
                } else {
                    "Runtime.ImportModuleError: Error: Cannot find module 'index'".to_string()
                };
                problems.push(
                    Problem::new(format!("{} is missing: the function needs it", item.path))
                        .at(doc.place_node(function))
                        .evidence(format!("every invocation would fail with {error}"))
                        .help("add it to the function's files or to a layer"),
                );
            }
            (false, Some(p)) => problems.push(
                Problem::new(format!(
                    "{} is a development tool: the function never loads it",
                    item.path
                ))
                .at(doc.place_node(p.node))
                .evidence(format!(
                    "it adds {} unzipped to every deployment and every cold start's download",
                    megabytes(size(&item.unzipped))
                ))
                .help("leave it out: tests and builds run on your machine or in CI, not in Lambda"),
            ),
            _ => {}
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    // Sizes, as Lambda checks them.
    let sum = |layer: Option<usize>, zipped: bool| -> u64 {
        placed
            .iter()
            .filter(|p| p.layer == layer)
            .map(|p| {
                size(if zipped {
                    &p.item.zipped
                } else {
                    &p.item.unzipped
                })
            })
            .sum()
    };
    let package = Package {
        zipped_bytes: sum(None, true),
        unzipped_bytes: sum(None, false),
        upload: Upload::Direct,
        layers: layers
            .iter()
            .enumerate()
            .map(|(i, layer)| LayerVersion {
                arn: format!(
                    "arn:aws:lambda:us-east-1:123456789012:layer:{}:1",
                    layer.get("name").and_then(Node::as_str).unwrap_or("layer")
                ),
                zipped_bytes: sum(Some(i), true),
                unzipped_bytes: sum(Some(i), false),
                upload: Upload::Direct,
            })
            .collect(),
    };
    for e in package_problems(&package, PackageType::Zip) {
        let place = if e.message().contains("PublishLayerVersion") {
            layers
                .iter()
                .find(|l| {
                    let name = l.get("name").and_then(Node::as_str).unwrap_or("");
                    e.help().contains(&format!("layer:{name}:"))
                })
                .map_or_else(
                    || doc.place_top(),
                    |l| doc.place(&(l.span.start..l.span.start + 1)),
                )
        } else {
            doc.place_node(function)
        };
        problems.push(
            Problem::new(format!("{}: {}", e.exception(), e.message()))
                .at(place)
                .help(e.help().to_string()),
        );
    }
    let limit = size(&task.function_zip_under);
    if package.zipped_bytes > limit {
        problems.push(
            Problem::new(format!(
                "the function's own ZIP is {} zipped; the team wants it under {}",
                megabytes(package.zipped_bytes),
                task.function_zip_under
            ))
            .at(doc.place_node(function))
            .evidence("a small function package deploys in seconds and can still be read in the console's code editor")
            .help("move the libraries into layers; keep only your own code in the function"),
        );
    }
    problems
}

/// The `files` list of the function or of a layer.
fn files<'d>(
    doc: &'d Doc,
    table: &'d Node,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Vec<&'d Node> {
    match table.get("files") {
        Some(list) => {
            let mut out = Vec::new();
            for item in list.items() {
                if item.as_str().is_some() {
                    out.push(item);
                } else {
                    problems.push(
                        Problem::new(format!(
                            "the files of {what} must be paths in double quotes"
                        ))
                        .at(doc.place_node(item)),
                    );
                }
            }
            if list.as_str().is_some() {
                problems.push(
                    Problem::new(format!("`files` of {what} must be a list"))
                        .at(doc.place_node(list))
                        .help("write `files = [\"index.js\"]`, with brackets"),
                );
            }
            out
        }
        None => {
            problems.push(
                Problem::new(format!("{what} has no `files`"))
                    .at(doc.place(&(table.span.start..table.span.start + 1)))
                    .help("write `files = [ ... ]`: the paths it ships"),
            );
            Vec::new()
        }
    }
}

fn unknown(doc: &Doc, node: &Node, path: &str, project: &[&str]) -> Problem {
    let mut p = Problem::new(format!("`{path}` is not a file or folder of the project"))
        .at(doc.place_node(node));
    let bare = match path.rsplit_once("node_modules/") {
        Some((_, module)) => format!("node_modules/{module}"),
        None => path.to_string(),
    };
    p.help = Some(match did_you_mean(&bare, project.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the project has {}", project.join(", ")),
    });
    p
}

fn outside_node_path(
    doc: &Doc,
    node: &Node,
    path: &str,
    task: &PackageTask,
    version: &str,
) -> Problem {
    let module = path.rsplit("node_modules/").next().unwrap_or(path);
    let is_module = task
        .items
        .iter()
        .any(|i| i.path == format!("node_modules/{module}"));
    let mut p = Problem::new(format!(
        "in a layer, `{path}` lands in /opt/{path}, where Node.js does not look"
    ))
    .at(doc.place_node(node))
    .evidence(format!(
        "the {} runtime searches /opt/nodejs/node_modules and /opt/nodejs/node{version}/node_modules (NODE_PATH)",
        task.runtime
    ));
    if is_module {
        p = p
            .evidence(format!("require('{module}') would fail: Runtime.ImportModuleError: Error: Cannot find module '{module}'"))
            .help(format!("write it as `nodejs/node_modules/{module}`"));
    } else {
        p = p.help(
            "a layer holds libraries under nodejs/node_modules/; your own code stays in [function]",
        );
    }
    p
}
