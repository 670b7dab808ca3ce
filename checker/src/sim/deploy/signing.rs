//! Code signing (facts §8; Lambda developer guide, "Using code signing to
//! verify code integrity with Lambda"). A code signing configuration lists
//! the signing profile versions allowed to sign a function's code and its
//! layers, and a policy for failed checks:
//!
//! - Integrity (the package changed after signing) always blocks the
//!   deployment, whatever the policy: `InvalidCodeSignatureException`.
//! - Expiry, mismatch (signed by a profile not in the list, or not signed at
//!   all) and revocation follow `UntrustedArtifactOnDeployment`: `Warn` (the
//!   default) deploys and counts a `SignatureValidationErrors` metric; `Enforce`
//!   blocks with `CodeVerificationFailedException`.
//!
//! Checks run at deployment only: code already deployed keeps running.
//! Container-image functions do not support code signing.

use std::fmt;

use super::config::PackageType;
use super::error::{DeployError, Exception};
use crate::sim::time::Micros;

/// An AWS Signer signing profile version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningProfile {
    pub name: String,
    /// The profile version, such as `a1b2c3d4e5`.
    pub version: String,
    pub region: String,
    pub account: String,
}

impl SigningProfile {
    /// `arn:aws:signer:REGION:ACCOUNT:/signing-profiles/NAME/VERSION`: what a
    /// code signing configuration lists as an allowed publisher.
    pub fn version_arn(&self) -> String {
        format!(
            "arn:aws:signer:{}:{}:/signing-profiles/{}/{}",
            self.region, self.account, self.name, self.version
        )
    }
}

/// What to do when expiry, mismatch or revocation checks fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UntrustedArtifactOnDeployment {
    /// Deploy anyway, with a warning and a `SignatureValidationErrors` metric.
    #[default]
    Warn,
    /// Refuse the deployment.
    Enforce,
}

/// A code signing configuration attached to a function.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeSigningConfig {
    /// Signing profile version ARNs (1 to 20).
    pub allowed_publishers: Vec<String>,
    pub policy: UntrustedArtifactOnDeployment,
}

/// The signature that came with a .zip (function code or layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The signing profile version ARN that signed it.
    pub profile_version_arn: String,
    /// Virtual time of signing.
    pub signed_at: Micros,
    /// Virtual time after which the signature is expired.
    pub expires_at: Micros,
    /// The signature (or its profile) was revoked in AWS Signer.
    pub revoked: bool,
    /// The package's hash still matches the signed hash.
    pub integrity_ok: bool,
}

/// A package to verify: the function's code or one of its layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// `function code`, or the layer version ARN.
    pub name: String,
    pub signature: Option<Signature>,
}

/// A failed check that the policy decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureProblem {
    Unsigned {
        artifact: String,
    },
    Mismatch {
        artifact: String,
        profile: String,
    },
    Expired {
        artifact: String,
        expired_at: Micros,
    },
    Revoked {
        artifact: String,
    },
}

impl fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureProblem::Unsigned { artifact } => write!(f, "{artifact} is not signed"),
            SignatureProblem::Mismatch { artifact, profile } => write!(
                f,
                "{artifact} is signed by {profile}, which the code signing configuration does not allow"
            ),
            SignatureProblem::Expired { artifact, .. } => {
                write!(f, "the signature of {artifact} has expired")
            }
            SignatureProblem::Revoked { artifact } => {
                write!(f, "the signature of {artifact} has been revoked")
            }
        }
    }
}

/// A deployment that passed (possibly with warnings under `Warn`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verification {
    pub warnings: Vec<SignatureProblem>,
    /// What the deployment adds to the `SignatureValidationErrors` metric:
    /// one per artifact that failed a check (our reading; AWS documents the
    /// metric, not its unit of counting).
    pub signature_validation_errors: u32,
}

/// Checks a deployment's signatures at virtual time `now`. `None` for the
/// configuration means the function has no code signing: anything deploys.
pub fn verify_signatures(
    config: Option<&CodeSigningConfig>,
    package_type: PackageType,
    artifacts: &[Artifact],
    now: Micros,
) -> Result<Verification, DeployError> {
    let Some(config) = config else {
        return Ok(Verification::default());
    };
    if package_type == PackageType::Image {
        // Our wording; the rule and the exception name are facts §8.
        return Err(DeployError::new(
            Exception::InvalidParameterValue,
            "Code signing is not supported for functions with package type Image.",
            "code signing verifies .zip packages and layers; for container images, sign and verify the image in your registry instead",
        ));
    }
    if let Some(broken) = artifacts
        .iter()
        .find(|a| a.signature.as_ref().is_some_and(|s| !s.integrity_ok))
    {
        return Err(DeployError::new(
            Exception::InvalidCodeSignature,
            format!(
                "The code signature of {} failed the integrity check. Lambda blocks the deployment even when the code signing policy is Warn.",
                broken.name
            ),
            "the package changed after it was signed (a file was added or rebuilt): sign the exact .zip you deploy, then deploy it unchanged",
        ));
    }
    let mut verification = Verification::default();
    for artifact in artifacts {
        let before = verification.warnings.len();
        match &artifact.signature {
            None => verification.warnings.push(SignatureProblem::Unsigned {
                artifact: artifact.name.clone(),
            }),
            Some(s) => {
                if now >= s.expires_at {
                    verification.warnings.push(SignatureProblem::Expired {
                        artifact: artifact.name.clone(),
                        expired_at: s.expires_at,
                    });
                }
                if !config.allowed_publishers.contains(&s.profile_version_arn) {
                    verification.warnings.push(SignatureProblem::Mismatch {
                        artifact: artifact.name.clone(),
                        profile: s.profile_version_arn.clone(),
                    });
                }
                if s.revoked {
                    verification.warnings.push(SignatureProblem::Revoked {
                        artifact: artifact.name.clone(),
                    });
                }
            }
        }
        if verification.warnings.len() > before {
            verification.signature_validation_errors += 1;
        }
    }
    if config.policy == UntrustedArtifactOnDeployment::Enforce && !verification.warnings.is_empty()
    {
        let problems: Vec<String> = verification
            .warnings
            .iter()
            .map(|p| p.to_string())
            .collect();
        // Our wording, after the API reference's description of the exception.
        return Err(DeployError::new(
            Exception::CodeVerificationFailed,
            format!(
                "The code signature failed one or more validation checks and the code signing policy is Enforce: {}.",
                problems.join("; ")
            ),
            "sign the code and every layer with a signing profile the configuration allows, with a signature that has not expired or been revoked; under Warn the same deployment would go through with a warning",
        ));
    }
    Ok(verification)
}

/// Checks a code signing configuration itself: 1 to 20 allowed publishers.
pub fn validate_code_signing_config(config: &CodeSigningConfig) -> Result<(), DeployError> {
    let count = config.allowed_publishers.len();
    if (1..=20).contains(&count) {
        return Ok(());
    }
    let rule = if count == 0 {
        "Member must have length greater than or equal to 1"
    } else {
        "Member must have length less than or equal to 20"
    };
    Err(DeployError::new(
        Exception::Validation,
        super::error::constraint(None, "allowedPublishers.signingProfileVersionArns", rule),
        "list between 1 and 20 signing profile version ARNs",
    ))
}
