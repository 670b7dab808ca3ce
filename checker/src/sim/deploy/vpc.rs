//! Network reach of a function attached to a VPC (facts §9; §13 rows 16, 17).
//!
//! A function without `VpcConfig` reaches the internet. Attached to a VPC,
//! its traffic leaves through network interfaces in the chosen subnets, which
//! have no public IP address: it reaches the internet only from private
//! subnets whose route goes through a NAT gateway. A public subnet (routed to
//! an internet gateway) does not help. AWS services are reached through the
//! internet (via NAT) or through VPC endpoints.
//!
//! Without a route, packets go nowhere and the call waits until the client's
//! own timeout or the function's timeout: [`CallFailure::Timeout`].
//!
//! No cold-start cost is modelled for VPC functions: since the Hyperplane
//! change of September 2019 the network interfaces are created when the
//! function is created or updated (the function is `Pending` meanwhile), not
//! at each cold start (facts §9, "Cold start"; §13 row 16, which corrects the
//! seed's "will increase your function's cold start times").

use std::fmt;

/// The network a VPC function is attached to, as a scenario describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VpcNetwork {
    pub subnets: Vec<Subnet>,
    /// Services reachable through VPC endpoints: `s3`, `dynamodb`, `sqs`...
    pub endpoints: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub route: Route,
}

/// Where a subnet's default route (0.0.0.0/0) goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A private subnet routed through a NAT gateway: internet access.
    NatGateway,
    /// A public subnet: fine for instances with public IPs, but Lambda's
    /// interfaces have none, so no internet access.
    InternetGateway,
    /// No default route: the VPC only.
    None,
}

/// Why a call from the function fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallFailure {
    /// No route out: the call hangs until a timeout.
    Timeout,
}

impl CallFailure {
    pub fn message(self) -> &'static str {
        match self {
            CallFailure::Timeout => {
                "the call timed out: the function is attached to a VPC and its subnet has no route to the destination"
            }
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            CallFailure::Timeout => {
                "a VPC function reaches the internet only from private subnets routed through a NAT gateway (a public subnet is not enough); AWS services can also be reached through VPC endpoints. If the function needs no VPC resources, do not attach it to a VPC"
            }
        }
    }
}

impl fmt::Display for CallFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (help: {})", self.message(), self.help())
    }
}

/// A call from the function to the internet. `vpc` is `None` for a function
/// without `VpcConfig`. Lambda places each execution environment in one of
/// the subnets, so unless every subnet routes through NAT some environments
/// cannot reach out: this answers for the function as a whole (see
/// [`internet_call_from`] for one subnet). A `VpcConfig` with empty lists
/// detaches the function: pass `None` for it, not an empty network.
pub fn internet_call(vpc: Option<&VpcNetwork>) -> Result<(), CallFailure> {
    match vpc {
        None => Ok(()),
        Some(network)
            if !network.subnets.is_empty()
                && network.subnets.iter().all(|s| s.route == Route::NatGateway) =>
        {
            Ok(())
        }
        Some(_) => Err(CallFailure::Timeout),
    }
}

/// A call to the internet from an environment placed in `subnet`.
pub fn internet_call_from(vpc: Option<&VpcNetwork>, subnet: &str) -> Result<(), CallFailure> {
    let Some(network) = vpc else {
        return Ok(());
    };
    match network.subnets.iter().find(|s| s.id == subnet) {
        Some(s) if s.route == Route::NatGateway => Ok(()),
        _ => Err(CallFailure::Timeout),
    }
}

/// A call to an AWS service (`s3`, `dynamodb`...): through a VPC endpoint
/// for that service, or like any internet call.
pub fn aws_service_call(vpc: Option<&VpcNetwork>, service: &str) -> Result<(), CallFailure> {
    match vpc {
        Some(network) if network.endpoints.iter().any(|e| e == service) => Ok(()),
        _ => internet_call(vpc),
    }
}
