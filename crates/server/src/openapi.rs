//! The parts of the OpenAPI document that belong to no handler: title,
//! security scheme, tags. Paths and schemas come from the handlers'
//! `#[utoipa::path]` attributes as their routes are registered (see
//! [`crate::routes`]).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The document's base.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "denylist",
        description = "Sanctions screening API. The yente-compatible endpoints (`/match`, `/search`, `/entities`, `/catalog`, `/algorithms`) take and return yente's shapes; the native `/v1` endpoints screen single subjects or NDJSON batches and expose list versions and diffs. Every endpoint except `/healthz`, `/readyz` and `/openapi.json` needs `Authorization: Bearer <key>`. Every error is `{\"error\": {\"code\", \"message\"}}`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "yente", description = "Drop-in replacements for yente's endpoints"),
        (name = "native", description = "denylist's own screening and list endpoints"),
        (name = "monitoring", description = "Continuous monitoring: the customer registry, alerts and decisions, the audit log"),
        (name = "operations", description = "Health, readiness, metrics and this document"),
    ),
)]
pub(crate) struct ApiDoc;

/// Declares the `bearer` security scheme.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API key from `denylist keys create --name NAME`"))
                    .build(),
            ),
        );
    }
}
