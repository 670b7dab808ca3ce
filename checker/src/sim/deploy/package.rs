//! Deployment package limits (facts §4, §12; §13 row 28): 50 MB zipped for a
//! direct upload of a function or a layer, 250 MB unzipped for the function
//! and all its layers together, at most 5 layers, 10 GB for a container
//! image, and the account's code storage.

use super::config::{PackageType, MAX_LAYERS};
use super::error::{DeployError, Exception};

/// 50 MB: the largest .zip sent with the request itself (API, CLI, console).
pub const DIRECT_UPLOAD_LIMIT: u64 = lambda_limits::DIRECT_UPLOAD_BYTES;
/// 250 MB: the function's files and all its layers' files, unzipped. Lambda's
/// messages give it in bytes: 262,144,000.
pub const UNZIPPED_LIMIT: u64 = lambda_limits::UNZIPPED_BYTES;
/// 10 GB: a container image, uncompressed, with all its layers.
pub const IMAGE_LIMIT: u64 = lambda_limits::IMAGE_BYTES;
/// 300 GB of code per Region, not increasable (facts §4, "Code storage").
pub const CODE_STORAGE_LIMIT: u64 = lambda_limits::CODE_STORAGE_BYTES;

/// How the .zip reaches Lambda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Upload {
    /// In the request (`--zip-file fileb://...`): at most 50 MB.
    #[default]
    Direct,
    /// From an S3 object: only the unzipped limit applies.
    S3,
}

/// What is deployed: the function's own package and the layers it uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Package {
    /// The .zip, or for an image its compressed size (unused).
    pub zipped_bytes: u64,
    /// The files unzipped; for an image, its uncompressed size.
    pub unzipped_bytes: u64,
    pub upload: Upload,
    pub layers: Vec<LayerVersion>,
}

/// A published layer version the function references.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerVersion {
    pub arn: String,
    pub zipped_bytes: u64,
    pub unzipped_bytes: u64,
    /// How the layer's .zip was published.
    pub upload: Upload,
}

/// Lambda's size of a base64-encoded request body carrying `bytes`: the
/// figure its RequestEntityTooLargeException quotes (69,905,067 for 50 MB).
fn base64_request_limit(bytes: u64) -> u64 {
    (bytes * 4).div_ceil(3)
}

/// The first rule the package breaks, as Lambda would answer it.
pub fn validate_package(package: &Package, package_type: PackageType) -> Result<(), DeployError> {
    match package_problems(package, package_type).into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// Every rule the package breaks.
pub fn package_problems(package: &Package, package_type: PackageType) -> Vec<DeployError> {
    let mut problems = Vec::new();
    if package_type == PackageType::Image {
        if !package.layers.is_empty() {
            // Our wording; the rule is facts §12.
            problems.push(DeployError::new(
                Exception::InvalidParameterValue,
                "Layers are not supported for functions with package type Image.",
                "put what the layers hold into the container image instead",
            ));
        }
        if package.unzipped_bytes > IMAGE_LIMIT {
            // Our wording; the limit is facts §4.
            problems.push(DeployError::new(
                Exception::InvalidParameterValue,
                format!(
                    "The container image is {} bytes uncompressed; Lambda accepts at most {IMAGE_LIMIT} bytes (10 GB).",
                    package.unzipped_bytes
                ),
                "start from a smaller base image and leave build tools out of the final image (a multi-stage build)",
            ));
        }
        return problems;
    }
    if package.layers.len() > MAX_LAYERS {
        // Our wording: AWS's exact text for this limit was not verified.
        problems.push(DeployError::new(
            Exception::InvalidParameterValue,
            format!(
                "A function can reference at most {MAX_LAYERS} layers; this package uses {}.",
                package.layers.len()
            ),
            "a function uses at most 5 layers: merge some layers into one",
        ));
    }
    if package.upload == Upload::Direct && package.zipped_bytes > DIRECT_UPLOAD_LIMIT {
        problems.push(DeployError::new(
            Exception::RequestEntityTooLarge,
            format!(
                "Request must be smaller than {} bytes for the CreateFunction operation",
                base64_request_limit(DIRECT_UPLOAD_LIMIT)
            ),
            format!(
                "the .zip is {} bytes and a direct upload takes at most 50 MB ({DIRECT_UPLOAD_LIMIT} bytes): upload it to S3 and point Lambda at the object, or move dependencies into a layer",
                package.zipped_bytes
            ),
        ));
    }
    for layer in &package.layers {
        if layer.upload == Upload::Direct && layer.zipped_bytes > DIRECT_UPLOAD_LIMIT {
            problems.push(DeployError::new(
                Exception::RequestEntityTooLarge,
                format!(
                    "Request must be smaller than {} bytes for the PublishLayerVersion operation",
                    base64_request_limit(DIRECT_UPLOAD_LIMIT)
                ),
                format!(
                    "the layer {} is {} bytes zipped; a layer uploaded directly takes at most 50 MB: publish it from S3 or split it",
                    layer.arn, layer.zipped_bytes
                ),
            ));
        }
    }
    let layers: u64 = package.layers.iter().map(|l| l.unzipped_bytes).sum();
    let total = layers + package.unzipped_bytes;
    if layers > UNZIPPED_LIMIT {
        problems.push(DeployError::new(
            Exception::InvalidParameterValue,
            format!("Layers consume more than the available size of {UNZIPPED_LIMIT} bytes"),
            format!(
                "the layers alone unzip to {layers} bytes; the function and all its layers share 250 MB unzipped: drop what the function does not use"
            ),
        ));
    } else if package.layers.is_empty() && total > UNZIPPED_LIMIT {
        problems.push(DeployError::new(
            Exception::InvalidParameterValue,
            format!("Unzipped size must be smaller than {UNZIPPED_LIMIT} bytes"),
            format!(
                "the package unzips to {total} bytes and Lambda takes at most 250 MB unzipped: remove development dependencies and unused files, or use a container image (up to 10 GB)"
            ),
        ));
    } else if total > UNZIPPED_LIMIT {
        problems.push(DeployError::new(
            Exception::InvalidParameterValue,
            format!(
                "Function code combined with layers exceeds the maximum allowed size of {UNZIPPED_LIMIT} bytes. The actual size is {total} bytes."
            ),
            "layers count against the same 250 MB as the function's own files: a layer does not make room, it only shares files between functions",
        ));
    }
    problems
}

/// Whether `adding` more bytes of code fit in the account's code storage
/// (every version of every function and layer counts). The message is the
/// one commonly quoted from Lambda; not checked against AWS here.
pub fn validate_code_storage(used_bytes: u64, adding_bytes: u64) -> Result<(), DeployError> {
    if used_bytes.saturating_add(adding_bytes) <= CODE_STORAGE_LIMIT {
        return Ok(());
    }
    Err(DeployError::new(
        Exception::CodeStorageExceeded,
        "Code storage limit exceeded.",
        "old published versions and layer versions keep their code: delete the ones no alias or function uses (the 300 GB per Region cannot be raised)",
    ))
}
