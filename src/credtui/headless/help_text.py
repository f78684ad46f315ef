"""What every headless command's ``--help`` ends with: what ``--json`` prints, examples,
and the exit statuses; and a line for the options that share a meaning everywhere.

Standard library only (the parsers import it to build ``--help``).
"""

from __future__ import annotations

import textwrap

EXIT_STATUSES = (
    "Exit status: 0 done; 1 check found something; 2 refused before anything was sent "
    "(bad usage or input, a breaking change without --allow-breaking); 3 the tenant answered "
    "with an error, or a change stopped part-way; 4 the tenant could not be reached."
)

_APP = (
    "an application {client_id, name, app_type, auth_method, method_credentials, "
    "jar_required, jar_credential_ids, token_binding, require_proof_of_possession, "
    "token_vault_credential_ids, token_vault_ip_allowlist, token_vault_grants, jwt_alg}"
)
_CRED = (
    "{id, name, credential_type, kid, alg, subject_dn, thumbprint_sha256, created_at, "
    "updated_at, expires_at, attached_to}"
)
_PLAN = "plus plan (the requests and the slots before/after), effects and sent"
_PROFILE = (
    "{name, domain, token_source, secret_source, client_id, client_secret_env, "
    "client_secret_in_file, client_secret_keyring, client_secret_command, private_key_file, "
    "private_key_command, private_key_alg, private_key_kid, token_env, default} (never a secret)"
)

JSON: dict[str, str] = {
    "apps list": f"a list, each {_APP}",
    "apps show": f"{_APP}, plus credentials (each {_CRED})",
    "creds list": f"a list of credentials, each {_CRED}",
    "creds add": f"the created credential {_CRED}, {_PLAN}",
    "creds expire": f"the credential {_CRED}, {_PLAN}",
    "creds delete": f"{{deleted, client_id, detached_from}}, {_PLAN}",
    "creds rotate": "{client_id, slot, old, new, step, steps, done, sent, generated, test, "
    "complete}: where the rotation stands (step: the next one, or done) and what this run did",
    "creds rotate-secret": "{client_id, application, rotated, secret_shown, secret_file, "
    "profiles} (each profile {name, where, updatable, updated, advice}); client_secret only "
    f"with --show-secret; {_PLAN}",
    "auth show": _APP,
    "auth set": f"the application after the change, plus warnings, {_PLAN}",
    "auth jar": f"the application after the change, plus warnings, {_PLAN}",
    "auth binding": f"the application after the change, plus warnings, {_PLAN}",
    "auth vault": f"the application after the change, plus warnings, {_PLAN}",
    "auth alg": f"the application after the change, plus warnings, {_PLAN}",
    "keygen": "{private_key_file, public_file, kind, bits, kid, thumbprint_sha256, "
    "subject_dn, not_after}",
    "test": "{ok, authenticated, client_id, application, credential, method, alg, kid, "
    "audience, token_type, expires_in, scope, status, error, error_description, explanation, "
    "edge_verified, certificate_thumbprint, cnf_x5t_s256, cnf_matches}",
    "check": "{checked_at, within_days, applications, findings, errors}; each finding "
    "{kind, client_id, application, credential_id, credential_name, expires_at, message}",
    "profile list": f"a list of profiles, each {_PROFILE}",
    "profile show": _PROFILE,
    "profile add": _PROFILE,
    "profile remove": "{removed, default}, and warning when the keyring kept the secret",
    "profile default": "{default}",
    "profile secure": "{secured, secret_source}",
}
"""What ``--json`` prints on stdout, per command (timestamps as Auth0 writes them)."""

EXAMPLES: dict[str, tuple[str, ...]] = {
    "apps list": ("credtui apps list", "credtui apps list --filter payments --json"),
    "apps show": ("credtui apps show CLIENT_ID",),
    "creds list": ("credtui creds list CLIENT_ID", "credtui creds list CLIENT_ID --json"),
    "creds add": (
        "credtui creds add CLIENT_ID --type public_key --pem key.pub --expires +90d --attach",
        "credtui creds add CLIENT_ID --type cert_subject_dn --subject-dn 'CN=svc,O=Acme'",
        "credtui creds add CLIENT_ID --type public_key --pem key.pub --dry-run",
    ),
    "creds expire": (
        "credtui creds expire CLIENT_ID CREDENTIAL_ID --at +30d",
        "credtui creds expire CLIENT_ID CREDENTIAL_ID --at 2027-06-30",
    ),
    "creds delete": (
        "credtui creds delete CLIENT_ID CREDENTIAL_ID --yes",
        "credtui creds delete CLIENT_ID CREDENTIAL_ID --detach --yes --dry-run",
    ),
    "creds rotate": (
        "credtui creds rotate CLIENT_ID OLD_ID --generate new.pem --until attached",
        "credtui creds rotate CLIENT_ID OLD_ID --generate new.pem --test-key new.pem",
        "credtui creds rotate CLIENT_ID OLD_ID --use NEW_ID --dry-run",
    ),
    "creds rotate-secret": (
        "credtui creds rotate-secret CLIENT_ID --secret-file new-secret.txt",
        "credtui creds rotate-secret CLIENT_ID --show-secret --yes",
        "credtui creds rotate-secret CLIENT_ID --update-profile --allow-breaking",
        "credtui creds rotate-secret CLIENT_ID --dry-run",
    ),
    "auth show": ("credtui auth show CLIENT_ID",),
    "auth set": (
        "credtui auth set CLIENT_ID --method private_key_jwt --credential CREDENTIAL_ID",
        "credtui auth set CLIENT_ID --method client_secret_post --dry-run",
    ),
    "auth jar": (
        "credtui auth jar CLIENT_ID --required --credential CREDENTIAL_ID",
        "credtui auth jar CLIENT_ID --not-required",
    ),
    "auth binding": ("credtui auth binding CLIENT_ID --on", "credtui auth binding CLIENT_ID --off"),
    "auth vault": (
        "credtui auth vault CLIENT_ID --credential CREDENTIAL_ID",
        "credtui auth vault CLIENT_ID --none --dry-run",
    ),
    "auth alg": (
        "credtui auth alg CLIENT_ID --alg RS256 --dry-run",
        "credtui auth alg CLIENT_ID --alg PS256 --allow-breaking",
    ),
    "keygen": (
        "credtui keygen --out key.pem",
        "credtui keygen --out svc.pem --cert --days 365 --subject 'CN=svc,O=Acme'",
    ),
    "test": (
        "credtui test CLIENT_ID --key key.pem",
        "credtui test CLIENT_ID --cert svc.crt --key svc.pem",
    ),
    "check": ("credtui check", "credtui check --within 14d --json"),
    "profile list": ("credtui profile list",),
    "profile show": ("credtui profile show prod",),
    "profile add": (
        "credtui profile add prod --domain acme.auth0.com --client-id ID "
        "--client-secret-env AUTH0_SECRET",
        "credtui profile add prod --domain acme.auth0.com --client-id ID --client-secret-keyring",
        "credtui profile add ci --domain acme.eu.auth0.com --token-env AUTH0_TOKEN",
    ),
    "profile remove": ("credtui profile remove old-tenant",),
    "profile default": ("credtui profile default prod",),
    "profile secure": ("credtui profile secure prod",),
}

ARGUMENT_HELP: dict[str, str] = {
    "client_id": "the application's client ID (credtui apps list shows them)",
    "credential_id": "the credential's ID (credtui creds list CLIENT_ID shows them)",
    "name": "the profile's name",
    "binding": "turn certificate-bound access tokens on (--on) or off (--off)",
    "credentials": "a credential of the application (repeat for two)",
    "bits": "RSA key size (default: 2048)",
    "domain": "the tenant domain (acme.eu.auth0.com), or the local tenant's URL",
    "private_key_file": "a PEM private key for Private Key JWT (stored as an absolute path)",
    "private_key_alg": "the client assertion's algorithm (default: RS256)",
    "private_key_kid": "the key's kid, sent in the assertion header",
    "token_env": "the name of an environment variable holding a ready Management API token",
    "make_default": "make it the default profile",
    "clients": "check only this application (repeat for several)",
    "credential_type": "public_key (Private Key JWT, JAR), x509_cert (self-signed mTLS), "
    "cert_subject_dn (CA-signed mTLS)",
    "method": "the authentication method to switch to",
}
"""A line for arguments that mean the same wherever they appear (by ``dest``)."""


def epilog(command: str) -> str:
    """``--json``, examples and exit statuses, for the end of ``command``'s ``--help``."""
    parts = []
    if command in JSON:
        parts.append(textwrap.fill(f"With --json, stdout is {JSON[command]}.", 78))
    examples = EXAMPLES.get(command, ())
    if examples:
        parts.append("Examples:\n" + "\n".join(f"  {line}" for line in examples))
    parts.append(textwrap.fill(EXIT_STATUSES, 78))
    return "\n\n".join(parts)
