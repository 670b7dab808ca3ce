//! A function's deployment as a scenario describes it (environment
//! variables, package and layer sizes, code signing), checked by
//! `sim::deploy` with Lambda's own exception names and messages.

use super::build::Builder;
use super::error::ScenarioError;
use super::raw::{self, S};
use super::units;
use crate::sim::deploy::{
    env_vars, package, verify_signatures, Artifact, CodeSigningConfig, DeployError, PackageType,
    Signature, UntrustedArtifactOnDeployment,
};
use crate::sim::time::HOUR;
use crate::sim::Function;

type Result<T> = std::result::Result<T, ScenarioError>;

/// The profile a scenario's code is signed with, when it is trusted.
const TRUSTED_PROFILE: &str =
    "arn:aws:signer:us-east-1:123456789012:/signing-profiles/team/a1b2c3d4e5";
const OTHER_PROFILE: &str =
    "arn:aws:signer:us-east-1:210987654321:/signing-profiles/stranger/z9y8x7w6v5";

impl Builder<'_> {
    fn deploy_error(&self, span: std::ops::Range<usize>, error: &DeployError) -> ScenarioError {
        ScenarioError::at(
            self.source,
            span,
            format!("{}: {}", error.exception(), error.message()),
            Some(error.help().to_string()),
        )
    }

    /// Checks the deployment and records what Lambda would warn about.
    pub(super) fn deployment(&self, raw: &raw::Function, f: &mut Function) -> Result<()> {
        if let Some(env) = &raw.environment {
            let variables: Vec<(String, String)> = env
                .get_ref()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if let Some(problem) = env_vars::problems(&variables).first() {
                return Err(self.deploy_error(env.span(), problem));
            }
        }
        let size = |value: &S<String>| {
            units::size(value.get_ref())
                .map_err(|help| self.error_at(value.span(), "not a size", &help))
        };
        let mut layers = Vec::new();
        for layer in &raw.layers {
            let l = layer.get_ref();
            let zipped = size(&l.size)?;
            let unzipped = match &l.unzipped_size {
                Some(u) => size(u)?,
                None => zipped * 3,
            };
            layers.push(package::LayerVersion {
                arn: format!(
                    "arn:aws:lambda:us-east-1:123456789012:layer:{}:1",
                    l.name.get_ref()
                ),
                zipped_bytes: zipped,
                unzipped_bytes: unzipped,
                upload: package::Upload::Direct,
            });
        }
        let unzipped = match &raw.unzipped_size {
            Some(u) => size(u)?,
            None => f.package_bytes * 3,
        };
        let deployed = package::Package {
            zipped_bytes: f.package_bytes,
            unzipped_bytes: unzipped,
            upload: package::Upload::Direct,
            layers,
        };
        if let Err(problem) = package::validate_package(&deployed, PackageType::Zip) {
            let span = raw
                .layers
                .last()
                .map(|l| l.span())
                .or_else(|| raw.unzipped_size.as_ref().map(|u| u.span()))
                .or_else(|| raw.package_size.as_ref().map(|p| p.span()))
                .unwrap_or_else(|| raw.name.span());
            return Err(self.deploy_error(span, &problem));
        }
        f.layer_bytes = deployed.layers.iter().map(|l| l.zipped_bytes).sum();
        if let Some(signing) = &raw.code_signing {
            self.code_signing(signing, f)?;
        }
        Ok(())
    }

    fn code_signing(&self, signing: &S<raw::CodeSigning>, f: &mut Function) -> Result<()> {
        let s = signing.get_ref();
        let policy = match s.policy.as_ref().map(|p| p.get_ref().as_str()) {
            None | Some("Warn") => UntrustedArtifactOnDeployment::Warn,
            Some("Enforce") => UntrustedArtifactOnDeployment::Enforce,
            Some(other) => {
                return Err(self.error_at(
                    s.policy.as_ref().map_or(signing.span(), |p| p.span()),
                    &format!("`{other}` is not a code signing policy"),
                    "write \"Warn\" (the default: deploy and report) or \"Enforce\" (refuse the deployment)",
                ))
            }
        };
        let signature = |profile: &str, expires_at, revoked| {
            Some(Signature {
                profile_version_arn: profile.to_string(),
                signed_at: 0,
                expires_at,
                revoked,
                integrity_ok: true,
            })
        };
        let signature = match s.signature.get_ref().as_str() {
            "valid" => signature(TRUSTED_PROFILE, 24 * HOUR, false),
            "unsigned" => None,
            "untrusted" => signature(OTHER_PROFILE, 24 * HOUR, false),
            "expired" => signature(TRUSTED_PROFILE, 0, false),
            "revoked" => signature(TRUSTED_PROFILE, 24 * HOUR, true),
            other => {
                return Err(self.error_at(
                    s.signature.span(),
                    &format!("`{other}` is not a signature state"),
                    "write \"valid\", \"unsigned\", \"untrusted\", \"expired\" or \"revoked\"",
                ))
            }
        };
        let config = CodeSigningConfig {
            allowed_publishers: vec![TRUSTED_PROFILE.to_string()],
            policy,
        };
        let artifacts = [Artifact {
            name: "function code".to_string(),
            signature,
        }];
        match verify_signatures(Some(&config), PackageType::Zip, &artifacts, HOUR) {
            Ok(verification) => {
                f.signature_validation_errors = verification.signature_validation_errors;
                Ok(())
            }
            Err(problem) => Err(self.deploy_error(signing.span(), &problem)),
        }
    }
}
